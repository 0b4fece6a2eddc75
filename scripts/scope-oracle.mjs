// ESLint's scope analysis (espree + eslint-scope) as the oracle for parfor's free-name finder
// (src/team/bodies/captures.ts): the functions of a file, and the names each uses without declaring.
// Used by test/captures.test.ts and scripts/capture-corpus.mjs.
import * as eslintScope from 'eslint-scope';
import * as espree from 'espree';

/** The names a function's text uses without declaring, as ESLint finds them; undefined if the text alone does not parse. */
export function oracle(source) {
  try {
    const ast = espree.parse(`(${source}\n)`, { ecmaVersion: 'latest', sourceType: 'script', range: true });
    const scopes = eslintScope.analyze(ast, { ecmaVersion: 2022, sourceType: 'script' });
    return new Set(scopes.globalScope.through.map((r) => r.identifier.name));
  } catch {
    return undefined; // a method's text alone, `super` outside a class, …
  }
}

/** The source text of every plain function (not async or generator: bodies cannot be) in a module's text, under 20,000 characters. */
export function functionsIn(text) {
  const out = [];
  const stack = [espree.parse(text, { ecmaVersion: 'latest', sourceType: 'module', range: true })];
  while (stack.length > 0) {
    const node = stack.pop();
    const fn = node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'FunctionDeclaration';
    if (fn && !node.async && !node.generator && node.range[1] - node.range[0] < 20_000) out.push(text.slice(...node.range));
    for (const v of Object.values(node)) {
      if (Array.isArray(v)) stack.push(...v.filter((c) => typeof c?.type === 'string'));
      else if (typeof v?.type === 'string') stack.push(v);
    }
  }
  return out;
}

/**
 * Compare `freeNames` with the oracle over every function in `files`. `wrong`: names it reported
 * that ESLint finds declared (each would refuse a body that works); `found`/`free`: the free names
 * that are not globals here, and how many of them it reported.
 */
export function compare(files, freeNames, read) {
  const r = { files: files.length, functions: 0, unread: 0, found: 0, free: 0, wrong: [] };
  for (const file of files) {
    for (const source of functionsIn(read(file))) {
      const expected = oracle(source);
      if (expected === undefined) continue;
      r.functions++;
      const names = freeNames(source);
      if (names === undefined) {
        r.unread++;
        continue;
      }
      for (const n of names) if (!expected.has(n)) r.wrong.push(`${n} in ${file}: ${source.slice(0, 200)}`);
      for (const n of expected) {
        if (n in globalThis) continue; // globals are never reported, so they say nothing either way
        r.free++;
        if (names.includes(n)) r.found++;
      }
    }
  }
  return r;
}

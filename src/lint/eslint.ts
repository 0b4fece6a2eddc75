/**
 * parfor/eslint: an ESLint plugin whose rule `no-captures` reports, as you
 * edit, a variable that a loop body, task function, `init`, `merge`,
 * combiner or wasm import uses from the code around it. Such a function runs
 * on other threads, compiled from its source text, where that variable does
 * not exist.
 *
 * parfor checks the same at run time (a TypeError before any thread runs),
 * but a minifier or Bun may first write a constant's value into the text,
 * and then the run-time check has nothing to find: the body works in that
 * build and fails in the others. The rule reads the source as written, with
 * ESLint's scope analysis, so it reports the same thing in every build.
 *
 * ```js
 * // eslint.config.js
 * import parfor from 'parfor/eslint';
 * export default [parfor.configs.recommended];
 * ```
 *
 * It looks at the calls of parfor's functions and methods (`parallelFor`,
 * `team.parallelMapSync`, `parallelTasks`, `wasmKernel`, …) in files that
 * import or require `parfor`, and at the calls named in its `functions`
 * option (your own wrappers) in every file. A function passed by name is
 * followed to its declaration in the same file.
 * @module
 */

/** The ESTree node fields the rule reads. */
interface Node {
  type: string;
  name?: string;
  parent?: Node;
  callee?: Node;
  object?: Node;
  property?: Node;
  computed?: boolean;
  arguments?: Node[];
  properties?: Node[];
  elements?: Array<Node | null>;
  key?: Node;
  value?: Node | string;
  init?: Node | null;
  expression?: Node;
  /** TypeScript's `declare const x`: no value in the output, so nothing to capture. */
  declare?: boolean;
}

/** The parts of ESLint's scope analysis the rule reads. */
interface Variable {
  name: string;
  defs: Array<{ type: string; node: Node }>;
  scope: { type: string };
}
interface Reference {
  identifier: Node;
  resolved: Variable | null;
  /** typescript-eslint: a reference from a type position, erased from the output. */
  isValueReference?: boolean;
}
interface Scope {
  type: string;
  through: Reference[];
  set: Map<string, Variable>;
  upper: Scope | null;
  references: Reference[];
}

/** What the rule reads of ESLint's rule context. */
interface RuleContext {
  options: Array<{ functions?: string[] } | undefined>;
  sourceCode: { text: string; getScope(node: Node): Scope };
  report(descriptor: { node: Node; messageId: string; data: Record<string, string> }): void;
}

/** The loop functions, each also with `Sync`, and the other calls that ship functions as source. */
const LOOPS = [
  'parallelFor',
  'parallelForRange',
  'parallelMap',
  'parallelReduce',
  'parallelScan',
  'parallelFor2D',
  'parallel',
  'parallelForEach',
  'parallelTasks',
  'parallelFind',
  'parallelAny',
  'parallelAll',
  'parallelSections',
];
/** Every parfor function or method whose function arguments run on other threads. */
export const SHIPPING_CALLS: readonly string[] = Object.freeze([...LOOPS, ...LOOPS.map((f) => `${f}Sync`), 'wasmKernel']);

/** Options whose functions run on the calling thread, or that hold data. */
const CALLER_SIDE = new Set(['onProgress', 'signal', 'shared']);
const SHIPPING = new Set(SHIPPING_CALLS);
const FUNCTION_TYPES = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'FunctionDeclaration']);
const MENTIONS_PARFOR = /['"]parfor(?:\/[^'"]*)?['"]/;

const noCaptures = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow variables from the surrounding code in functions that parfor runs on other threads',
      recommended: true,
    },
    schema: [
      {
        type: 'object',
        properties: { functions: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
        additionalProperties: false,
      },
    ],
    messages: {
      captured:
        "'{{name}}' is a variable from the code around this function, which runs on other threads as source text and " +
        "cannot see it: pass the value through the 'shared' option, or import it in a kernel module",
    },
  },
  create(context: RuleContext) {
    const extra = new Set(context.options[0]?.functions ?? []);
    const builtIn = MENTIONS_PARFOR.test(context.sourceCode.text);
    const checked = new WeakSet<Node>();

    /** Report each variable `fn` uses from outside itself, once per name. */
    const checkFunction = (fn: Node): void => {
      if (checked.has(fn)) return;
      checked.add(fn);
      const scope = context.sourceCode.getScope(fn);
      const global = globalOf(scope);
      const named = new Set<string>();
      for (const ref of scope.through) {
        if (ref.isValueReference === false) continue;
        const name = ref.identifier.name ?? '';
        // A script's top-level `var` is left unresolved by the analysis: look it up.
        const variable = ref.resolved ?? global.set.get(name);
        // Unresolved, or a global from the configuration (no definition in this file): a global.
        if (variable === undefined || variable === null || variable.defs.length === 0 || named.has(name)) continue;
        // The function's own name (it travels with its text), or an ambient `declare`.
        if (variable.defs.some((d) => d.node === fn || d.node.declare === true || d.node.parent?.declare === true)) continue;
        named.add(name);
        context.report({ node: ref.identifier, messageId: 'captured', data: { name } });
      }
    };

    /** Check the functions an argument holds: itself, a function it names, or the values of an object or array literal. */
    const visit = (node: Node | null | undefined, depth: number): void => {
      if (node === null || node === undefined) return;
      if (FUNCTION_TYPES.has(node.type)) {
        checkFunction(node);
        return;
      }
      if (node.type === 'Identifier') {
        const fn = declaredFunction(node, context.sourceCode.getScope(node));
        if (fn !== undefined) checkFunction(fn);
        return;
      }
      if (depth >= 3) return;
      if (node.type === 'ObjectExpression') {
        for (const p of node.properties ?? []) {
          if (p.type !== 'Property') continue;
          if (p.key?.type === 'Identifier' && !p.computed && CALLER_SIDE.has(p.key.name ?? '')) continue;
          visit(p.value as Node, depth + 1);
        }
      } else if (node.type === 'ArrayExpression') {
        for (const e of node.elements ?? []) visit(e, depth + 1);
      }
    };

    return {
      CallExpression(node: Node) {
        const name = calleeName(node.callee);
        if (name === undefined || !(extra.has(name) || (builtIn && SHIPPING.has(name)))) return;
        for (const arg of node.arguments ?? []) visit(arg, 0);
      },
    };
  },
};

/** `f` for `f(…)` and `x.f(…)`, `x?.f(…)`; undefined for a computed or other callee. */
function calleeName(callee: Node | undefined): string | undefined {
  if (callee === undefined) return undefined;
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'ChainExpression') return calleeName(callee.expression);
  if (callee.type === 'MemberExpression' && callee.computed !== true && callee.property?.type === 'Identifier') return callee.property.name;
  return undefined;
}

/** The function a name is declared as in this file (`function f`, `const f = (…) => …`), if that is what it is. */
function declaredFunction(id: Node, scope: Scope): Node | undefined {
  let variable: Variable | undefined;
  for (let s: Scope | null = scope; s !== null && variable === undefined; s = s.upper) variable = s.set.get(id.name ?? '');
  if (variable === undefined || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  if (def.type === 'FunctionName' && FUNCTION_TYPES.has(def.node.type)) return def.node;
  if (def.type === 'Variable' && def.node.init !== null && def.node.init !== undefined && FUNCTION_TYPES.has(def.node.init.type)) {
    return def.node.init;
  }
  return undefined;
}

function globalOf(scope: Scope): Scope {
  let s = scope;
  while (s.upper !== null) s = s.upper;
  return s;
}

/** An ESLint rule, as far as a config needs to know. */
export interface EslintRule {
  meta: { type: string; docs: { description: string }; schema: object[]; messages: Record<string, string> };
  create(context: never): Record<string, (node: never) => void>;
}

/** The plugin: `rules['no-captures']`, and `configs.recommended`, which turns it on as an error. */
export interface ParforEslintPlugin {
  meta: { name: string; version: string };
  rules: { 'no-captures': EslintRule };
  configs: {
    recommended: { name: string; plugins: { parfor: ParforEslintPlugin }; rules: { 'parfor/no-captures': 'error' } };
  };
}

const plugin = {
  meta: { name: 'parfor', version: '0.1.0' },
  rules: { 'no-captures': noCaptures as unknown as EslintRule },
  configs: {},
} as ParforEslintPlugin;
plugin.configs.recommended = { name: 'parfor/recommended', plugins: { parfor: plugin }, rules: { 'parfor/no-captures': 'error' } };

export default plugin;

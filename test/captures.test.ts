// Captured variables, refused on the calling thread before any thread runs (src/team/bodies/
// captures.ts). Its free-name finder is a tokenizer, not a parser, so it is checked against one:
// ESLint's scope analysis (espree + eslint-scope, scripts/scope-oracle.mjs) of every function in
// real, installed code, minified and not. It must never report a name ESLint does not also find free (a false report
// would refuse a body that works), and it must find nearly all of the rest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTeam, sharedArray, type Team } from 'parfor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../scripts/scope-oracle.mjs';
import { capturedNames, freeNames } from '../src/team/bodies/captures.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = (name: string) => join(root, 'node_modules', name);

// Defined on no thread: used as a typeof's operand, which the check leaves to run time.
declare const later: number;

describe('the free names of a body (against ESLint on real code)', () => {
  const corpus = [
    ['acorn', 'dist/acorn.mjs'],
    ['esbuild', 'lib/main.js'],
    ['piscina', 'dist/index.js'],
    ['piscina', 'dist/worker.js'],
    ['tinybench', 'dist/index.js'],
    ['vite', 'dist/node/chunks/node.js'],
    ['webpack', 'lib/Compilation.js'],
    ['webpack', 'lib/javascript/JavascriptParser.js'],
    ['playwright-core', 'lib/utilsBundle.js'], // minified
  ].map(([name, file]) => join(pkg(name!), file!));
  corpus.push(join(root, 'dist/index.js'), join(root, 'dist/worker.cjs')); // parfor's own build, minified

  it('never names what ESLint finds declared, and finds nearly all it finds free', () => {
    const r = compare(corpus, freeNames, (f) => readFileSync(f, 'utf8'));
    expect(r.functions).toBeGreaterThan(10_000);
    expect(r.wrong.slice(0, 5)).toEqual([]);
    expect(r.unread / r.functions).toBeLessThan(0.01);
    // What it misses: a name declared in one block and used free in another, a default value's
    // names (bench/results/issue-26-capture-check.txt: 99.65% found on a larger corpus).
    expect(r.found / r.free).toBeGreaterThan(0.98);
  }, 60_000);

  it.each([
    [
      'a captured constant',
      (i: number, s: { out: Int32Array }) => {
        s.out[i] = i * k;
      },
      ['k'],
    ],
    ['every one, in order', '(i) => { x = y + z(i); return x; }', ['x', 'y', 'z']],
    [
      'its own declarations, anywhere',
      '(i, { out }) => { for (let j = 0, n = out.length; j < n; j++) { const [a, { b }] = out; out[j] = a + b + f(); } function f() { return g; } var g = 1; }',
      [],
    ],
    [
      'object keys, methods, getters and shorthand',
      '(i) => ({ a: 1, b() { return c; }, get d() { return 2; }, e, [f]: 3 })',
      ['c', 'e', 'f'],
    ],
    [
      'labels, members and a ternary',
      '(i) => { outer: for (;;) { if (i.x?.y) break outer; continue outer; } return p ? q : r; }',
      ['p', 'q', 'r'],
    ],
    [
      'typeof operands, anywhere in the text',
      "(i) => (typeof process !== 'undefined' ? process.pid : typeof window === 'object' && window.x)",
      [],
    ],
    [
      'strings, comments, patterns and templates',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the template is the body's text, read by the tokenizer
      '(i) => { // a b c\n /* d */ const s = \'e\' + "f" + `g${h}i${`j${k2}`}`; return /l m/.test(s) ? s.length / n : o / 2 / p; }',
      ['h', 'k2', 'n', 'o', 'p'],
    ],
    [
      'classes: members are not variables, their code is read',
      '(i) => { class A extends Base { x = 1; static y; get z() { return w; } m(q) { return q + v; } } return new A(); }',
      ['Base', 'w', 'v'],
    ],
    [
      // A minifier names functions `of` and writes `in` inside initializers: neither ends the
      // declaration there (g and h stay declared); right after a binding they make a for-in/of
      // head. (`of` itself, a contextual word, is never reported, as `get` or `async`.)
      'in and of inside a declaration, and after its binding',
      "(i) => { let b = of(1), g = 'k' in i, h = 2; for (const x of g) h += x; for (let y in b) h += y; return g + h + of2; }",
      ['of2'],
    ],
    [
      'parameters of arrows, functions and catch',
      '(i) => { const f = (a, b = 2, ...c) => a + b + c.length; const g = function h(d) { return d; }; try { f(); } catch (e) { g(e); } return x => x; }',
      [],
    ],
  ] as const)('%s', (_name, body, expected) => {
    expect(freeNames(typeof body === 'function' ? String(body) : body)).toEqual(expected);
  });

  it('counts neither globals nor the compiler helpers parfor provides as captures', () => {
    const body = '(i) => __name(Math.max(i, Number.MAX_VALUE, globalThis.foo, undefined, m), "m")';
    expect(freeNames(body)).toEqual(['__name', 'Math', 'Number', 'globalThis', 'undefined', 'm']);
    expect(capturedNames(body)).toEqual(['m']);
  });

  it("skips V8's natives syntax where an operand starts (%IsSmi), and reads % as remainder elsewhere", () => {
    expect(freeNames('(i) => %IsSmi(i) && x % y')).toEqual(['x', 'y']);
  });

  it('gives up, rather than guesses, on what it does not read', () => {
    expect(freeNames('(i) => { const \\u0061 = 1; return a; }')).toBeUndefined();
    expect(freeNames('(i) => { @dec class A {} }')).toBeUndefined();
  });
});

const k = 3;

describe('a body that uses variables from around it', () => {
  let t: Team;
  beforeAll(async () => {
    t = createTeam({ threads: 2 });
    await t.ready();
  });
  afterAll(() => t.close());

  it('is refused on the calling thread before any thread runs, naming every variable, sync and async', async () => {
    const out = sharedArray(Int32Array, 4);
    const n = 2;
    const body = (i: number, s: { out: Int32Array }) => {
      s.out[i] = i * k + n;
    };
    const before = t.stats.regions;
    const message =
      /^Cannot use the loop body as it uses k and n, which are not defined on the threads that run it \(loop bodies run on other threads .*'shared' option/;
    await expect(t.parallelFor(0, 4, body, { shared: { out } })).rejects.toThrow(TypeError);
    await expect(t.parallelFor(0, 4, body, { shared: { out } })).rejects.toThrow(message);
    expect(() => t.parallelForSync(0, 4, body, { shared: { out } })).toThrow(message);
    expect(t.stats.regions).toBe(before);
    expect([...out]).toEqual([0, 0, 0, 0]);
    // Nothing was registered: the same body with its values passed in runs, and the team is fine.
    await t.parallelFor(
      0,
      4,
      (i, s) => {
        s.out[i] = i * s.k + s.n;
      },
      { shared: { out, k, n } },
    );
    expect([...out]).toEqual([2, 5, 8, 11]);
  });

  it("names the combiner, 'init', 'merge' and a task function", async () => {
    const add = (a: number, b: number) => a + b + k;
    await expect(t.parallelReduce(0, 4, (i) => i, { op: add, identity: 0 })).rejects.toThrow(
      /^Cannot use the reduction's combiner as it uses k,/,
    );
    await expect(t.parallelFor(0, 4, () => {}, { init: () => k })).rejects.toThrow(/^Cannot use the loop's 'init' as it uses k,/);
    await expect(t.parallelFor(0, 4, () => {}, { init: () => 0, merge: () => void k })).rejects.toThrow(
      /^Cannot use the loop's 'merge' as it uses k,/,
    );
    await expect(t.parallelTasks({ root: () => k }, 'root')).rejects.toThrow(
      /^Cannot use task 'root' as it uses k, .*task functions run on other threads.*as task arguments/,
    );
  });

  it('globals, globalThis.name and typeof tests pass the check', async () => {
    const out = sharedArray(Float64Array, 4);
    await t.parallelFor(
      0,
      4,
      (i, s) => {
        // `later` exists on no thread: the typeof keeps the check from judging it, and this branch never reads it.
        s.out[i] = Math.sqrt(i) + (typeof later === 'number' ? later : 0) + (globalThis.Number.isFinite(i) ? 1 : 0);
      },
      { shared: { out } },
    );
    expect([...out]).toEqual([0, 1, 2, 3].map((i) => Math.sqrt(i) + 1));
  });
});

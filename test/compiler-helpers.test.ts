// The compiler helpers parfor supplies (src/team/bodies/helpers.ts) against the real ones: each
// snippet is down-levelled by tsc, esbuild, SWC and Babel, then its function's source text alone is
// compiled the way a thread compiles a body (compileSource, with parfor's helpers in scope). It must
// give what the snippet gives run natively. test/compilers.test.ts runs whole programs on a team.
import * as babel from '@babel/core';
import swc from '@swc/wasm';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compileSource } from '../src/team/bodies/compile.js';
import { helpersNamedIn } from '../src/team/bodies/helpers.js';

const sym = Symbol('s');
const input = () => {
  const o: Record<PropertyKey, unknown> = { a: 1, b: 'two', c: [3], [sym]: 4 };
  Object.defineProperty(o, 'hidden', { value: 5, enumerable: false });
  Object.defineProperty(o, 'got', { get: () => 6, enumerable: true });
  return o;
};

// Each is `(o) => result`, written in syntax the compilers lower.
const snippets: Record<string, string> = {
  'object rest keeps symbols, drops non-enumerables': '(o) => { const { a, ...rest } = o; return rest; }',
  'object spread reads getters and symbols': '(o) => { const x = { ...o, z: 0 }; return [x, Object.getOwnPropertySymbols(x).length]; }',
  'array destructuring from an iterable, with rest':
    '(o) => { const [p, , q = 9, ...r] = new Set([o.a, 2, undefined, 4, 5]); return [p, q, r]; }',
  'array spread of strings, sets and arrays': '(o) => [...o.b, ...new Set([1, 1, 2]), ...o.c]',
  'named inner functions keep their names': '(o) => { const f = () => 1; function g() { return 2; } return [f.name, g.name, f() + g()]; }',
  'a class with fields, methods and statics': `(o) => {
    class P { x = o.a; static made = 0; get twice() { return this.x * 2; } bump() { P.made++; return this; } }
    const p = new P().bump().bump();
    let threw = false; try { (P as any)(); } catch (e) { threw = e instanceof TypeError; }
    return [p.x, p.twice, P.made, Object.keys(p), threw];
  }`,
  'a parameter default and rest': '(o, ...more) => { const f = (x = 3, ...ys) => [x, ys]; return [f(), f(undefined, 1, 2), more]; }',
};

const cjs = (code: string) => {
  const module = { exports: {} as { f?: (o: unknown) => unknown } };
  new Function('module', 'exports', 'require', code)(module, module.exports, () => ({}));
  return module.exports.f!;
};
const compilers: Record<string, (src: string) => string> = {
  'tsc ES5': (src) =>
    ts.transpileModule(src, { compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS, downlevelIteration: true } })
      .outputText,
  'tsc ES2017': (src) =>
    ts.transpileModule(src, { compilerOptions: { target: ts.ScriptTarget.ES2017, module: ts.ModuleKind.CommonJS } }).outputText,
  'esbuild ES2017 keepNames': (src) => esbuild.transformSync(src, { loader: 'ts', format: 'cjs', target: 'es2017', keepNames: true }).code,
  'SWC ES5': (src) =>
    swc.transformSync(src, { jsc: { parser: { syntax: 'typescript' }, target: 'es5' }, module: { type: 'commonjs' } }).code,
  'Babel preset-env (Chrome 50)': (src) =>
    babel.transformSync(src, {
      filename: 'f.ts',
      configFile: false,
      babelrc: false,
      presets: ['@babel/preset-typescript', ['@babel/preset-env', { targets: 'chrome 50' }]],
    })!.code!,
};

describe('compiler helpers behave as the compilers’ own', () => {
  for (const [what, snippet] of Object.entries(snippets)) {
    it.each(Object.keys(compilers))(`${what}: %s`, (name) => {
      const native = new Function(`return (${snippet.replace('(P as any)', 'P')});`)() as (o: unknown, ...m: unknown[]) => unknown;
      const lowered = cjs(compilers[name]!(`export const f = ${snippet};`)) as (o: unknown, ...m: unknown[]) => unknown;
      const text = String(lowered);
      const body = compileSource(text) as unknown as (o: unknown, ...m: unknown[]) => unknown;
      if (name.startsWith('Babel') && what.startsWith('object rest')) {
        // Babel hoists the excluded keys out of the function (`_excluded`): no helper can supply them.
        expect(() => body(input())).toThrow(/_excluded is not defined/);
        return;
      }
      expect(body(input(), 7, 8)).toEqual(native(input(), 7, 8));
      expect(lowered(input(), 7, 8)).toEqual(native(input(), 7, 8)); // the oracle is the compiler's own output too
    });
  }

  it('a `__proto__` key is copied as an own property, as the native syntax does, never set as the prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "a": 2, "constructor": 3}');
    const rest = compileSource('(o) => __rest(o, ["a"])') as unknown as (o: unknown) => Record<string, unknown>;
    const babel = compileSource('(o) => _objectWithoutProperties(o, ["a"])') as unknown as (o: unknown) => Record<string, unknown>;
    const spread = compileSource('(o) => __spreadValues({}, o)') as unknown as (o: unknown) => Record<string, unknown>;
    const { a: _a, ...native } = hostile;
    for (const f of [rest, babel, spread]) {
      const out = f(hostile);
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      expect(Object.hasOwn(out, '__proto__')).toBe(true);
      expect(out.polluted).toBeUndefined();
      expect(out.constructor).toBe(3);
    }
    expect(Object.hasOwn(native, '__proto__')).toBe(true);
  });

  it('names only helpers that appear as identifiers', () => {
    expect(helpersNamedIn('(i) => i + 1')).toEqual([]);
    expect(helpersNamedIn('(i) => { const x = __name(() => 1, "x"); return my__name + x.__rest + "__assign"; }')).toEqual([
      '__name',
      '__assign',
    ]);
  });
});

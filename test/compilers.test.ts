// TypeScript bodies wherever TypeScript runs: one typed body (fixtures/typed-body.ts) compiled by tsx,
// tsc to ES2017 (CommonJS and ESM), esbuild with keepNames, SWC and Babel, then run against the packed
// package. Each compiler inserts its own helpers (__name, __rest, _objectSpread2, _sliced_to_array, …)
// into the body; parfor provides them on every thread (src/team/bodies/helpers.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as babel from '@babel/core';
import swc from '@swc/wasm';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPacked, root } from './packed.js';

const dir = mkdtempSync(join(tmpdir(), 'parfor-compilers-'));
const source = readFileSync(join(root, 'test/fixtures/typed-body.ts'), 'utf8');
const require = createRequire(import.meta.url);

beforeAll(() => installPacked(dir), 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string, code: string, args: string[] = []) {
  writeFileSync(join(dir, file), code);
  return spawnSync(process.execPath, [...args, file], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
}

const tscOut = (module: ts.ModuleKind) =>
  ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2017, module, esModuleInterop: true } }).outputText;
const swcOut = (target: 'es5' | 'es2017', type: 'es6' | 'commonjs') =>
  swc.transformSync(source, { jsc: { parser: { syntax: 'typescript' }, target }, module: { type } }).code;
// Babel's preset-env with no targets compiles for old browsers (arrows, classes and spread lowered).
// The object rest in the fixture's parameter becomes `_objectWithoutProperties(_ref, _excluded)`
// with `_excluded` hoisted out of the body: the one thing no helper can supply (see below).
const babelOut = (code: string, targets?: string) =>
  babel.transformSync(code, {
    filename: 'body.ts',
    configFile: false,
    babelrc: false,
    presets: ['@babel/preset-typescript', ['@babel/preset-env', targets ? { targets } : {}]],
  })!.code!;
const withoutRest = source
  .replace('{ out, ...rest }: Shared', 'shared: Shared')
  .replace('const opts = { ...rest, i };', 'const { out } = shared;\n  const opts = { ...shared, i };');

describe('a typed body compiled by each tool runs on every thread', () => {
  const cases: [string, string, () => string, string[]?][] = [
    ['tsx (esbuild with keepNames: __name)', 'typed-body.ts', () => source, [require.resolve('tsx/cli')]],
    ['tsc ES2017, CommonJS (__rest)', 'tsc.cjs', () => tscOut(ts.ModuleKind.CommonJS)],
    ['tsc ES2017, ES module (__rest)', 'tsc.mjs', () => tscOut(ts.ModuleKind.ES2020)],
    [
      'esbuild keepNames, ES2017 (__name, __objRest, __spreadValues, __publicField)',
      'esbuild.mjs',
      () => esbuild.transformSync(source, { loader: 'ts', format: 'esm', target: 'es2017', keepNames: true }).code,
    ],
    ['SWC to ES5, CommonJS (_object_without_properties, _sliced_to_array, _create_class)', 'swc5.cjs', () => swcOut('es5', 'commonjs')],
    ['SWC to ES2017, ES module', 'swc2017.mjs', () => swcOut('es2017', 'es6')],
    ['Babel preset-env (no targets) + preset-typescript, body without an object rest', 'babel.cjs', () => babelOut(withoutRest)],
    ['Babel preset-env for Chrome 60 (object spread and rest lowered)', 'babel60.cjs', () => babelOut(withoutRest, 'chrome 60')],
  ];
  it.each(cases)(
    '%s',
    (_name, file, compile, args) => {
      const r = run(file, compile(), args);
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('OK');
    },
    60_000,
  );

  it("Babel's hoisted object-rest keys (`_excluded`) are refused before any thread runs, named, with what to do", () => {
    const r = run('babel-rest.cjs', babelOut(source));
    expect(r.stdout).toMatch(/^FAILED Cannot use the loop body as it uses `_excluded`, which is something a compiler put outside the body/);
  }, 60_000);
});

// Bundling a consumer Node program: with esbuild the worker files are found after bundling when the
// recipe in docs/bundlers.md is followed (esbuild does not bundle workers by itself); webpack's Node
// target emits them itself. (Browser bundles run in Chromium: test/browser.test.ts.)
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { webpackRun } from './webpack-run.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'parfor-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/**
 * The docs' esbuild recipe for Node: bundle `entry` into `dir`/app.mjs and copy parfor's thread
 * files beside it (parfor starts its threads from ./worker.cjs and ./watcher.cjs next to the code that
 * spawns them), plus `extra` files; then run the bundle and return what it printed.
 */
async function esbuildNode(entry: string, dir: string, extra: Array<[from: string, to: string]> = []): Promise<unknown> {
  await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: join(dir, 'app.mjs'),
    logLevel: 'silent',
  });
  const resolve = createRequire(import.meta.url).resolve;
  copyFileSync(resolve('parfor/worker'), join(dir, 'worker.cjs'));
  copyFileSync(resolve('parfor/watcher'), join(dir, 'watcher.cjs'));
  for (const [from, to] of extra) copyFileSync(join(root, from), join(dir, to));
  return JSON.parse(execFileSync(process.execPath, [join(dir, 'app.mjs')], { encoding: 'utf8', timeout: 30_000 }));
}

describe('bundling with esbuild', () => {
  it('Node target: one bundle plus the two worker files copied beside it', async () => {
    expect(await esbuildNode('test/bundler/app.mjs', out)).toEqual({ last: 9801, sum: 328350 });
  });

  it('Node target with a wasm kernel: the .wasm URL is kept as written, so the .wasm is copied beside the bundle', async () => {
    const dir = mkdtempSync(join(out, 'esbuild-wasm-'));
    const printed = await esbuildNode('test/bundler/wasm-app.mjs', dir, [['test/fixtures/wasm/build/probe.wasm', 'probe.wasm']]);
    expect(printed).toEqual([0.5, 1.5, 4.5, 9.5, 16.5, 25.5, 36.5, 49.5]);
  });

  it('browser target: the bundle keeps the worker URL, so the worker file can be emitted beside it', async () => {
    const r = await build({
      entryPoints: [join(root, 'test/bundler/app.mjs')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      conditions: ['browser'],
      outdir: out,
    });
    const code = r.outputFiles[0]!.text;
    expect(code).toMatch(/new Worker\(new URL\("\.\/worker\.js", import\.meta\.url\), \{ type: "module"/);
    expect(code).not.toMatch(/from "node:/);
  });
});

describe('bundling with webpack 5, Node target', () => {
  const cubes = [0, 1, 8, 27, 64, 125, 216, 343];
  const expected = { last: 9801, sum: 328350, async: cubes, sync: cubes, wasm: [0.5, 1.5, 4.5, 9.5, 16.5, 25.5, 36.5, 49.5] };
  it.each([
    ['ES module output', true],
    ['CommonJS output', false],
  ])(
    '%s: the bundle runs after it is moved elsewhere (workers, kernel and .wasm emitted, no build-machine paths)',
    async (_, esm) => {
      const built = mkdtempSync(join(out, 'webpack-'));
      const stats = await webpackRun({
        mode: 'production',
        target: 'node20',
        context: root,
        entry: join(root, 'test/bundler/kernel-app.mjs'),
        ...(esm ? { experiments: { outputModule: true } } : {}),
        output: { path: built, filename: esm ? 'app.mjs' : 'app.js', ...(esm ? { module: true, chunkFormat: 'module' as const } : {}) },
        resolve: { alias: { parfor: join(root, 'dist/index.js') } },
        performance: { hints: false },
      });
      const info = stats.toJson({ all: false, errors: true, warnings: true });
      expect(info.errors).toEqual([]);
      expect(info.warnings).toEqual([]);
      // Deployed: the folder moves; nothing may still point at the build's folder or at parfor's dist/.
      const deployed = mkdtempSync(join(out, 'deployed-'));
      cpSync(built, deployed, { recursive: true });
      rmSync(built, { recursive: true, force: true });
      const stdout = execFileSync(process.execPath, [join(deployed, esm ? 'app.mjs' : 'app.js')], {
        encoding: 'utf8',
        timeout: 30_000,
        cwd: deployed,
      });
      expect(JSON.parse(stdout)).toEqual(expected);
      // The .wasm travelled with the bundle, and the bundle does not name the source tree's copy.
      expect(readdirSync(deployed).filter((f) => f.endsWith('.wasm'))).toHaveLength(1);
      expect(readFileSync(join(deployed, esm ? 'app.mjs' : 'app.js'), 'utf8')).not.toContain('fixtures/wasm');
    },
    60_000,
  );
});

describe('a kernel module that imports another file, webpack 5 Node target (docs/bundlers.md)', () => {
  it('the kernel as an entry of its own (library type module), named with webpackIgnore: runs, async and sync, after the folder moves', async () => {
    const built = mkdtempSync(join(out, 'webpack-kernel-'));
    const stats = await webpackRun({
      mode: 'production',
      target: 'node20',
      context: root,
      entry: {
        app: join(root, 'test/bundler/imports-app.mjs'),
        kernel: { import: join(root, 'test/browser/kernel-with-import.mjs'), library: { type: 'module' } },
      },
      experiments: { outputModule: true },
      output: { path: built, filename: '[name].mjs', module: true, chunkFormat: 'module' },
      resolve: { alias: { parfor: join(root, 'dist/index.js') } },
      performance: { hints: false },
    });
    const info = stats.toJson({ all: false, errors: true, warnings: true });
    expect(info.errors).toEqual([]);
    expect(readFileSync(join(built, 'kernel.mjs'), 'utf8')).not.toMatch(/\bimport\b/); // the sibling is inside
    const deployed = mkdtempSync(join(out, 'deployed-kernel-'));
    cpSync(built, deployed, { recursive: true });
    rmSync(built, { recursive: true, force: true });
    const stdout = execFileSync(process.execPath, [join(deployed, 'app.mjs')], { encoding: 'utf8', timeout: 30_000, cwd: deployed });
    const cubes = [0, 1, 8, 27, 64, 125, 216, 343];
    expect(JSON.parse(stdout)).toEqual({ async: cubes, sync: cubes });
  }, 60_000);
});

describe('the package exports', () => {
  it('name the thread entry files (parfor/worker, parfor/watcher, parfor/browser/worker) for build scripts', () => {
    const resolve = createRequire(import.meta.url).resolve;
    for (const [spec, file] of [
      ['parfor/worker', 'dist/worker.cjs'],
      ['parfor/watcher', 'dist/watcher.cjs'],
      ['parfor/browser/worker', 'dist/browser/worker.js'],
    ]) {
      expect(resolve(spec!)).toBe(fileURLToPath(new URL(`../${file}`, import.meta.url)));
    }
  });
});

// Bundling a consumer Node program: with esbuild the worker files are found after bundling when the
// recipe in docs/bundlers.md is followed (esbuild does not bundle workers by itself); webpack's Node
// target emits them itself. (Browser bundles run in Chromium: test/browser.test.ts.)
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import webpack from 'webpack';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'parfor-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('bundling with esbuild', () => {
  it('Node target: one bundle plus the two worker files copied beside it', async () => {
    await build({
      entryPoints: [join(root, 'test/bundler/app.mjs')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: join(out, 'app.mjs'),
      logLevel: 'silent',
    });
    // The recipe: parfor starts its threads from ./worker.js and ./watcher.js next to the code that spawns them.
    const resolve = createRequire(import.meta.url).resolve;
    copyFileSync(resolve('parfor/worker'), join(out, 'worker.js'));
    copyFileSync(resolve('parfor/watcher'), join(out, 'watcher.js'));
    const stdout = execFileSync(process.execPath, [join(out, 'app.mjs')], { encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({ last: 9801, sum: 328350 });
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
  const expected = { last: 9801, sum: 328350, async: [0, 1, 8, 27, 64, 125, 216, 343], sync: [0, 1, 8, 27, 64, 125, 216, 343] };
  it.each([
    ['ES module output', true],
    ['CommonJS output', false],
  ])(
    '%s: the bundle runs after it is moved elsewhere (workers and kernel emitted, no build-machine paths)',
    async (_, esm) => {
      const built = mkdtempSync(join(out, 'webpack-'));
      const stats = await new Promise<webpack.Stats>((resolve, reject) =>
        webpack(
          {
            mode: 'production',
            target: 'node20',
            context: root,
            entry: join(root, 'test/bundler/kernel-app.mjs'),
            ...(esm ? { experiments: { outputModule: true } } : {}),
            output: { path: built, filename: esm ? 'app.mjs' : 'app.js', ...(esm ? { module: true, chunkFormat: 'module' as const } : {}) },
            resolve: { alias: { parfor: join(root, 'dist/index.js') } },
            performance: { hints: false },
          },
          (err, st) => (err ? reject(err) : resolve(st!)),
        ),
      );
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
    },
    60_000,
  );
});

describe('the package exports', () => {
  it('name the thread entry files (parfor/worker, parfor/watcher, parfor/browser/worker) for build scripts', () => {
    const resolve = createRequire(import.meta.url).resolve;
    for (const [spec, file] of [
      ['parfor/worker', 'dist/worker.js'],
      ['parfor/watcher', 'dist/watcher.js'],
      ['parfor/browser/worker', 'dist/browser/worker.js'],
    ]) {
      expect(resolve(spec!)).toBe(fileURLToPath(new URL(`../${file}`, import.meta.url)));
    }
  });
});

// parfor in a real browser: Chromium driven by playwright-core against a loopback server
// (test/browser/chromium.ts finds and launches it).
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { describe, expect, it } from 'vitest';
import { chromiumSuite } from './browser/chromium.js';
import { expectPageResult } from './browser/page-result.js';
import { viteDevServer } from './browser/vite-dev.js';
import { webpackRun } from './webpack-run.js';

const { CHROMIUM, run } = chromiumSuite();

describe.skipIf(CHROMIUM === undefined)('in Chromium', () => {
  it('runs parallelFor, parallelReduce, parallelMap, a kernel module, an error path and a trace on Web Workers', async () => {
    const { result, errors } = await run(true);
    expectPageResult(result, errors);
  }, 60_000);

  it('the fast-check task-tree properties (random trees, throws, aborts) pass on a team of 3 Web Workers', async () => {
    const { result, errors } = await run(true, '/test/browser/task-trees.html', '__trees');
    expect(result).toEqual({ ok: true });
    expect(errors).toEqual([]);
  }, 90_000);

  it('on a page that is not cross-origin isolated, names the two headers to send', async () => {
    const { result } = await run(false);
    expect(result.isolated).toBe(false);
    expect(result.failure.name).toBe('UnsupportedEnvironmentError');
    expect(result.failure.message).toContain('Cross-Origin-Opener-Policy: same-origin');
    expect(result.failure.message).toContain('Cross-Origin-Embedder-Policy: require-corp');
  }, 60_000);

  it('the demo page renders the Mandelbrot set with parfor and shows who computed what (screenshot: npm run docs:demo puts it in docs/img/demo.png)', async () => {
    const { result, errors } = await run(true, '/demo/index.html', '__demo');
    expect(errors).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result.parallelMs).toBeGreaterThan(0);
    expect(result.chunks).toBe(125); // 500 rows in dynamic chunks of 4
    expect(result.rowsByThread.reduce((a: number, b: number) => a + b, 0)).toBe(500);
  }, 90_000);

  it('a program bundled by esbuild for the browser runs, with the worker file copied beside it', async () => {
    const dir = fileURLToPath(new URL('./browser/.bundle/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    await build({
      entryPoints: [fileURLToPath(new URL('./browser/bundled-app.mjs', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      conditions: ['browser'],
      outfile: `${dir}app.js`,
      logLevel: 'silent',
    });
    copyFileSync(fileURLToPath(new URL('../dist/browser/worker.js', import.meta.url)), `${dir}worker.js`);
    copyFileSync(fileURLToPath(new URL('./browser/bundled.html', import.meta.url)), `${dir}index.html`);
    const { result, errors } = await run(true, '/test/browser/.bundle/index.html', '__bundled');
    expect(errors).toEqual([]);
    expect(result).toEqual({ sum: (3 * (63 * 64)) / 2, last: 189 });
  }, 60_000);

  /** probe.wasm's square(i, out, 0.5) for i < 8: i·i + 0.5. */
  const WASM_SQUARES = [0.5, 1.5, 4.5, 9.5, 16.5, 25.5, 36.5, 49.5];

  it('a program bundled by webpack 5 runs, kernel modules and a .wasm included (webpack emits the worker and the .wasm itself)', async () => {
    const dir = fileURLToPath(new URL('./browser/.bundle/webpack/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    const stats = await webpackRun({
      mode: 'production',
      target: 'web',
      entry: fileURLToPath(new URL('./browser/kernel-app.mjs', import.meta.url)),
      experiments: { outputModule: true },
      output: { path: dir, filename: 'app.js', module: true, chunkFormat: 'module', publicPath: '/test/browser/.bundle/webpack/' },
      resolve: { alias: { parfor: fileURLToPath(new URL('../dist/browser/index.js', import.meta.url)) } },
      performance: { hints: false },
    });
    expect(stats.toJson({ all: false, errors: true }).errors).toEqual([]);
    expect(
      stats
        .toJson({ all: false, warnings: true })
        .warnings?.map((w) => w.message)
        .join('\n') ?? '',
    ).not.toMatch(/Critical dependency/);
    copyFileSync(fileURLToPath(new URL('./browser/bundled.html', import.meta.url)), `${dir}index.html`);
    const { result, errors } = await run(true, '/test/browser/.bundle/webpack/index.html', '__bundled');
    expect(errors).toEqual([]);
    expect(result).toEqual({ sum: (3 * (63 * 64)) / 2, last: 189, kernel: [0, 1, 4, 9, 16, 25, 36, 49], wasm: WASM_SQUARES });
  }, 90_000);

  it('a program built by Vite 8 runs, kernel modules and a .wasm included (Vite emits the worker, and inlines the small .wasm as a data: URL)', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const base = '/test/browser/.bundle/vite/';
    await viteBuild({
      root,
      logLevel: 'silent',
      configFile: false,
      base,
      resolve: { alias: { parfor: `${root}dist/browser/index.js` } },
      build: {
        outDir: `${root}test/browser/.bundle/vite`,
        emptyOutDir: true,
        target: 'es2022',
        rollupOptions: { input: `${root}test/browser/vite.html` },
      },
      worker: { format: 'es' },
    });
    const { result, errors } = await run(true, `${base}test/browser/vite.html`, '__bundled');
    expect(errors).toEqual([]);
    expect(result).toEqual({ sum: (3 * (63 * 64)) / 2, last: 189, kernel: [0, 1, 4, 9, 16, 25, 36, 49], wasm: WASM_SQUARES });
  }, 90_000);

  it('the same program runs from the Vite 8 dev server (the docs/bundlers.md config: headers, parfor not pre-bundled)', async () => {
    const { result, errors } = await run(true, '/test/browser/vite.html', '__bundled', await viteDevServer());
    expect(errors).toEqual([]);
    expect(result).toEqual({ sum: (3 * (63 * 64)) / 2, last: 189, kernel: [0, 1, 4, 9, 16, 25, 36, 49], wasm: WASM_SQUARES });
  }, 90_000);
});

// parfor in a real browser: Chromium driven by playwright-core against a loopback server.
// The browser is found at PARFOR_BROWSER, or else at the usual install paths (Debian's
// /usr/bin/chromium first). Without one, the suite is skipped with one line saying so; CI
// (.ci/run) installs Debian's chromium and sets PARFOR_REQUIRE_BROWSERS=1, so there a missing
// browser is a failure.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { build as viteBuild, createServer as viteServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpack from 'webpack';
import { expectPageResult } from './browser/page-result.js';
import { serve } from './browser/server.mjs';

const LOOKED_AT = process.env.PARFOR_BROWSER
  ? [process.env.PARFOR_BROWSER]
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];
const CHROMIUM = LOOKED_AT.find((p) => existsSync(p));
if (CHROMIUM === undefined) {
  const msg = `no Chromium found (looked at ${LOOKED_AT.join(', ')}); set PARFOR_BROWSER=/path/to/chromium, or apt-get install -y chromium`;
  if (process.env.PARFOR_REQUIRE_BROWSERS === '1') throw new Error(`The browser tests are required here but ${msg}`);
  console.warn(`browser tests skipped: ${msg}`);
}
let browser: Browser;

beforeAll(async () => {
  if (CHROMIUM === undefined) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
});

async function run(
  isolated: boolean,
  path = '/test/browser/page.html',
  done = '__result',
  given?: { url: string; close(): Promise<void> },
) {
  const server = given ?? (await serve({ isolated }));
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.setViewportSize({ width: 1200, height: 760 });
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction((key) => (window as any)[key] !== undefined, done, { timeout: 60_000 });
    // Into an untracked folder: tests change no tracked file (npm run docs:demo copies it to docs/img/).
    if (path.startsWith('/demo/')) {
      mkdirSync(fileURLToPath(new URL('./browser/.bundle/', import.meta.url)), { recursive: true });
      await page.screenshot({ path: fileURLToPath(new URL('./browser/.bundle/demo.png', import.meta.url)) });
    }
    return { result: await page.evaluate((key) => (window as any)[key], done), errors };
  } finally {
    await page.close();
    await server.close();
  }
}

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
    const stats = await new Promise<webpack.Stats>((resolve, reject) =>
      webpack(
        {
          mode: 'production',
          target: 'web',
          entry: fileURLToPath(new URL('./browser/kernel-app.mjs', import.meta.url)),
          experiments: { outputModule: true },
          output: { path: dir, filename: 'app.js', module: true, chunkFormat: 'module', publicPath: '/test/browser/.bundle/webpack/' },
          resolve: { alias: { parfor: fileURLToPath(new URL('../dist/browser/index.js', import.meta.url)) } },
          performance: { hints: false },
        },
        (err, st) => (err ? reject(err) : resolve(st!)),
      ),
    );
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
    const root = fileURLToPath(new URL('..', import.meta.url));
    const dev = await viteServer({
      root,
      logLevel: 'silent',
      configFile: false,
      resolve: { alias: { parfor: `${root}dist/browser/index.js` } },
      optimizeDeps: { exclude: ['parfor'], noDiscovery: true },
      server: {
        host: '127.0.0.1',
        port: 0,
        hmr: false,
        ws: false,
        headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
      },
      worker: { format: 'es' },
    });
    await dev.listen();
    const url = dev.resolvedUrls!.local[0]!.replace(/\/$/, '');
    const { result, errors } = await run(true, '/test/browser/vite.html', '__bundled', { url, close: () => dev.close() });
    expect(errors).toEqual([]);
    expect(result).toEqual({ sum: (3 * (63 * 64)) / 2, last: 189, kernel: [0, 1, 4, 9, 16, 25, 36, 49], wasm: WASM_SQUARES });
  }, 90_000);
});

// parfor in a real browser: Debian's Chromium driven by playwright-core against a loopback
// server. .ci/run installs chromium when it is missing, so CI runs this for real.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from './browser/server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`The browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run does this)`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
});
afterAll(async () => { await browser?.close(); });

async function run(isolated: boolean, path = '/test/browser/page.html', done = '__result') {
  const server = await serve({ isolated });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.setViewportSize({ width: 1200, height: 760 });
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction((key) => (window as any)[key] !== undefined, done, { timeout: 60_000 });
    if (path.startsWith('/demo/')) await page.screenshot({ path: fileURLToPath(new URL('../docs/img/demo.png', import.meta.url)) });
    return { result: await page.evaluate((key) => (window as any)[key], done), errors };
  } finally {
    await page.close();
    await server.close();
  }
}

describe('in Chromium', () => {
  it('runs parallelFor, parallelReduce, parallelMap, a kernel module, an error path and a trace on Web Workers', async () => {
    const { result, errors } = await run(true);
    expect(errors).toEqual([]);
    expect(result.failure).toBeUndefined();
    expect(result.isolated).toBe(true);
    expect(result.parallelFor).toBe(true);
    expect(result.reduce).toBe(499500);
    expect(result.map).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    expect(result.kernel).toEqual(Array.from({ length: 20 }, (_, i) => i * i));
    expect(result.error).toEqual({ name: 'LoopBodyError', index: 57, cause: 'RangeError', message: 'boom' });
    expect(result.afterError).toBe(true);
    expect(result.sync).toBe('UnsupportedEnvironmentError');
    expect(result.traceChunks).toBe(10);
  }, 60_000);

  it('on a page that is not cross-origin isolated, names the two headers to send', async () => {
    const { result } = await run(false);
    expect(result.isolated).toBe(false);
    expect(result.failure.name).toBe('UnsupportedEnvironmentError');
    expect(result.failure.message).toContain('Cross-Origin-Opener-Policy: same-origin');
    expect(result.failure.message).toContain('Cross-Origin-Embedder-Policy: require-corp');
  }, 60_000);

  it('the demo page renders the Mandelbrot set with parfor and shows who computed what (screenshot in docs/img/demo.png)', async () => {
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
      entryPoints: [fileURLToPath(new URL('./browser/bundled-app.mjs', import.meta.url))], bundle: true, platform: 'browser',
      format: 'esm', target: 'es2022', conditions: ['browser'], outfile: `${dir}app.js`, logLevel: 'silent',
    });
    copyFileSync(fileURLToPath(new URL('../dist/browser/worker.js', import.meta.url)), `${dir}worker.js`);
    copyFileSync(fileURLToPath(new URL('./browser/bundled.html', import.meta.url)), `${dir}index.html`);
    const { result, errors } = await run(true, '/test/browser/.bundle/index.html', '__bundled');
    expect(errors).toEqual([]);
    expect(result).toEqual({ sum: 3 * (63 * 64) / 2, last: 189 });
  }, 60_000);
});

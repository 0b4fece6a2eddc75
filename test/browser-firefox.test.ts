// parfor in Firefox: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi
// (playwright-core cannot drive Debian's Firefox), on the same page as the Chromium suite.
// Firefox ESR 140 has no Atomics.waitAsync, so this also covers parfor's polling fallback.
// The browser is found at PARFOR_FIREFOX or the usual paths; without one the suite is skipped
// with one line, except under PARFOR_REQUIRE_BROWSERS=1 (CI), where that is a failure.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectPageResult } from './browser/page-result.js';
import { serve } from './browser/server.mjs';

const LOOKED_AT = process.env.PARFOR_FIREFOX ? [process.env.PARFOR_FIREFOX] : ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
const FIREFOX = LOOKED_AT.find((p) => existsSync(p));
if (FIREFOX === undefined) {
  const msg = `no Firefox found (looked at ${LOOKED_AT.join(', ')}); set PARFOR_FIREFOX=/path/to/firefox, or apt-get install -y firefox-esr`;
  if (process.env.PARFOR_REQUIRE_BROWSERS === '1') throw new Error(`The Firefox tests are required here but ${msg}`);
  console.warn(`Firefox tests skipped: ${msg}`);
}
let browser: Browser;

beforeAll(async () => {
  if (FIREFOX === undefined) return;
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocol: 'webDriverBiDi' });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** Open `path` on an isolated server and return what the page leaves in window[key], and its errors. */
async function run(path: string, key: string): Promise<{ result: any; errors: string[] }> {
  const server = await serve({ isolated: true });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction((k) => (window as any)[k] !== undefined, { timeout: 60_000 }, key);
    return { result: await page.evaluate((k) => (window as any)[k], key), errors };
  } finally {
    await page.close();
    await server.close();
  }
}

describe.skipIf(FIREFOX === undefined)('in Firefox', () => {
  it('runs the browser page: loops, reduce, map, a kernel, errors, progress, a timeout, self.close()', async () => {
    const { result, errors } = await run('/test/browser/page.html', '__result');
    expectPageResult(result, errors);
  }, 90_000);

  it('the fast-check task-tree properties (random trees, throws, aborts) pass on a team of 3 Web Workers', async () => {
    const { result, errors } = await run('/test/browser/task-trees.html', '__trees');
    expect(result).toEqual({ ok: true });
    expect(errors).toEqual([]);
  }, 90_000);
});

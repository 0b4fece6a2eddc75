// Chromium for a test file: found at PARFOR_BROWSER, or else at the usual install paths (Debian's
// /usr/bin/chromium first), launched before the file's tests and closed after them. Without one,
// the suite is skipped with one line saying so; CI (.ci/run) installs Debian's chromium and sets
// PARFOR_REQUIRE_BROWSERS=1, so there a missing browser is a failure.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { serve } from './server.mjs';

/** Call at a test file's top level: registers the launch and close, returns the browser's path and `run`. */
export function chromiumSuite() {
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
        mkdirSync(fileURLToPath(new URL('./.bundle/', import.meta.url)), { recursive: true });
        await page.screenshot({ path: fileURLToPath(new URL('./.bundle/demo.png', import.meta.url)) });
      }
      return { result: await page.evaluate((key) => (window as any)[key], done), errors };
    } finally {
      await page.close();
      await server.close();
    }
  }
  return { CHROMIUM, run };
}

// A browser consumer program, bundled by esbuild in test/browser.test.ts and run in Chromium.
import { loops } from './loops-app.mjs';

window.__bundled = await loops();

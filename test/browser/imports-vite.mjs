// Vite: in a build, the kernel is a second Rollup input whose exports are kept, emitted as kernel.js
// (docs/bundlers.md); the dev server serves the kernel's source, its imports resolved, at its own path.
import { cubes } from './imports-app.mjs';

const url = import.meta.env.DEV
  ? new URL('/test/browser/kernel-with-import.mjs', location.href)
  : new URL(`${import.meta.env.BASE_URL}kernel.js`, location.href);
window.__imports = await cubes(url);

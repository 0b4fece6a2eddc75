// esbuild: the kernel is an entry point of its own, so it is bundled with its imports into kernel-with-import.js beside app.js.
import { cubes } from './imports-app.mjs';

window.__imports = await cubes(new URL('./kernel-with-import.js', import.meta.url));

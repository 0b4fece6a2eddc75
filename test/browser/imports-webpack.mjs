// webpack: the kernel is an entry of its own, emitted as an ES module (output.library.type 'module')
// beside the program; `webpackIgnore` keeps the URL for run time (relative to the emitted program).
import { cubes } from './imports-app.mjs';

window.__imports = await cubes(new URL(/* webpackIgnore: true */ './kernel.js', import.meta.url));

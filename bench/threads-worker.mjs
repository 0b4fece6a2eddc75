// The threads.js baseline's worker: one row per call, returned (and so copied) to the caller.
import { expose } from 'threads/worker';

const modules = new Map();
expose({
  async row(kernel, i, size) {
    let mod = modules.get(kernel);
    if (!mod) {
      mod = await import(`../kernels/${kernel.toLowerCase()}.mjs`);
      modules.set(kernel, mod);
    }
    return mod.rowOnly(i, size);
  },
});

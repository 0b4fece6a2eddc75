// The message-copying baseline's task (piscina): compute one row into a fresh
// array and return it; the pool copies it back to the main thread (joblib's way).
const modules = new Map();

export default async function task({ kernel, i, size }) {
  if (kernel === 'empty') return 0;
  let mod = modules.get(kernel);
  if (!mod) {
    mod = await import(`../kernels/${kernel.toLowerCase()}.mjs`);
    modules.set(kernel, mod);
  }
  return mod.rowOnly(i, size);
}

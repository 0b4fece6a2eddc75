// The message-passing pool's task (piscina). By default: compute one row into a fresh array and
// return it; the pool copies it back to the main thread (joblib's way). Variants (bench/variant.mjs):
// `move` transfers the row's buffer instead of copying it; `rows` computes a batch of rows in one
// task (joblib's batch_size), returned as one array, or, with `out` (a typed array over a
// SharedArrayBuffer), written into it in place and nothing returned.
import Piscina from 'piscina';

const modules = new Map();

export default async function task({ kernel, i, size, rows = 1, out, move = false }) {
  if (kernel === 'empty') return 0;
  let mod = modules.get(kernel);
  if (!mod) {
    mod = await import(`../kernels/${kernel.toLowerCase()}.mjs`);
    modules.set(kernel, mod);
  }
  if (rows === 1 && out === undefined) {
    const row = mod.rowOnly(i, size);
    return move ? Piscina.move(row) : row;
  }
  const last = Math.min(i + rows, size);
  let batch;
  for (let r = i; r < last; r++) {
    const row = mod.rowOnly(r, size);
    if (out !== undefined) out.set(row, r * row.length);
    else {
      batch ??= new row.constructor(row.length * (last - i));
      batch.set(row, (r - i) * row.length);
    }
  }
  return batch;
}

// The loops both browser consumer programs run (bundled-app.mjs, kernel-app.mjs): a parallelFor that
// fills a shared array and a parallelReduce over it (under 'adaptive', whose ranges' lock waits with
// Atomics.wait inside Web Workers), through the package entry as a user imports it.
import { parallelFor, parallelReduce, sharedArray } from 'parfor';

export async function loops() {
  const out = sharedArray(Int32Array, 64);
  await parallelFor(
    0,
    64,
    (i, { out }) => {
      out[i] = i * 3;
    },
    { shared: { out } },
  );
  const sum = await parallelReduce(0, 64, (i, { out }) => out[i], { shared: { out }, schedule: 'adaptive' });
  return { sum, last: out[63] };
}

import { parallelFor, parallelForSync, SharedMatrix, sharedArray } from 'parfor';

const n = 5000;
const M = new SharedMatrix(n, n); // Float64Array over a SharedArrayBuffer

// M[i,j] = i² + j², one row per iteration, rows handed out in chunks of 16.
await parallelFor(
  0,
  n,
  (i, { M }) => {
    const row = M.row(i);
    for (let j = 0; j < row.length; j++) row[j] = i * i + j * j;
  },
  { shared: { M }, schedule: 'dynamic', chunk: 16 },
);

// Node only: the calling thread takes part as thread 0 and the call blocks until done.
const diag = sharedArray(Float64Array, n);
const who = sharedArray(Int32Array, n);
parallelForSync(
  0,
  n,
  (i, { M, diag, who }, ctx) => {
    // ctx = { threadId, numThreads }
    diag[i] = M.get(i, i);
    who[i] = ctx.threadId;
  },
  { shared: { M, diag, who } },
);

console.log(M.get(3, 4), diag[10], who[0], who[n - 1]); // 25 200 0 1 (on 2 threads)

// Which thread ran which iteration, under each schedule: a small picture of the difference.
import { parallelFor, sharedArray, shutdown } from 'parfor';

const n = 40;
const owner = sharedArray(Int32Array, n);
for (const schedule of ['static', 'static,4', 'dynamic,4', 'guided', 'adaptive']) {
  // A body whose cost grows with i, so dynamic and guided hand out chunks unevenly.
  await parallelFor(
    0,
    n,
    (i, { owner }, ctx) => {
      let s = 0;
      for (let k = 0; k < i * 20_000; k++) s += k & 1;
      owner[i] = ctx.threadId + (s < 0 ? 1 : 0);
    },
    { schedule, threads: 2, shared: { owner } },
  );
  console.log(schedule.padEnd(10), [...owner].join(''));
}
await shutdown();

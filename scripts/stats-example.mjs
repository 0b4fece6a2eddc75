// The statsReport() example of docs/functions.md: a triangular loop (iteration i costs about i) on
// a team of 2 with { stats: true }, under static (one block each: the second holds 3/4 of the work)
// and dynamic,64. The committed run is bench/results/issue-26-stats-example.txt.
//   npm run -s build && node scripts/stats-example.mjs
import { createTeam, sharedArray } from 'parfor';

const n = 3000;
const out = sharedArray(Float64Array, n);
const body = (i, { out }) => {
  let x = 0;
  for (let k = 0; k < i * 200; k++) x += Math.sqrt(k);
  out[i] = x;
};
for (const schedule of ['static', 'dynamic,64']) {
  const team = createTeam({ threads: 2, stats: true });
  await team.ready();
  await team.parallelFor(0, n, body, { shared: { out }, schedule });
  console.log(`// schedule: ${schedule}`);
  console.log(team.statsReport());
  await team.close();
}

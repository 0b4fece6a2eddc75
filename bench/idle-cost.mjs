// What an idle team costs, and what the first loop after idling costs: a team of 2 runs 1,000 sync
// and 100 async empty loops, waits 200 ms (past any spin window), then the process's CPU time is
// read over IDLE_MS (10 s) of doing nothing; then one sync and one async empty loop are timed.
//   node bench/idle-cost.mjs [dist/index.js of a build]      (default: the package, parfor)
// For comparison, the same wait in a process without a team: node bench/idle-cost.mjs --bare
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const IDLE_MS = Number(process.env.IDLE_MS ?? 10_000);
const bare = process.argv[2] === '--bare';
const idle = async () => {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) / 1000 / (performance.now() - w0)) * 100;
};
if (bare) {
  console.log(`no team: ${(await idle()).toFixed(3)} % of one core over ${IDLE_MS / 1000} s idle`);
} else {
  const lib = await import(process.argv[2] === undefined ? 'parfor' : pathToFileURL(resolve(process.argv[2])).href);
  const team = lib.createTeam({ threads: 2 });
  await team.ready();
  const empty = () => {};
  for (let k = 0; k < 1000; k++) team.parallelForSync(0, 2, empty);
  for (let k = 0; k < 100; k++) await team.parallelFor(0, 2, empty);
  await new Promise((r) => setTimeout(r, 200));
  const cpu = await idle();
  const t0 = performance.now();
  team.parallelForSync(0, 2, empty);
  const t1 = performance.now();
  await team.parallelFor(0, 2, empty);
  const t2 = performance.now();
  console.log(
    `team of 2: ${cpu.toFixed(3)} % of one core over ${IDLE_MS / 1000} s idle; first loop after: ` +
      `sync ${((t1 - t0) * 1000).toFixed(0)} µs, async ${((t2 - t1) * 1000).toFixed(0)} µs`,
  );
  await team.close();
}

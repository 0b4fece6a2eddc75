// What a loop call costs before any worker is woken: `parallelForSync(0, 2, empty)` on a team of
// one thread (the caller runs the loop alone), so the time is the front door (argument parsing,
// planning, registration lookup, the control block's publish and join) and nothing else. Two or
// more builds in one process, alternating by round; prints the median µs per call of each and,
// for every build after the first, the median over rounds of its time over the first's.
//   node bench/front-door-cost.mjs <dist/index.js of build A> <of build B> …
// ROUNDS=n sets the rounds (31); CALLS=n the calls per round (20,000).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { summarize } from './stats.mjs';

const builds = process.argv.slice(2);
if (builds.length < 1) throw new Error('usage: node bench/front-door-cost.mjs <dist/index.js of build A> [<of build B> …]');
const rounds = Number(process.env.ROUNDS ?? 31);
const calls = Number(process.env.CALLS ?? 20_000);
const libs = await Promise.all(builds.map((p) => import(pathToFileURL(resolve(p)).href)));
const teams = await Promise.all(
  libs.map(async (lib) => {
    const t = lib.createTeam({ threads: 1 });
    await t.ready();
    return t;
  }),
);
const empty = () => {};
const samples = builds.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (let b = 0; b < builds.length; b++) {
    const t = teams[b];
    const t0 = performance.now();
    for (let k = 0; k < calls; k++) t.parallelForSync(0, 2, empty);
    samples[b].push(((performance.now() - t0) * 1000) / calls);
  }
}
for (let b = 0; b < builds.length; b++) {
  const s = summarize(samples[b]);
  const ratio =
    b === 0 ? '' : `  (×${summarize(samples[b].map((v, r) => v / samples[0][r])).median.toFixed(3)} of the first build, paired by round)`;
  console.log(`${builds[b]}  ${s.median.toFixed(3)} µs per call${ratio}`);
}
await Promise.all(teams.map((t) => t.close()));

// A region's worksharing constructs in two builds, alternating in one process (issue 24's change
// of how ctx.loop hands on its counters): per build, the µs per construct of 2,000 empty
// ctx.loop(0, 2T) calls and of 2,000 ctx.single calls inside one parallelSync region (EPCC's FOR
// and SINGLE shape), median over rounds, and each later build's ratio to the first in the same round.
//   node bench/ab-region.mjs <dist/index.js of A> <dist/index.js of B> [rounds=21] [threads=2]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { summarize } from './stats.mjs';

const [a, b, roundsArg, threadsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 21);
const threads = Number(threadsArg ?? 2);
const libs = await Promise.all([a, b].map((p) => import(pathToFileURL(resolve(p)).href)));
const reps = 2000;
const teams = [];
for (const lib of libs) {
  const t = lib.createTeam({ threads });
  await t.ready();
  teams.push(t);
}
const loop = (ctx, { reps }) => {
  for (let r = 0; r < reps; r++) ctx.loop(0, 2 * ctx.numThreads, () => {});
};
const single = (ctx, { reps }) => {
  for (let r = 0; r < reps; r++) ctx.single(() => 1);
};
const cases = { 'ctx.loop (FOR)': loop, 'ctx.single (SINGLE)': single };
const times = {};
for (const name of Object.keys(cases)) times[name] = [[], []];
for (let r = -3; r < rounds; r++) {
  for (const [name, region] of Object.entries(cases)) {
    for (let k = 0; k < 2; k++) {
      const t0 = performance.now();
      teams[k].parallelSync(region, { shared: { reps } });
      const us = ((performance.now() - t0) * 1000) / reps;
      if (r >= 0) times[name][k].push(us);
    }
  }
}
console.log(`# ${threads} threads, ${rounds} rounds of ${reps} constructs, load ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
for (const [name, [ta, tb]] of Object.entries(times)) {
  const ratios = tb.map((v, i) => v / ta[i]);
  console.log(
    `${name}: A ${summarize(ta).median.toFixed(3)} µs, B ${summarize(tb).median.toFixed(3)} µs, B/A median ${summarize(ratios).median.toFixed(2)} (range ${summarize(ratios).min.toFixed(2)}-${summarize(ratios).max.toFixed(2)})`,
  );
}
for (const t of teams) await t.close();

// Two or more parfor builds in one process, alternating, on the same kernels: a regression check
// fairer than separate runs on a noisy machine (each build has its own team; runs alternate).
//   node bench/ab-builds.mjs /path/to/checkout-a/dist/index.js /path/to/checkout-b/dist/index.js
// Prints, per build, the median ms of fill 5000² (dynamic,16, and plain static async) and pi 10⁸
// (static), async and sync, and the mean µs of an empty loop of 2 iterations (sync: batches of 2,000;
// async: batches of 200), each round's batch one sample; and, for every build after the first, the
// median over rounds of its time over the first build's in that round. ROUNDS=n sets the rounds (15).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { summarize } from './stats.mjs';

const builds = process.argv.slice(2);
if (builds.length < 2) throw new Error('usage: node bench/ab-builds.mjs <dist/index.js of build A> <of build B> …');
// Paths are the caller's, relative to the working directory.
const libs = await Promise.all(builds.map((p) => import(pathToFileURL(resolve(p)).href)));
const n = 5000;
const steps = 1e8;
const fillUrl = new URL('../kernels/fill.mjs', import.meta.url);
const piUrl = new URL('../kernels/pi.mjs', import.meta.url);
const cases = [];
for (const lib of libs) {
  const t = lib.createTeam({ threads: 2 });
  await t.ready();
  const M = new lib.SharedMatrix(n, n);
  const fill = lib.kernel(fillUrl, 'fillRow');
  const pi = lib.kernel(piUrl, 'term');
  const fillOpts = { schedule: 'dynamic', chunk: 16, shared: { M } };
  const staticOpts = { shared: { M } };
  const piOpts = { shared: { h: 1 / steps } };
  const empty = () => {};
  cases.push({
    team: t,
    runs: {
      'fill async': () => t.parallelFor(0, n, fill, fillOpts),
      'fill sync': () => t.parallelForSync(0, n, fill, fillOpts),
      'fill static async': () => t.parallelFor(0, n, fill, staticOpts),
      'pi async': () => t.parallelReduce(0, steps, pi, piOpts),
      'pi sync': () => t.parallelReduceSync(0, steps, pi, piOpts),
      'empty sync (µs)': () => {
        for (let k = 0; k < 2000; k++) t.parallelForSync(0, 2, empty);
      },
      'empty async (µs)': async () => {
        for (let k = 0; k < 200; k++) await t.parallelFor(0, 2, empty);
      },
    },
  });
}
const names = Object.keys(cases[0].runs);
const times = cases.map(() => Object.fromEntries(names.map((k) => [k, []])));
const rounds = Number(process.env.ROUNDS ?? 15);
for (let r = 0; r < rounds; r++) {
  // Alternate the order of the builds from round to round, so neither always runs first.
  const order = [...cases.keys()];
  if (r % 2) order.reverse();
  for (const b of order) {
    for (const k of names) {
      const t0 = performance.now();
      await cases[b].runs[k]();
      const ms = performance.now() - t0;
      // The first rounds warm up; batches are reported per loop, in µs.
      if (r >= 3) times[b][k].push(k.includes('(µs)') ? (ms * 1000) / (k.startsWith('empty sync') ? 2000 : 200) : ms);
    }
  }
}
// Each round's time over the first build's in the same round, then the median of those ratios:
// steadier than a ratio of two medians when the machine's speed drifts during the run.
for (let b = 0; b < cases.length; b++) {
  const rows = names.map((k) => {
    const ratios = times[b][k].map((v, i) => v / times[0][k][i]);
    const med = summarize(times[b][k]).median;
    return `  ${k.padEnd(18)} ${med.toFixed(2)}${k.includes('(µs)') ? '' : ' ms'}${b === 0 ? '' : `  (×${summarize(ratios).median.toFixed(3)} of the first build, paired by round)`}`;
  });
  console.log(`${builds[b]}\n${rows.join('\n')}`);
}
for (const c of cases) await c.team.close();

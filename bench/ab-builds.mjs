// Two or more parfor builds in one process, alternating, on the same kernels: a regression check
// fairer than separate runs on a noisy machine (each build has its own team; runs alternate).
//   node bench/ab-builds.mjs /path/to/checkout-a/dist/index.js /path/to/checkout-b/dist/index.js
// Prints, per build, the median ms of fill 5000² (dynamic,16) and pi 10⁸ (static), async and sync.
import { summarize } from './stats.mjs';

const builds = process.argv.slice(2);
if (builds.length < 2) throw new Error('usage: node bench/ab-builds.mjs <dist/index.js of build A> <of build B> …');
const libs = await Promise.all(builds.map((p) => import(p)));
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
  const piOpts = { shared: { h: 1 / steps } };
  cases.push({
    team: t,
    runs: {
      'fill async': () => t.parallelFor(0, n, fill, fillOpts),
      'fill sync': () => t.parallelForSync(0, n, fill, fillOpts),
      'pi async': () => t.parallelReduce(0, steps, pi, piOpts),
      'pi sync': () => t.parallelReduceSync(0, steps, pi, piOpts),
    },
  });
}
const names = Object.keys(cases[0].runs);
const times = cases.map(() => Object.fromEntries(names.map((k) => [k, []])));
for (let r = 0; r < 15; r++) {
  for (let b = 0; b < cases.length; b++) {
    for (const k of names) {
      const t0 = performance.now();
      await cases[b].runs[k]();
      if (r >= 3) times[b][k].push(performance.now() - t0); // the first rounds warm up
    }
  }
}
for (let b = 0; b < cases.length; b++) {
  console.log(`${builds[b]}  ${names.map((k) => `${k} ${summarize(times[b][k]).median.toFixed(1)} ms`).join('  ')}`);
}
for (const c of cases) await c.team.close();

// The shape of a loop inside a region (issue 24, item 11): spectral-norm's A·u product, n × n,
// written three ways in one parallelSync region, alternating in one process:
//   closure  ctx.loop(0, n, (i) => { … u[j] … }): an arrow that closes over the region's locals
//   shared   ctx.loop(0, n, (i, { u, v, n }) => { … }): the same arrow, reading `shared` instead
//   range    ctx.loopRange(0, n, (lo, hi, { u, v, n }) => { for (i = lo; i < hi; i++) … }): the inner loop in place
// Median ms per region of SWEEPS products, and each one's ratio to `range` in the same round.
//   node bench/region-shape.mjs [rounds=15] [threads=2] [n=2000]
import { loadavg } from 'node:os';
import { createTeam, sharedArray } from 'parfor';
import { summarize } from './stats.mjs';

const rounds = Number(process.argv[2] ?? 15);
const threads = Number(process.argv[3] ?? 2);
const n = Number(process.argv[4] ?? 2000);
const sweeps = 10;
const team = createTeam({ threads });
await team.ready();
const u = sharedArray(Float64Array, n).fill(1);
const v = sharedArray(Float64Array, n);
const shared = { u, v, n, sweeps };

const shapes = {
  closure: (ctx, s) => {
    const { u, v, n, sweeps } = s;
    for (let k = 0; k < sweeps; k++) {
      ctx.loop(0, n, (i) => {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += u[j] / (((i + j) * (i + j + 1)) / 2 + i + 1);
        v[i] = sum;
      });
    }
  },
  shared: (ctx, { sweeps, n }) => {
    for (let k = 0; k < sweeps; k++) {
      ctx.loop(0, n, (i, { u, v, n }) => {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += u[j] / (((i + j) * (i + j + 1)) / 2 + i + 1);
        v[i] = sum;
      });
    }
  },
  range: (ctx, { sweeps, n }) => {
    for (let k = 0; k < sweeps; k++) {
      ctx.loopRange(0, n, (lo, hi, { u, v, n }) => {
        for (let i = lo; i < hi; i++) {
          let sum = 0;
          for (let j = 0; j < n; j++) sum += u[j] / (((i + j) * (i + j + 1)) / 2 + i + 1);
          v[i] = sum;
        }
      });
    }
  },
};

console.log(
  `# ${threads} threads, n ${n}, ${sweeps} products per region, ${rounds} rounds, load ${loadavg()[0].toFixed(2)} at start, node ${process.version}`,
);
const names = Object.keys(shapes);
const times = Object.fromEntries(names.map((k) => [k, []]));
let check;
for (let r = -3; r < rounds; r++) {
  const order = r % 2 ? names : [...names].reverse();
  for (const name of order) {
    v.fill(0);
    const t0 = performance.now();
    team.parallelSync(shapes[name], { shared });
    const ms = performance.now() - t0;
    if (check === undefined) check = v[n - 1];
    else if (v[n - 1] !== check) throw new Error(`${name} computed a different product`);
    if (r >= 0) times[name].push(ms);
  }
}
for (const name of names) {
  const ratios = times[name].map((t, k) => t / times.range[k]);
  const q = summarize(ratios);
  console.log(
    `${name.padEnd(8)} ${summarize(times[name]).median.toFixed(1)} ms per region; / range: median ${q.median.toFixed(2)} (range ${q.min.toFixed(2)}-${q.max.toFixed(2)})`,
  );
}
console.log(`# load ${loadavg()[0].toFixed(2)} at end`);
await team.close();

// Per-thread state against atomics (issue 24, item 6): a histogram of n values in [0, 1) into
// `bins` bins, three ways on one team, alternating in one process:
//   atomic  parallelFor, every iteration ctx.atomicAdd(hist, bin, 1) (Atomics.add on an Int32Array)
//   local   parallelFor with init (a private Int32Array per thread) and merge (added into the
//           shared histogram after the thread's last chunk, one thread at a time: no atomics)
//   serial  one thread, one loop: the reference every result is checked against
// Per bin count: the median ms of each, and the median of the per-round ratio atomic/local with its
// range. The load average is printed at start and end.
//   node bench/histogram.mjs [rounds=15] [threads=2] [n=10000000]
import { loadavg } from 'node:os';
import { createTeam, sharedArray } from 'parfor';
import { summarize } from './stats.mjs';

const rounds = Number(process.argv[2] ?? 15);
const threads = Number(process.argv[3] ?? 2);
const n = Number(process.argv[4] ?? 10_000_000);
const team = createTeam({ threads });
await team.ready();

const data = sharedArray(Float64Array, n);
let seed = 12345;
for (let i = 0; i < n; i++) {
  seed = (seed * 1103515245 + 12345) >>> 0; // a fixed LCG: the same data every run
  data[i] = seed / 2 ** 32;
}

const atomicBody = (i, { data, hist, bins }, ctx) => {
  ctx.atomicAdd(hist, (data[i] * bins) | 0, 1);
};
const localBody = (i, { data, bins }, _ctx, local) => {
  local[(data[i] * bins) | 0]++;
};
const init = (_ctx, { bins }) => new Int32Array(bins);
const merge = (local, { hist }) => {
  for (let b = 0; b < local.length; b++) hist[b] += local[b];
};

console.log(`# ${threads} threads, n ${n}, ${rounds} rounds, load ${loadavg()[0].toFixed(2)} at start, node ${process.version}`);
for (const bins of [16, 256, 4096]) {
  const want = new Int32Array(bins);
  for (let i = 0; i < n; i++) want[(data[i] * bins) | 0]++;
  const hist = sharedArray(Int32Array, bins);
  const shared = { data, hist, bins };
  const runs = {
    atomic: () => team.parallelFor(0, n, atomicBody, { shared }),
    local: () => team.parallelFor(0, n, localBody, { shared, init, merge }),
  };
  const times = { atomic: [], local: [] };
  for (let r = -2; r < rounds; r++) {
    const order = r % 2 ? ['atomic', 'local'] : ['local', 'atomic'];
    for (const name of order) {
      hist.fill(0);
      const t0 = performance.now();
      await runs[name]();
      const ms = performance.now() - t0;
      if (!hist.every((x, b) => x === want[b])) throw new Error(`${name} with ${bins} bins gave a wrong histogram`);
      if (r >= 0) times[name].push(ms);
    }
  }
  const t1 = performance.now();
  const serial = new Int32Array(bins);
  for (let i = 0; i < n; i++) serial[(data[i] * bins) | 0]++;
  const serialMs = performance.now() - t1;
  const ratios = times.atomic.map((a, k) => a / times.local[k]);
  const q = summarize(ratios);
  console.log(
    `bins ${String(bins).padStart(4)}: atomic ${summarize(times.atomic).median.toFixed(1)} ms, local ${summarize(times.local).median.toFixed(1)} ms, serial ${serialMs.toFixed(1)} ms (once); atomic/local median ${q.median.toFixed(2)} (range ${q.min.toFixed(2)}-${q.max.toFixed(2)})`,
  );
}
console.log(`# load ${loadavg()[0].toFixed(2)} at end`);
await team.close();

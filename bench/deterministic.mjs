// The cost of a reproducible reduction (issue 24, item 7): π by the midpoint rule (kernels/pi.mjs)
// with parallelReduceSync, plain and with { deterministic: true }, alternating in one process on
// one team. Per size and schedule: the median ms of each, the median of the per-round ratio
// deterministic/plain and its range, and how many distinct values each gave over every schedule
// and team size tried (a plain reduction's bits move with them; a deterministic one's must not).
//   node bench/deterministic.mjs [rounds=21] [threads=2]
import { loadavg } from 'node:os';
import { createTeam } from 'parfor';
import { body, setup } from '../kernels/pi.mjs';
import { summarize } from './stats.mjs';

const rounds = Number(process.argv[2] ?? 21);
const threads = Number(process.argv[3] ?? 2);
const team = createTeam({ threads });
await team.ready();

console.log(`# ${threads} threads, ${rounds} rounds, load ${loadavg()[0].toFixed(2)} at start, node ${process.version}`);
for (const steps of [1_000_000, 10_000_000, 100_000_000]) {
  const { shared } = setup(steps);
  const plainBits = new Set();
  const fixedBits = new Set();
  for (const schedule of ['static', 'dynamic,4096', 'guided', 'auto']) {
    const plain = { shared, schedule };
    const fixed = { shared, schedule, deterministic: true };
    const times = [[], []];
    for (let r = -2; r < rounds; r++) {
      // Alternate which goes first, so neither always runs on a warmer machine.
      const order = r % 2 ? [0, 1] : [1, 0];
      for (const k of order) {
        const t0 = performance.now();
        const v = team.parallelReduceSync(0, steps, body, k === 0 ? plain : fixed);
        const ms = performance.now() - t0;
        if (r >= 0) times[k].push(ms);
        (k === 0 ? plainBits : fixedBits).add(v);
      }
    }
    const ratios = times[1].map((v, i) => v / times[0][i]);
    const q = summarize(ratios);
    console.log(
      `n ${steps.toExponential(0)} ${schedule.padEnd(12)} plain ${summarize(times[0]).median.toFixed(2)} ms, deterministic ${summarize(times[1]).median.toFixed(2)} ms, ratio median ${q.median.toFixed(3)} (range ${q.min.toFixed(2)}-${q.max.toFixed(2)})`,
    );
  }
  // Team sizes 1..threads, for the count of distinct values.
  for (let t = 1; t <= threads; t++) {
    plainBits.add(team.parallelReduceSync(0, steps, body, { shared, threads: t }));
    fixedBits.add(team.parallelReduceSync(0, steps, body, { shared, threads: t, deterministic: true }));
  }
  console.log(
    `n ${steps.toExponential(0)} distinct values over schedules and team sizes: plain ${plainBits.size}, deterministic ${fixedBits.size}`,
  );
}
console.log(`# load ${loadavg()[0].toFixed(2)} at end`);
await team.close();

// How long a loop takes to settle after abort(), under every schedule, for bodies of different
// costs per iteration (issue 21's target: 100 ms plus one iteration). A 10^12-iteration loop is
// started on a 2-thread team, aborted 2-20 ms after its first iteration ran, and timed from abort()
// to the rejection. "stuck" is a body whose one iteration never returns: its thread is terminated
// 100 ms after the abort (team/dispatch/join.ts), so its latency is the grace period plus a
// thread's termination, and the next loop waits for a replacement worker.
//   node bench/abort-latency.mjs [rounds]
import { createTeam, sharedArray } from '../dist/index.js';
import { summarize } from './stats.mjs';

const rounds = Number(process.argv[2] ?? 15);
const schedules = ['static', 'static,100000', 'dynamic', 'dynamic,1000000', 'guided', 'auto'];
const costs = { empty: 0, '10 µs': 10, '1 ms': 1000, stuck: -1 };
const team = createTeam({ threads: 2 });
await team.ready();

const body = (i, { started, us }) => {
  if (Atomics.load(started, 0) === 0 && Atomics.exchange(started, 0, 1) === 0) Atomics.notify(started, 0);
  if (us < 0) {
    for (;;) {
      /* never returns */
    }
  }
  if (us > 0) {
    const t0 = performance.now();
    while (performance.now() - t0 < us / 1000) {
      /* busy */
    }
  }
  return i;
};

async function started(flag) {
  while (Atomics.load(flag, 0) === 0) {
    const r = Atomics.waitAsync(flag, 0, 0, 1000);
    if (r.async) await r.value;
  }
}

const rows = [];
for (const schedule of schedules) {
  for (const [label, us] of Object.entries(costs)) {
    const lat = [];
    for (let r = 0; r < (us < 0 ? Math.min(rounds, 5) : rounds); r++) {
      const flag = sharedArray(Int32Array, 1);
      const ac = new AbortController();
      const p = team.parallelFor(0, 1e12, body, { schedule, signal: ac.signal, shared: { started: flag, us } });
      await started(flag);
      await new Promise((res) => setTimeout(res, 2 + Math.floor(Math.random() * 18)));
      const t0 = performance.now();
      ac.abort();
      await p.catch(() => {});
      lat.push(performance.now() - t0);
      await team.ready(); // a stuck worker was replaced: wait for it outside the timing
    }
    const s = summarize(lat);
    rows.push({ schedule, body: label, median: s.median, max: s.max, n: s.n });
    console.log(
      `${schedule.padEnd(16)} ${label.padEnd(6)} median ${s.median.toFixed(2).padStart(7)} ms   max ${s.max.toFixed(2).padStart(7)} ms   (${s.n} aborts)`,
    );
  }
}
await team.close();

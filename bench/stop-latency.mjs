// How soon a search stops after its hit (issue 24, item 5: target ≤ 2× one chunk's time).
// A predicate that busy-waits `us` µs per iteration runs over 10^7 indices on a team of T
// threads; the one hit is at a random index that a serial pass would reach after about 40 ms of
// the team's work. The hitting iteration stores the wall-clock time; the latency is from there
// to the call's return (sync) or resolution (async), so it includes the join and, async, the
// promise. Each construct is called twice untimed first. One chunk's time is `chunk` iterations of the same predicate, timed serially in the
// same run. Constructs: parallelFind, parallelAny, and parallelFor whose body calls ctx.cancel().
//   node bench/stop-latency.mjs [reps=30] [threads=2] [us=2]
import { createTeam, sharedArray } from '../dist/index.js';
import { summarize } from './stats.mjs';

/** summarize() with the 99th percentile (nearest rank). */
function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { ...summarize(s), p99: s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)] };
}

const reps = Number(process.argv[2] ?? 30);
const threads = Number(process.argv[3] ?? 2);
const us = Number(process.argv[4] ?? 2);
const n = 10_000_000;
const team = createTeam({ threads });
await team.ready();

const wall = () => performance.timeOrigin + performance.now();
const pred = (i, { h, at, us }) => {
  const t0 = performance.now();
  while (performance.now() - t0 < us / 1000) {
    /* busy: the iteration's cost */
  }
  if (i !== h) return false;
  at[0] = performance.timeOrigin + performance.now();
  return true;
};
const cancelling = (i, { h, at, us }, ctx) => {
  const t0 = performance.now();
  while (performance.now() - t0 < us / 1000) {
    /* busy */
  }
  if (i === h) {
    at[0] = performance.timeOrigin + performance.now();
    ctx.cancel();
  }
};

/** One chunk's time, ms: `chunk` iterations of the predicate on this thread, median of 31 after 5 warm-ups. */
function chunkMs(chunk) {
  const s = { h: -1, at: new Float64Array(1), us };
  const times = [];
  for (let r = -5; r < 31; r++) {
    const t0 = performance.now();
    for (let i = 0; i < chunk; i++) pred(i, s);
    if (r >= 0) times.push(performance.now() - t0);
  }
  return summarize(times).median;
}

const constructs = {
  parallelFind: (sync, o) => (sync ? team.parallelFindSync(0, n, pred, o) : team.parallelFind(0, n, pred, o)),
  parallelAny: (sync, o) => (sync ? team.parallelAnySync(0, n, pred, o) : team.parallelAny(0, n, pred, o)),
  'parallelFor + ctx.cancel()': (sync, o) => (sync ? team.parallelForSync(0, n, cancelling, o) : team.parallelFor(0, n, cancelling, o)),
};

console.log(`# stop latency after a hit: ${threads} threads, ${us} µs per iteration, ${reps} reps, load ${(await loadavg()).toFixed(2)}`);
console.log('construct | schedule | call | chunk time (ms) | latency median / p99 / max (ms) | ratio to one chunk: median / p99 / max');
console.log('---|---|---|---|---|---');
const rows = [];
for (const chunk of [100, 1000]) {
  const one = chunkMs(chunk);
  for (const [name, run] of Object.entries(constructs)) {
    for (const sync of [true, false]) {
      const lat = [];
      // Two untimed calls first: the body's first call on each thread compiles it there.
      for (let r = -2; r < reps; r++) {
        const at = sharedArray(Float64Array, 1);
        // A hit about 40 ms of team work in: the loop is well under way when it comes.
        const h = Math.floor((40_000 / us) * threads * (0.8 + 0.4 * Math.random()));
        const opts = { schedule: 'dynamic', chunk, shared: { h, at, us } };
        const p = run(sync, opts);
        const value = sync ? p : await p;
        const end = wall();
        if (name === 'parallelFind' && value !== h) throw new Error(`parallelFind returned ${value}, expected ${h}`);
        if (r >= 0) lat.push(end - at[0]);
      }
      const s = stats(lat);
      const row = {
        construct: name,
        chunk,
        sync,
        chunkMs: one,
        ...s,
        ratio: { median: s.median / one, p99: s.p99 / one, max: s.max / one },
      };
      rows.push(row);
      console.log(
        `${name} | dynamic,${chunk} | ${sync ? 'sync' : 'async'} | ${one.toFixed(3)} | ${s.median.toFixed(3)} / ${s.p99.toFixed(3)} / ${s.max.toFixed(3)} | ${row.ratio.median.toFixed(2)} / ${row.ratio.p99.toFixed(2)} / ${row.ratio.max.toFixed(2)}`,
      );
    }
  }
}
await team.close();
if (process.env.PARFOR_BENCH_JSON) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(process.env.PARFOR_BENCH_JSON, JSON.stringify({ threads, us, reps, rows }, null, 1));
}

async function loadavg() {
  const os = await import('node:os');
  return os.loadavg()[0];
}

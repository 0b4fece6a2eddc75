// Where a new team's first loops spend their time: per-loop times of the first L sync empty loops
// on a new 2-thread team, in blocks (mean, median, p99, and the stalls over 200 µs). Not part of
// `npm run bench`; issue 12's warm-up notes (bench/results/issue-12-ab.txt) come from it.
// Usage: node [v8 flags] bench/warmup-profile.mjs [loops=4000] [block=500] [waitPolicy]
import { createTeam } from 'parfor';

const L = Number(process.argv[2] ?? 4000);
const B = Number(process.argv[3] ?? 500);
const waitPolicy = process.argv[4];
const empty = (i) => {
  void i;
};
const team = createTeam({ threads: 2, ...(waitPolicy ? { waitPolicy } : {}) });
await team.ready();
const d = new Float64Array(L);
for (let j = 0; j < L; j++) {
  const t0 = performance.now();
  team.parallelForSync(0, 2, empty);
  d[j] = (performance.now() - t0) * 1000;
}
await team.close();
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.floor(p * (a.length - 1))];
const f = (x) => x.toFixed(1).padStart(7);
console.log('loops          mean µs   p50 µs   p99 µs  stalls > 200 µs (total)');
for (let b = 0; b < L; b += B) {
  const s = d.subarray(b, b + B);
  const stalls = s.filter((x) => x > 200);
  const mean = s.reduce((x, y) => x + y, 0) / s.length;
  console.log(
    `${`${b}-${b + s.length}`.padEnd(13)} ${f(mean)}  ${f(pct(s, 0.5))}  ${f(pct(s, 0.99))}  ${String(stalls.length).padStart(4)} (${(stalls.reduce((x, y) => x + y, 0) / 1000).toFixed(1)} ms)`,
  );
}

// Exercise 15, the capstone: particles that push each other apart at short range.
// The starter is the plain O(n²) way: every particle looks at every other one, every step.
// Your tasks (docs/exercises/README.md, exercise 15):
//  1. Run it on the team: the force loop and the move loop are loops over particles.
//  2. Make it O(n): put the particles in square bins at least CUTOFF wide, and look only in a
//     particle's own bin and the 8 around it. Check it; then time it for n up to 32,000 and more.
//  3. Run the binned version on the team with a loop schedule, then with tasks.
//  4. Measure how the time per step grows with n and with threads, and plot it.
// Run: node docs/exercises/15-particles/start.mjs
import { shutdown } from 'parfor';
import { check, forceAll, growth, init, move } from './particles.mjs';

const STEPS = 20;
/** Runs STEPS steps of `step(s)` on n particles: the median ms per step, and the check. */
function simulate(n, step) {
  const s = init(n);
  const times = [];
  for (let k = 0; k < 3 + STEPS; k++) {
    const t0 = performance.now();
    step(s);
    if (k >= 3) times.push(performance.now() - t0); // the first 3 steps untimed: the engine compiles meanwhile
  }
  step.forces(s); // the accelerations for the final positions, for the check to compare
  times.sort((a, b) => a - b);
  return { ms: times[STEPS >> 1], ...check(s) };
}

// One step, serial and O(n²): all forces from the current positions, then every particle moves.
const naive = (s) => {
  naive.forces(s);
  for (let i = 0; i < s.n; i++) move(i, s);
};
naive.forces = (s) => {
  for (let i = 0; i < s.n; i++) forceAll(i, s);
};

const points = [];
for (const n of [400, 800, 1600]) {
  const r = simulate(n, naive);
  points.push([n, r.ms]);
  console.log(`O(n²), serial  n = ${String(n).padStart(6)}  ${r.ms.toFixed(2).padStart(8)} ms a step  checked: ${r.ok}`);
}
console.log(`time grows like n^${growth(points).toFixed(2)}`);
await shutdown();

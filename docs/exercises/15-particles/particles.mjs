// Exercise 15's shared code: particles in a periodic square box that push each other apart when
// they come closer than CUTOFF, in the spirit of Berkeley CS267's particle homework. The state lives
// in shared memory, so loop bodies and tasks can read and write it in place.
import { kernel, sharedArray } from 'parfor';

export const CUTOFF = 0.01; // particles farther apart than this do not interact
export const DENSITY = 0.0005; // box area per particle: the box grows with n, the density does not
export const STIFFNESS = 1000; // the push at distance 0; it falls linearly to 0 at CUTOFF
export const DT = 0.0005; // time step; about 40 per period of a colliding pair's bounce
const MIN_R = CUTOFF / 100; // two particles on the same spot push along the line they came in on

/**
 * n particles at random positions (fixed seed) with random velocities in [-1, 1], shifted so the
 * total momentum is 0. Everything a step reads or writes is in `shared` arrays.
 */
export function init(n, seed = 42) {
  if (!Number.isInteger(n) || n < 200) throw new RangeError(`n must be an integer of at least 200, got ${n}`);
  const size = Math.sqrt(DENSITY * n);
  const s = { n, size, x: 0, y: 0, vx: 0, vy: 0, ax: 0, ay: 0 };
  for (const k of ['x', 'y', 'vx', 'vy', 'ax', 'ay']) s[k] = sharedArray(Float64Array, n);
  let r = seed >>> 0;
  const rand = () => {
    r = (Math.imul(r, 1664525) + 1013904223) >>> 0;
    return r / 2 ** 32;
  };
  for (let i = 0; i < n; i++) {
    s.x[i] = rand() * size;
    s.y[i] = rand() * size;
    s.vx[i] = rand() * 2 - 1;
    s.vy[i] = rand() * 2 - 1;
  }
  for (const v of [s.vx, s.vy]) {
    const mean = v.reduce((a, b) => a + b, 0) / n;
    for (let i = 0; i < n; i++) v[i] -= mean;
  }
  return s;
}

/**
 * The push of particle j on particle i, added into out[0], out[1]. Distances are taken the short
 * way round the periodic box, and the push on j from i is exactly the negative of this one.
 */
export function addForce(i, j, { x, y, size }, out) {
  let dx = x[j] - x[i];
  let dy = y[j] - y[i];
  const half = size / 2;
  if (dx > half) dx -= size;
  else if (dx < -half) dx += size;
  if (dy > half) dy -= size;
  else if (dy < -half) dy += size;
  const r2 = dx * dx + dy * dy;
  if (r2 >= CUTOFF * CUTOFF) return;
  const r = Math.sqrt(Math.max(r2, MIN_R * MIN_R));
  const f = (STIFFNESS * (1 - r / CUTOFF)) / r;
  out[0] -= f * dx;
  out[1] -= f * dy;
}

const acc = new Float64Array(2); // per thread: every thread loads its own copy of this module
/** The O(n²) way, as a loop body: particle i's acceleration from every other particle. */
export function forceAll(i, s) {
  acc[0] = 0;
  acc[1] = 0;
  for (let j = 0; j < s.n; j++) if (j !== i) addForce(i, j, s, acc);
  s.ax[i] = acc[0];
  s.ay[i] = acc[1];
}

/** One time step for particle i, as a loop body: velocity, then position, wrapped into the box. */
export function move(i, { x, y, vx, vy, ax, ay, size }) {
  vx[i] += ax[i] * DT;
  vy[i] += ay[i] * DT;
  x[i] += vx[i] * DT;
  y[i] += vy[i] * DT;
  if (x[i] < 0) x[i] += size;
  else if (x[i] >= size) x[i] -= size;
  if (y[i] < 0) y[i] += size;
  else if (y[i] >= size) y[i] -= size;
}

const here = new URL(import.meta.url);
export const forceAllBody = kernel(here, 'forceAll');
export const moveBody = kernel(here, 'move');

/**
 * Checks a run. Physics: every push has an equal and opposite one, so the total momentum stays 0;
 * a missed, doubled or lost push breaks that. Oracle: recompute `sample` particles' accelerations
 * the O(n²) way from the current positions and compare them with s.ax/s.ay, which the code under
 * test must just have computed for these positions. Returns { ok, momentum, forceError, pairs }.
 */
export function check(s, sample = 500) {
  let px = 0;
  let py = 0;
  let scale = 0;
  for (let i = 0; i < s.n; i++) {
    px += s.vx[i];
    py += s.vy[i];
    scale += Math.abs(s.vx[i]) + Math.abs(s.vy[i]);
  }
  const momentum = Math.hypot(px, py) / scale;
  let forceError = 0;
  let pairs = 0;
  const out = new Float64Array(2);
  const step = Math.max(1, Math.floor(s.n / sample));
  for (let i = 0; i < s.n; i += step) {
    out[0] = 0;
    out[1] = 0;
    let magnitude = 0;
    for (let j = 0; j < s.n; j++) {
      if (j === i) continue;
      const bx = out[0];
      const by = out[1];
      addForce(i, j, s, out);
      if (out[0] !== bx || out[1] !== by) pairs++;
      magnitude += Math.abs(out[0] - bx) + Math.abs(out[1] - by);
    }
    const err = Math.abs(out[0] - s.ax[i]) + Math.abs(out[1] - s.ay[i]);
    // sums taken in another order round differently: allow 1e-9 of the pushes' total size
    forceError = Math.max(forceError, err / (magnitude + Number.MIN_VALUE));
  }
  return { ok: momentum < 1e-9 && forceError < 1e-9, momentum, forceError, pairs };
}

/** Fits time ∝ n^k through (n, time) points by least squares on their logarithms: returns k. */
export function growth(points) {
  const xs = points.map(([n]) => Math.log(n));
  const ys = points.map(([, t]) => Math.log(t));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let k = 0; k < xs.length; k++) {
    num += (xs[k] - mx) * (ys[k] - my);
    den += (xs[k] - mx) ** 2;
  }
  return num / den;
}

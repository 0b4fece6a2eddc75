// Exercise 15's binned forces, a solution. Square bins at least CUTOFF wide: a particle's
// neighbours are all in its own bin or the 8 around it (round the periodic box), so a step costs
// O(n) instead of O(n²). Each bin is a linked list through two arrays: head[b] is the first particle
// in bin b (-1: none), link[i] the one after particle i. The bins are rebuilt every step.
import { kernel, sharedArray } from 'parfor';
import { addForce, CUTOFF } from './particles.mjs';

/** The state s with its bins. */
export function withBins(s) {
  const nb = Math.floor(s.size / CUTOFF); // bins per side; each is size/nb ≥ CUTOFF wide
  return {
    ...s,
    nb,
    binWidth: s.size / nb,
    head: sharedArray(Int32Array, nb * nb),
    link: sharedArray(Int32Array, s.n),
    bin: sharedArray(Int32Array, s.n),
  };
}

function binOf(i, { x, y, nb, binWidth }) {
  return Math.min(nb - 1, Math.floor(y[i] / binWidth)) * nb + Math.min(nb - 1, Math.floor(x[i] / binWidth));
}

/** Rebuilds the bins on one thread: each particle is pushed onto its bin's list. */
export function rebuild(s) {
  s.head.fill(-1);
  for (let i = 0; i < s.n; i++) {
    const b = binOf(i, s);
    s.bin[i] = b;
    s.link[i] = s.head[b];
    s.head[b] = i;
  }
}

/**
 * The same push as a loop body, for every thread at once (after s.head.fill(-1)). Two threads may
 * push onto one bin together: Atomics.exchange swaps in the new head and returns the old one in one
 * step, so neither push is lost (the race of exercises 4 and 10, on a list).
 */
export function insert(i, s) {
  const b = binOf(i, s);
  s.bin[i] = b;
  s.link[i] = Atomics.exchange(s.head, b, i);
}

const acc = new Float64Array(2); // one per thread: each thread loads its own copy of this module
/** Particle i's acceleration from the particles in the 9 bins around its own. A loop body. */
export function forceBinned(i, s) {
  const { nb, head, link, bin } = s;
  const bx = bin[i] % nb;
  const by = (bin[i] - bx) / nb;
  acc[0] = 0;
  acc[1] = 0;
  for (let dy = -1; dy <= 1; dy++) {
    const row = ((by + dy + nb) % nb) * nb;
    for (let dx = -1; dx <= 1; dx++) {
      for (let j = head[row + ((bx + dx + nb) % nb)]; j !== -1; j = link[j]) {
        if (j !== i) addForce(i, j, s, acc);
      }
    }
  }
  s.ax[i] = acc[0];
  s.ay[i] = acc[1];
}

/** The forces as tasks: split the range of particles in two until it is at most `grain` long. */
export function forcesTask(ctx, s, lo, hi) {
  if (hi - lo <= s.grain) {
    for (let i = lo; i < hi; i++) forceBinned(i, s);
    return;
  }
  const mid = (lo + hi) >>> 1;
  ctx.spawn('forces', lo, mid);
  ctx.spawn('forces', mid, hi);
  ctx.wait();
}

const here = new URL(import.meta.url);
export const forceBinnedBody = kernel(here, 'forceBinned');
export const insertBody = kernel(here, 'insert');
export const tasks = { forces: kernel(here, 'forcesTask') };

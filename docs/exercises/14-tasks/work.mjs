// Exercise 14's shared code: a linked list in shared memory whose nodes carry uneven work, and a
// quicksort on a shared Float64Array. A task runs on another thread and sees only its module, its
// arguments and `shared`: write your tasks in a module of their own that imports what they call
// from here, and name them with kernel(url, name).
import { sharedArray } from 'parfor';

/** The work a node asks for: the n-th Fibonacci number, computed slowly (about fib(n) calls). */
export function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/**
 * A list of `n` nodes in shared memory, linked in a shuffled order, as a list built by inserts
 * would be: `next[p]` is the node after p (-1 at the end), `work[p]` its Fibonacci argument
 * (12-24, so some nodes cost 100 times others). Fixed seed: the same list every run.
 */
export function makeList(n, seed = 12345) {
  const order = Array.from({ length: n }, (_, i) => i);
  let x = seed;
  const rand = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const next = sharedArray(Int32Array, n);
  const work = sharedArray(Int32Array, n);
  for (let k = 0; k < n; k++) {
    next[order[k]] = k + 1 < n ? order[k + 1] : -1;
    work[order[k]] = 12 + Math.floor(rand() * 13);
  }
  return { head: order[0], next, work };
}

/**
 * Hoare partition of a[lo, hi) around the median of its first, middle and last values: returns m
 * with lo < m < hi, every value in [lo, m) ≤ every value in [m, hi).
 */
export function partition(a, lo, hi) {
  const x = a[lo];
  const y = a[(lo + hi) >>> 1];
  const z = a[hi - 1];
  const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
  let i = lo - 1;
  let j = hi;
  for (;;) {
    do i++;
    while (a[i] < pivot);
    do j--;
    while (a[j] > pivot);
    if (i >= j) return j + 1;
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** Serial quicksort of a[lo, hi): partition, then each side; short ranges by the built-in sort. */
export function quicksort(a, lo, hi, cutoff) {
  while (hi - lo > cutoff) {
    const m = partition(a, lo, hi);
    quicksort(a, lo, m, cutoff);
    lo = m;
  }
  a.subarray(lo, hi).sort();
}

/* The task benchmarks' C OpenMP reference (bench/tasks.mjs): fib with a serial cut-off, and a
 * quicksort of doubles, with OpenMP tasks, as parfor's bench runs them.
 *   parfor-c-tasks fib N CUTOFF THREADS REPEAT      parfor-c-tasks qsort N CUTOFF THREADS REPEAT
 *   parfor-c-tasks uts B0 WORK THREADS REPEAT (the unbalanced tree: root children, hash rounds a node)
 * Prints one JSON line: per-run times in ms and the result (fib; uts: the node count) or a check
 * (qsort: 1 if sorted). */
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* noipa: without it gcc folds the recursion at the cut-off's constant depths into almost nothing,
 * and the leaves would not do the work the JS leaves do (a plain doubly recursive call). */
__attribute__((noipa)) static double fib_serial(int n) { return n < 2 ? n : fib_serial(n - 1) + fib_serial(n - 2); }

static double fib(int n, int cutoff) {
  if (n < cutoff) return fib_serial(n);
  double x, y;
#pragma omp task shared(x)
  x = fib(n - 1, cutoff);
#pragma omp task shared(y)
  y = fib(n - 2, cutoff);
#pragma omp taskwait
  return x + y;
}

/* The unbalanced tree (bench/tasks.mjs, uts): murmur3's finaliser as the hash, one task per child. */
static uint32_t fmix(uint32_t v) {
  v ^= v >> 16; v *= 0x85ebca6bu; v ^= v >> 13; v *= 0xc2b2ae35u; v ^= v >> 16;
  return v;
}

static long uts(uint32_t h, int depth, long b0, long work) {
  uint32_t x = h;
  for (long k = 0; k < work; k++) x = fmix(x + (uint32_t)k);
  long children = depth == 0 ? b0 : (fmix(x) % 1000 < 199 ? 5 : 0);
  if (children == 0) return 1;
  long *counts = malloc(sizeof(long) * children);
  for (long i = 0; i < children; i++) {
#pragma omp task shared(counts) firstprivate(i)
    counts[i] = uts(fmix(x + (uint32_t)i + 1), depth + 1, b0, work);
  }
#pragma omp taskwait
  long n = 1;
  for (long i = 0; i < children; i++) n += counts[i];
  free(counts);
  return n;
}

static void insertion(double *a, long lo, long hi) {
  for (long i = lo + 1; i < hi; i++) {
    double v = a[i];
    long j = i - 1;
    while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}

/* Hoare partition around the middle element, then the two sides as tasks down to `cutoff`. */
static void qs(double *a, long lo, long hi, long cutoff) {
  if (hi - lo <= 32) { insertion(a, lo, hi); return; }
  double p = a[lo + (hi - lo) / 2];
  long i = lo - 1, j = hi;
  for (;;) {
    do i++; while (a[i] < p);
    do j--; while (a[j] > p);
    if (i >= j) break;
    double t = a[i]; a[i] = a[j]; a[j] = t;
  }
  if (hi - lo < cutoff) { qs(a, lo, j + 1, cutoff); qs(a, j + 1, hi, cutoff); return; }
#pragma omp task
  qs(a, lo, j + 1, cutoff);
#pragma omp task
  qs(a, j + 1, hi, cutoff);
#pragma omp taskwait
}

/* The same pseudo-random doubles as the JS side: x_{k+1} = (x_k * 48271) mod (2^31 - 1), from 1. */
static void fill(double *a, long n) {
  unsigned long long x = 1;
  for (long i = 0; i < n; i++) { x = (x * 48271ULL) % 2147483647ULL; a[i] = (double)x / 2147483647.0; }
}

int main(int argc, char **argv) {
  if (argc != 6) { fprintf(stderr, "usage: %s fib|qsort N CUTOFF THREADS REPEAT\n", argv[0]); return 2; }
  const char *what = argv[1];
  long n = atol(argv[2]), cutoff = atol(argv[3]);
  int threads = atoi(argv[4]), repeat = atoi(argv[5]);
  omp_set_num_threads(threads);
  double *a = strcmp(what, "qsort") == 0 ? malloc(sizeof(double) * n) : NULL;
  double result = 0;
  printf("{\"ms\":[");
  for (int r = 0; r < repeat; r++) {
    if (a) fill(a, n);
    double t0 = omp_get_wtime();
#pragma omp parallel
#pragma omp single
    {
      if (a) qs(a, 0, n, cutoff);
      else if (strcmp(what, "uts") == 0) result = (double)uts(1, 0, n, cutoff);
      else result = fib((int)n, (int)cutoff);
    }
    double t1 = omp_get_wtime();
    printf("%s%.4f", r ? "," : "", (t1 - t0) * 1000);
  }
  if (a) { result = 1; for (long i = 1; i < n; i++) if (a[i - 1] > a[i]) { result = 0; break; } }
  printf("],\"result\":%.17g}\n", result);
  free(a);
  return 0;
}

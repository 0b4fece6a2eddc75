/*
 * EPCC-style overheads of libgomp, for the bench's overhead table: the time of
 * one `parallel for` over THREADS empty iterations, and of one barrier inside a
 * parallel region. Each sample times BATCH constructs; prints the median, min
 * and max microseconds per construct over SAMPLES samples, as JSON lines.
 *   parfor-c-overhead THREADS SAMPLES
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

enum { BATCH = 2000 };

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void report(const char *name, double *t, int n) {
  qsort(t, n, sizeof(double), cmp);
  printf("{\"construct\":\"%s\",\"median\":%.4f,\"min\":%.4f,\"max\":%.4f,\"samples\":%d}\n", name, t[n / 2], t[0], t[n - 1], n);
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s THREADS SAMPLES\n", argv[0]); return 2; }
  int threads = atoi(argv[1]), samples = atoi(argv[2]);
  omp_set_num_threads(threads);
  double *t = malloc(sizeof(double) * samples);
  volatile int sink = 0;
  for (int s = -1; s < samples; s++) {
    double t0 = omp_get_wtime();
    for (int k = 0; k < BATCH; k++) {
#pragma omp parallel for schedule(static)
      for (int i = 0; i < threads; i++) sink += 0;
    }
    if (s >= 0) t[s] = (omp_get_wtime() - t0) * 1e6 / BATCH;
  }
  report("C OpenMP: parallel for, empty, T iterations", t, samples);
  for (int s = -1; s < samples; s++) {
    double t0 = 0;
#pragma omp parallel
    {
#pragma omp master
      t0 = omp_get_wtime();
#pragma omp barrier
      for (int k = 0; k < BATCH; k++) {
#pragma omp barrier
      }
#pragma omp master
      if (s >= 0) t[s] = (omp_get_wtime() - t0) * 1e6 / BATCH;
    }
  }
  report("C OpenMP: barrier inside a parallel region", t, samples);
  free(t);
  return sink;
}

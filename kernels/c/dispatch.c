/*
 * Per-call times of libgomp's empty constructs, for the bench's dispatch
 * suite (bench/dispatch.mjs): what one `parallel for` over THREADS empty
 * iterations, one `parallel for reduction(+)`, one empty `parallel` region
 * and one task tree of a root and one child (`parallel` + `single`, a task
 * that spawns an empty task and waits for it) cost, call by call, so that tails can be compared and not only means.
 * WARM untimed calls first, then CALLS timed ones; then, EPCC's way, OUTER
 * batches of INNER calls timed as a whole (no clock read per call). Prints a
 * first line with the OUTER batch means (µs per construct), then each call's
 * time in microseconds, one per line.
 *   parfor-c-dispatch CONSTRUCT THREADS CALLS WARM
 * CONSTRUCT: for | reduce | region | tasks | dynamic (a `parallel for
 * schedule(dynamic)`, beside parfor's adaptive schedule) | ordered (a
 * `parallel for schedule(static,1) ordered` whose every iteration has an
 * empty `ordered` block: EPCC's ORDERED shape)
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile double sink;

static void one(int construct, int threads) {
  if (construct == 0) {
#pragma omp parallel for schedule(static)
    for (int i = 0; i < threads; i++) sink += 0;
  } else if (construct == 1) {
    double acc = 0;
#pragma omp parallel for schedule(static) reduction(+ : acc)
    for (int i = 0; i < threads; i++) acc += 0;
    sink = acc;
  } else if (construct == 4) {
#pragma omp parallel for schedule(dynamic)
    for (int i = 0; i < threads; i++) sink += 0;
  } else if (construct == 5) {
#pragma omp parallel for schedule(static, 1) ordered
    for (int i = 0; i < threads; i++) {
#pragma omp ordered
      { sink += 0; }
    }
  } else if (construct == 2) {
#pragma omp parallel
    { sink += 0; }
  } else {
#pragma omp parallel
#pragma omp single
    {
#pragma omp task
      {
#pragma omp task
        { sink += 0; }
#pragma omp taskwait
      }
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s for|reduce|region|tasks|dynamic|ordered THREADS CALLS WARM\n", argv[0]);
    return 2;
  }
  int construct = strcmp(argv[1], "for") == 0      ? 0
                  : strcmp(argv[1], "reduce") == 0 ? 1
                  : strcmp(argv[1], "region") == 0 ? 2
                  : strcmp(argv[1], "tasks") == 0  ? 3
                  : strcmp(argv[1], "dynamic") == 0 ? 4
                  : strcmp(argv[1], "ordered") == 0 ? 5
                                                   : -1;
  if (construct < 0) {
    fprintf(stderr, "unknown construct %s\n", argv[1]);
    return 2;
  }
  int threads = atoi(argv[2]), calls = atoi(argv[3]), warm = atoi(argv[4]);
  omp_set_num_threads(threads);
  double *t = malloc(sizeof(double) * calls);
  for (int k = 0; k < warm; k++) one(construct, threads);
  for (int k = 0; k < calls; k++) {
    double t0 = omp_get_wtime();
    one(construct, threads);
    t[k] = (omp_get_wtime() - t0) * 1e6;
  }
  enum { OUTER = 20, INNER = 1000 };
  for (int r = 0; r < OUTER; r++) {
    double t0 = omp_get_wtime();
    for (int k = 0; k < INNER; k++) one(construct, threads);
    printf("%s%.4f", r == 0 ? "" : " ", (omp_get_wtime() - t0) * 1e6 / INNER);
  }
  printf("\n");
  for (int k = 0; k < calls; k++) printf("%.3f\n", t[k]);
  free(t);
  return 0;
}

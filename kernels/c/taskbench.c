/* The task-overhead reference for bench/taskbench.mjs, after EPCC's taskbench method (v4.0):
 * a calibrated delay loop, INNER task instances per thread per timed run, OUTER timed runs after one
 * warm-up, and overhead = (test time - reference time) / INNER per run, in microseconds.
 *   parfor-c-taskbench THREADS INNER OUTER DELAY_NS TREE_DEPTH
 * Prints one JSON line: { delayLen, ref: [...], PARALLEL_TASK: [...], MASTER_TASK: [...],
 * TASK_WAIT: [...], TREE: [...] }, each list the per-run time divided by INNER, in µs. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile double sink;

__attribute__((noinline)) static void delay(long len) {
  double a = 0;
  for (long i = 0; i < len; i++) a += (double)i;
  if (a < 0) sink = a;
}

/* The delay length whose call takes about `ns` (EPCC grows it by 10% until 1000 calls average enough). */
static long calibrate(double ns) {
  long len = 1;
  for (;;) {
    double t0 = omp_get_wtime();
    for (int k = 0; k < 1000; k++) delay(len);
    double per = (omp_get_wtime() - t0) * 1e9 / 1000;
    if (per >= ns) return len;
    len = (long)(1.1 * (double)len) + 1;
  }
}

static long LEN;

static void node(int depth) {
  delay(LEN);
  if (depth > 1) {
#pragma omp task
    node(depth - 1);
#pragma omp task
    node(depth - 1);
  }
}

static double run(const char *what, int inner, int depth) {
  double t0 = omp_get_wtime();
  if (strcmp(what, "ref") == 0) {
    for (int j = 0; j < inner; j++) delay(LEN);
  } else if (strcmp(what, "PARALLEL_TASK") == 0) {
#pragma omp parallel
    for (int j = 0; j < inner; j++) {
#pragma omp task
      delay(LEN);
    }
  } else if (strcmp(what, "MASTER_TASK") == 0) {
#pragma omp parallel
#pragma omp master
    for (int j = 0; j < inner * omp_get_num_threads(); j++) {
#pragma omp task
      delay(LEN);
    }
  } else if (strcmp(what, "TASK_WAIT") == 0) {
#pragma omp parallel
    for (int j = 0; j < inner; j++) {
#pragma omp task
      delay(LEN);
#pragma omp taskwait
    }
  } else {
    int nodes = (1 << depth) - 1;
#pragma omp parallel
    for (int j = 0; j < inner / nodes; j++) {
#pragma omp task
      node(depth);
    }
  }
  return (omp_get_wtime() - t0) * 1e6 / inner;
}

int main(int argc, char **argv) {
  if (argc != 6) { fprintf(stderr, "usage: %s THREADS INNER OUTER DELAY_NS TREE_DEPTH\n", argv[0]); return 2; }
  int threads = atoi(argv[1]), inner = atoi(argv[2]), outer = atoi(argv[3]), depth = atoi(argv[5]);
  omp_set_num_threads(threads);
  LEN = calibrate(atof(argv[4]));
  const char *tests[] = {"ref", "PARALLEL_TASK", "MASTER_TASK", "TASK_WAIT", "TREE"};
  printf("{\"delayLen\":%ld", LEN);
  for (int t = 0; t < 5; t++) {
    run(tests[t], inner, depth); /* warm-up */
    printf(",\"%s\":[", tests[t]);
    for (int r = 0; r < outer; r++) printf("%s%.5f", r ? "," : "", run(tests[t], inner, depth));
    printf("]");
  }
  printf("}\n");
  return 0;
}

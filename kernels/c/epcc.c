/*
 * libgomp's side of the bench's EPCC suite (bench/epcc.mjs): EPCC's
 * syncbench and schedbench method (the public EPCC OpenMP micro-benchmarks,
 * v4.0, read for the method; this is our own code), one test after another:
 *   - a delay loop calibrated to DELAY_US microseconds;
 *   - for each test, its reference and the test itself, each with its own
 *     repetition count, doubled from 10 until one run takes at least
 *     TEST_US microseconds;
 *   - one untimed run, then OUTER timed runs of each, in microseconds per
 *     construct instance (per loop, for the schedules).
 * Prints one JSON line per test: {"test", "delayLength", "innerreps",
 * "ref": [...], "times": [...]}. The overhead is computed by the caller.
 *   parfor-c-epcc THREADS OUTER TEST_US DELAY_US TEST...
 * TEST: PARALLEL FOR PARALLEL_FOR BARRIER SINGLE CRITICAL LOCK_CONTENDED
 * LOCK_UNCONTENDED ORDERED ATOMIC REDUCTION, or STATIC_<c>, DYNAMIC_<c>,
 * GUIDED_<c> (c = 0: no chunk) over ITERS_PER_THREAD iterations per thread,
 * run with schedule(runtime) after omp_set_schedule.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITERS_PER_THREAD 1024

static int threads;
static int delay_length;
static volatile double sink;
static double shared_sum;
static omp_lock_t lock;

static void delay(int len) {
  double a = 0;
  for (int i = 0; i < len; i++) a += i;
  if (a < 0) sink = a;
}

static double now_us(void) { return omp_get_wtime() * 1e6; }

/* The shortest delay length whose 1,000 calls average at least `us` microseconds. */
static int calibrate(double us) {
  double len = 0;
  for (;;) {
    int l = (int)len;
    double t0 = now_us();
    for (int k = 0; k < 1000; k++) delay(l);
    if ((now_us() - t0) / 1000 >= us) return l;
    len = 1.1 * len + 1;
  }
}

/* ---- the references ---- */
static void ref_delay(int reps) {
  for (int r = 0; r < reps; r++) delay(delay_length);
}
static void ref_atomic(int reps) {
  for (int r = 0; r < reps; r++) shared_sum += 1;
}
static void ref_reduction(int reps) {
  for (int r = 0; r < reps; r++) {
    delay(delay_length);
    shared_sum += 1;
  }
}
static void ref_sched(int reps) {
  for (int r = 0; r < reps; r++)
    for (int k = 0; k < ITERS_PER_THREAD; k++) delay(delay_length);
}

/* ---- the tests ---- */
static void t_parallel(int reps) {
  for (int r = 0; r < reps; r++) {
#pragma omp parallel
    delay(delay_length);
  }
}
static void t_for(int reps) {
#pragma omp parallel
  for (int r = 0; r < reps; r++) {
#pragma omp for
    for (int i = 0; i < threads; i++) delay(delay_length);
  }
}
static void t_parallel_for(int reps) {
  for (int r = 0; r < reps; r++) {
#pragma omp parallel for
    for (int i = 0; i < threads; i++) delay(delay_length);
  }
}
static void t_barrier(int reps) {
#pragma omp parallel
  for (int r = 0; r < reps; r++) {
    delay(delay_length);
#pragma omp barrier
  }
}
static void t_single(int reps) {
#pragma omp parallel
  for (int r = 0; r < reps; r++) {
#pragma omp single
    delay(delay_length);
  }
}
static void t_critical(int reps) {
#pragma omp parallel
  for (int r = 0; r < reps / threads; r++) {
#pragma omp critical
    delay(delay_length);
  }
}
/* `reps` delays, each holding the lock. */
static void locked_delays(int reps) {
  for (int r = 0; r < reps; r++) {
    omp_set_lock(&lock);
    delay(delay_length);
    omp_unset_lock(&lock);
  }
}
static void t_lock_contended(int reps) {
#pragma omp parallel
  locked_delays(reps / threads);
}
static void t_lock_uncontended(int reps) {
#pragma omp parallel
#pragma omp master
  locked_delays(reps);
}
static void t_ordered(int reps) {
#pragma omp parallel for ordered schedule(static, 1)
  for (int r = 0; r < reps; r++) {
#pragma omp ordered
    delay(delay_length);
  }
}
static void t_atomic(int reps) {
#pragma omp parallel
  for (int r = 0; r < reps / threads; r++) {
#pragma omp atomic
    shared_sum += 1;
  }
}
static void t_reduction(int reps) {
  for (int r = 0; r < reps; r++) {
    double acc = 0;
#pragma omp parallel reduction(+ : acc)
    {
      delay(delay_length);
      acc += 1;
    }
    shared_sum += acc;
  }
}
static void t_sched(int reps) {
#pragma omp parallel
  for (int r = 0; r < reps; r++) {
#pragma omp for schedule(runtime)
    for (int i = 0; i < ITERS_PER_THREAD * threads; i++) delay(delay_length);
  }
}

/* Repetitions for `f`: doubled from 10 until one run takes at least `test_us`. */
static int size_reps(void (*f)(int), double test_us) {
  int reps = 10;
  f(reps); /* warm: the first run of a construct is not what is sized */
  for (;;) {
    double t0 = now_us();
    f(reps);
    if (now_us() - t0 >= test_us || reps > (1 << 28)) return reps;
    reps *= 2;
  }
}

/* One untimed run, then `outer` timed ones of `reps`; prints µs per instance. */
static void series(void (*f)(int), int reps, int outer) {
  f(reps);
  for (int k = 0; k < outer; k++) {
    double t0 = now_us();
    f(reps);
    printf("%s%.6f", k ? "," : "", (now_us() - t0) / reps);
  }
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: parfor-c-epcc THREADS OUTER TEST_US DELAY_US TEST...\n");
    return 2;
  }
  threads = atoi(argv[1]);
  int outer = atoi(argv[2]);
  double test_us = atof(argv[3]);
  double delay_us = atof(argv[4]);
  omp_set_num_threads(threads);
  omp_set_dynamic(0);
  omp_init_lock(&lock);
  delay_length = calibrate(delay_us);
  /* The team exists before anything is sized: its start is not a test's cost. */
#pragma omp parallel
  delay(delay_length);
  for (int a = 5; a < argc; a++) {
    const char *name = argv[a];
    void (*test)(int) = 0;
    void (*ref)(int) = ref_delay;
    int chunk = 0;
    if (!strcmp(name, "PARALLEL")) test = t_parallel;
    else if (!strcmp(name, "FOR")) test = t_for;
    else if (!strcmp(name, "PARALLEL_FOR")) test = t_parallel_for;
    else if (!strcmp(name, "BARRIER")) test = t_barrier;
    else if (!strcmp(name, "SINGLE")) test = t_single;
    else if (!strcmp(name, "CRITICAL")) test = t_critical;
    else if (!strcmp(name, "LOCK_CONTENDED")) test = t_lock_contended;
    else if (!strcmp(name, "LOCK_UNCONTENDED")) test = t_lock_uncontended;
    else if (!strcmp(name, "ORDERED")) test = t_ordered;
    else if (!strcmp(name, "ATOMIC")) test = t_atomic, ref = ref_atomic;
    else if (!strcmp(name, "REDUCTION")) test = t_reduction, ref = ref_reduction;
    else if (!strncmp(name, "STATIC_", 7)) test = t_sched, ref = ref_sched, chunk = atoi(name + 7), omp_set_schedule(omp_sched_static, chunk);
    else if (!strncmp(name, "DYNAMIC_", 8)) test = t_sched, ref = ref_sched, chunk = atoi(name + 8), omp_set_schedule(omp_sched_dynamic, chunk);
    else if (!strncmp(name, "GUIDED_", 7)) test = t_sched, ref = ref_sched, chunk = atoi(name + 7), omp_set_schedule(omp_sched_guided, chunk);
    if (!test) {
      fprintf(stderr, "unknown test %s\n", name);
      return 2;
    }
    int ref_reps = size_reps(ref, test_us);
    int reps = size_reps(test, test_us);
    printf("{\"test\":\"%s\",\"delayLength\":%d,\"innerreps\":%d,\"ref\":[", name, delay_length, reps);
    series(ref, ref_reps, outer);
    printf("],\"times\":[");
    series(test, reps, outer);
    printf("]}\n");
    fflush(stdout);
  }
  omp_destroy_lock(&lock);
  return sink == 12345 ? 1 : 0;
}

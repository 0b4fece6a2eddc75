/*
 * The bench's C OpenMP reference: the same kernels as the .mjs modules in kernels/, the same
 * arithmetic in the same order, so outputs match the JS ones byte for byte
 * (pi to rounding). Built by the bench with: gcc -O2 -fopenmp kernels.c -o parfor-c
 *
 *   parfor-c KERNEL SIZE REPEATS THREADS SCHEDULE
 *
 * Prints one JSON line: median/min/max seconds of REPEATS timed runs (after one
 * untimed warm-up) and an FNV-1a hash of the output bytes (pi: the value).
 */
#include <omp.h>
#include <sys/resource.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t fnv1a(const void *p, size_t n) {
  const unsigned char *b = p;
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) { h ^= b[i]; h *= 16777619u; }
  return h;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void fill(double *m, long n) {
#pragma omp parallel for schedule(runtime)
  for (long i = 0; i < n; i++) {
    double ii = (double)(i * i);
    for (long j = 0; j < n; j++) m[i * n + j] = ii + (double)(j * j);
  }
}

static void mandelbrot(int32_t *img, long size) {
#pragma omp parallel for schedule(runtime)
  for (long i = 0; i < size; i++) {
    double y0 = -1 + (2.5 * (double)i) / (double)size;
    for (long j = 0; j < size; j++) {
      double x0 = -2 + (2.5 * (double)j) / (double)size;
      double x = 0, y = 0;
      int k = 0;
      while (k < 500) {
        double x2 = x * x, y2 = y * y;
        if (x2 + y2 > 4) break;
        y = 2 * x * y + y0;
        x = x2 - y2 + x0;
        k++;
      }
      img[i * size + j] = k;
    }
  }
}

static void sumto(double *out, long n) {
#pragma omp parallel for schedule(runtime)
  for (long i = 0; i < n; i++) {
    double s = 0;
    for (long j = 0; j < i; j++) s += (double)j;
    out[i] = s;
  }
}

static void fill_inputs(long n, double *A, double *B) {
  for (long i = 0; i < n; i++)
    for (long k = 0; k < n; k++) {
      A[i * n + k] = (double)((i * 7 + k * 3) % 17) / 8;
      B[i * n + k] = (double)((i * 5 + k * 11) % 13) / 8;
    }
}

static void matmul(double *C, const double *A, const double *B, long n) {
#pragma omp parallel for schedule(runtime)
  for (long i = 0; i < n; i++) {
    double *c = C + i * n;
    for (long j = 0; j < n; j++) c[j] = 0;
    for (long k = 0; k < n; k++) {
      double a = A[i * n + k];
      const double *b = B + k * n;
      for (long j = 0; j < n; j++) c[j] += a * b[j];
    }
  }
}

static double pi(long steps) {
  double h = 1.0 / (double)steps, sum = 0;
#pragma omp parallel for schedule(runtime) reduction(+ : sum)
  for (long i = 0; i < steps; i++) {
    double x = ((double)i + 0.5) * h;
    sum += 4 / (1 + x * x);
  }
  return sum / (double)steps;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s fill|mandelbrot|sumTo|matmul|pi SIZE REPEATS THREADS SCHEDULE\n", argv[0]);
    return 2;
  }
  const char *kernel = argv[1];
  long size = atol(argv[2]);
  int repeats = atoi(argv[3]);
  omp_set_num_threads(atoi(argv[4]));
  setenv("OMP_SCHEDULE", argv[5], 1);
  omp_sched_t kind = strncmp(argv[5], "dynamic", 7) == 0 ? omp_sched_dynamic
    : strncmp(argv[5], "guided", 6) == 0 ? omp_sched_guided : omp_sched_static;
  const char *comma = strchr(argv[5], ',');
  omp_set_schedule(kind, comma ? atoi(comma + 1) : 0);

  size_t bytes = 0;
  void *out = NULL;
  double *A = NULL, *B = NULL;
  if (strcmp(kernel, "fill") == 0 || strcmp(kernel, "matmul") == 0) bytes = (size_t)size * size * sizeof(double);
  else if (strcmp(kernel, "mandelbrot") == 0) bytes = (size_t)size * size * sizeof(int32_t);
  else if (strcmp(kernel, "sumTo") == 0) bytes = (size_t)size * sizeof(double);
  else if (strcmp(kernel, "pi") != 0) { fprintf(stderr, "unknown kernel %s\n", kernel); return 2; }
  if (bytes) { out = aligned_alloc(4096, (bytes + 4095) / 4096 * 4096); memset(out, 0, bytes); }
  if (strcmp(kernel, "matmul") == 0) {
    A = aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
    B = aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
    fill_inputs(size, A, B);
  }

  double *t = calloc(repeats, sizeof(double)), value = 0;
  for (int r = -1; r < repeats; r++) {
    double t0 = omp_get_wtime();
    if (strcmp(kernel, "fill") == 0) fill(out, size);
    else if (strcmp(kernel, "mandelbrot") == 0) mandelbrot(out, size);
    else if (strcmp(kernel, "sumTo") == 0) sumto(out, size);
    else if (strcmp(kernel, "matmul") == 0) matmul(out, A, B, size);
    else value = pi(size);
    if (r >= 0) t[r] = omp_get_wtime() - t0;
  }
  qsort(t, repeats, sizeof(double), cmp);
  printf("{\"kernel\":\"%s\",\"threads\":%d,\"median\":%.9f,\"min\":%.9f,\"max\":%.9f,",
         kernel, atoi(argv[4]), t[repeats / 2], t[0], t[repeats - 1]);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("\"maxRssMb\":%.1f,", ru.ru_maxrss / 1024.0);
  if (bytes) printf("\"hash\":%u}\n", fnv1a(out, bytes));
  else printf("\"value\":%.17g}\n", value);
  return 0;
}

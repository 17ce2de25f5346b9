/*
 * OpenBLAS's LU (dgetrf) called from C, the peer of Pullback's dense LU (comparison only, never a
 * dependency). For each order n given: a random matrix, uniform in [-1, 1), then on one thread
 *   factor   copy A into the work array, then dgetrf (DenseLu.refactor also copies A first)
 *   solve    dgetrs, one right-hand side, trans 'N'
 *   solve-t  dgetrs, trans 'T'
 * each timed call alone, REPEATS calls after REPEATS/10 + 10 untimed ones; prints the median,
 * min and max in nanoseconds of the process's CPU clock (-c, the figure to set beside the JVM's
 * thread CPU time on a shared machine) or the wall clock.
 *
 * usage: dense_lu [-c] [-r REPEATS] N...
 * output: one line per measurement: n solver op median_ns min_ns max_ns
 * Run with OPENBLAS_NUM_THREADS=1 (bench/native/dense-compare.sh does).
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info);
void dgetrs_(const char *trans, const int *n, const int *nrhs, const double *a, const int *lda, const int *ipiv,
             double *b, const int *ldb, int *info);

static clockid_t timing_clock = CLOCK_MONOTONIC;

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(timing_clock, &t);
    return (long long) t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int by_value(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return (x > y) - (x < y);
}

static void report(int n, const char *op, long long *t, int reps) {
    qsort(t, reps, sizeof *t, by_value);
    printf("%d openblas %s %lld %lld %lld\n", n, op, t[reps / 2], t[0], t[reps - 1]);
}

int main(int argc, char **argv) {
    int reps = 201, first = 1;
    while (first < argc && argv[first][0] == '-') {
        if (!strcmp(argv[first], "-c")) { timing_clock = CLOCK_PROCESS_CPUTIME_ID; first++; }
        else if (!strcmp(argv[first], "-r") && first + 1 < argc) { reps = atoi(argv[first + 1]); first += 2; }
        else { fprintf(stderr, "usage: dense_lu [-c] [-r REPEATS] N...\n"); return 2; }
    }
    if (reps < 3) reps = 3;
    printf("n solver op median_ns min_ns max_ns\n");
    long long *t = malloc(sizeof *t * reps);
    unsigned long long state = 42;
    for (int k = first; k < argc; k++) {
        int n = atoi(argv[k]), one = 1, info = 0;
        if (n <= 0) { fprintf(stderr, "dense_lu: bad order '%s'\n", argv[k]); return 2; }
        double *a = malloc(sizeof *a * n * n), *lu = malloc(sizeof *lu * n * n), *b = malloc(sizeof *b * n);
        int *ipiv = malloc(sizeof *ipiv * n);
        for (long i = 0; i < (long) n * n; i++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            a[i] = (double) (state >> 11) / 9007199254740992.0 * 2 - 1;
        }
        int warm = reps / 10 + 10;
        for (int r = -warm; r < reps; r++) {
            long long t0 = now_ns();
            memcpy(lu, a, sizeof *a * n * n);
            dgetrf_(&n, &n, lu, &n, ipiv, &info);
            long long t1 = now_ns();
            if (info < 0) { fprintf(stderr, "dense_lu: dgetrf info %d\n", info); return 1; }
            if (r >= 0) t[r] = t1 - t0;
        }
        report(n, "factor", t, reps);
        for (const char *trans = "NT"; *trans; trans++) {
            for (int r = -warm; r < reps; r++) {
                for (int i = 0; i < n; i++) b[i] = 1.0;
                long long t0 = now_ns();
                dgetrs_(trans, &n, &one, lu, &n, ipiv, b, &n, &info);
                long long t1 = now_ns();
                if (r >= 0) t[r] = t1 - t0;
            }
            report(n, *trans == 'N' ? "solve" : "solve-t", t, reps);
        }
        free(a); free(lu); free(b); free(ipiv);
    }
    free(t);
    return 0;
}

/*
 * SuiteSparse comparison driver for Pullback's sparse LU benchmarks (comparison only, never a
 * dependency). Reads Matrix Market files (coordinate real general), then times, on one thread:
 *   KLU:     klu_analyze, klu_factor, klu_refactor, klu_solve, klu_tsolve
 *   UMFPACK: umfpack_di_symbolic, umfpack_di_numeric, umfpack_di_solve (A and A^T)
 * Each operation is repeated and the median (and min/max) wall time from clock_gettime is printed,
 * with nnz(L+U) (diagonal counted once). KLU runs with its defaults (AMD, BTF on, tol 0.001,
 * max-row scaling) and, for comparability with Pullback (which has no BTF), with BTF off, once with
 * AMD and once with COLAMD.
 *
 * usage: klu_compare [-r REPEATS] A.mtx ...
 * output: one line per measurement: matrix solver op median_ns min_ns max_ns nnzLU
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <klu.h>
#include <umfpack.h>

typedef struct { int n, nnz; int *p, *i; double *x; } csc;

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static void report(const char *mat, const char *solver, const char *op, double *t, int r, long nnz) {
    qsort(t, r, sizeof(double), cmp_double);
    double med = r % 2 ? t[r / 2] : 0.5 * (t[r / 2 - 1] + t[r / 2]);
    printf("%-14s %-14s %-9s %14.0f %14.0f %14.0f %12ld\n", mat, solver, op, med, t[0], t[r - 1], nnz);
    fflush(stdout);
}

/* Reads coordinate real general Matrix Market; sums duplicates; rows sorted per column. */
static csc read_mtx(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(1); }
    char line[1024];
    if (!fgets(line, sizeof line, f) || strncmp(line, "%%MatrixMarket matrix coordinate real general", 45)) {
        fprintf(stderr, "%s: line 1: need '%%%%MatrixMarket matrix coordinate real general'\n", path);
        exit(1);
    }
    do { if (!fgets(line, sizeof line, f)) { fprintf(stderr, "%s: no size line\n", path); exit(1); } } while (line[0] == '%');
    int m, n, nz;
    if (sscanf(line, "%d %d %d", &m, &n, &nz) != 3 || m != n) { fprintf(stderr, "%s: bad or non-square size line\n", path); exit(1); }
    int *ti = malloc(sizeof(int) * nz), *tj = malloc(sizeof(int) * nz);
    double *tx = malloc(sizeof(double) * nz);
    for (int k = 0; k < nz; k++) {
        if (fscanf(f, "%d %d %lf", &ti[k], &tj[k], &tx[k]) != 3) { fprintf(stderr, "%s: entry %d unreadable\n", path, k + 1); exit(1); }
        ti[k]--; tj[k]--;
    }
    fclose(f);
    int *Ap = calloc(n + 1, sizeof(int)), *Ai = malloc(sizeof(int) * nz), *w = calloc(n, sizeof(int));
    double *Ax = malloc(sizeof(double) * nz);
    /* triplet -> compressed row (counting sort by row) -> column form, so rows come out sorted */
    int *rp = calloc(n + 1, sizeof(int)), *rj = malloc(sizeof(int) * nz);
    double *rx = malloc(sizeof(double) * nz);
    for (int k = 0; k < nz; k++) rp[ti[k] + 1]++;
    for (int i = 0; i < n; i++) rp[i + 1] += rp[i];
    for (int i = 0; i < n; i++) w[i] = rp[i];
    for (int k = 0; k < nz; k++) { int q = w[ti[k]]++; rj[q] = tj[k]; rx[q] = tx[k]; }
    for (int k = 0; k < nz; k++) Ap[rj[k] + 1]++;
    for (int j = 0; j < n; j++) Ap[j + 1] += Ap[j];
    for (int j = 0; j < n; j++) w[j] = Ap[j];
    for (int i = 0; i < n; i++)
        for (int q = rp[i]; q < rp[i + 1]; q++) { int d = w[rj[q]]++; Ai[d] = i; Ax[d] = rx[q]; }
    /* sum duplicates (adjacent after the sort) */
    int out = 0;
    for (int j = 0; j < n; j++) {
        int start = out, e = Ap[j + 1];
        for (int q = Ap[j]; q < e; q++) {
            if (out > start && Ai[out - 1] == Ai[q]) Ax[out - 1] += Ax[q];
            else { Ai[out] = Ai[q]; Ax[out] = Ax[q]; out++; }
        }
        Ap[j + 1] = out;
    }
    free(ti); free(tj); free(tx); free(rp); free(rj); free(rx); free(w);
    csc a = {n, out, Ap, Ai, Ax};
    return a;
}

static void run_klu(const char *name, csc *a, int reps, const char *label, int btf, int ordering) {
    klu_common c;
    klu_defaults(&c);
    c.btf = btf;
    c.ordering = ordering;
    double *t = malloc(sizeof(double) * reps);
    double *b = malloc(sizeof(double) * a->n);
    klu_symbolic *s = NULL;
    for (int r = 0; r < reps; r++) {
        if (s) klu_free_symbolic(&s, &c);
        double t0 = now_ns();
        s = klu_analyze(a->n, a->p, a->i, &c);
        t[r] = now_ns() - t0;
    }
    if (!s) { fprintf(stderr, "%s: klu_analyze failed, status %d\n", name, c.status); exit(1); }
    report(name, label, "analyze", t, reps, 0);
    printf("# %s %s: %d block(s), largest %d, estimated nnz(L+U) %.0f\n", name, label, s->nblocks, s->maxblock,
           s->lnz + s->unz - a->n);
    klu_numeric *num = NULL;
    for (int r = 0; r < reps; r++) {
        if (num) klu_free_numeric(&num, &c);
        double t0 = now_ns();
        num = klu_factor(a->p, a->i, a->x, s, &c);
        t[r] = now_ns() - t0;
    }
    if (!num) { fprintf(stderr, "%s: klu_factor failed, status %d\n", name, c.status); exit(1); }
    long nnz = (long) num->lnz + num->unz - a->n + num->nzoff;
    report(name, label, "factor", t, reps, nnz);
    printf("# %s %s: off-diagonal pivots %d, rgrowth %.3g\n", name, label, c.noffdiag,
           klu_rgrowth(a->p, a->i, a->x, s, num, &c) ? c.rgrowth : -1.0);
    for (int r = 0; r < reps; r++) {
        double t0 = now_ns();
        klu_refactor(a->p, a->i, a->x, s, num, &c);
        t[r] = now_ns() - t0;
    }
    report(name, label, "refactor", t, reps, nnz);
    for (int r = 0; r < reps; r++) {
        for (int i = 0; i < a->n; i++) b[i] = 1.0;
        double t0 = now_ns();
        klu_solve(s, num, a->n, 1, b, &c);
        t[r] = now_ns() - t0;
    }
    report(name, label, "solve", t, reps, nnz);
    for (int r = 0; r < reps; r++) {
        for (int i = 0; i < a->n; i++) b[i] = 1.0;
        double t0 = now_ns();
        klu_tsolve(s, num, a->n, 1, b, &c);
        t[r] = now_ns() - t0;
    }
    report(name, label, "solve-t", t, reps, nnz);
    klu_free_numeric(&num, &c);
    klu_free_symbolic(&s, &c);
    free(t); free(b);
}

static void run_umfpack(const char *name, csc *a, int reps) {
    double control[UMFPACK_CONTROL], info[UMFPACK_INFO];
    umfpack_di_defaults(control);
    double *t = malloc(sizeof(double) * reps);
    double *b = malloc(sizeof(double) * a->n), *x = malloc(sizeof(double) * a->n);
    void *sym = NULL, *num = NULL;
    for (int r = 0; r < reps; r++) {
        if (sym) umfpack_di_free_symbolic(&sym);
        double t0 = now_ns();
        int st = umfpack_di_symbolic(a->n, a->n, a->p, a->i, a->x, &sym, control, info);
        t[r] = now_ns() - t0;
        if (st != UMFPACK_OK) { fprintf(stderr, "%s: umfpack symbolic status %d\n", name, st); exit(1); }
    }
    report(name, "umfpack", "analyze", t, reps, 0);
    for (int r = 0; r < reps; r++) {
        if (num) umfpack_di_free_numeric(&num);
        double t0 = now_ns();
        int st = umfpack_di_numeric(a->p, a->i, a->x, sym, &num, control, info);
        t[r] = now_ns() - t0;
        if (st != UMFPACK_OK) { fprintf(stderr, "%s: umfpack numeric status %d\n", name, st); exit(1); }
    }
    int lnz, unz, nr, nc, nzud;
    umfpack_di_get_lunz(&lnz, &unz, &nr, &nc, &nzud, num);
    long nnz = (long) lnz + unz - a->n;
    report(name, "umfpack", "factor", t, reps, nnz);
    for (int i = 0; i < a->n; i++) b[i] = 1.0;
    for (int r = 0; r < reps; r++) {
        double t0 = now_ns();
        umfpack_di_solve(UMFPACK_A, a->p, a->i, a->x, x, b, num, control, info);
        t[r] = now_ns() - t0;
    }
    report(name, "umfpack", "solve", t, reps, nnz);
    for (int r = 0; r < reps; r++) {
        double t0 = now_ns();
        umfpack_di_solve(UMFPACK_At, a->p, a->i, a->x, x, b, num, control, info);
        t[r] = now_ns() - t0;
    }
    report(name, "umfpack", "solve-t", t, reps, nnz);
    printf("# %s umfpack strategy %s, ordering %s\n", name,
           info[UMFPACK_STRATEGY_USED] == UMFPACK_STRATEGY_SYMMETRIC ? "symmetric" : "unsymmetric",
           info[UMFPACK_ORDERING_USED] == UMFPACK_ORDERING_AMD ? "AMD/COLAMD" :
           info[UMFPACK_ORDERING_USED] == UMFPACK_ORDERING_CHOLMOD ? "CHOLMOD" : "other");
    umfpack_di_free_numeric(&num);
    umfpack_di_free_symbolic(&sym);
    free(t); free(b); free(x);
}

int main(int argc, char **argv) {
    int reps = 11, first = 1;
    if (argc > 2 && !strcmp(argv[1], "-r")) { reps = atoi(argv[2]); first = 3; }
    if (first >= argc || reps < 1) { fprintf(stderr, "usage: %s [-r REPEATS] A.mtx ...\n", argv[0]); return 2; }
    printf("%-14s %-14s %-9s %14s %14s %14s %12s\n", "matrix", "solver", "op", "median_ns", "min_ns", "max_ns", "nnzLU");
    for (int f = first; f < argc; f++) {
        const char *path = argv[f];
        const char *slash = strrchr(path, '/');
        char name[256];
        snprintf(name, sizeof name, "%s", slash ? slash + 1 : path);
        char *dot = strrchr(name, '.');
        if (dot) *dot = 0;
        csc a = read_mtx(path);
        printf("# %s n=%d nnz=%d\n", name, a.n, a.nnz);
        run_klu(name, &a, reps, "klu-default", 1, 0);
        run_klu(name, &a, reps, "klu-amd-nobtf", 0, 0);
        run_klu(name, &a, reps, "klu-colamd", 0, 1);
        run_umfpack(name, &a, reps);
        free(a.p); free(a.i); free(a.x);
    }
    return 0;
}

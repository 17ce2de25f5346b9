/*
 * SuiteSparse comparison driver for Pullback's sparse benchmarks (comparison only, never a
 * dependency). Reads Matrix Market files (coordinate real general), then times, on one thread:
 *   KLU:     klu_analyze, klu_factor, both together (an+fac), klu_refactor, klu_solve, klu_tsolve
 *   UMFPACK: umfpack_di_symbolic, umfpack_di_numeric, both together, numeric again on the same
 *            symbolic analysis (refactor: UMFPACK has no pivot-keeping refactorization), solves
 *   CHOLMOD: for inputs with symmetric values: cholmod_analyze, cholmod_factorize, both together,
 *            cholmod_factorize on the analysed factor (refactor), cholmod_solve2 (reused workspace);
 *            supernodal LL^T, its default ordering choice (AMD, METIS when AMD fills much)
 *   spmv:    y = A x and y = A^T x with the plain CSC loops (the yardstick for Pullback's sparse
 *            kernels: what gcc -O3 -march=native makes of the obvious code), ops spmv and spmv-t,
 *            each call timed alone, max(REPEATS, 101) calls after 10 untimed ones
 *   amd:     amd_order alone with its default controls (the ordering KLU's analysis calls; its
 *            time includes forming A + A^T), op order, nnz = nnz(L) of the order
 * Each operation is repeated and the median (and min/max) wall time from clock_gettime is printed,
 * with the factors' nnz: nnz(L+U) with the diagonal counted once for the LUs, 2 nnz(L) - n for
 * CHOLMOD (the same count for L and L^T; nnz(L) is on the comment line), and, for the solves,
 * max |x - 1| with b = A*1 (solve) or b = A^T*1 (solve-t). KLU runs with its defaults (AMD, BTF on,
 * tol 0.001, max-row scaling) and, for comparability with Pullback, with BTF off, once with AMD and
 * once with COLAMD. UMFPACK's solve includes its default iterative refinement (at most 2 steps, only
 * while the sparse backward error is above machine epsilon).
 *
 * usage: klu_compare [-c] [-r REPEATS] [-p PEER,...] A.mtx ...
 *   -c: time with the process's CPU clock (single-threaded) instead of the wall clock
 *   PEER: klu-default, klu-amd-nobtf, klu-colamd, umfpack, cholmod, spmv, amd (default: all)
 * output: one line per measurement: matrix solver op median_ns min_ns max_ns nnz max_err
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>
#include <klu.h>
#include <umfpack.h>
#include <cholmod.h>

typedef struct { int n, nnz; int *p, *i; double *x; } csc;

/* -c: the process's CPU time instead of wall time (the driver is single-threaded: on a shared, loaded
 * machine this is the figure to set beside the JVM's thread CPU time) */
static clockid_t timing_clock = CLOCK_MONOTONIC;

static double now_ns(void) {
    struct timespec t;
    clock_gettime(timing_clock, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static double cpu_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

/* err < 0: not a solve (printed as "-") */
static void report_err(const char *mat, const char *solver, const char *op, double *t, int r, long nnz, double err) {
    qsort(t, r, sizeof(double), cmp_double);
    double med = r % 2 ? t[r / 2] : 0.5 * (t[r / 2 - 1] + t[r / 2]);
    printf("%-14s %-14s %-9s %14.0f %14.0f %14.0f %12ld", mat, solver, op, med, t[0], t[r - 1], nnz);
    if (err >= 0) printf(" %10.2e\n", err); else printf(" %10s\n", "-");
    fflush(stdout);
}

static void report(const char *mat, const char *solver, const char *op, double *t, int r, long nnz) {
    report_err(mat, solver, op, t, r, nnz, -1);
}

/* b = A*1 (transpose = 0) or A^T*1 (transpose = 1) */
static void ones_rhs(const csc *a, int transpose, double *b) {
    for (int i = 0; i < a->n; i++) b[i] = 0;
    for (int j = 0; j < a->n; j++)
        for (int q = a->p[j]; q < a->p[j + 1]; q++) {
            if (transpose) b[j] += a->x[q]; else b[a->i[q]] += a->x[q];
        }
}

static double max_err_ones(const double *x, int n) {
    double e = 0;
    for (int i = 0; i < n; i++) { double d = fabs(x[i] - 1); if (!(d <= e)) e = d; } /* NaN propagates */
    return e;
}

/* whether A's values are symmetric (pattern and values, exactly) */
static int is_symmetric(const csc *a) {
    for (int j = 0; j < a->n; j++)
        for (int q = a->p[j]; q < a->p[j + 1]; q++) {
            int i = a->i[q], lo = a->p[i], hi = a->p[i + 1] - 1, found = 0;
            while (lo <= hi) {
                int mid = (lo + hi) / 2;
                if (a->i[mid] < j) lo = mid + 1; else if (a->i[mid] > j) hi = mid - 1;
                else { found = a->x[mid] == a->x[q]; break; }
            }
            if (!found) return 0;
        }
    return 1;
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
        double t0 = now_ns();
        klu_symbolic *s2 = klu_analyze(a->n, a->p, a->i, &c);
        klu_numeric *n2 = s2 ? klu_factor(a->p, a->i, a->x, s2, &c) : NULL;
        t[r] = now_ns() - t0;
        if (!n2) { fprintf(stderr, "%s: klu analyze+factor failed, status %d\n", name, c.status); exit(1); }
        klu_free_numeric(&n2, &c);
        klu_free_symbolic(&s2, &c);
    }
    report(name, label, "an+fac", t, reps, 0);
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
        ones_rhs(a, 0, b);
        double t0 = now_ns();
        klu_solve(s, num, a->n, 1, b, &c);
        t[r] = now_ns() - t0;
    }
    report_err(name, label, "solve", t, reps, nnz, max_err_ones(b, a->n));
    for (int r = 0; r < reps; r++) {
        ones_rhs(a, 1, b);
        double t0 = now_ns();
        klu_tsolve(s, num, a->n, 1, b, &c);
        t[r] = now_ns() - t0;
    }
    report_err(name, label, "solve-t", t, reps, nnz, max_err_ones(b, a->n));
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
        void *s2 = NULL, *n2 = NULL;
        double t0 = now_ns();
        int st = umfpack_di_symbolic(a->n, a->n, a->p, a->i, a->x, &s2, control, info);
        if (st == UMFPACK_OK) st = umfpack_di_numeric(a->p, a->i, a->x, s2, &n2, control, info);
        t[r] = now_ns() - t0;
        if (st != UMFPACK_OK) { fprintf(stderr, "%s: umfpack analyze+factor status %d\n", name, st); exit(1); }
        umfpack_di_free_numeric(&n2);
        umfpack_di_free_symbolic(&s2);
    }
    report(name, "umfpack", "an+fac", t, reps, 0);
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
    for (int r = 0; r < reps; r++) {
        umfpack_di_free_numeric(&num);
        double t0 = now_ns();
        umfpack_di_numeric(a->p, a->i, a->x, sym, &num, control, info);
        t[r] = now_ns() - t0;
    }
    report(name, "umfpack", "refactor", t, reps, nnz);
    ones_rhs(a, 0, b);
    for (int r = 0; r < reps; r++) {
        double t0 = now_ns();
        umfpack_di_solve(UMFPACK_A, a->p, a->i, a->x, x, b, num, control, info);
        t[r] = now_ns() - t0;
    }
    report_err(name, "umfpack", "solve", t, reps, nnz, max_err_ones(x, a->n));
    ones_rhs(a, 1, b);
    for (int r = 0; r < reps; r++) {
        double t0 = now_ns();
        umfpack_di_solve(UMFPACK_At, a->p, a->i, a->x, x, b, num, control, info);
        t[r] = now_ns() - t0;
    }
    report_err(name, "umfpack", "solve-t", t, reps, nnz, max_err_ones(x, a->n));
    printf("# %s umfpack strategy %s, ordering %s\n", name,
           info[UMFPACK_STRATEGY_USED] == UMFPACK_STRATEGY_SYMMETRIC ? "symmetric" : "unsymmetric",
           info[UMFPACK_ORDERING_USED] == UMFPACK_ORDERING_AMD ? "AMD/COLAMD" :
           info[UMFPACK_ORDERING_USED] == UMFPACK_ORDERING_CHOLMOD ? "CHOLMOD" : "other");
    umfpack_di_free_numeric(&num);
    umfpack_di_free_symbolic(&sym);
    free(t); free(b); free(x);
}

/* y = A x: the obvious column loop, scattering x_j A[:, j] into y */
__attribute__((noinline)) static void csc_spmv(const csc *a, const double *x, double *y) {
    const int *Ap = a->p, *Ai = a->i;
    const double *Ax = a->x;
    for (int i = 0; i < a->n; i++) y[i] = 0;
    for (int j = 0; j < a->n; j++) {
        double xj = x[j];
        for (int q = Ap[j]; q < Ap[j + 1]; q++) y[Ai[q]] += Ax[q] * xj;
    }
}

/* y = A^T x: the obvious column loop, one dot A[:, j] . x per column */
__attribute__((noinline)) static void csc_spmv_t(const csc *a, const double *x, double *y) {
    const int *Ap = a->p, *Ai = a->i;
    const double *Ax = a->x;
    for (int j = 0; j < a->n; j++) {
        double s = 0;
        for (int q = Ap[j]; q < Ap[j + 1]; q++) s += Ax[q] * x[Ai[q]];
        y[j] = s;
    }
}

/* Times both plain loops: 10 untimed calls, then max(reps, 101) timed one by one (a call takes
 * well under a millisecond on the gallery matrices, so a median wants many), in wall time (ops spmv,
 * spmv-t) and in this thread's CPU time (ops spmv.cpu, spmv-t.cpu: what a busy machine inflates
 * least). x is random in (-1, 1); the checksum of y keeps the calls observable. */
static void run_spmv(const char *name, csc *a, int reps) {
    int r = reps < 101 ? 101 : reps;
    double *t = malloc(sizeof(double) * r), *c = malloc(sizeof(double) * r);
    double *x = malloc(sizeof(double) * a->n), *y = malloc(sizeof(double) * a->n);
    unsigned long long seed = 42;
    for (int i = 0; i < a->n; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        x[i] = (double) (seed >> 11) / 9007199254740992.0 * 2 - 1;
    }
    double check = 0;
    for (int transpose = 0; transpose < 2; transpose++) {
        for (int w = 0; w < 10; w++) {
            if (transpose) csc_spmv_t(a, x, y); else csc_spmv(a, x, y);
        }
        for (int k = 0; k < r; k++) {
            double t0 = now_ns(), c0 = cpu_ns();
            if (transpose) csc_spmv_t(a, x, y); else csc_spmv(a, x, y);
            c[k] = cpu_ns() - c0;
            t[k] = now_ns() - t0;
            if (a->n) check += y[k % a->n];
        }
        report(name, "plain-c", transpose ? "spmv-t" : "spmv", t, r, a->nnz);
        report(name, "plain-c", transpose ? "spmv-t.cpu" : "spmv.cpu", c, r, a->nnz);
    }
    printf("# %s plain-c: checksum %.6e\n", name, check);
    free(t); free(c); free(x); free(y);
}

static const char *ordering_name(int o) {
    switch (o) {
        case CHOLMOD_NATURAL: return "natural";
        case CHOLMOD_GIVEN: return "given";
        case CHOLMOD_AMD: return "AMD";
        case CHOLMOD_METIS: return "METIS";
        case CHOLMOD_NESDIS: return "NESDIS";
        case CHOLMOD_COLAMD: return "COLAMD";
        case CHOLMOD_POSTORDERED: return "postordered";
        default: return "other";
    }
}

/* Supernodal Cholesky of a matrix with symmetric values (its upper triangle is read). */
static void run_cholmod(const char *name, csc *a, int reps) {
    cholmod_common c;
    cholmod_start(&c);
    c.supernodal = CHOLMOD_SUPERNODAL;
    cholmod_sparse A = {0};
    A.nrow = A.ncol = a->n;
    A.nzmax = a->nnz;
    A.p = a->p; A.i = a->i; A.x = a->x;
    A.stype = 1; A.itype = CHOLMOD_INT; A.xtype = CHOLMOD_REAL; A.dtype = CHOLMOD_DOUBLE;
    A.sorted = 1; A.packed = 1;
    double *t = malloc(sizeof(double) * reps);
    cholmod_factor *L = NULL;
    for (int r = 0; r < reps; r++) {
        if (L) cholmod_free_factor(&L, &c);
        double t0 = now_ns();
        L = cholmod_analyze(&A, &c);
        t[r] = now_ns() - t0;
        if (!L) { fprintf(stderr, "%s: cholmod_analyze failed, status %d\n", name, c.status); exit(1); }
    }
    report(name, "cholmod", "analyze", t, reps, 0);
    double lnz = c.lnz;
    const char *ord = ordering_name(c.method[c.selected].ordering);
    cholmod_factorize(&A, L, &c);
    if (c.status == CHOLMOD_NOT_POSDEF) {
        printf("# %s cholmod: not positive definite (column %d); skipped\n", name, (int) L->minor);
        cholmod_free_factor(&L, &c);
        cholmod_finish(&c);
        free(t);
        return;
    }
    for (int r = 0; r < reps; r++) {
        double t0 = now_ns();
        cholmod_factor *L2 = cholmod_analyze(&A, &c);
        cholmod_factorize(&A, L2, &c);
        t[r] = now_ns() - t0;
        cholmod_free_factor(&L2, &c);
    }
    long nnz = (long) (2 * lnz - a->n);
    report(name, "cholmod", "an+fac", t, reps, nnz);
    for (int r = 0; r < reps; r++) {
        double t0 = now_ns();
        cholmod_factorize(&A, L, &c);
        t[r] = now_ns() - t0;
    }
    report(name, "cholmod", "refactor", t, reps, nnz);
    printf("# %s cholmod: ordering %s, nnz(L) %.0f, %s, flops %.3g\n", name, ord, lnz,
           L->is_super ? "supernodal" : "simplicial", c.fl);
    cholmod_dense *B = cholmod_zeros(a->n, 1, CHOLMOD_REAL, &c), *X = NULL, *Y = NULL, *E = NULL;
    ones_rhs(a, 0, (double *) B->x);
    for (int r = 0; r < reps; r++) {
        double t0 = now_ns();
        cholmod_solve2(CHOLMOD_A, L, B, NULL, &X, NULL, &Y, &E, &c);
        t[r] = now_ns() - t0;
    }
    report_err(name, "cholmod", "solve", t, reps, nnz, max_err_ones((double *) X->x, a->n));
    cholmod_free_dense(&B, &c); cholmod_free_dense(&X, &c); cholmod_free_dense(&Y, &c); cholmod_free_dense(&E, &c);
    cholmod_free_factor(&L, &c);
    cholmod_finish(&c);
    free(t);
}

/* AMD alone, as KLU's analysis calls it (default controls: dense rows 10·sqrt(n), aggressive
 * absorption); the time includes its A + Aᵀ. nnz is nnz(L) of that order, diagonal included. */
static void run_amd(const char *name, const csc *a, int reps) {
    double *t = malloc(sizeof(double) * reps), control[AMD_CONTROL], info[AMD_INFO];
    int *perm = malloc(sizeof(int) * a->n);
    amd_defaults(control);
    for (int r = 0; r < reps; r++) {
        double t0 = now_ns();
        int status = amd_order(a->n, a->p, a->i, perm, control, info);
        t[r] = now_ns() - t0;
        if (status < AMD_OK) { fprintf(stderr, "%s: amd_order failed (%d)\n", name, status); exit(1); }
    }
    report(name, "amd", "order", t, reps, (long) info[AMD_LNZ] + a->n);
    free(perm);
    free(t);
}

static int wants(const char *peers, const char *peer) {
    if (!peers) return 1;
    size_t len = strlen(peer);
    for (const char *p = peers; (p = strstr(p, peer)); p += len)
        if ((p == peers || p[-1] == ',') && (p[len] == 0 || p[len] == ',')) return 1;
    return 0;
}

int main(int argc, char **argv) {
    int reps = 11, first = 1;
    const char *peers = NULL;
    while (first < argc && argv[first][0] == '-') {
        if (!strcmp(argv[first], "-r")) reps = atoi(argv[first + 1]);
        else if (!strcmp(argv[first], "-p")) peers = argv[first + 1];
        else if (!strcmp(argv[first], "-c")) { timing_clock = CLOCK_PROCESS_CPUTIME_ID; first += 1; continue; }
        else break;
        first += 2;
    }
    if (first >= argc || reps < 1 || argv[first][0] == '-') {
        fprintf(stderr, "usage: %s [-c] [-r REPEATS] [-p klu-default,klu-amd-nobtf,klu-colamd,umfpack,cholmod,spmv,amd] A.mtx ...\n", argv[0]);
        return 2;
    }
    printf("%-14s %-14s %-9s %14s %14s %14s %12s %10s\n", "matrix", "solver", "op", "median_ns", "min_ns", "max_ns", "nnz", "max_err");
    for (int f = first; f < argc; f++) {
        const char *path = argv[f];
        const char *slash = strrchr(path, '/');
        char name[256];
        snprintf(name, sizeof name, "%s", slash ? slash + 1 : path);
        char *dot = strrchr(name, '.');
        if (dot) *dot = 0;
        csc a = read_mtx(path);
        printf("# %s n=%d nnz=%d\n", name, a.n, a.nnz);
        if (wants(peers, "spmv")) run_spmv(name, &a, reps);
        if (wants(peers, "amd")) run_amd(name, &a, reps);
        if (wants(peers, "klu-default")) run_klu(name, &a, reps, "klu-default", 1, 0);
        if (wants(peers, "klu-amd-nobtf")) run_klu(name, &a, reps, "klu-amd-nobtf", 0, 0);
        if (wants(peers, "klu-colamd")) run_klu(name, &a, reps, "klu-colamd", 0, 1);
        if (wants(peers, "umfpack")) run_umfpack(name, &a, reps);
        if (wants(peers, "cholmod")) {
            if (is_symmetric(&a)) run_cholmod(name, &a, reps);
            else printf("# %s cholmod: values not symmetric; skipped\n", name);
        }
        free(a.p); free(a.i); free(a.x);
    }
    return 0;
}

#!/usr/bin/env python3
"""Single-threaded OpenBLAS/LAPACK reference for the dense LU benchmarks (DenseLuBenchmark, GemmBenchmark).

Measures, on the same random matrices as the JMH benchmarks (uniform in [-1, 1)), with one thread:
  factor        scipy.linalg.lu_factor (dgetrf; copies A and checks it is finite, like DenseLu.refactor)
  factor+rcond  lu_factor followed by dgecon (DenseLu.refactor also estimates the 1-norm condition number)
  solve         scipy.linalg.lu_solve, trans=0 (dgetrs), one right-hand side
  solve-t       lu_solve, trans=1
  gemm          numpy.dot of two n x n matrices (dgemm), n = 1000 by default

Prints one line per (op, n) with the median, the interquartile range and GFLOP/s; --json prints JSON lines.

Run it with one thread and OpenBLAS's own core detection:
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python3 bench/dense_lu_scipy.py
(the script also sets the thread variables and drops the two tuning variables before numpy loads).
"""
import argparse
import json
import os
import sys
import time

for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(var, None)
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np  # noqa: E402  (after the environment is fixed)
import scipy.linalg as sl  # noqa: E402
from scipy.linalg import lapack  # noqa: E402


def median_iqr(samples):
    s = sorted(samples)
    q = lambda f: s[min(len(s) - 1, int(f * (len(s) - 1) + 0.5))]
    return q(0.5), q(0.75) - q(0.25)


def measure(fn, min_time, samples):
    """Median and IQR in seconds of one call, from `samples` batches of calls lasting >= min_time each."""
    fn()
    reps = 1
    while True:
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        dt = time.perf_counter() - t
        if dt >= min_time:
            break
        reps *= 2
    out = []
    for _ in range(samples):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        out.append((time.perf_counter() - t) / reps)
    return median_iqr(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="16,64,100,256,512,1000,2000")
    ap.add_argument("--gemm", default="1000", help="sizes for the dgemm measurement")
    ap.add_argument("--min-time", type=float, default=0.2, help="seconds per sample")
    ap.add_argument("--samples", type=int, default=9)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    rng = np.random.default_rng(42)
    rows = []

    def report(op, n, med, iqr, flops):
        row = {"op": op, "n": n, "median_us": med * 1e6, "iqr_us": iqr * 1e6,
               "gflops": flops / med / 1e9 if flops else None}
        rows.append(row)
        if args.json:
            print(json.dumps(row), flush=True)
        else:
            g = f"{row['gflops']:8.2f} GFLOP/s" if flops else ""
            print(f"{op:13s} n={n:5d}  median {row['median_us']:12.2f} us  iqr {row['iqr_us']:10.2f} us  {g}", flush=True)

    for n in [int(x) for x in args.sizes.split(",") if x]:
        a = np.asfortranarray(rng.uniform(-1, 1, (n, n)))
        b = rng.uniform(-1, 1, n)
        flops = 2.0 * n ** 3 / 3
        med, iqr = measure(lambda: sl.lu_factor(a), args.min_time, args.samples)
        report("factor", n, med, iqr, flops)
        anorm = np.abs(a).sum(axis=0).max()

        def factor_rcond():
            lu_, piv_ = sl.lu_factor(a)
            lapack.dgecon(lu_, anorm, norm="1")
        med, iqr = measure(factor_rcond, args.min_time, args.samples)
        report("factor+rcond", n, med, iqr, flops)
        lu, piv = sl.lu_factor(a)
        med, iqr = measure(lambda: sl.lu_solve((lu, piv), b, check_finite=False), args.min_time, args.samples)
        report("solve", n, med, iqr, 2.0 * n * n)
        med, iqr = measure(lambda: sl.lu_solve((lu, piv), b, trans=1, check_finite=False), args.min_time, args.samples)
        report("solve-t", n, med, iqr, 2.0 * n * n)

    for n in [int(x) for x in args.gemm.split(",") if x]:
        a = np.asfortranarray(rng.uniform(-1, 1, (n, n)))
        b = np.asfortranarray(rng.uniform(-1, 1, (n, n)))
        c = np.empty((n, n))
        med, iqr = measure(lambda: np.dot(a, b, out=c), args.min_time, args.samples)
        report("gemm", n, med, iqr, 2.0 * n ** 3)

    if not args.json:
        print(f"# numpy {np.__version__}, scipy {__import__('scipy').__version__}, "
              f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}", file=sys.stderr)


if __name__ == "__main__":
    main()

package dev.pullback.kernel;


import static dev.pullback.kernel.gemm.Fma.fma;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The scalar twin of every kernel: plain loops over segments, the reference for the SIMD path and
 * the path of a JVM without the incubator module. Arguments are not checked here (see
 * {@link CheckedKernels}).
 *
 * <p>Accumulation orders, chosen so that the SIMD twin can be compared tightly: gemv (both forms)
 * and spmv sum in column order exactly as the SIMD path does, so those two agree bit for bit; dot,
 * nrm2 and the column sums of spmvᵀ and rank-1 use a few interleaved partial sums (which also breaks
 * the FMA latency chain here; the column-run loops of spmvᵀ sum a short column in one) where the
 * SIMD path uses one partial sum per lane, so those agree to within the size-scaled rounding bound
 * n·ε·Σ|terms|. Index results (iamax) agree exactly.
 * rank1Dot skips empty columns, so an infinite vⱼ over an empty column contributes nothing (the sum
 * is over stored entries only).
 */
final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;

    /** Below this sum of squares nrm2 rescales: subnormal squares would otherwise cost accuracy. */
    static final double SSQ_MIN = 0x1p-900;
    /** Columns of at most this many entries are summed without a loop (see columnDot). */
    private static final int SHORT_COLUMN = 7;

    private ScalarKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public double dot(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int bound = n & ~3; i < bound; i += 4) {
            s0 = fma(x.getAtIndex(D, xOff + i), y.getAtIndex(D, yOff + i), s0);
            s1 = fma(x.getAtIndex(D, xOff + i + 1), y.getAtIndex(D, yOff + i + 1), s1);
            s2 = fma(x.getAtIndex(D, xOff + i + 2), y.getAtIndex(D, yOff + i + 2), s2);
            s3 = fma(x.getAtIndex(D, xOff + i + 3), y.getAtIndex(D, yOff + i + 3), s3);
        }
        for (; i < n; i++) s0 = fma(x.getAtIndex(D, xOff + i), y.getAtIndex(D, yOff + i), s0);
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void axpy(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        for (int i = 0; i < n; i++) {
            y.setAtIndex(D, yOff + i, fma(alpha, x.getAtIndex(D, xOff + i), y.getAtIndex(D, yOff + i)));
        }
    }

    @Override
    public void scal(int n, double alpha, MemorySegment x, long xOff) {
        for (int i = 0; i < n; i++) x.setAtIndex(D, xOff + i, alpha * x.getAtIndex(D, xOff + i));
    }

    @Override
    public void copy(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        MemorySegment.copy(x, xOff * Double.BYTES, y, yOff * Double.BYTES, (long) n * Double.BYTES);
    }

    /**
     * One pass of Σxᵢ² when that is safe, else two scaled passes: the plain sum is exact to n·ε
     * unless a square overflowed (the sum is then +∞) or the whole sum is so small that subnormal
     * squares matter (below {@link #SSQ_MIN}); only then is ‖x‖ recomputed as 2ᵉ·√Σ(xᵢ/2ᵉ)² with
     * 2ᵉ ≤ max|xᵢ| &lt; 2ᵉ⁺¹, a power of two, so the scaling itself rounds nothing that matters.
     */
    @Override
    public double nrm2(int n, MemorySegment x, long xOff) {
        double ssq = sumSquares(n, x, xOff, 1.0);
        if (ssq >= SSQ_MIN && ssq <= Double.MAX_VALUE) return Math.sqrt(ssq);
        if (Double.isNaN(ssq)) return Double.NaN;
        double max = 0;
        for (int i = 0; i < n; i++) max = Math.max(max, Math.abs(x.getAtIndex(D, xOff + i)));
        if (max == Double.POSITIVE_INFINITY) return max;
        if (max == 0) return 0;
        int e = Math.getExponent(max);
        return Math.scalb(Math.sqrt(sumSquares(n, x, xOff, Math.scalb(1.0, -e))), e);
    }

    private static double sumSquares(int n, MemorySegment x, long xOff, double scale) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int bound = n & ~3; i < bound; i += 4) {
            double a = scale * x.getAtIndex(D, xOff + i), b = scale * x.getAtIndex(D, xOff + i + 1);
            double c = scale * x.getAtIndex(D, xOff + i + 2), d = scale * x.getAtIndex(D, xOff + i + 3);
            s0 = fma(a, a, s0);
            s1 = fma(b, b, s1);
            s2 = fma(c, c, s2);
            s3 = fma(d, d, s3);
        }
        for (; i < n; i++) {
            double a = scale * x.getAtIndex(D, xOff + i);
            s0 = fma(a, a, s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public int iamax(int n, MemorySegment x, long xOff) {
        int best = -1;
        double max = -1;
        for (int i = 0; i < n; i++) {
            double a = Math.abs(x.getAtIndex(D, xOff + i));
            if (Double.isNaN(a)) return i;
            if (a > max) {
                max = a;
                best = i;
            }
        }
        return best;
    }

    @Override
    public void gemv(boolean transpose, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
            MemorySegment x, long xOff, double beta, MemorySegment y, long yOff) {
        if (!transpose) {
            scaleOutput(m, beta, y, yOff);
            if (alpha == 0) return;
            for (int j = 0; j < n; j++) axpy(m, alpha * x.getAtIndex(D, xOff + j), a, aOff + (long) j * lda, y, yOff);
        } else {
            if (alpha == 0) {
                scaleOutput(n, beta, y, yOff);
                return;
            }
            for (int j = 0; j < n; j++) {
                double s = dot(m, a, aOff + (long) j * lda, x, xOff);
                y.setAtIndex(D, yOff + j, combine(alpha, s, beta, y.getAtIndex(D, yOff + j)));
            }
        }
    }

    @Override
    public void spmv(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        scaleOutput(a.rows(), beta, y.segment(), 0);
        if (alpha != 0) spmvAdd(alpha, a, x, y, 0, a.cols());
    }

    /**
     * Block by block ({@link CscPattern#columnBlocks()}): a pair of twin columns j, j+1 updates each
     * yᵢ of their shared rows once, yᵢ ← fma(A[i,j+1], αx_{j+1}, fma(A[i,j], αxⱼ, yᵢ)), which is
     * exactly the column-order sequence of FMAs, so the result does not depend on the blocking.
     * Short columns (at most {@link CscPattern#SHORT_COLUMN_MAX} per column on average, twins or
     * not) go through {@link ShortColumnKernels} (heap operands; run by run where they come in runs
     * of equal length, {@link CscPattern#columnRuns()}), the same FMAs in the same order; a pattern
     * without twins otherwise column by column.
     */
    @Override
    public void spmvAdd(double alpha, CscMatrix a, DenseVector x, DenseVector y, int from, int to) {
        if (from >= to || alpha == 0) return;
        CscPattern p = a.pattern();
        int[] ri = p.rowIdxMirror(), cb = p.columnBlocks();
        MemorySegment cp = p.colPtr(), av = a.values(), xs = x.segment(), ys = y.segment();
        double[] ya = y.heapArray(), xa = x.heapArray();
        if (xa != null && ya != null && ShortColumnKernels.isShort(p)) {
            if (ShortColumnKernels.hasRuns(p)) ShortColumnKernels.runSpmvAdd(alpha, from, to, p, av, xa, ya);
            else if (p.emptyColumns() == 0) ShortColumnKernels.flatSpmvAdd(alpha, from, to, p, av, xa, ya);
            else ShortColumnKernels.straightSpmvAdd(alpha, from, to, p, av, xa, ya);
            return;
        }
        if (!twinned(p)) {
            int k = cp.getAtIndex(I, from);
            for (int j = from; j < to; j++) {
                double t = alpha * xs.getAtIndex(D, j);
                int e = cp.getAtIndex(I, j + 1);
                if (ya != null) {
                    for (; k < e; k++) ya[ri[k]] = fma(av.getAtIndex(D, k), t, ya[ri[k]]);
                } else {
                    for (; k < e; k++) ys.setAtIndex(D, ri[k], fma(av.getAtIndex(D, k), t, ys.getAtIndex(D, ri[k])));
                }
            }
            return;
        }
        for (int b = p.blockOf(from); b < cb.length - 1 && cb[b] < to; b++) {
            int j = Math.max(cb[b], from), s = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1);
            double t = alpha * xs.getAtIndex(D, j);
            if (Math.min(cb[b + 1], to) - j == 2) {
                double t1 = alpha * xs.getAtIndex(D, j + 1);
                int len = e - s;
                if (ya != null) {
                    for (int k = s; k < e; k++) {
                        int i = ri[k];
                        ya[i] = fma(av.getAtIndex(D, k + len), t1, fma(av.getAtIndex(D, k), t, ya[i]));
                    }
                } else {
                    for (int k = s; k < e; k++) {
                        int i = ri[k];
                        ys.setAtIndex(D, i, fma(av.getAtIndex(D, k + len), t1, fma(av.getAtIndex(D, k), t, ys.getAtIndex(D, i))));
                    }
                }
            } else if (ya != null) {
                for (int k = s; k < e; k++) ya[ri[k]] = fma(av.getAtIndex(D, k), t, ya[ri[k]]);
            } else {
                for (int k = s; k < e; k++) ys.setAtIndex(D, ri[k], fma(av.getAtIndex(D, k), t, ys.getAtIndex(D, ri[k])));
            }
        }
    }

    @Override
    public void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        spmvTransposed(alpha, a, x, beta, y, 0, a.cols());
    }

    /**
     * Block by block: a pair of twin columns reads each shared row index and xᵢ once for both
     * column sums (two interleaved FMA chains); a single column sums with two partial sums. Short
     * columns (twins or not), with β = 0 and heap operands, go through {@link ShortColumnKernels}
     * first (one partial sum per column; run by run where they come in runs of equal length,
     * {@link CscPattern#columnRuns()}).
     */
    @Override
    public void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y, int from, int to) {
        if (from >= to) return;
        MemorySegment ys = y.segment();
        if (alpha == 0) {
            for (int j = from; j < to; j++) ys.setAtIndex(D, j, beta == 0 ? 0.0 : beta * ys.getAtIndex(D, j));
            return;
        }
        CscPattern p = a.pattern();
        int[] ri = p.rowIdxMirror(), cb = p.columnBlocks();
        MemorySegment cp = p.colPtr(), av = a.values(), xs = x.segment();
        double[] xa = x.heapArray(), ya = y.heapArray();
        if (beta == 0 && xa != null && ya != null && ShortColumnKernels.isShort(p)
                && (ShortColumnKernels.hasRuns(p) || p.emptyColumns() == 0)) {
            if (ShortColumnKernels.hasRuns(p)) ShortColumnKernels.runSpmvTransposed(alpha, from, to, p, av, xa, ya);
            else ShortColumnKernels.flatSpmvTransposed(alpha, from, to, p, av, xa, ya);
            return;
        }
        if (!twinned(p)) {
            if (xa != null) {
                columnSums(alpha, beta, from, to, ri, cp, av, xa, ya, ys, null);
                return;
            }
            // An x in a segment (the slower layout for a gathered operand): one column at a time.
            int s = cp.getAtIndex(I, from);
            for (int j = from; j < to; j++) {
                int e = cp.getAtIndex(I, j + 1);
                ys.setAtIndex(D, j, combine(alpha, columnDot(s, e, ri, av, xs), beta, ys.getAtIndex(D, j)));
                s = e;
            }
            return;
        }
        for (int b = p.blockOf(from); b < cb.length - 1 && cb[b] < to; b++) {
            int j = Math.max(cb[b], from), s = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1);
            if (Math.min(cb[b + 1], to) - j == 2) {
                double s0 = 0, s1 = 0, t0 = 0, t1 = 0; // two partial sums per column: the FMA chains are the bound
                int len = e - s;
                if (xa != null) {
                    int k = s;
                    for (; k + 1 < e; k += 2) {
                        double xi = xa[ri[k]], xn = xa[ri[k + 1]];
                        s0 = fma(av.getAtIndex(D, k), xi, s0);
                        s1 = fma(av.getAtIndex(D, k + len), xi, s1);
                        t0 = fma(av.getAtIndex(D, k + 1), xn, t0);
                        t1 = fma(av.getAtIndex(D, k + 1 + len), xn, t1);
                    }
                    if (k < e) {
                        double xi = xa[ri[k]];
                        s0 = fma(av.getAtIndex(D, k), xi, s0);
                        s1 = fma(av.getAtIndex(D, k + len), xi, s1);
                    }
                    s0 += t0;
                    s1 += t1;
                } else {
                    for (int k = s; k < e; k++) {
                        double xi = xs.getAtIndex(D, ri[k]);
                        s0 = fma(av.getAtIndex(D, k), xi, s0);
                        s1 = fma(av.getAtIndex(D, k + len), xi, s1);
                    }
                }
                ys.setAtIndex(D, j, combine(alpha, s0, beta, ys.getAtIndex(D, j)));
                ys.setAtIndex(D, j + 1, combine(alpha, s1, beta, ys.getAtIndex(D, j + 1)));
            } else {
                double sum = xa != null ? columnDot(s, e, ri, av, xa) : columnDot(s, e, ri, av, xs);
                ys.setAtIndex(D, j, combine(alpha, sum, beta, ys.getAtIndex(D, j)));
            }
        }
    }

    @Override
    public double rank1Dot(DenseVector u, CscMatrix a, DenseVector v) {
        return rank1Dot(u, a, v, 0, a.cols());
    }

    /**
     * Σⱼ vⱼ·(A[:, j]·u) block by block; a pair of twin columns sums Σᵢ uᵢ·(Aᵢⱼvⱼ + Aᵢⱼ₊₁vⱼ₊₁), one
     * read of each shared row index and uᵢ. Empty columns are skipped (an infinite vⱼ there
     * contributes nothing).
     */
    @Override
    public double rank1Dot(DenseVector u, CscMatrix a, DenseVector v, int from, int to) {
        if (from >= to) return 0;
        CscPattern p = a.pattern();
        int[] ri = p.rowIdxMirror(), cb = p.columnBlocks();
        MemorySegment cp = p.colPtr(), av = a.values(), us = u.segment(), vs = v.segment();
        double[] ua = u.heapArray();
        double total = 0;
        if (!twinned(p)) {
            if (ua != null) return columnSums(0, 0, from, to, ri, cp, av, ua, null, null, vs);
            int s = cp.getAtIndex(I, from);
            for (int j = from; j < to; j++) {
                int e = cp.getAtIndex(I, j + 1);
                if (e != s) total = fma(columnDot(s, e, ri, av, us), vs.getAtIndex(D, j), total);
                s = e;
            }
            return total;
        }
        for (int b = p.blockOf(from); b < cb.length - 1 && cb[b] < to; b++) {
            int j = Math.max(cb[b], from), s = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1);
            if (e == s) continue;
            if (Math.min(cb[b + 1], to) - j == 2) {
                double v0 = vs.getAtIndex(D, j), v1 = vs.getAtIndex(D, j + 1), s0 = 0, s1 = 0;
                int len = e - s;
                if (ua != null) {
                    int k = s;
                    for (; k + 1 < e; k += 2) {
                        s0 = fma(fma(av.getAtIndex(D, k + len), v1, av.getAtIndex(D, k) * v0), ua[ri[k]], s0);
                        s1 = fma(fma(av.getAtIndex(D, k + 1 + len), v1, av.getAtIndex(D, k + 1) * v0), ua[ri[k + 1]], s1);
                    }
                    if (k < e) s0 = fma(fma(av.getAtIndex(D, k + len), v1, av.getAtIndex(D, k) * v0), ua[ri[k]], s0);
                    s0 += s1;
                } else {
                    for (int k = s; k < e; k++) {
                        s0 = fma(fma(av.getAtIndex(D, k + len), v1, av.getAtIndex(D, k) * v0), us.getAtIndex(D, ri[k]), s0);
                    }
                }
                total += s0;
            } else {
                double sum = ua != null ? columnDot(s, e, ri, av, ua) : columnDot(s, e, ri, av, us);
                total = fma(sum, vs.getAtIndex(D, j), total);
            }
        }
        return total;
    }

    /**
     * Whether at least half the columns lie in twin pairs ({@link CscPattern#columnBlocks()}), as in
     * the SIMD twin: then the block loops, else plain column loops (per-column block bookkeeping
     * cost Poisson's five-entry columns about a third).
     */
    private static boolean twinned(CscPattern p) {
        int pairs = p.cols() - (p.columnBlocks().length - 1);
        return 4L * pairs >= p.cols();
    }

    /**
     * Σ_{k in [start, end)} values[k]·x[rowIdx[k]], two interleaved partial sums (entries k, k+2, …
     * in one, k+1, k+3, … in the other); indices from the pattern's heap mirror and a heap x read as
     * an array (element access through segments was slower in this loop: docs/PERFORMANCE.md,
     * 2026-12-01 'scalar twin on arrays'; the values stay in their segment).
     */
    private static double columnDot(int start, int end, int[] ri, MemorySegment av, double[] x) {
        double s0 = 0, s1 = 0;
        int k = start;
        for (; k + 1 < end; k += 2) {
            s0 = fma(av.getAtIndex(D, k), x[ri[k]], s0);
            s1 = fma(av.getAtIndex(D, k + 1), x[ri[k + 1]], s1);
        }
        if (k < end) s0 = fma(av.getAtIndex(D, k), x[ri[k]], s0);
        return s0 + s1;
    }

    /** The same for an x in a segment (off-heap, mapped). */
    private static double columnDot(int start, int end, int[] ri, MemorySegment av, MemorySegment xs) {
        double s0 = 0, s1 = 0;
        int k = start;
        for (; k + 1 < end; k += 2) {
            s0 = fma(av.getAtIndex(D, k), xs.getAtIndex(D, ri[k]), s0);
            s1 = fma(av.getAtIndex(D, k + 1), xs.getAtIndex(D, ri[k + 1]), s1);
        }
        if (k < end) s0 = fma(av.getAtIndex(D, k), xs.getAtIndex(D, ri[k]), s0);
        return s0 + s1;
    }

    /**
     * The column sums A[:, j]·x for the columns [from, to) one by one (a matrix without twin
     * columns), a heap x: with {@code v} null, yⱼ ← α·sumⱼ + βyⱼ (into ya, or ys when y is not on the
     * heap) and 0 returned; otherwise Σⱼ vⱼ·sumⱼ over the non-empty columns returned (uᵀAv; an
     * infinite vⱼ of an empty column contributes nothing) and y untouched. Each column sum as
     * {@link #columnDot}'s, the same two partial sums in the same order. A column of at most {@link #SHORT_COLUMN} entries (2D Poisson's five) goes through
     * straight-line steps of four, two and one entries: a counted loop over so few entries spends
     * more on its set-up (C2's pre-, main and post-loop and the range checks it hoists around the
     * segment reads) than on the sum. Written out here rather than calling a column method: one
     * that is hot on its own is compiled first and then not inlined ("already compiled into a big
     * method"), a call per column. (Measured: docs/PERFORMANCE.md, 2026-12-01 'straight-line short
     * columns'.)
     */
    private static double columnSums(double alpha, double beta, int from, int to, int[] ri, MemorySegment cp,
            MemorySegment av, double[] x, double[] ya, MemorySegment ys, MemorySegment v) {
        double total = 0;
        int k = cp.getAtIndex(I, from);
        for (int j = from; j < to; j++) {
            int e = cp.getAtIndex(I, j + 1);
            boolean empty = e == k;
            double s0 = 0, s1 = 0;
            if (e - k <= SHORT_COLUMN) {
                if (e - k >= 4) {
                    s0 = fma(av.getAtIndex(D, k), x[ri[k]], s0);
                    s1 = fma(av.getAtIndex(D, k + 1), x[ri[k + 1]], s1);
                    s0 = fma(av.getAtIndex(D, k + 2), x[ri[k + 2]], s0);
                    s1 = fma(av.getAtIndex(D, k + 3), x[ri[k + 3]], s1);
                    k += 4;
                }
                if (e - k >= 2) {
                    s0 = fma(av.getAtIndex(D, k), x[ri[k]], s0);
                    s1 = fma(av.getAtIndex(D, k + 1), x[ri[k + 1]], s1);
                    k += 2;
                }
            } else {
                for (; k + 1 < e; k += 2) {
                    s0 = fma(av.getAtIndex(D, k), x[ri[k]], s0);
                    s1 = fma(av.getAtIndex(D, k + 1), x[ri[k + 1]], s1);
                }
            }
            if (k < e) s0 = fma(av.getAtIndex(D, k), x[ri[k]], s0);
            double sum = s0 + s1;
            if (v != null) {
                if (!empty) total = fma(sum, v.getAtIndex(D, j), total);
            } else if (ya != null) {
                ya[j] = combine(alpha, sum, beta, ya[j]);
            } else {
                ys.setAtIndex(D, j, combine(alpha, sum, beta, ys.getAtIndex(D, j)));
            }
            k = e;
        }
        return total;
    }

    @Override
    public void rank1DotGrouped(DenseVector u, PatternGroups groups, DenseVector v, DenseVector out) {
        MemorySegment gp = groups.groupPtr(), rs = groups.row(), cs = groups.col(), cf = groups.coef();
        MemorySegment us = u.segment(), vs = v.segment(), os = out.segment();
        int g = groups.groups();
        int start = gp.getAtIndex(I, 0);
        for (int e = 0; e < g; e++) {
            int end = gp.getAtIndex(I, e + 1);
            double s0 = 0, s1 = 0;
            int t = start;
            for (; t + 1 < end; t += 2) {
                s0 = fma(cf.getAtIndex(D, t) * us.getAtIndex(D, rs.getAtIndex(I, t)),
                        vs.getAtIndex(D, cs.getAtIndex(I, t)), s0);
                s1 = fma(cf.getAtIndex(D, t + 1) * us.getAtIndex(D, rs.getAtIndex(I, t + 1)),
                        vs.getAtIndex(D, cs.getAtIndex(I, t + 1)), s1);
            }
            if (t < end) {
                s0 = fma(cf.getAtIndex(D, t) * us.getAtIndex(D, rs.getAtIndex(I, t)),
                        vs.getAtIndex(D, cs.getAtIndex(I, t)), s0);
            }
            os.setAtIndex(D, e, s0 + s1);
            start = end;
        }
    }

    /** αs + βy, with β = 0 meaning "ignore y" (so a NaN in y does not survive, as in BLAS). */
    private static double combine(double alpha, double s, double beta, double y) {
        return beta == 0 ? alpha * s : fma(alpha, s, beta * y);
    }

    /** y ← βy, with β = 0 meaning overwrite (so NaN in y does not survive, as in BLAS). */
    private static void scaleOutput(int m, double beta, MemorySegment y, long yOff) {
        if (beta == 0) {
            if (yOff == 0 && y.byteSize() == (long) m * Double.BYTES) y.fill((byte) 0); // a slice would allocate
            else for (int i = 0; i < m; i++) y.setAtIndex(D, yOff + i, 0.0);
        } else if (beta != 1) {
            for (int i = 0; i < m; i++) y.setAtIndex(D, yOff + i, beta * y.getAtIndex(D, yOff + i));
        }
    }
}

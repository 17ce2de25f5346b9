package dev.pullback.kernel;

import static dev.pullback.kernel.Fma.fma;

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
 * the FMA latency chain here) where the SIMD path uses one partial sum per lane, so those agree to
 * within the size-scaled rounding bound n·ε·Σ|terms|. Index results (iamax) agree exactly.
 * rank1Dot skips empty columns, so an infinite vⱼ over an empty column contributes nothing (the sum
 * is over stored entries only).
 */
public final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;

    /** Below this sum of squares nrm2 rescales: subnormal squares would otherwise cost accuracy. */
    static final double SSQ_MIN = 0x1p-900;

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
        MemorySegment ys = y.segment();
        scaleOutput(a.rows(), beta, ys, 0);
        if (alpha == 0) return;
        scatterColumns(alpha, a, x.segment(), ys);
    }

    /** y += αAx column by column: y[rows of column j] += (αxⱼ)·A[:, j]. */
    private static void scatterColumns(double alpha, CscMatrix a, MemorySegment xs, MemorySegment ys) {
        CscPattern p = a.pattern();
        MemorySegment cp = p.colPtr(), ri = p.rowIdx(), av = a.values();
        int n = a.cols();
        int start = cp.getAtIndex(I, 0);
        for (int j = 0; j < n; j++) {
            double t = alpha * xs.getAtIndex(D, j);
            int end = cp.getAtIndex(I, j + 1);
            for (int k = start; k < end; k++) {
                long i = ri.getAtIndex(I, k);
                ys.setAtIndex(D, i, fma(av.getAtIndex(D, k), t, ys.getAtIndex(D, i)));
            }
            start = end;
        }
    }

    @Override
    public void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        CscPattern p = a.pattern();
        MemorySegment cp = p.colPtr(), ri = p.rowIdx(), av = a.values(), xs = x.segment(), ys = y.segment();
        int n = a.cols();
        if (alpha == 0) {
            scaleOutput(n, beta, ys, 0);
            return;
        }
        int start = cp.getAtIndex(I, 0);
        for (int j = 0; j < n; j++) {
            int end = cp.getAtIndex(I, j + 1);
            double s = columnDot(start, end, ri, av, xs);
            ys.setAtIndex(D, j, combine(alpha, s, beta, ys.getAtIndex(D, j)));
            start = end;
        }
    }

    @Override
    public double rank1Dot(DenseVector u, CscMatrix a, DenseVector v) {
        CscPattern p = a.pattern();
        MemorySegment cp = p.colPtr(), ri = p.rowIdx(), av = a.values(), us = u.segment(), vs = v.segment();
        double total = 0;
        int n = a.cols();
        int start = cp.getAtIndex(I, 0);
        for (int j = 0; j < n; j++) {
            int end = cp.getAtIndex(I, j + 1);
            if (end != start) total = fma(columnDot(start, end, ri, av, us), vs.getAtIndex(D, j), total);
            start = end;
        }
        return total;
    }

    /** Σ_{k in [start, end)} values[k]·x[rowIdx[k]], two interleaved partial sums. */
    private static double columnDot(int start, int end, MemorySegment ri, MemorySegment av, MemorySegment xs) {
        double s0 = 0, s1 = 0;
        int k = start;
        for (; k + 1 < end; k += 2) {
            s0 = fma(av.getAtIndex(D, k), xs.getAtIndex(D, ri.getAtIndex(I, k)), s0);
            s1 = fma(av.getAtIndex(D, k + 1), xs.getAtIndex(D, ri.getAtIndex(I, k + 1)), s1);
        }
        if (k < end) s0 = fma(av.getAtIndex(D, k), xs.getAtIndex(D, ri.getAtIndex(I, k)), s0);
        return s0 + s1;
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

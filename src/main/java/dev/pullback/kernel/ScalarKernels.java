package dev.pullback.kernel;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The scalar twin of every kernel: plain loops over segments, the reference for the SIMD path. */
public final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;

    private ScalarKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public double dot(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        double s = 0;
        for (int i = 0; i < n; i++) s = Math.fma(x.getAtIndex(D, xOff + i), y.getAtIndex(D, yOff + i), s);
        return s;
    }

    @Override
    public void axpy(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        for (int i = 0; i < n; i++) {
            y.setAtIndex(D, yOff + i, Math.fma(alpha, x.getAtIndex(D, xOff + i), y.getAtIndex(D, yOff + i)));
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

    @Override
    public double nrm2(int n, MemorySegment x, long xOff) {
        // Scaled sum of squares (LAPACK dnrm2's idea): ‖x‖ = scale·√ssq, never squaring a huge entry.
        double scale = 0, ssq = 1;
        for (int i = 0; i < n; i++) {
            double a = Math.abs(x.getAtIndex(D, xOff + i));
            if (a != 0) {
                if (scale < a) {
                    double r = scale / a;
                    ssq = 1 + ssq * r * r;
                    scale = a;
                } else {
                    double r = a / scale;
                    ssq += r * r;
                }
            } else if (Double.isNaN(a)) {
                return Double.NaN;
            }
        }
        return scale * Math.sqrt(ssq);
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
            for (int j = 0; j < n; j++) {
                double t = alpha * x.getAtIndex(D, xOff + j);
                if (t != 0) axpy(m, t, a, aOff + (long) j * lda, y, yOff);
            }
        } else {
            for (int j = 0; j < n; j++) {
                double s = dot(m, a, aOff + (long) j * lda, x, xOff);
                double old = beta == 0 ? 0 : beta * y.getAtIndex(D, yOff + j);
                y.setAtIndex(D, yOff + j, Math.fma(alpha, s, old));
            }
        }
    }

    @Override
    public void spmv(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        CscPattern p = a.pattern();
        MemorySegment cp = p.colPtr(), ri = p.rowIdx(), av = a.values(), xs = x.segment(), ys = y.segment();
        scaleOutput(a.rows(), beta, ys, 0);
        int n = a.cols();
        for (int j = 0; j < n; j++) {
            double t = alpha * xs.getAtIndex(D, j);
            int end = cp.getAtIndex(I, j + 1);
            for (int k = cp.getAtIndex(I, j); k < end; k++) {
                long i = ri.getAtIndex(I, k);
                ys.setAtIndex(D, i, Math.fma(av.getAtIndex(D, k), t, ys.getAtIndex(D, i)));
            }
        }
    }

    @Override
    public void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        CscPattern p = a.pattern();
        MemorySegment cp = p.colPtr(), ri = p.rowIdx(), av = a.values(), xs = x.segment(), ys = y.segment();
        int n = a.cols();
        for (int j = 0; j < n; j++) {
            double s = 0;
            int end = cp.getAtIndex(I, j + 1);
            for (int k = cp.getAtIndex(I, j); k < end; k++) {
                s = Math.fma(av.getAtIndex(D, k), xs.getAtIndex(D, ri.getAtIndex(I, k)), s);
            }
            double old = beta == 0 ? 0 : beta * ys.getAtIndex(D, j);
            ys.setAtIndex(D, j, Math.fma(alpha, s, old));
        }
    }

    @Override
    public double rank1Dot(DenseVector u, CscMatrix a, DenseVector v) {
        CscPattern p = a.pattern();
        MemorySegment cp = p.colPtr(), ri = p.rowIdx(), av = a.values(), us = u.segment(), vs = v.segment();
        double total = 0;
        int n = a.cols();
        for (int j = 0; j < n; j++) {
            double s = 0;
            int end = cp.getAtIndex(I, j + 1);
            for (int k = cp.getAtIndex(I, j); k < end; k++) {
                s = Math.fma(av.getAtIndex(D, k), us.getAtIndex(D, ri.getAtIndex(I, k)), s);
            }
            total = Math.fma(s, vs.getAtIndex(D, j), total);
        }
        return total;
    }

    @Override
    public void rank1DotGrouped(DenseVector u, PatternGroups groups, DenseVector v, DenseVector out) {
        MemorySegment gp = groups.groupPtr(), rs = groups.row(), cs = groups.col(), cf = groups.coef();
        MemorySegment us = u.segment(), vs = v.segment(), os = out.segment();
        int g = groups.groups();
        for (int e = 0; e < g; e++) {
            double s = 0;
            int end = gp.getAtIndex(I, e + 1);
            for (int t = gp.getAtIndex(I, e); t < end; t++) {
                s = Math.fma(cf.getAtIndex(D, t) * us.getAtIndex(D, rs.getAtIndex(I, t)),
                        vs.getAtIndex(D, cs.getAtIndex(I, t)), s);
            }
            os.setAtIndex(D, e, s);
        }
    }

    /** y ← βy, with β = 0 meaning overwrite (so NaN in y does not survive, as in BLAS). */
    private static void scaleOutput(int m, double beta, MemorySegment y, long yOff) {
        if (beta == 0) {
            y.asSlice(yOff * Double.BYTES, (long) m * Double.BYTES).fill((byte) 0);
        } else if (beta != 1) {
            for (int i = 0; i < m; i++) y.setAtIndex(D, yOff + i, beta * y.getAtIndex(D, yOff + i));
        }
    }
}

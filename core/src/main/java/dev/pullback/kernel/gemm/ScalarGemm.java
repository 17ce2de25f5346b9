package dev.pullback.kernel.gemm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The scalar twin of the GEMM, TRSM, SYRK and POTRF kernels: plain column-oriented loops over the segments, no
 * packing. It is the reference the SIMD kernels are tested against and the fallback when the Vector
 * API is absent. Inner loops run down columns (unit stride): for op(A) = A the product is built as
 * axpys of columns of A, for op(A) = Aᵀ as dots of columns of A.
 */
public final class ScalarGemm implements Gemm {
    /** The one instance; it holds no state. */
    public static final ScalarGemm INSTANCE = new ScalarGemm();

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    /** For scattered scalar accesses (row swaps): the unaligned layout skips an alignment check per access. */
    private static final ValueLayout.OfDouble U = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private ScalarGemm() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
            double alpha, MemorySegment a, long aOff, int lda,
            MemorySegment b, long bOff, int ldb,
            double beta, MemorySegment c, long cOff, int ldc, GemmWorkspace ws) {
        Gemm.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, ws);
        if (m == 0 || n == 0) return;
        for (int j = 0; j < n; j++) {
            long cj = cOff + (long) j * ldc;
            scaleColumn(m, beta, c, cj);
            if (alpha == 0 || k == 0) continue;
            if (!transA) {
                // c(:, j) += Σₚ a(:, p)·(α b(p, j))
                for (int p = 0; p < k; p++) {
                    double t = alpha * b.getAtIndex(D, transB ? bOff + j + (long) p * ldb : bOff + p + (long) j * ldb);
                    long ap = aOff + (long) p * lda;
                    for (int i = 0; i < m; i++) {
                        c.setAtIndex(D, cj + i, Math.fma(a.getAtIndex(D, ap + i), t, c.getAtIndex(D, cj + i)));
                    }
                }
            } else {
                // c(i, j) += α Σₚ a(p, i)·b(p, j)
                for (int i = 0; i < m; i++) {
                    long ai = aOff + (long) i * lda;
                    double s = 0;
                    if (!transB) {
                        long bj = bOff + (long) j * ldb;
                        for (int p = 0; p < k; p++) s = Math.fma(a.getAtIndex(D, ai + p), b.getAtIndex(D, bj + p), s);
                    } else {
                        for (int p = 0; p < k; p++) {
                            s = Math.fma(a.getAtIndex(D, ai + p), b.getAtIndex(D, bOff + j + (long) p * ldb), s);
                        }
                    }
                    c.setAtIndex(D, cj + i, Math.fma(alpha, s, c.getAtIndex(D, cj + i)));
                }
            }
        }
    }

    @Override
    public void trsm(boolean lower, boolean transT, boolean unitDiagonal, int m, int n,
            MemorySegment t, long tOff, int ldt, MemorySegment x, long xOff, int ldx, GemmWorkspace ws) {
        Gemm.checkTrsm(m, n, t, tOff, ldt, x, xOff, ldx, ws);
        for (int j = 0; j < n; j++) {
            long xj = xOff + (long) j * ldx;
            if (!transT) {
                if (lower) forwardColumns(m, unitDiagonal, t, tOff, ldt, x, xj);
                else backwardColumns(m, unitDiagonal, t, tOff, ldt, x, xj);
            } else {
                if (lower) backwardDots(m, unitDiagonal, t, tOff, ldt, x, xj);
                else forwardDots(m, unitDiagonal, t, tOff, ldt, x, xj);
            }
        }
    }

    /**
     * x(u:u+rows) −= T(u:u+rows, from:to)·x(from:to), T's row u at element {@code top} (its column 0):
     * the columns a blocked {@link #luSolve} leaves past its groups of four.
     */
    public static void subtractColumns(int rows, int from, int to, MemorySegment t, long top, int ldt, MemorySegment x, long xOff, int u) {
        for (int j = from; j < to; j++) {
            double xj = x.getAtIndex(D, xOff + j);
            long col = top + (long) j * ldt;
            for (int i = 0; i < rows; i++) {
                x.setAtIndex(D, xOff + u + i, Math.fma(-xj, t.getAtIndex(D, col + i), x.getAtIndex(D, xOff + u + i)));
            }
        }
    }

    /** Forward substitution with L's columns, then backward with U's, each xₚ multiplied by 1/uₚₚ. */
    @Override
    public void luSolve(int n, MemorySegment lu, long off, int ld, double[] pivotInverses, MemorySegment x, long xOff) {
        Gemm.checkLuSolve(n, lu, off, ld, pivotInverses, x, xOff);
        forwardColumns(n, true, lu, off, ld, x, xOff);
        for (int p = n - 1; p >= 0; p--) {
            long tp = off + (long) p * ld;
            double xp = x.getAtIndex(D, xOff + p) * pivotInverses[p];
            x.setAtIndex(D, xOff + p, xp);
            for (int i = 0; i < p; i++) x.setAtIndex(D, xOff + i, Math.fma(-xp, lu.getAtIndex(D, tp + i), x.getAtIndex(D, xOff + i)));
        }
    }

    @Override
    public void panelUpdate(int m, int cols, MemorySegment a, long panel, int lda, int[] ipiv, int pivOff, GemmWorkspace ws) {
        Gemm.checkPanelUpdate(m, cols, a, panel, lda, ipiv, pivOff, ws);
        long lower = panel + PANEL; // L21(0, 0)
        for (int c = 0; c < cols; c++) {
            long col = panel + (long) (PANEL + c) * lda;
            swapAndSolveTop(a, panel, lda, col, ipiv, pivOff);
            // a(8:8+m, c) −= L21·u as eight axpys, so each entry gets its FMAs in panel-column order.
            for (int p = 0; p < PANEL; p++) {
                double u = a.getAtIndex(D, col + p);
                long lp = lower + (long) p * lda;
                for (int i = 0; i < m; i++) {
                    long ci = col + PANEL + i;
                    a.setAtIndex(D, ci, Math.fma(-u, a.getAtIndex(D, lp + i), a.getAtIndex(D, ci)));
                }
            }
        }
    }

    /**
     * The scalar head of {@link #panelUpdate} for one column (element {@code col} in the panel's first
     * row): the panel's interchanges ({@link #swapPanelRows}), then u = L11⁻¹·a(0:8, c) by forward
     * substitution, each uᵢ = aᵢ − Σₚ₍ₚ₍ᵢ₎ lᵢₚuₚ in p order.
     */
    public static void swapAndSolveTop(MemorySegment a, long panel, int lda, long col, int[] ipiv, int pivOff) {
        swapPanelRows(a, col, ipiv, pivOff);
        for (int p = 0; p < PANEL - 1; p++) {
            double u = a.getAtIndex(D, col + p);
            long lp = panel + (long) p * lda;
            for (int i = p + 1; i < PANEL; i++) {
                a.setAtIndex(D, col + i, Math.fma(-u, a.getAtIndex(D, lp + i), a.getAtIndex(D, col + i)));
            }
        }
    }

    /** The panel's {@value Gemm#PANEL} interchanges ipiv[pivOff + q] (relative rows) on the column from element {@code col} on. */
    public static void swapPanelRows(MemorySegment a, long col, int[] ipiv, int pivOff) {
        for (int q = 0; q < PANEL; q++) {
            int p = ipiv[pivOff + q];
            if (p != q) {
                double t = a.getAtIndex(U, col + q);
                a.setAtIndex(U, col + q, a.getAtIndex(U, col + p));
                a.setAtIndex(U, col + p, t);
            }
        }
    }

    @Override
    public boolean copyPadded(int m, int n, MemorySegment src, long srcOff, int lds, MemorySegment dst, long dstOff, int ldd) {
        Gemm.checkCopyPadded(m, n, src, srcOff, lds, dst, dstOff, ldd);
        return copyPaddedColumns(m, n, src, srcOff, lds, dst, dstOff, ldd);
    }

    /**
     * {@link #copyPadded}, arguments checked: a bulk copy per column, its entries summed as 0·aᵢⱼ
     * (NaN as soon as one is NaN or infinite), the padding rows zeroed. Also the vector kernels'
     * path at the widths that have no loop of their own.
     */
    public static boolean copyPaddedColumns(int m, int n, MemorySegment src, long srcOff, int lds, MemorySegment dst,
            long dstOff, int ldd) {
        double zeros = 0;
        for (int j = 0; j < n; j++) {
            long s = srcOff + (long) j * lds, d = dstOff + (long) j * ldd;
            MemorySegment.copy(src, s * Double.BYTES, dst, d * Double.BYTES, (long) m * Double.BYTES);
            for (int i = 0; i < m; i++) zeros += 0 * dst.getAtIndex(D, d + i);
            for (int i = m; i < ldd; i++) dst.setAtIndex(D, d + i, 0.0);
        }
        return zeros == 0;
    }

    @Override
    public void absColumnSums(int m, int n, MemorySegment a, long off, int lda, double[] sums) {
        Gemm.checkAbsColumnSums(m, n, a, off, lda, sums);
        for (int j = 0; j < n; j++) {
            long col = off + (long) j * lda;
            // Four chains: one running sum would wait on each add's latency.
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = 0;
            for (; i + 3 < m; i += 4) {
                s0 += Math.abs(a.getAtIndex(D, col + i));
                s1 += Math.abs(a.getAtIndex(D, col + i + 1));
                s2 += Math.abs(a.getAtIndex(D, col + i + 2));
                s3 += Math.abs(a.getAtIndex(D, col + i + 3));
            }
            for (; i < m; i++) s0 += Math.abs(a.getAtIndex(D, col + i));
            sums[j] = (s0 + s1) + (s2 + s3);
        }
    }

    @Override
    public int factorPanel(int m, int w, MemorySegment a, long off, int lda, int[] ipiv, int pivOff, GemmWorkspace ws) {
        Gemm.checkPanel(m, w, a, off, lda, ipiv, pivOff, ws);
        for (int j = 0; j < Math.min(m, w); j++) {
            long col = off + (long) j * lda;
            int p = j;
            double max = -1;
            for (int i = j; i < m; i++) {
                double v = Math.abs(a.getAtIndex(D, col + i));
                if (Double.isNaN(v)) {
                    p = i;
                    break;
                }
                if (v > max) {
                    max = v;
                    p = i;
                }
            }
            double pivot = a.getAtIndex(D, col + p);
            if (pivot == 0) return j;
            ipiv[pivOff + j] = p;
            if (p != j) {
                for (int c = 0; c < w; c++) {
                    long cc = off + (long) c * lda;
                    double t = a.getAtIndex(D, cc + j);
                    a.setAtIndex(D, cc + j, a.getAtIndex(D, cc + p));
                    a.setAtIndex(D, cc + p, t);
                }
            }
            boolean reciprocal = Math.abs(pivot) >= Double.MIN_NORMAL;
            double r = 1.0 / pivot;
            for (int i = j + 1; i < m; i++) {
                double v = a.getAtIndex(D, col + i);
                a.setAtIndex(D, col + i, reciprocal ? v * r : v / pivot);
            }
            for (int c = j + 1; c < w; c++) {
                long cc = off + (long) c * lda;
                double u = a.getAtIndex(D, cc + j);
                if (u == 0) continue;
                for (int i = j + 1; i < m; i++) {
                    a.setAtIndex(D, cc + i, Math.fma(-u, a.getAtIndex(D, col + i), a.getAtIndex(D, cc + i)));
                }
            }
        }
        return -1;
    }

    @Override
    public void syrk(boolean lower, boolean trans, int n, int k, double alpha, MemorySegment a, long aOff, int lda,
            double beta, MemorySegment c, long cOff, int ldc, GemmWorkspace ws) {
        Gemm.checkSyrk(trans, n, k, a, aOff, lda, c, cOff, ldc, ws);
        for (int j = 0; j < n; j++) {
            int i0 = lower ? j : 0;
            int i1 = lower ? n : j + 1;
            long cj = cOff + (long) j * ldc;
            scaleColumn(i0, i1, beta, c, cj);
            if (alpha == 0 || k == 0) continue;
            if (!trans) {
                // c(i0:i1, j) += Σₚ a(i0:i1, p)·(α a(j, p))
                for (int p = 0; p < k; p++) {
                    long ap = aOff + (long) p * lda;
                    double t = alpha * a.getAtIndex(D, ap + j);
                    for (int i = i0; i < i1; i++) {
                        c.setAtIndex(D, cj + i, Math.fma(a.getAtIndex(D, ap + i), t, c.getAtIndex(D, cj + i)));
                    }
                }
            } else {
                // c(i, j) += α Σₚ a(p, i)·a(p, j)
                long aj = aOff + (long) j * lda;
                for (int i = i0; i < i1; i++) {
                    long ai = aOff + (long) i * lda;
                    double s = 0;
                    for (int p = 0; p < k; p++) s = Math.fma(a.getAtIndex(D, ai + p), a.getAtIndex(D, aj + p), s);
                    c.setAtIndex(D, cj + i, Math.fma(alpha, s, c.getAtIndex(D, cj + i)));
                }
            }
        }
    }

    /** By columns: d(j:rows, j) = β·c(j:rows, j), then α·a(j:rows, p)·a(j, p) added for each p in turn, as {@link #syrk}. */
    @Override
    public void syrkTrapezoid(int rows, int cols, int k, double alpha, MemorySegment a, long aOff, int lda,
            double beta, MemorySegment c, long cOff, int ldc, MemorySegment d, long dOff, int ldd, GemmWorkspace ws) {
        Gemm.checkSyrkTrapezoid(rows, cols, k, a, aOff, lda, c, cOff, ldc, d, dOff, ldd, ws);
        for (int j = 0; j < cols; j++) {
            long cj = cOff + (long) j * ldc, dj = dOff + (long) j * ldd;
            for (int i = j; i < rows; i++) d.setAtIndex(D, dj + i, beta == 0 ? 0.0 : beta * c.getAtIndex(D, cj + i));
            if (alpha == 0) continue;
            for (int p = 0; p < k; p++) {
                long ap = aOff + (long) p * lda;
                double t = alpha * a.getAtIndex(D, ap + j);
                for (int i = j; i < rows; i++) {
                    d.setAtIndex(D, dj + i, Math.fma(a.getAtIndex(D, ap + i), t, d.getAtIndex(D, dj + i)));
                }
            }
        }
    }

    @Override
    public int potrf(boolean lower, int n, MemorySegment a, long off, int lda, GemmWorkspace ws) {
        Gemm.checkPotrf(n, a, off, lda, ws);
        return lower ? potrfLower(n, a, off, lda) : potrfUpper(n, a, off, lda);
    }

    /**
     * Left-looking, by columns: a(j:n, j) −= Σ_{p&lt;j} l(j:n, p)·l(j, p), then l_jj = √a_jj and
     * l(j+1:n, j) = a(j+1:n, j) / l_jj. Shared by both kernels as the unblocked step.
     */
    public static int potrfLower(int n, MemorySegment a, long off, int lda) {
        for (int j = 0; j < n; j++) {
            long cj = off + (long) j * lda;
            for (int p = 0; p < j; p++) {
                long cp = off + (long) p * lda;
                double t = -a.getAtIndex(D, cp + j);
                if (t == 0) continue;
                for (int i = j; i < n; i++) a.setAtIndex(D, cj + i, Math.fma(a.getAtIndex(D, cp + i), t, a.getAtIndex(D, cj + i)));
            }
            double d = a.getAtIndex(D, cj + j);
            if (!(d > 0 && d <= Double.MAX_VALUE)) return j;
            double r = Math.sqrt(d);
            a.setAtIndex(D, cj + j, r);
            for (int i = j + 1; i < n; i++) a.setAtIndex(D, cj + i, a.getAtIndex(D, cj + i) / r);
        }
        return -1;
    }

    /**
     * By columns of U: u(i, j) = (a(i, j) − u(0:i, i)·u(0:i, j)) / u_ii for i &lt; j, then
     * u_jj = √(a_jj − u(0:j, j)·u(0:j, j)): dots of contiguous columns. Shared by both kernels as the
     * unblocked step.
     */
    public static int potrfUpper(int n, MemorySegment a, long off, int lda) {
        for (int j = 0; j < n; j++) {
            long cj = off + (long) j * lda;
            for (int i = 0; i < j; i++) {
                long ci = off + (long) i * lda;
                double s = a.getAtIndex(D, cj + i);
                for (int p = 0; p < i; p++) s = Math.fma(-a.getAtIndex(D, ci + p), a.getAtIndex(D, cj + p), s);
                a.setAtIndex(D, cj + i, s / a.getAtIndex(D, ci + i));
            }
            double d = a.getAtIndex(D, cj + j);
            for (int p = 0; p < j; p++) {
                double u = a.getAtIndex(D, cj + p);
                d = Math.fma(-u, u, d);
            }
            if (!(d > 0 && d <= Double.MAX_VALUE)) {
                a.setAtIndex(D, cj + j, d);
                return j;
            }
            a.setAtIndex(D, cj + j, Math.sqrt(d));
        }
        return -1;
    }

    /** x ← T⁻¹x, T lower: xₚ /= tₚₚ, then x(p+1:m) −= xₚ·t(p+1:m, p). */
    private static void forwardColumns(int m, boolean unit, MemorySegment t, long tOff, int ldt, MemorySegment x, long xj) {
        for (int p = 0; p < m; p++) {
            long tp = tOff + (long) p * ldt;
            double xp = x.getAtIndex(D, xj + p);
            if (!unit) {
                xp /= t.getAtIndex(D, tp + p);
                x.setAtIndex(D, xj + p, xp);
            }
            for (int i = p + 1; i < m; i++) {
                x.setAtIndex(D, xj + i, Math.fma(-xp, t.getAtIndex(D, tp + i), x.getAtIndex(D, xj + i)));
            }
        }
    }

    /** x ← T⁻¹x, T upper: from the bottom, xₚ /= tₚₚ, then x(0:p) −= xₚ·t(0:p, p). */
    private static void backwardColumns(int m, boolean unit, MemorySegment t, long tOff, int ldt, MemorySegment x, long xj) {
        for (int p = m - 1; p >= 0; p--) {
            long tp = tOff + (long) p * ldt;
            double xp = x.getAtIndex(D, xj + p);
            if (!unit) {
                xp /= t.getAtIndex(D, tp + p);
                x.setAtIndex(D, xj + p, xp);
            }
            for (int i = 0; i < p; i++) {
                x.setAtIndex(D, xj + i, Math.fma(-xp, t.getAtIndex(D, tp + i), x.getAtIndex(D, xj + i)));
            }
        }
    }

    /** x ← T⁻ᵀx, T lower (Tᵀ upper): from the bottom, xₚ = (xₚ − t(p+1:m, p)·x(p+1:m)) / tₚₚ. */
    private static void backwardDots(int m, boolean unit, MemorySegment t, long tOff, int ldt, MemorySegment x, long xj) {
        for (int p = m - 1; p >= 0; p--) {
            long tp = tOff + (long) p * ldt;
            double s = x.getAtIndex(D, xj + p);
            for (int i = p + 1; i < m; i++) s = Math.fma(-t.getAtIndex(D, tp + i), x.getAtIndex(D, xj + i), s);
            x.setAtIndex(D, xj + p, unit ? s : s / t.getAtIndex(D, tp + p));
        }
    }

    /** x ← T⁻ᵀx, T upper (Tᵀ lower): xₚ = (xₚ − t(0:p, p)·x(0:p)) / tₚₚ. */
    private static void forwardDots(int m, boolean unit, MemorySegment t, long tOff, int ldt, MemorySegment x, long xj) {
        for (int p = 0; p < m; p++) {
            long tp = tOff + (long) p * ldt;
            double s = x.getAtIndex(D, xj + p);
            for (int i = 0; i < p; i++) s = Math.fma(-t.getAtIndex(D, tp + i), x.getAtIndex(D, xj + i), s);
            x.setAtIndex(D, xj + p, unit ? s : s / t.getAtIndex(D, tp + p));
        }
    }

    /** c(i0:i1) ← β·c(i0:i1); β = 0 overwrites with zeros. */
    private static void scaleColumn(int i0, int i1, double beta, MemorySegment c, long cj) {
        if (beta == 0) {
            for (int i = i0; i < i1; i++) c.setAtIndex(D, cj + i, 0.0);
        } else if (beta != 1) {
            for (int i = i0; i < i1; i++) c.setAtIndex(D, cj + i, beta * c.getAtIndex(D, cj + i));
        }
    }

    /** c(0:m) ← β·c(0:m); β = 0 overwrites with zeros. */
    private static void scaleColumn(int m, double beta, MemorySegment c, long cj) {
        if (beta == 0) {
            for (int i = 0; i < m; i++) c.setAtIndex(D, cj + i, 0.0);
        } else if (beta != 1) {
            for (int i = 0; i < m; i++) c.setAtIndex(D, cj + i, beta * c.getAtIndex(D, cj + i));
        }
    }

    /**
     * {@link Gemm#lowerRankUpdate} without checks: d(i, j) = c(i, j) − Σₚ a(i, p)·a(j, p), each sum
     * over p in increasing order by fused multiply-adds (the order of the Vector API kernel's lanes).
     */
    public static void lowerRankUpdateLoops(int rows, int cols, int depth, double[] a, int aOff, int lda, double[] c, int cOff,
            int ldc, double[] d, int dOff, int ldd) {
        for (int j = 0; j < cols; j++) {
            int cj = cOff + j * ldc, dj = dOff + j * ldd;
            for (int i = j; i < rows; i++) {
                double s = 0;
                for (int p = 0, ap = aOff; p < depth; p++, ap += lda) s = Math.fma(a[ap + i], a[ap + j], s);
                d[dj + i] = c[cj + i] - s;
            }
        }
    }
}

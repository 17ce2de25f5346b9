package dev.pullback.sparse;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The solves of {@link SupernodalLu}: x = A⁻¹b and x = A⁻ᵀb with its factors, read in the packed
 * layout of {@link SupernodalLayout}. The forward sweeps read each factor array from its start to its
 * end, which the hardware prefetcher follows. The backward sweeps visit the supernodes from last to
 * first and read each panel from its start, the gather of y fused with its first four columns
 * (docs/PERFORMANCE.md, 2026-12-08 'backward sweeps upwards'). Blocks of 2–4 columns run in
 * straight-line code (loops of one to three entries pay C2's loop set-up on each); larger ones four
 * columns at a time, so four independent sums or one pass over y serve four columns
 * (docs/PERFORMANCE.md, 2026-12-07 'solve sweeps: four-column diagonal blocks, upward large panels,
 * cached factors'). The factors are read through {@link SupernodalFactors} in elimination steps: P
 * and Q are applied as b is read and x written, and no interchange happens inside (a supernode
 * whose pivots were all delayed holds no block and is skipped). Work vectors are heap arrays
 * allocated once; a solve allocates nothing (after a refactor that made the panels taller, the
 * first one grows its gather buffer). Not thread-safe (one work vector).
 */
final class SupernodalSolves {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private final SupernodalFactors fac;
    private final int n;
    private final double[] y;
    private double[] tmp;

    /** Solves with the factors {@code fac} describes (read at each solve: see {@link SupernodalFactors}). */
    SupernodalSolves(SupernodalFactors fac, int n) {
        this.fac = fac;
        this.n = n;
        y = new double[n];
        tmp = new double[Math.max(1, fac.maxRows)];
    }

    /**
     * The solves of {@link SupernodalCholesky}'s factor U in the analysis's structure; {@code ipiv}
     * and {@code pivoted} are not read (the Cholesky factor has no interchanges).
     */
    SupernodalSolves(SupernodalStructure st, MemorySegment lx, MemorySegment ux, int[] ipiv, boolean[] pivoted,
            double[] rowScale) {
        this(SupernodalFactors.of(st, lx, ux, rowScale), st.n);
    }

    /** The gather buffer, grown (allocating, once) when a refactor's delays made a panel taller than it. */
    private double[] tmp() {
        if (tmp.length < fac.maxRows) tmp = new double[fac.maxRows];
        return tmp;
    }

    /**
     * With P·R⁻¹·A·Q = L·U (P, Q the factors' row and column orders): y = P·R⁻¹·b; for each
     * supernode in order y_s := L11⁻¹y_s and y_R −= L21·y_s; then backwards, y_s −= U12·y_R and
     * y_s := U11⁻¹y_s; x = Q·y. The forward sweep reads L's storage from its start to its end, the
     * backward one U's from its end to its start.
     */
    void solve(MemorySegment b, long bo, MemorySegment xs, long xo) {
        final SupernodalFactors fac = this.fac;
        final double[] y = this.y;
        final MemorySegment lx = fac.lx;
        final double[] rs = fac.rowScale;
        final int[] first = fac.first, rowPtr = fac.rowPtr, rows = fac.lRows, p = fac.rowOrder, q = fac.colOrder;
        final long[] lOff = fac.lOff;
        for (int k = 0; k < n; k++) {
            int r = p[k];
            double v = b.getAtIndex(D, bo + r);
            y[k] = rs == null ? v : v * rs[r];
        }
        for (int s = 0, count = fac.count; s < count; s++) {
            int f = first[s], k = first[s + 1] - f, r0 = rowPtr[s], r = rowPtr[s + 1] - r0;
            long lo = lOff[s];
            if (k <= 1) {
                if (k == 0) continue;
                double yf = y[f];
                long po = SupernodalLayout.lowerPanel(lo, 1);
                for (int i = 0; i < r; i++) y[rows[r0 + i]] -= lx.getAtIndex(D, po + i) * yf;
                continue;
            }
            if (k <= 4) {
                lowerSmall(k, lx, lo, y, f);
            } else {
                for (int j = 0; j < k - 1; j++) {
                    double yj = y[f + j];
                    long cj = SupernodalLayout.lowerColumn(lo, k, j);
                    for (int i = j + 1; i < k; i++) y[f + i] -= lx.getAtIndex(D, cj + i) * yj;
                }
            }
            if (r > 0) scatterProduct(r, k, lx, SupernodalLayout.lowerPanel(lo, k), f, rows, r0);
        }
        backwardUpper();
        for (int k = 0; k < n; k++) xs.setAtIndex(D, xo + q[k], y[k]);
    }

    /**
     * x = A⁻¹b for {@link SupernodalCholesky}, whose factor A = Q·UᵀU·Qᵀ (U = Lᵀ) is stored as U in
     * this layout: y = Qᵀb, y := U⁻ᵀy (forward, reading U's storage upwards), y := U⁻¹y (backward,
     * downwards), x = Q·y. Reads no L storage, no row scale and no interchanges.
     */
    void solveCholesky(MemorySegment b, long bo, MemorySegment xs, long xo) {
        final double[] y = this.y;
        final int[] q = fac.colOrder;
        for (int k = 0; k < n; k++) y[k] = b.getAtIndex(D, bo + q[k]);
        forwardUpperTransposed();
        backwardUpper();
        for (int k = 0; k < n; k++) xs.setAtIndex(D, xo + q[k], y[k]);
    }

    /** Backwards over the supernodes: y_s −= U12·y_R, y_s := U11⁻¹y_s (U's storage read from its end). */
    private void backwardUpper() {
        final SupernodalFactors fac = this.fac;
        final double[] y = this.y;
        final MemorySegment ux = fac.ux;
        final int[] first = fac.first, rowPtr = fac.rowPtr, rows = fac.uRows;
        final long[] uOff = fac.uOff;
        for (int s = fac.count - 1; s >= 0; s--) {
            int f = first[s], k = first[s + 1] - f, r0 = rowPtr[s], r = rowPtr[s + 1] - r0;
            long uo = uOff[s];
            if (k <= 1) {
                if (k == 0) continue;
                double sum = y[f];
                long po = SupernodalLayout.upperPanel(uo, 1);
                for (int i = 0; i < r; i++) sum -= ux.getAtIndex(D, po + i) * y[rows[r0 + i]];
                y[f] = sum / ux.getAtIndex(D, SupernodalLayout.upper(uo, 0, 0));
                continue;
            }
            if (r > 0) gatherProduct(r, k, ux, SupernodalLayout.upperPanel(uo, k), rows, r0, f);
            if (k <= 4) upperSmall(k, ux, uo, y, f);
            else upperBlock(k, ux, uo, y, f);
        }
    }

    /**
     * From Aᵀ = R·Pᵀ·(L·U)ᵀ·Qᵀ: y = Qᵀb; for each supernode in order
     * y_s := U11⁻ᵀy_s and y_R −= U12ᵀ·y_s; then backwards, y_s −= L21ᵀ·y_R and y_s := L11⁻ᵀy_s;
     * x = R⁻¹·Pᵀ·y. The forward sweep reads U's storage upwards, the backward one L's downwards.
     */
    void solveTransposed(MemorySegment b, long bo, MemorySegment xs, long xo) {
        final SupernodalFactors fac = this.fac;
        final double[] y = this.y;
        final MemorySegment lx = fac.lx;
        final double[] rs = fac.rowScale;
        final int[] first = fac.first, rowPtr = fac.rowPtr, rows = fac.lRows, p = fac.rowOrder, q = fac.colOrder;
        final long[] lOff = fac.lOff;
        for (int k = 0; k < n; k++) y[k] = b.getAtIndex(D, bo + q[k]);
        forwardUpperTransposed();
        for (int s = fac.count - 1; s >= 0; s--) {
            int f = first[s], k = first[s + 1] - f, r0 = rowPtr[s], r = rowPtr[s + 1] - r0;
            long lo = lOff[s];
            if (k <= 1) {
                if (k == 0) continue;
                double sum = y[f];
                long po = SupernodalLayout.lowerPanel(lo, 1);
                for (int i = 0; i < r; i++) sum -= lx.getAtIndex(D, po + i) * y[rows[r0 + i]];
                y[f] = sum;
                continue;
            }
            if (r > 0) gatherProduct(r, k, lx, SupernodalLayout.lowerPanel(lo, k), rows, r0, f);
            if (k <= 4) {
                lowerTransposedSmall(k, lx, lo, y, f);
            } else {
                for (int j = k - 2; j >= 0; j--) {
                    long cj = SupernodalLayout.lowerColumn(lo, k, j);
                    double sum = y[f + j];
                    for (int i = j + 1; i < k; i++) sum -= lx.getAtIndex(D, cj + i) * y[f + i];
                    y[f + j] = sum;
                }
            }
        }
        for (int k = 0; k < n; k++) {
            int r = p[k];
            double v = y[k];
            xs.setAtIndex(D, xo + r, rs == null ? v : v * rs[r]);
        }
    }

    /** Over the supernodes in order: y_s := U11⁻ᵀy_s, y_R −= U12ᵀ·y_s (U's storage read from its start). */
    private void forwardUpperTransposed() {
        final SupernodalFactors fac = this.fac;
        final double[] y = this.y;
        final MemorySegment ux = fac.ux;
        final int[] first = fac.first, rowPtr = fac.rowPtr, rows = fac.uRows;
        final long[] uOff = fac.uOff;
        for (int s = 0, count = fac.count; s < count; s++) {
            int f = first[s], k = first[s + 1] - f, r0 = rowPtr[s], r = rowPtr[s + 1] - r0;
            long uo = uOff[s];
            if (k <= 1) {
                if (k == 0) continue;
                double yf = y[f] / ux.getAtIndex(D, SupernodalLayout.upper(uo, 0, 0));
                y[f] = yf;
                long po = SupernodalLayout.upperPanel(uo, 1);
                for (int i = 0; i < r; i++) y[rows[r0 + i]] -= ux.getAtIndex(D, po + i) * yf;
                continue;
            }
            if (k <= 4) upperTransposedSmall(k, ux, uo, y, f);
            else upperTransposedBlock(k, ux, uo, y, f);
            if (r > 0) scatterProduct(r, k, ux, SupernodalLayout.upperPanel(uo, k), f, rows, r0);
        }
    }

    /**
     * y[f..f+k) := U11⁻ᵀy for k &gt; 4, four rows of U11ᵀ (columns j..j+3 of U11) at a time: their
     * dot products with the solved y[f..f+j) run as four independent sums sharing each load of y
     * (one sum alone waits on the latency of every addition), then the 4×4 triangle closes them.
     * Each entry's operations are those of the one-column loop, in the same order.
     */
    private static void upperTransposedBlock(int k, MemorySegment ux, long uo, double[] y, int f) {
        int j = 0;
        for (; j + 4 <= k; j += 4) {
            long c0 = SupernodalLayout.upperColumn(uo, j), c1 = SupernodalLayout.upperColumn(uo, j + 1);
            long c2 = SupernodalLayout.upperColumn(uo, j + 2), c3 = SupernodalLayout.upperColumn(uo, j + 3);
            double s0 = y[f + j], s1 = y[f + j + 1], s2 = y[f + j + 2], s3 = y[f + j + 3];
            for (int i = 0; i < j; i++) {
                double g = y[f + i];
                s0 -= ux.getAtIndex(D, c0 + i) * g;
                s1 -= ux.getAtIndex(D, c1 + i) * g;
                s2 -= ux.getAtIndex(D, c2 + i) * g;
                s3 -= ux.getAtIndex(D, c3 + i) * g;
            }
            double y0 = s0 / ux.getAtIndex(D, c0 + j);
            double y1 = (s1 - ux.getAtIndex(D, c1 + j) * y0) / ux.getAtIndex(D, c1 + j + 1);
            double y2 = (s2 - ux.getAtIndex(D, c2 + j) * y0 - ux.getAtIndex(D, c2 + j + 1) * y1) / ux.getAtIndex(D, c2 + j + 2);
            double y3 = (s3 - ux.getAtIndex(D, c3 + j) * y0 - ux.getAtIndex(D, c3 + j + 1) * y1 - ux.getAtIndex(D, c3 + j + 2) * y2)
                    / ux.getAtIndex(D, c3 + j + 3);
            y[f + j] = y0;
            y[f + j + 1] = y1;
            y[f + j + 2] = y2;
            y[f + j + 3] = y3;
        }
        for (; j < k; j++) {
            long cj = SupernodalLayout.upperColumn(uo, j);
            double sum = y[f + j];
            for (int i = 0; i < j; i++) sum -= ux.getAtIndex(D, cj + i) * y[f + i];
            y[f + j] = sum / ux.getAtIndex(D, cj + j);
        }
    }

    /**
     * y[f..f+k) := U11⁻¹y for k &gt; 4, four columns of U11 at a time from the last: the 4×4
     * triangle at their foot first, then y[f..f+j) −= U11(0..j, j..j+3)·y[f+j..f+j+4) in one pass
     * that reads and writes y once for the four columns.
     */
    private static void upperBlock(int k, MemorySegment ux, long uo, double[] y, int f) {
        int j = k;
        for (; j >= 4; j -= 4) {
            int b = j - 4;
            long c0 = SupernodalLayout.upperColumn(uo, b), c1 = SupernodalLayout.upperColumn(uo, b + 1);
            long c2 = SupernodalLayout.upperColumn(uo, b + 2), c3 = SupernodalLayout.upperColumn(uo, b + 3);
            double y3 = y[f + b + 3] / ux.getAtIndex(D, c3 + b + 3);
            double y2 = (y[f + b + 2] - ux.getAtIndex(D, c3 + b + 2) * y3) / ux.getAtIndex(D, c2 + b + 2);
            double y1 = (y[f + b + 1] - ux.getAtIndex(D, c3 + b + 1) * y3 - ux.getAtIndex(D, c2 + b + 1) * y2)
                    / ux.getAtIndex(D, c1 + b + 1);
            double y0 = (y[f + b] - ux.getAtIndex(D, c3 + b) * y3 - ux.getAtIndex(D, c2 + b) * y2 - ux.getAtIndex(D, c1 + b) * y1)
                    / ux.getAtIndex(D, c0 + b);
            y[f + b] = y0;
            y[f + b + 1] = y1;
            y[f + b + 2] = y2;
            y[f + b + 3] = y3;
            for (int i = 0; i < b; i++) {
                y[f + i] -= ux.getAtIndex(D, c0 + i) * y0 + ux.getAtIndex(D, c1 + i) * y1
                        + ux.getAtIndex(D, c2 + i) * y2 + ux.getAtIndex(D, c3 + i) * y3;
            }
        }
        for (; j > 0; j--) {
            long cj = SupernodalLayout.upperColumn(uo, j - 1);
            double yj = y[f + j - 1] / ux.getAtIndex(D, cj + j - 1);
            y[f + j - 1] = yj;
            for (int i = 0; i < j - 1; i++) y[f + i] -= ux.getAtIndex(D, cj + i) * yj;
        }
    }

    /**
     * y[f..f+k) := L11⁻¹y for k = 2, 3, 4 in straight-line code, the same operations in the same
     * order as the column loop: loops of one to three entries pay C2's loop set-up on each.
     */
    private static void lowerSmall(int k, MemorySegment lx, long lo, double[] y, int f) {
        double y0 = y[f], y1 = y[f + 1] - lx.getAtIndex(D, SupernodalLayout.lower(lo, 2, 1, 0)) * y0;
        y[f + 1] = y1;
        if (k == 2) return;
        if (k == 3) {
            y[f + 2] = y[f + 2] - lx.getAtIndex(D, SupernodalLayout.lower(lo, 3, 2, 0)) * y0 - lx.getAtIndex(D, SupernodalLayout.lower(lo, 3, 2, 1)) * y1;
            return;
        }
        double y2 = y[f + 2] - lx.getAtIndex(D, SupernodalLayout.lower(lo, 4, 2, 0)) * y0 - lx.getAtIndex(D, SupernodalLayout.lower(lo, 4, 2, 1)) * y1;
        y[f + 2] = y2;
        y[f + 3] = y[f + 3] - lx.getAtIndex(D, SupernodalLayout.lower(lo, 4, 3, 0)) * y0 - lx.getAtIndex(D, SupernodalLayout.lower(lo, 4, 3, 1)) * y1
                - lx.getAtIndex(D, SupernodalLayout.lower(lo, 4, 3, 2)) * y2;
    }

    /**
     * y[f..f+k) := U11⁻¹y for k = 2, 3, 4 in straight-line code, the same operations in the same
     * order as the column loop (U11 packed by columns: u00 | u01 u11 | u02 u12 u22 | u03 u13 u23 u33).
     */
    private static void upperSmall(int k, MemorySegment ux, long uo, double[] y, int f) {
        double y0 = y[f], y1 = y[f + 1];
        if (k == 2) {
            y1 = y1 / ux.getAtIndex(D, SupernodalLayout.upper(uo, 1, 1));
            y0 -= ux.getAtIndex(D, SupernodalLayout.upper(uo, 0, 1)) * y1;
        } else {
            double y2 = y[f + 2];
            if (k == 4) {
                double y3 = y[f + 3] / ux.getAtIndex(D, SupernodalLayout.upper(uo, 3, 3));
                y[f + 3] = y3;
                y0 -= ux.getAtIndex(D, SupernodalLayout.upper(uo, 0, 3)) * y3;
                y1 -= ux.getAtIndex(D, SupernodalLayout.upper(uo, 1, 3)) * y3;
                y2 -= ux.getAtIndex(D, SupernodalLayout.upper(uo, 2, 3)) * y3;
            }
            y2 = y2 / ux.getAtIndex(D, SupernodalLayout.upper(uo, 2, 2));
            y0 -= ux.getAtIndex(D, SupernodalLayout.upper(uo, 0, 2)) * y2;
            y1 -= ux.getAtIndex(D, SupernodalLayout.upper(uo, 1, 2)) * y2;
            y[f + 2] = y2;
            y1 = y1 / ux.getAtIndex(D, SupernodalLayout.upper(uo, 1, 1));
            y0 -= ux.getAtIndex(D, SupernodalLayout.upper(uo, 0, 1)) * y1;
        }
        y[f + 1] = y1;
        y[f] = y0 / ux.getAtIndex(D, SupernodalLayout.upper(uo, 0, 0));
    }

    /** y[f..f+k) := U11⁻ᵀy for k = 2, 3, 4 in straight-line code, as {@link #upperSmall}. */
    private static void upperTransposedSmall(int k, MemorySegment ux, long uo, double[] y, int f) {
        double y0 = y[f] / ux.getAtIndex(D, SupernodalLayout.upper(uo, 0, 0));
        double y1 = (y[f + 1] - ux.getAtIndex(D, SupernodalLayout.upper(uo, 0, 1)) * y0) / ux.getAtIndex(D, SupernodalLayout.upper(uo, 1, 1));
        y[f] = y0;
        y[f + 1] = y1;
        if (k == 2) return;
        double y2 = (y[f + 2] - ux.getAtIndex(D, SupernodalLayout.upper(uo, 0, 2)) * y0 - ux.getAtIndex(D, SupernodalLayout.upper(uo, 1, 2)) * y1)
                / ux.getAtIndex(D, SupernodalLayout.upper(uo, 2, 2));
        y[f + 2] = y2;
        if (k == 3) return;
        y[f + 3] = (y[f + 3] - ux.getAtIndex(D, SupernodalLayout.upper(uo, 0, 3)) * y0 - ux.getAtIndex(D, SupernodalLayout.upper(uo, 1, 3)) * y1
                - ux.getAtIndex(D, SupernodalLayout.upper(uo, 2, 3)) * y2) / ux.getAtIndex(D, SupernodalLayout.upper(uo, 3, 3));
    }

    /** y[f..f+k) := L11⁻ᵀy for k = 2, 3, 4 in straight-line code, as {@link #lowerSmall}. */
    private static void lowerTransposedSmall(int k, MemorySegment lx, long lo, double[] y, int f) {
        if (k == 2) {
            y[f] -= lx.getAtIndex(D, SupernodalLayout.lower(lo, 2, 1, 0)) * y[f + 1];
            return;
        }
        if (k == 3) {
            double y2 = y[f + 2], y1 = y[f + 1] - lx.getAtIndex(D, SupernodalLayout.lower(lo, 3, 2, 1)) * y2;
            y[f + 1] = y1;
            y[f] = y[f] - lx.getAtIndex(D, SupernodalLayout.lower(lo, 3, 1, 0)) * y1 - lx.getAtIndex(D, SupernodalLayout.lower(lo, 3, 2, 0)) * y2;
            return;
        }
        double y3 = y[f + 3], y2 = y[f + 2] - lx.getAtIndex(D, SupernodalLayout.lower(lo, 4, 3, 2)) * y3;
        double y1 = y[f + 1] - lx.getAtIndex(D, SupernodalLayout.lower(lo, 4, 2, 1)) * y2 - lx.getAtIndex(D, SupernodalLayout.lower(lo, 4, 3, 1)) * y3;
        y[f + 2] = y2;
        y[f + 1] = y1;
        y[f] = y[f] - lx.getAtIndex(D, SupernodalLayout.lower(lo, 4, 1, 0)) * y1 - lx.getAtIndex(D, SupernodalLayout.lower(lo, 4, 2, 0)) * y2 - lx.getAtIndex(D, SupernodalLayout.lower(lo, 4, 3, 0)) * y3;
    }

    /**
     * y[rows[r0 + i]] −= (P·y[f..f+k))_i, i &lt; r, for the r×k column-major panel P at {@code po}: four
     * columns per pass into tmp, the last pass (one to four columns) fused with the scatter.
     */
    private void scatterProduct(int r, int k, MemorySegment a, long po, int f, int[] rows, int r0) {
        final double[] y = this.y, tmp = tmp();
        int j = 0;
        if (k > 4) {
            double x0 = y[f], x1 = y[f + 1], x2 = y[f + 2], x3 = y[f + 3];
            long c0 = po, c1 = c0 + r, c2 = c1 + r, c3 = c2 + r;
            for (int i = 0; i < r; i++) {
                tmp[i] = a.getAtIndex(D, c0 + i) * x0 + a.getAtIndex(D, c1 + i) * x1
                        + a.getAtIndex(D, c2 + i) * x2 + a.getAtIndex(D, c3 + i) * x3;
            }
            j = 4;
            for (; k - j > 4; j += 4) {
                x0 = y[f + j];
                x1 = y[f + j + 1];
                x2 = y[f + j + 2];
                x3 = y[f + j + 3];
                c0 = po + (long) j * r;
                c1 = c0 + r;
                c2 = c1 + r;
                c3 = c2 + r;
                for (int i = 0; i < r; i++) {
                    tmp[i] += a.getAtIndex(D, c0 + i) * x0 + a.getAtIndex(D, c1 + i) * x1
                            + a.getAtIndex(D, c2 + i) * x2 + a.getAtIndex(D, c3 + i) * x3;
                }
            }
        }
        boolean acc = j > 0;
        long c0 = po + (long) j * r, c1 = c0 + r, c2 = c1 + r, c3 = c2 + r;
        switch (k - j) {
            case 1 -> {
                double x0 = y[f + j];
                if (acc) {
                    for (int i = 0; i < r; i++) y[rows[r0 + i]] -= tmp[i] + a.getAtIndex(D, c0 + i) * x0;
                } else {
                    for (int i = 0; i < r; i++) y[rows[r0 + i]] -= a.getAtIndex(D, c0 + i) * x0;
                }
            }
            case 2 -> {
                double x0 = y[f + j], x1 = y[f + j + 1];
                if (acc) {
                    for (int i = 0; i < r; i++) {
                        y[rows[r0 + i]] -= tmp[i] + a.getAtIndex(D, c0 + i) * x0 + a.getAtIndex(D, c1 + i) * x1;
                    }
                } else {
                    for (int i = 0; i < r; i++) {
                        y[rows[r0 + i]] -= a.getAtIndex(D, c0 + i) * x0 + a.getAtIndex(D, c1 + i) * x1;
                    }
                }
            }
            case 3 -> {
                double x0 = y[f + j], x1 = y[f + j + 1], x2 = y[f + j + 2];
                if (acc) {
                    for (int i = 0; i < r; i++) {
                        y[rows[r0 + i]] -= tmp[i] + a.getAtIndex(D, c0 + i) * x0 + a.getAtIndex(D, c1 + i) * x1
                                + a.getAtIndex(D, c2 + i) * x2;
                    }
                } else {
                    for (int i = 0; i < r; i++) {
                        y[rows[r0 + i]] -= a.getAtIndex(D, c0 + i) * x0 + a.getAtIndex(D, c1 + i) * x1
                                + a.getAtIndex(D, c2 + i) * x2;
                    }
                }
            }
            default -> {
                double x0 = y[f + j], x1 = y[f + j + 1], x2 = y[f + j + 2], x3 = y[f + j + 3];
                if (acc) {
                    for (int i = 0; i < r; i++) {
                        y[rows[r0 + i]] -= tmp[i] + a.getAtIndex(D, c0 + i) * x0 + a.getAtIndex(D, c1 + i) * x1
                                + a.getAtIndex(D, c2 + i) * x2 + a.getAtIndex(D, c3 + i) * x3;
                    }
                } else {
                    for (int i = 0; i < r; i++) {
                        y[rows[r0 + i]] -= a.getAtIndex(D, c0 + i) * x0 + a.getAtIndex(D, c1 + i) * x1
                                + a.getAtIndex(D, c2 + i) * x2 + a.getAtIndex(D, c3 + i) * x3;
                    }
                }
            }
        }
    }

    /**
     * y[f + j] −= Σ_i P(i, j)·y[rows[r0 + i]], j &lt; k, for the r×k column-major panel P at
     * {@code po}: the first pass (up to four columns) gathers y's rows, into tmp when more passes
     * follow; four columns share each load of the gathered value.
     */
    private void gatherProduct(int r, int k, MemorySegment a, long po, int[] rows, int r0, int f) {
        final double[] y = this.y, tmp = tmp();
        long c0 = po, c1 = c0 + r, c2 = c1 + r, c3 = c2 + r;
        if (k >= 4) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            if (k > 4) {
                for (int i = 0; i < r; i++) {
                    double g = y[rows[r0 + i]];
                    tmp[i] = g;
                    s0 += a.getAtIndex(D, c0 + i) * g;
                    s1 += a.getAtIndex(D, c1 + i) * g;
                    s2 += a.getAtIndex(D, c2 + i) * g;
                    s3 += a.getAtIndex(D, c3 + i) * g;
                }
            } else {
                for (int i = 0; i < r; i++) {
                    double g = y[rows[r0 + i]];
                    s0 += a.getAtIndex(D, c0 + i) * g;
                    s1 += a.getAtIndex(D, c1 + i) * g;
                    s2 += a.getAtIndex(D, c2 + i) * g;
                    s3 += a.getAtIndex(D, c3 + i) * g;
                }
            }
            y[f] -= s0;
            y[f + 1] -= s1;
            y[f + 2] -= s2;
            y[f + 3] -= s3;
            int j = 4;
            for (; j + 4 <= k; j += 4) {
                c0 = po + (long) j * r;
                c1 = c0 + r;
                c2 = c1 + r;
                c3 = c2 + r;
                s0 = 0;
                s1 = 0;
                s2 = 0;
                s3 = 0;
                for (int i = 0; i < r; i++) {
                    double g = tmp[i];
                    s0 += a.getAtIndex(D, c0 + i) * g;
                    s1 += a.getAtIndex(D, c1 + i) * g;
                    s2 += a.getAtIndex(D, c2 + i) * g;
                    s3 += a.getAtIndex(D, c3 + i) * g;
                }
                y[f + j] -= s0;
                y[f + j + 1] -= s1;
                y[f + j + 2] -= s2;
                y[f + j + 3] -= s3;
            }
            for (; j < k; j++) {
                long c = po + (long) j * r;
                double s = 0;
                for (int i = 0; i < r; i++) s += a.getAtIndex(D, c + i) * tmp[i];
                y[f + j] -= s;
            }
            return;
        }
        switch (k) {
            case 1 -> {
                double s0 = 0;
                for (int i = 0; i < r; i++) s0 += a.getAtIndex(D, c0 + i) * y[rows[r0 + i]];
                y[f] -= s0;
            }
            case 2 -> {
                double s0 = 0, s1 = 0;
                for (int i = 0; i < r; i++) {
                    double g = y[rows[r0 + i]];
                    s0 += a.getAtIndex(D, c0 + i) * g;
                    s1 += a.getAtIndex(D, c1 + i) * g;
                }
                y[f] -= s0;
                y[f + 1] -= s1;
            }
            default -> {
                double s0 = 0, s1 = 0, s2 = 0;
                for (int i = 0; i < r; i++) {
                    double g = y[rows[r0 + i]];
                    s0 += a.getAtIndex(D, c0 + i) * g;
                    s1 += a.getAtIndex(D, c1 + i) * g;
                    s2 += a.getAtIndex(D, c2 + i) * g;
                }
                y[f] -= s0;
                y[f + 1] -= s1;
                y[f + 2] -= s2;
            }
        }
    }
}

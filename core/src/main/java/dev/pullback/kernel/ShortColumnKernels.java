package dev.pullback.kernel;

import static dev.pullback.kernel.gemm.Fma.fma;

import dev.pullback.storage.CscPattern;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * y = Ax and y = Aᵀx for patterns of short columns (at most {@link CscPattern#SHORT_COLUMN_MAX}
 * entries per column on average, twin columns or not), part of the scalar twin and taken by both
 * kernel paths for heap operands: C2's loop set-up for a column of a few entries (its pre-, main
 * and post-loop and the range checks hoisted around them) costs more than the column's sum, so
 * these loops avoid a loop per column. The shape is chosen once per pattern:
 * <ul>
 *   <li>columns in runs of equal length ({@link CscPattern#columnRuns()} not empty: stencil
 *       matrices, the 2D Laplacian's five-entry columns): {@link #runSpmvAdd}, {@link #runSpmvTransposed};
 *   <li>short columns of scattered lengths (circuits, power flow), none empty: one loop over all
 *       positions that closes a column where it ends ({@link #flatSpmvTransposed},
 *       {@link #flatSpmvAdd}); with empty columns, Ax column by column with the entries of a
 *       column of at most seven in straight-line steps of four, two and one
 *       ({@link #straightSpmvAdd}) and Aᵀx the scalar twin's column sums.
 * </ul>
 * A run of n columns of c ≤ 8 entries each is c·n consecutive positions: one loop over the run's
 * columns j, column j's entries at start + c·(j − j0), the c entries written out (the methods
 * {@code dotsC} and {@code axpysC}, one per c). So a column costs no loop set-up of its own (C2's
 * pre-, main and post-loop and range checks, which cost more than a five-entry sum), and since the
 * positions and yⱼ (Aᵀx) or xⱼ (Ax) are linear in the loop variable, their range checks are hoisted
 * out of the loop; only the gathered operand's index is checked per entry. One method per
 * c rather than one with c as a parameter: C2 inlines such a method into a caller with a constant c
 * only until it has compiled it on its own, after which it calls a loop over a variable c, which
 * is far slower. Runs of longer columns take plain
 * column loops. Aᵀx here serves β = 0 (yⱼ written, never read); other β take the scalar twin's
 * column sums.
 *
 * <p>Accumulation orders: Aᵀx sums each column in one partial sum, entry by entry; Ax applies to each
 * yᵢ its FMAs in column order, as every other Ax path does (so Ax agrees bit for bit with the others).
 * The layouts are the unaligned ones: every segment here is aligned, and the unaligned layouts skip
 * the per-access alignment check.
 * Stateless, thread-safe, allocation-free.
 */
final class ShortColumnKernels {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;

    private ShortColumnKernels() {}

    /** Whether the pattern has a run table ({@link CscPattern#columnRuns()} not empty). */
    static boolean hasRuns(CscPattern p) {
        return p.columnRuns().length > 0;
    }

    /** Whether the columns hold at most {@link CscPattern#SHORT_COLUMN_MAX} entries on average. */
    static boolean isShort(CscPattern p) {
        return p.nnz() <= (long) CscPattern.SHORT_COLUMN_MAX * p.cols();
    }

    /**
     * yⱼ ← α·A[:, j]·x for j in [from, to) (from &lt; to; no empty column in the pattern), one loop
     * over the positions of those columns: the sum runs on, and where column j ends it is stored and
     * restarted, so a column costs a compare and no loop of its own (C2 then unrolls the one loop
     * and hoists its range checks, which it does not for a loop with a loop inside). Each column in
     * one partial sum. Heap x and y.
     */
    static void flatSpmvTransposed(double alpha, int from, int to, CscPattern p, MemorySegment av, double[] x,
            double[] y) {
        if (from == 0 && to == p.cols()) {
            flatSpmvTransposed(alpha, p, av, x, y);
            return;
        }
        int[] ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr();
        int j = from, e = cp.getAtIndex(I, from + 1), end = cp.getAtIndex(I, to);
        double s = 0;
        for (int k = cp.getAtIndex(I, from); k < end; k++) {
            if (k == e) { // column j ended before k
                y[j++] = alpha * s;
                s = 0;
                e = cp.getAtIndex(I, j + 1);
            }
            s = fma(av.getAtIndex(D, k), x[ri[k]], s);
        }
        y[j] = alpha * s;
    }

    /**
     * y ← y + α·Σ_{from ≤ j &lt; to} A[:, j]·xⱼ (from &lt; to; no empty column in the pattern), one loop
     * over the positions as in {@link #flatSpmvTransposed}: where column j ends, the multiplier
     * αxⱼ₊₁ is taken up. Each yᵢ sees its FMAs in column order. Heap x and y.
     */
    static void flatSpmvAdd(double alpha, int from, int to, CscPattern p, MemorySegment av, double[] x, double[] y) {
        if (from == 0 && to == p.cols()) {
            flatSpmvAdd(alpha, p, av, x, y);
            return;
        }
        int[] ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr();
        int j = from, e = cp.getAtIndex(I, from + 1), end = cp.getAtIndex(I, to);
        double t = alpha * x[j];
        for (int k = cp.getAtIndex(I, from); k < end; k++) {
            if (k == e) { // column j ended before k
                j++;
                t = alpha * x[j];
                e = cp.getAtIndex(I, j + 1);
            }
            int i = ri[k];
            y[i] = fma(av.getAtIndex(D, k), t, y[i]);
        }
    }

    /**
     * The whole-matrix forms of the two flat loops, written with the position and the column
     * starting at a literal 0, which C2 compiles better than the same loop from colPtr[from].
     */
    private static void flatSpmvTransposed(double alpha, CscPattern p, MemorySegment av, double[] x, double[] y) {
        int[] ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr();
        int j = 0, e = cp.getAtIndex(I, 1), end = p.nnz();
        double s = 0;
        for (int k = 0; k < end; k++) {
            if (k == e) {
                y[j++] = alpha * s;
                s = 0;
                e = cp.getAtIndex(I, j + 1);
            }
            s = fma(av.getAtIndex(D, k), x[ri[k]], s);
        }
        y[j] = alpha * s;
    }

    private static void flatSpmvAdd(double alpha, CscPattern p, MemorySegment av, double[] x, double[] y) {
        int[] ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr();
        int j = 0, e = cp.getAtIndex(I, 1), end = p.nnz();
        double t = alpha * x[0];
        for (int k = 0; k < end; k++) {
            if (k == e) {
                j++;
                t = alpha * x[j];
                e = cp.getAtIndex(I, j + 1);
            }
            int i = ri[k];
            y[i] = fma(av.getAtIndex(D, k), t, y[i]);
        }
    }

    /**
     * y ← y + α·Σ_{from ≤ j &lt; to} A[:, j]·xⱼ column by column, a column of at most seven entries in
     * straight-line steps of four, two and one; each yᵢ sees its FMAs in column order. Heap x and y.
     */
    static void straightSpmvAdd(double alpha, int from, int to, CscPattern p, MemorySegment av, double[] x,
            double[] y) {
        int[] ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr();
        int k = cp.getAtIndex(I, from);
        for (int j = from; j < to; j++) {
            int e = cp.getAtIndex(I, j + 1);
            double t = alpha * x[j];
            if (e - k <= 7) {
                if (e - k >= 4) {
                    int i0 = ri[k], i1 = ri[k + 1], i2 = ri[k + 2], i3 = ri[k + 3];
                    y[i0] = fma(av.getAtIndex(D, k), t, y[i0]);
                    y[i1] = fma(av.getAtIndex(D, k + 1), t, y[i1]);
                    y[i2] = fma(av.getAtIndex(D, k + 2), t, y[i2]);
                    y[i3] = fma(av.getAtIndex(D, k + 3), t, y[i3]);
                    k += 4;
                }
                if (e - k >= 2) {
                    int i0 = ri[k], i1 = ri[k + 1];
                    y[i0] = fma(av.getAtIndex(D, k), t, y[i0]);
                    y[i1] = fma(av.getAtIndex(D, k + 1), t, y[i1]);
                    k += 2;
                }
                if (k < e) {
                    int i0 = ri[k];
                    y[i0] = fma(av.getAtIndex(D, k), t, y[i0]);
                    k++;
                }
            } else {
                for (; k < e; k++) {
                    int i = ri[k];
                    y[i] = fma(av.getAtIndex(D, k), t, y[i]);
                }
            }
        }
    }

    /**
     * yⱼ ← α·A[:, j]·x for j in [from, to), run by run (the form with β = 0: each yⱼ is written, not
     * read). Heap x (length rows) and y (length cols); the pattern has a run table.
     */
    static void runSpmvTransposed(double alpha, int from, int to, CscPattern p, MemorySegment av,
            double[] x, double[] y) {
        int[] runs = p.columnRuns(), ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr();
        for (int r = p.runOf(from); r < runs.length - 1 && runs[r] < to; r++) {
            int j0 = Math.max(runs[r], from), j1 = Math.min(runs[r + 1], to);
            long k = cp.getAtIndex(I, j0);
            switch (cp.getAtIndex(I, runs[r] + 1) - cp.getAtIndex(I, runs[r])) {
                case 0 -> {
                    for (int j = j0; j < j1; j++) y[j] = alpha * 0.0;
                }
                case 1 -> dots1(alpha, j0, j1, k, ri, av, x, y);
                case 2 -> dots2(alpha, j0, j1, k, ri, av, x, y);
                case 3 -> dots3(alpha, j0, j1, k, ri, av, x, y);
                case 4 -> dots4(alpha, j0, j1, k, ri, av, x, y);
                case 5 -> dots5(alpha, j0, j1, k, ri, av, x, y);
                case 6 -> dots6(alpha, j0, j1, k, ri, av, x, y);
                case 7 -> dots7(alpha, j0, j1, k, ri, av, x, y);
                case 8 -> dots8(alpha, j0, j1, k, ri, av, x, y);
                default -> longDots(alpha, j0, j1, cp, ri, av, x, y);
            }
        }
    }

    /**
     * y ← y + α·Σ_{from ≤ j &lt; to} A[:, j]·xⱼ, run by run; α ≠ 0. Heap x (length cols) and y
     * (length rows); the pattern has a run table.
     */
    static void runSpmvAdd(double alpha, int from, int to, CscPattern p, MemorySegment av, double[] x, double[] y) {
        int[] runs = p.columnRuns(), ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr();
        for (int r = p.runOf(from); r < runs.length - 1 && runs[r] < to; r++) {
            int j0 = Math.max(runs[r], from), j1 = Math.min(runs[r + 1], to);
            long k = cp.getAtIndex(I, j0);
            switch (cp.getAtIndex(I, runs[r] + 1) - cp.getAtIndex(I, runs[r])) {
                case 0 -> { }
                case 1 -> axpys1(alpha, j0, j1, k, ri, av, x, y);
                case 2 -> axpys2(alpha, j0, j1, k, ri, av, x, y);
                case 3 -> axpys3(alpha, j0, j1, k, ri, av, x, y);
                case 4 -> axpys4(alpha, j0, j1, k, ri, av, x, y);
                case 5 -> axpys5(alpha, j0, j1, k, ri, av, x, y);
                case 6 -> axpys6(alpha, j0, j1, k, ri, av, x, y);
                case 7 -> axpys7(alpha, j0, j1, k, ri, av, x, y);
                case 8 -> axpys8(alpha, j0, j1, k, ri, av, x, y);
                default -> longAxpys(alpha, j0, j1, cp, ri, av, x, y);
            }
        }
    }

    /** Columns [j0, j1) of any lengths: one dot per column, two partial sums. */
    private static void longDots(double alpha, int j0, int j1, MemorySegment cp, int[] ri,
            MemorySegment av, double[] x, double[] y) {
        int k = cp.getAtIndex(I, j0);
        for (int j = j0; j < j1; j++) {
            int end = cp.getAtIndex(I, j + 1);
            double s0 = 0, s1 = 0;
            for (; k + 1 < end; k += 2) {
                s0 = fma(av.getAtIndex(D, k), x[ri[k]], s0);
                s1 = fma(av.getAtIndex(D, k + 1), x[ri[k + 1]], s1);
            }
            if (k < end) s0 = fma(av.getAtIndex(D, k), x[ri[k]], s0);
            k = end;
            y[j] = alpha * (s0 + s1);
        }
    }

    /** Columns [j0, j1) of any lengths: one scatter per column. */
    private static void longAxpys(double alpha, int j0, int j1, MemorySegment cp, int[] ri, MemorySegment av,
            double[] x, double[] y) {
        int k = cp.getAtIndex(I, j0);
        for (int j = j0; j < j1; j++) {
            double t = alpha * x[j];
            for (int end = cp.getAtIndex(I, j + 1); k < end; k++) {
                int i = ri[k];
                y[i] = fma(av.getAtIndex(D, k), t, y[i]);
            }
        }
    }

    // One method per column length c: columns [j0, j1) of c entries each from position start.

    private static void dots1(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + (j - j0);
            int r = (int) k;
            double s = 0;
            s = fma(av.getAtIndex(D, k), x[ri[r]], s);
            y[j] = alpha * s;
        }
    }

    private static void dots2(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 2L * (j - j0);
            int r = (int) k;
            double s = 0;
            s = fma(av.getAtIndex(D, k), x[ri[r]], s);
            s = fma(av.getAtIndex(D, k + 1), x[ri[r + 1]], s);
            y[j] = alpha * s;
        }
    }

    private static void dots3(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 3L * (j - j0);
            int r = (int) k;
            double s = 0;
            s = fma(av.getAtIndex(D, k), x[ri[r]], s);
            s = fma(av.getAtIndex(D, k + 1), x[ri[r + 1]], s);
            s = fma(av.getAtIndex(D, k + 2), x[ri[r + 2]], s);
            y[j] = alpha * s;
        }
    }

    private static void dots4(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 4L * (j - j0);
            int r = (int) k;
            double s = 0;
            s = fma(av.getAtIndex(D, k), x[ri[r]], s);
            s = fma(av.getAtIndex(D, k + 1), x[ri[r + 1]], s);
            s = fma(av.getAtIndex(D, k + 2), x[ri[r + 2]], s);
            s = fma(av.getAtIndex(D, k + 3), x[ri[r + 3]], s);
            y[j] = alpha * s;
        }
    }

    private static void dots5(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 5L * (j - j0);
            int r = (int) k;
            double s = 0;
            s = fma(av.getAtIndex(D, k), x[ri[r]], s);
            s = fma(av.getAtIndex(D, k + 1), x[ri[r + 1]], s);
            s = fma(av.getAtIndex(D, k + 2), x[ri[r + 2]], s);
            s = fma(av.getAtIndex(D, k + 3), x[ri[r + 3]], s);
            s = fma(av.getAtIndex(D, k + 4), x[ri[r + 4]], s);
            y[j] = alpha * s;
        }
    }

    private static void dots6(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 6L * (j - j0);
            int r = (int) k;
            double s = 0;
            s = fma(av.getAtIndex(D, k), x[ri[r]], s);
            s = fma(av.getAtIndex(D, k + 1), x[ri[r + 1]], s);
            s = fma(av.getAtIndex(D, k + 2), x[ri[r + 2]], s);
            s = fma(av.getAtIndex(D, k + 3), x[ri[r + 3]], s);
            s = fma(av.getAtIndex(D, k + 4), x[ri[r + 4]], s);
            s = fma(av.getAtIndex(D, k + 5), x[ri[r + 5]], s);
            y[j] = alpha * s;
        }
    }

    private static void dots7(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 7L * (j - j0);
            int r = (int) k;
            double s = 0;
            s = fma(av.getAtIndex(D, k), x[ri[r]], s);
            s = fma(av.getAtIndex(D, k + 1), x[ri[r + 1]], s);
            s = fma(av.getAtIndex(D, k + 2), x[ri[r + 2]], s);
            s = fma(av.getAtIndex(D, k + 3), x[ri[r + 3]], s);
            s = fma(av.getAtIndex(D, k + 4), x[ri[r + 4]], s);
            s = fma(av.getAtIndex(D, k + 5), x[ri[r + 5]], s);
            s = fma(av.getAtIndex(D, k + 6), x[ri[r + 6]], s);
            y[j] = alpha * s;
        }
    }

    private static void dots8(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 8L * (j - j0);
            int r = (int) k;
            double s = 0;
            s = fma(av.getAtIndex(D, k), x[ri[r]], s);
            s = fma(av.getAtIndex(D, k + 1), x[ri[r + 1]], s);
            s = fma(av.getAtIndex(D, k + 2), x[ri[r + 2]], s);
            s = fma(av.getAtIndex(D, k + 3), x[ri[r + 3]], s);
            s = fma(av.getAtIndex(D, k + 4), x[ri[r + 4]], s);
            s = fma(av.getAtIndex(D, k + 5), x[ri[r + 5]], s);
            s = fma(av.getAtIndex(D, k + 6), x[ri[r + 6]], s);
            s = fma(av.getAtIndex(D, k + 7), x[ri[r + 7]], s);
            y[j] = alpha * s;
        }
    }

    private static void axpys1(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + (j - j0);
            int r = (int) k;
            double t = alpha * x[j];
            int i0 = ri[r];
            y[i0] = fma(av.getAtIndex(D, k), t, y[i0]);
        }
    }

    private static void axpys2(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 2L * (j - j0);
            int r = (int) k;
            double t = alpha * x[j];
            int i0 = ri[r];
            y[i0] = fma(av.getAtIndex(D, k), t, y[i0]);
            int i1 = ri[r + 1];
            y[i1] = fma(av.getAtIndex(D, k + 1), t, y[i1]);
        }
    }

    private static void axpys3(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 3L * (j - j0);
            int r = (int) k;
            double t = alpha * x[j];
            int i0 = ri[r];
            y[i0] = fma(av.getAtIndex(D, k), t, y[i0]);
            int i1 = ri[r + 1];
            y[i1] = fma(av.getAtIndex(D, k + 1), t, y[i1]);
            int i2 = ri[r + 2];
            y[i2] = fma(av.getAtIndex(D, k + 2), t, y[i2]);
        }
    }

    private static void axpys4(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 4L * (j - j0);
            int r = (int) k;
            double t = alpha * x[j];
            int i0 = ri[r];
            y[i0] = fma(av.getAtIndex(D, k), t, y[i0]);
            int i1 = ri[r + 1];
            y[i1] = fma(av.getAtIndex(D, k + 1), t, y[i1]);
            int i2 = ri[r + 2];
            y[i2] = fma(av.getAtIndex(D, k + 2), t, y[i2]);
            int i3 = ri[r + 3];
            y[i3] = fma(av.getAtIndex(D, k + 3), t, y[i3]);
        }
    }

    private static void axpys5(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 5L * (j - j0);
            int r = (int) k;
            double t = alpha * x[j];
            int i0 = ri[r];
            y[i0] = fma(av.getAtIndex(D, k), t, y[i0]);
            int i1 = ri[r + 1];
            y[i1] = fma(av.getAtIndex(D, k + 1), t, y[i1]);
            int i2 = ri[r + 2];
            y[i2] = fma(av.getAtIndex(D, k + 2), t, y[i2]);
            int i3 = ri[r + 3];
            y[i3] = fma(av.getAtIndex(D, k + 3), t, y[i3]);
            int i4 = ri[r + 4];
            y[i4] = fma(av.getAtIndex(D, k + 4), t, y[i4]);
        }
    }

    private static void axpys6(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 6L * (j - j0);
            int r = (int) k;
            double t = alpha * x[j];
            int i0 = ri[r];
            y[i0] = fma(av.getAtIndex(D, k), t, y[i0]);
            int i1 = ri[r + 1];
            y[i1] = fma(av.getAtIndex(D, k + 1), t, y[i1]);
            int i2 = ri[r + 2];
            y[i2] = fma(av.getAtIndex(D, k + 2), t, y[i2]);
            int i3 = ri[r + 3];
            y[i3] = fma(av.getAtIndex(D, k + 3), t, y[i3]);
            int i4 = ri[r + 4];
            y[i4] = fma(av.getAtIndex(D, k + 4), t, y[i4]);
            int i5 = ri[r + 5];
            y[i5] = fma(av.getAtIndex(D, k + 5), t, y[i5]);
        }
    }

    private static void axpys7(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 7L * (j - j0);
            int r = (int) k;
            double t = alpha * x[j];
            int i0 = ri[r];
            y[i0] = fma(av.getAtIndex(D, k), t, y[i0]);
            int i1 = ri[r + 1];
            y[i1] = fma(av.getAtIndex(D, k + 1), t, y[i1]);
            int i2 = ri[r + 2];
            y[i2] = fma(av.getAtIndex(D, k + 2), t, y[i2]);
            int i3 = ri[r + 3];
            y[i3] = fma(av.getAtIndex(D, k + 3), t, y[i3]);
            int i4 = ri[r + 4];
            y[i4] = fma(av.getAtIndex(D, k + 4), t, y[i4]);
            int i5 = ri[r + 5];
            y[i5] = fma(av.getAtIndex(D, k + 5), t, y[i5]);
            int i6 = ri[r + 6];
            y[i6] = fma(av.getAtIndex(D, k + 6), t, y[i6]);
        }
    }

    private static void axpys8(double alpha, int j0, int j1, long start, int[] ri, MemorySegment av, double[] x,
            double[] y) {
        for (int j = j0; j < j1; j++) {
            long k = start + 8L * (j - j0);
            int r = (int) k;
            double t = alpha * x[j];
            int i0 = ri[r];
            y[i0] = fma(av.getAtIndex(D, k), t, y[i0]);
            int i1 = ri[r + 1];
            y[i1] = fma(av.getAtIndex(D, k + 1), t, y[i1]);
            int i2 = ri[r + 2];
            y[i2] = fma(av.getAtIndex(D, k + 2), t, y[i2]);
            int i3 = ri[r + 3];
            y[i3] = fma(av.getAtIndex(D, k + 3), t, y[i3]);
            int i4 = ri[r + 4];
            y[i4] = fma(av.getAtIndex(D, k + 4), t, y[i4]);
            int i5 = ri[r + 5];
            y[i5] = fma(av.getAtIndex(D, k + 5), t, y[i5]);
            int i6 = ri[r + 6];
            y[i6] = fma(av.getAtIndex(D, k + 6), t, y[i6]);
            int i7 = ri[r + 7];
            y[i7] = fma(av.getAtIndex(D, k + 7), t, y[i7]);
        }
    }
}

package dev.pullback.dense;

import dev.pullback.factor.SingularMatrixException;
import dev.pullback.kernel.gemm.Gemm;
import dev.pullback.kernel.gemm.GemmWorkspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * LU with partial pivoting, in place on an n×n column-major array: PA = LU with L unit lower
 * (below the diagonal), U upper (on and above it), and LAPACK-style row interchanges
 * {@code ipiv[i]} (row i was swapped with row ipiv[i] ≥ i at step i).
 *
 * <p>Two algorithms, the same arithmetic as LAPACK's right-looking partial pivoting up to the order
 * of the sums, so the backward error bound ‖PA − L̂Û‖ ≤ γₙ‖L̂‖‖Û‖ holds for both (Higham,
 * Theorem 9.3):
 * <ul>
 *   <li>up to order {@link #DIRECT}, right-looking by panels of {@link Gemm#PANEL} columns
 *       ({@link #direct()}): each panel factored column by column by {@link Gemm#factorPanel}, then
 *       one pass over the columns to its right that interchanges, solves U12 and subtracts L21·U12
 *       on the matrix where it lies ({@link Gemm#panelUpdate}). At these orders the matrix sits in
 *       L1/L2, and packing operands for a GEMM, recursing and swapping rows level by level cost
 *       more than they saved;</li>
 *   <li>above it, the recursive algorithm of Toledo (1997) and LAPACK's dgetrf2: to factor the
 *       m×w panel at diagonal position j0, factor its left half, apply those row swaps to the right
 *       half, U12 = L11⁻¹A12 (TRSM), A22 ← A22 − L21·U12 (GEMM), factor the right half (rows from
 *       j1 down), and apply its swaps to the left half. Nearly all flops land in the packed GEMM
 *       with large, well-shaped blocks; panels at most {@link #LEAF} columns wide go to
 *       {@link Gemm#factorPanel}.</li>
 * </ul>
 */
final class RecursiveLu {
    /**
     * Widest panel factored column by column: 8 keeps the level-2 work small and a TRSM leaf one
     * vector tall, and beat 16 and 24 at every n tried (docs/PERFORMANCE.md, 2026-12-01 'recursive
     * LU leaf').
     */
    static final int LEAF = 8;

    /**
     * Orders up to this are factored by {@link #direct()}, which beat the recursion at every order
     * measured from 50 to 400 and tied at 512; at 768 and 1000, where the matrix outgrows L2, the recursion's packed
     * GEMM wins (docs/PERFORMANCE.md, 2026-12-07 'dense LU right-looking on the matrix').
     */
    static final int DIRECT = 400;

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private final int n;
    private final int ld;
    private final MemorySegment a;
    private final int[] ipiv;
    private final Gemm gemm;
    private final GemmWorkspace ws;

    /** Work arrays of {@link #permuteLowerColumns()}: row sources, a swapped identity, a column and its permutation. */
    private final int[] rowSource;
    private final int[] swapped;
    private final double[] column;

    RecursiveLu(int n, int ld, MemorySegment a, int[] ipiv, Gemm gemm, GemmWorkspace ws) {
        this.rowSource = new int[n];
        this.swapped = new int[n];
        this.column = new double[2 * n];
        this.n = n;
        this.ld = ld;
        this.a = a;
        this.ipiv = ipiv;
        this.gemm = gemm;
        this.ws = ws;
    }

    /** Factors the whole array in place. @throws SingularMatrixException at the first exactly zero pivot */
    void factor() {
        if (n <= DIRECT) direct();
        else panel(0, n);
    }

    /**
     * Right-looking LU by panels of {@link Gemm#PANEL} columns: factor the panel, then one pass over
     * the columns to its right that swaps their rows, solves U12 and subtracts L21·U12
     * ({@link Gemm#panelUpdate}); the interchanges of later panels reach each panel's L columns in
     * one pass at the end. Needs what {@link DenseLu} provides: ld a multiple of 8 (at least n) and
     * rows n … ld − 1 zero, so that the update runs over whole vectors of rows (the zeros stay zero).
     */
    private void direct() {
        for (int j0 = 0; j0 < n; j0 += Gemm.PANEL) {
            int w = Math.min(Gemm.PANEL, n - j0);
            int zero = gemm.factorPanel(n - j0, w, a, at(j0, j0), ld, ipiv, j0, ws);
            if (zero >= 0) throw zeroPivot(j0 + zero);
            int rest = n - j0 - w; // > 0 only after a full panel
            // The rows below include the zero padding up to ld (a multiple of 8): whole vectors.
            if (rest > 0) gemm.panelUpdate(ld - j0 - w, rest, a, at(j0, j0), ld, ipiv, j0, ws);
            for (int j = j0; j < j0 + w; j++) ipiv[j] += j0;
        }
        permuteLowerColumns();
    }

    /**
     * Applies the interchanges of the later panels to each panel's L columns, as one row permutation
     * per panel: going from the last panel back, the row that ends at row i is
     * source[i] = h(source[i]), h the next panel's eight swaps applied to the identity; each column
     * is then gathered through heap copies (two bulk copies and array reads) rather than swapped
     * entry by entry in the segment.
     */
    private void permuteLowerColumns() {
        int[] source = rowSource, h = swapped;
        for (int i = 0; i < n; i++) {
            source[i] = i;
            h[i] = i;
        }
        int lastPanel = (n - 1) / Gemm.PANEL * Gemm.PANEL; // its columns have no later interchanges
        for (int j0 = lastPanel - Gemm.PANEL; j0 >= 0; j0 -= Gemm.PANEL) {
            int e = j0 + Gemm.PANEL, next = Math.min(e + Gemm.PANEL, n);
            for (int k = e; k < next; k++) swapEntries(h, k, ipiv[k]);
            for (int i = e; i < n; i++) source[i] = h[source[i]];
            for (int k = next - 1; k >= e; k--) swapEntries(h, k, ipiv[k]); // back to the identity
            int len = n - e;
            for (int c = j0; c < e; c++) {
                long col = (at(e, c)) * Double.BYTES;
                MemorySegment.copy(a, D, col, column, 0, len);
                for (int i = 0; i < len; i++) column[n + i] = column[source[e + i] - e];
                MemorySegment.copy(column, n, a, D, col, len);
            }
        }
    }

    private static void swapEntries(int[] x, int i, int j) {
        int t = x[i];
        x[i] = x[j];
        x[j] = t;
    }

    /** Factors columns j0 : j0+w, rows j0 : n, applying the panel's swaps to all w columns. */
    private void panel(int j0, int w) {
        if (w <= LEAF) {
            leaf(j0, w);
            return;
        }
        int w1 = Math.max(LEAF, (w / 2) & ~7); // a multiple of 8 keeps TRSM leaves and columns aligned
        int w2 = w - w1;
        int j1 = j0 + w1;
        panel(j0, w1);
        swapRows(j0, j1, j1, j0 + w);
        // U12 = L11⁻¹·A12
        gemm.trsm(true, false, true, w1, w2, a, at(j0, j0), ld, a, at(j0, j1), ld, ws);
        // A22 ← A22 − L21·U12
        gemm.gemm(false, false, n - j1, w2, w1, -1.0, a, at(j1, j0), ld, a, at(j0, j1), ld, 1.0, a, at(j1, j1), ld, ws);
        panel(j1, w2);
        swapRows(j1, j0 + w, j0, j1);
    }

    /** Unblocked elimination of columns j0 : j0+w, rows j0 : n (swaps applied inside the panel only). */
    private void leaf(int j0, int w) {
        int zero = gemm.factorPanel(n - j0, w, a, at(j0, j0), ld, ipiv, j0, ws);
        if (zero >= 0) throw zeroPivot(j0 + zero);
        for (int j = j0; j < j0 + w; j++) ipiv[j] += j0;
    }

    private SingularMatrixException zeroPivot(int column) {
        return SingularMatrixException.zeroPivot(column, "dense LU of a " + n + "x" + n + " matrix");
    }

    /**
     * Applies the interchanges ipiv[k0 : k1] to columns c0 : c1, four columns at a time so that
     * each pivot is read once per four columns (all accesses stay within a column: unit stride).
     */
    private void swapRows(int k0, int k1, int c0, int c1) {
        MemorySegment s = a;
        int c = c0;
        for (; c + 3 < c1; c += 4) {
            long x0 = (long) c * ld, x1 = x0 + ld, x2 = x1 + ld, x3 = x2 + ld;
            for (int k = k0; k < k1; k++) {
                int p = ipiv[k];
                if (p == k) continue;
                long d = p - k;
                double t0 = s.getAtIndex(D, x0 + k), t1 = s.getAtIndex(D, x1 + k);
                double t2 = s.getAtIndex(D, x2 + k), t3 = s.getAtIndex(D, x3 + k);
                s.setAtIndex(D, x0 + k, s.getAtIndex(D, x0 + k + d));
                s.setAtIndex(D, x1 + k, s.getAtIndex(D, x1 + k + d));
                s.setAtIndex(D, x2 + k, s.getAtIndex(D, x2 + k + d));
                s.setAtIndex(D, x3 + k, s.getAtIndex(D, x3 + k + d));
                s.setAtIndex(D, x0 + k + d, t0);
                s.setAtIndex(D, x1 + k + d, t1);
                s.setAtIndex(D, x2 + k + d, t2);
                s.setAtIndex(D, x3 + k + d, t3);
            }
        }
        for (; c < c1; c++) {
            long col = (long) c * ld;
            for (int k = k0; k < k1; k++) {
                int p = ipiv[k];
                if (p != k) swap(col + k, col + p);
            }
        }
    }

    private void swap(long i, long j) {
        double t = a.getAtIndex(D, i);
        a.setAtIndex(D, i, a.getAtIndex(D, j));
        a.setAtIndex(D, j, t);
    }

    private long at(int i, int j) {
        return i + (long) j * ld;
    }
}

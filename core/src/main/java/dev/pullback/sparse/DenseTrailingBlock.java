package dev.pullback.sparse;

import dev.pullback.kernel.gemm.Gemm;
import dev.pullback.kernel.gemm.GemmWorkspace;
import dev.pullback.kernel.gemm.Gemms;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The dense trailing block of a Gilbert–Peierls factorization: steps k0 … n−1, where L and U are
 * (nearly) full — on circuit matrices the hub nets leave a few hundred last columns whose mutual
 * updates are most of the factorization's flops. {@link SparseLu} assembles the block's Schur
 * complement S = A₂₂ − L₂₁U₁₂ column by column from the sparse updates of the steps before it into
 * a dense m×m array (m = n − k0, column-major) and factors S = L₂₂U₂₂ here: the first factorization
 * with threshold partial pivoting (the diagonal slot preferred, as in the sparse columns), a refactor
 * on the kept pivots. Both by the recursive LU of Toledo (1997): factor the left half of a panel,
 * U₁₂ = L₁₁⁻¹A₁₂ (TRSM), A₂₂ −= L₂₁U₁₂ (GEMM), factor the right half; panels of at most
 * {@value #LEAF} columns column by column. Interchanges swap whole rows of S at once, so the
 * factorization with pivoting does, entry by entry, the arithmetic of the one without on the
 * permuted S: a refactor on unchanged values reproduces the factors to the last bit.
 *
 * <p>Where the block starts: the first factorization switches after a step k whose column of L
 * holds at least {@value #MIN_DENSITY} of the n − k − 1 rows left, when at least {@value #MIN_ORDER}
 * are left and the m² block is at most {@value #MAX_SHARE} of the entries stored so far (a dense
 * column of an arrow matrix must not turn a sparse remainder dense). Otherwise {@link #find} looks
 * for a block in the factors' pattern for refactor: the largest trailing square of at least
 * {@value #MIN_ORDER} steps whose stored entries fill at least {@value #MIN_DENSITY} of it (the zeros
 * inside are computed as zeros: a sparser block spends more on them than the sparse updates it
 * replaces would cost).
 */
final class DenseTrailingBlock {
    /** Smallest block worth the dense kernels. */
    static final int MIN_ORDER = 64;
    /** Least fraction of the block's m² positions that L and U must fill. */
    static final double MIN_DENSITY = 0.8;
    /** Largest share of the entries stored before it (L, U and A) that a block started by the first factorization may take. */
    static final double MAX_SHARE = 0.5;
    /** Widest panel factored column by column. */
    private static final int LEAF = 8;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    /** The first step of the block. */
    final int k0;
    /** The block's order, n − k0. */
    final int m;
    /** S, then L₂₂ (below the diagonal, unit diagonal implied) and U₂₂ (on and above it). */
    final MemorySegment s;
    private final Gemm gemm = Gemms.get();
    private final GemmWorkspace ws = gemm.newWorkspace();

    DenseTrailingBlock(int k0, int m) {
        this.k0 = k0;
        this.m = m;
        this.s = Arena.ofAuto().allocate((long) m * m * Double.BYTES, 64);
    }

    /**
     * The block of a factorization with column pointers lp, up (L without its diagonal, U without
     * its diagonal, rows in pivot steps ui), or null when no trailing square qualifies.
     */
    static DenseTrailingBlock find(int n, int[] lp, int[] up, int[] ui) {
        if (n < MIN_ORDER) return null;
        // Entries of U in each row: a trailing square [k0, n)² holds all of L's entries in its
        // columns and U's entries in its rows.
        int[] uRow = new int[n];
        for (int p = 0, e = up[n]; p < e; p++) uRow[ui[p]]++;
        long inside = 0;
        int best = 0;
        for (int k0 = n - 1; k0 >= 0; k0--) {
            int m = n - k0;
            inside += 1 + (lp[k0 + 1] - lp[k0]) + uRow[k0];
            if (m >= MIN_ORDER && inside >= MIN_DENSITY * m * m) best = m;
        }
        return best == 0 ? null : new DenseTrailingBlock(n - best, best);
    }

    /**
     * Whether the first factorization, having stored {@code entries} (L, U and A) up to step k whose
     * column of L has {@code lCount} entries, factors steps k+1 … n−1 as a dense block.
     */
    static boolean startsAfter(int n, int k, int lCount, long entries) {
        long rest = n - k - 1L;
        return rest >= MIN_ORDER && lCount >= MIN_DENSITY * rest && rest * rest <= MAX_SHARE * entries;
    }

    /** Element offset of S(i, j). */
    long at(int i, int j) {
        return i + (long) j * m;
    }

    double get(int i, int j) {
        return s.getAtIndex(D, at(i, j));
    }

    void set(int i, int j, double v) {
        s.setAtIndex(D, at(i, j), v);
    }

    /**
     * S = L₂₂U₂₂ in place on the kept pivots (refactor). Returns −1, or the first column j whose
     * pivot is zero or not finite (the factorization stops there).
     */
    int factor() {
        return panel(0, m, -1.0, null);
    }

    /**
     * P·S = L₂₂U₂₂ in place with threshold partial pivoting (the first factorization): the pivot
     * of column j is S(j, j) when |S(j, j)| ≥ τ·max_{i≥j} |S(i, j)|, else the first row of largest
     * magnitude; rows are swapped whole, and {@code rowAt} (the original row of each slot) along.
     * Returns −1, or the first column whose candidates are all zero or not finite.
     */
    int factor(double tolerance, int[] rowAt) {
        return panel(0, m, tolerance, rowAt);
    }

    /** Columns j0 … j0+w−1, rows j0 … m−1; −1 or the first bad pivot's column. */
    private int panel(int j0, int w, double tolerance, int[] rowAt) {
        if (w <= LEAF) return leaf(j0, w, tolerance, rowAt);
        int w1 = Math.max(LEAF, (w / 2) & ~7);
        int w2 = w - w1;
        int j1 = j0 + w1;
        int bad = panel(j0, w1, tolerance, rowAt);
        if (bad >= 0) return bad;
        gemm.trsm(true, false, true, w1, w2, s, at(j0, j0), m, s, at(j0, j1), m, ws);
        gemm.gemm(false, false, m - j1, w2, w1, -1.0, s, at(j1, j0), m, s, at(j0, j1), m, 1.0, s, at(j1, j1), m, ws);
        return panel(j1, w2, tolerance, rowAt);
    }

    /**
     * Unblocked elimination of columns j0 … j0+w−1 over rows j0 … m−1; with {@code rowAt} the
     * pivot is chosen (see {@link #factor(double, int[])}), else it is the diagonal.
     */
    private int leaf(int j0, int w, double tolerance, int[] rowAt) {
        final MemorySegment a = s;
        for (int j = j0; j < j0 + w; j++) {
            long cj = at(0, j);
            if (rowAt != null) {
                int p = pivotRow(j, tolerance);
                if (p < 0) return j;
                if (p != j) swapRows(j, p, rowAt);
            }
            double pivot = a.getAtIndex(D, cj + j);
            if (pivot == 0.0 || !(Math.abs(pivot) <= Double.MAX_VALUE)) return j;
            double inv = 1.0 / pivot;
            for (int i = j + 1; i < m; i++) a.setAtIndex(D, cj + i, a.getAtIndex(D, cj + i) * inv);
            for (int c = j + 1; c < j0 + w; c++) {
                long cc = at(0, c);
                double u = a.getAtIndex(D, cc + j);
                if (u == 0.0) continue;
                for (int i = j + 1; i < m; i++) a.setAtIndex(D, cc + i, a.getAtIndex(D, cc + i) - a.getAtIndex(D, cj + i) * u);
            }
        }
        return -1;
    }

    /** The threshold test's pivot row for column j, or −1 when every candidate is zero or not finite. */
    private int pivotRow(int j, double tolerance) {
        long cj = at(0, j);
        int argmax = -1;
        double max = 0.0;
        for (int i = j; i < m; i++) {
            double v = Math.abs(s.getAtIndex(D, cj + i));
            if (v > max) {
                max = v;
                argmax = i;
            }
        }
        if (!(max > 0.0) || max > Double.MAX_VALUE) return -1;
        return Math.abs(s.getAtIndex(D, cj + j)) >= tolerance * max ? j : argmax;
    }

    /** Swaps rows i and p of S across all m columns, and their original rows. */
    private void swapRows(int i, int p, int[] rowAt) {
        for (int c = 0; c < m; c++) {
            long ci = at(i, c), cp = at(p, c);
            double t = s.getAtIndex(D, ci);
            s.setAtIndex(D, ci, s.getAtIndex(D, cp));
            s.setAtIndex(D, cp, t);
        }
        int t = rowAt[i];
        rowAt[i] = rowAt[p];
        rowAt[p] = t;
    }

    /** Bytes of the dense array. */
    long bytes() {
        return (long) m * m * Double.BYTES;
    }
}

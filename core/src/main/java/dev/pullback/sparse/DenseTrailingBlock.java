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
 * updates are most of the refactor's flops. {@link SparseLu#refactor} assembles the block's Schur
 * complement S = A₂₂ − L₂₁U₁₂ column by column into a dense m×m array (m = n − k0, column-major,
 * rows and columns in pivot-step order) and factors S = L₂₂U₂₂ here on the kept pivots, by the
 * recursive LU of Toledo (1997) without interchanges: factor the left half of a panel, U₁₂ = L₁₁⁻¹A₁₂
 * (TRSM), A₂₂ −= L₂₁U₁₂ (GEMM), factor the right half; panels of at most {@value #LEAF} columns
 * column by column. The same pivots as the sparse elimination, so the same stability (that of KLU's
 * refactor); the arithmetic differs from the sparse column updates only in the order of the sums.
 *
 * <p>{@link #find} chooses the block from the factors' pattern: the largest trailing square of at
 * least {@value #MIN_ORDER} steps whose stored entries fill at least {@value #MIN_DENSITY} of it
 * (the zeros inside are computed as zeros: a sparser block spends more on them than the sparse
 * updates it replaces would cost).
 */
final class DenseTrailingBlock {
    /** Smallest block worth the dense kernels. */
    static final int MIN_ORDER = 64;
    /** Least fraction of the block's m² positions that L and U must fill. */
    static final double MIN_DENSITY = 0.8;
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

    private DenseTrailingBlock(int k0, int m) {
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

    /** Element offset of S(i, j). */
    long at(int i, int j) {
        return i + (long) j * m;
    }

    double get(int i, int j) {
        return s.getAtIndex(D, at(i, j));
    }

    /**
     * S = L₂₂U₂₂ in place on the kept pivots. Returns −1, or the first column j whose pivot is zero
     * or not finite (the factorization then stops there).
     */
    int factor() {
        return panel(0, m);
    }

    /** Columns j0 … j0+w−1, rows j0 … m−1; −1 or the first bad pivot's column. */
    private int panel(int j0, int w) {
        if (w <= LEAF) return leaf(j0, w);
        int w1 = Math.max(LEAF, (w / 2) & ~7);
        int w2 = w - w1;
        int j1 = j0 + w1;
        int bad = panel(j0, w1);
        if (bad >= 0) return bad;
        gemm.trsm(true, false, true, w1, w2, s, at(j0, j0), m, s, at(j0, j1), m, ws);
        gemm.gemm(false, false, m - j1, w2, w1, -1.0, s, at(j1, j0), m, s, at(j0, j1), m, 1.0, s, at(j1, j1), m, ws);
        return panel(j1, w2);
    }

    /** Unblocked elimination of columns j0 … j0+w−1 over rows j0 … m−1, pivots on the diagonal. */
    private int leaf(int j0, int w) {
        final MemorySegment a = s;
        for (int j = j0; j < j0 + w; j++) {
            long cj = at(0, j);
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

    /** Bytes of the dense array. */
    long bytes() {
        return (long) m * m * Double.BYTES;
    }
}

package dev.pullback.sparse;

import dev.pullback.factor.SparseOptions;
import dev.pullback.internal.Checks;
import dev.pullback.storage.CscPattern;

/**
 * Approximate minimum degree ordering of the pattern of A + Aᵀ (Amestoy, Davis and Duff, SIAM J.
 * Matrix Anal. Appl. 17, 1996): a symmetric permutation P that keeps the Cholesky factor of
 * P(A + Aᵀ)Pᵀ sparse, and with it the LU factors of PAPᵀ when the pivots stay on the diagonal.
 *
 * <p>Dense rows: a node with more than {@code max(16, denseFactor·√n)} neighbours is left out of
 * the elimination and ordered last (a negative factor keeps every node). Aggressive absorption of
 * elements that lie inside the new pivot element is on unless switched off. O(nnz(A+Aᵀ)) memory.
 */
public final class Amd {
    /** The default dense-row factor: nodes with more than max(16, 10·√n) neighbours are dense. */
    public static final double DEFAULT_DENSE = SparseOptions.DEFAULT_DENSE_FACTOR;

    private Amd() {}

    /** The AMD ordering with the default dense-row handling and aggressive absorption. */
    public static int[] order(CscPattern a) {
        return order(a, DEFAULT_DENSE, true);
    }

    /**
     * The AMD ordering of a square pattern: {@code perm[k]} is the original index of the k-th node.
     */
    public static int[] order(CscPattern a, double denseFactor, boolean aggressive) {
        Checks.square("AMD", a.rows(), a.cols());
        return order(SymmetricStructure.of(a), denseFactor, aggressive);
    }

    static int[] order(SymmetricStructure s, double denseFactor, boolean aggressive) {
        return order(s, denseFactor, aggressive, new long[1]);
    }

    /**
     * The AMD ordering, and in {@code choleskyBound[0]} an upper bound on nnz of the Cholesky factor
     * of P(A + Aᵀ)Pᵀ (diagonal included) that the elimination gives for free: exact when no node was
     * dense, else at most each dense node's row in every column over (see {@link MinimumDegree#factorBound}).
     * Only with aggressive absorption, whose assembly tree makes the returned postorder fill exactly
     * as the elimination did; without it −1 (unknown): elements that a mass-eliminated variable still
     * lists are left out of the tree, and on 216 of 3 000 random patterns the postorder then fills
     * one or a few entries more than the elimination. A second slot, if given, receives
     * {@link MinimumDegree#factorFlops} likewise (−1 without aggressive absorption).
     */
    static int[] order(SymmetricStructure s, double denseFactor, boolean aggressive, long[] choleskyBound) {
        int n = s.n;
        choleskyBound[0] = 0;
        if (n == 0) return new int[0];
        int edges = s.edges();
        int cap = (int) Math.min(Integer.MAX_VALUE - 8L, edges + edges / 5L + 2L * n + 16);
        int[] iw = new int[cap];
        int[] pe = new int[n];
        int[] len = new int[n];
        int[] elen = new int[n];
        int[] degree = new int[n];
        boolean[] dense = new boolean[n];
        double threshold = denseThreshold(n, denseFactor);
        final int[] ptr = s.ptr, adj = s.adj;
        for (int i = 0; i < n; i++) dense[i] = ptr[i + 1] - ptr[i] > threshold;
        // The dense nodes leave the graph (they are ordered last): every list is built without
        // them, so the elimination never scans their entries (an arrow matrix's nodes each list
        // all of its dense ones) and the first degrees count the remaining graph only.
        int used = 0;
        for (int i = 0; i < n; i++) {
            pe[i] = used;
            if (!dense[i]) {
                for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                    int j = adj[p];
                    if (!dense[j]) iw[used++] = j;
                }
            }
            len[i] = used - pe[i];
            degree[i] = len[i];
        }
        MinimumDegree md = new MinimumDegree(n, 0, iw, used, pe, len, elen, degree, dense, aggressive);
        int[] perm = md.order();
        choleskyBound[0] = aggressive ? md.factorBound() : -1;
        if (choleskyBound.length > 1) choleskyBound[1] = aggressive ? md.factorFlops() : -1;
        return perm;
    }

    static double denseThreshold(int n, double denseFactor) {
        if (denseFactor < 0) return Double.POSITIVE_INFINITY;
        return Math.min(n - 2.0, Math.max(16.0, denseFactor * Math.sqrt(n)));
    }
}

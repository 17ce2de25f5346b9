package dev.pullback.sparse;

/**
 * Elimination tree and Cholesky column counts of a symmetrically permuted symmetric pattern
 * (Liu's algorithm; row subtrees as in Davis, Direct Methods, ch. 4).
 *
 * <p>With S = P(A + Aᵀ)Pᵀ and its Cholesky factor L, row k of L is the set of nodes on the paths
 * of the elimination tree from each j &lt; k with S(k, j) ≠ 0 up to k; walking those paths once
 * each gives every column count in O(nnz(L)) time and O(n) memory.
 */
final class EliminationTree {
    private EliminationTree() {}

    /**
     * nnz(L) including the diagonal, for the Cholesky factor of P(A + Aᵀ)Pᵀ with
     * {@code perm[k]} the original node placed k-th.
     */
    static long choleskyNonzeros(SymmetricStructure s, int[] perm) {
        int n = s.n;
        int[] inv = new int[n];
        for (int k = 0; k < n; k++) inv[perm[k]] = k;
        int[] parent = new int[n];
        int[] ancestor = new int[n];
        // Elimination tree: for each edge (k, j) with j < k, attach the root of j's subtree to k.
        for (int k = 0; k < n; k++) {
            parent[k] = -1;
            ancestor[k] = -1;
            int node = perm[k];
            for (int p = s.ptr[node]; p < s.ptr[node + 1]; p++) {
                int j = inv[s.adj[p]];
                while (j != -1 && j < k) {
                    int up = ancestor[j];
                    ancestor[j] = k; // path compression
                    if (up == -1) parent[j] = k;
                    j = up;
                }
            }
        }
        // Row subtrees: row k of L holds every node on the tree paths from its S-neighbours j < k to k.
        int[] mark = ancestor;
        java.util.Arrays.fill(mark, -1);
        long count = n;
        for (int k = 0; k < n; k++) {
            mark[k] = k;
            int node = perm[k];
            for (int p = s.ptr[node]; p < s.ptr[node + 1]; p++) {
                int j = inv[s.adj[p]];
                if (j > k) continue;
                while (mark[j] != k) {
                    mark[j] = k;
                    count++;
                    j = parent[j];
                }
            }
        }
        return count;
    }
}

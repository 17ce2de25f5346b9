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

    /**
     * The elimination tree of P(A + Aᵀ)Pᵀ: {@code parent[k]} is the parent of node k (both in the
     * permuted numbering), −1 for a root. {@code inv} is the inverse of {@code perm}.
     */
    static int[] parents(SymmetricStructure s, int[] perm, int[] inv) {
        int n = s.n;
        int[] parent = new int[n];
        int[] ancestor = new int[n];
        for (int k = 0; k < n; k++) {
            parent[k] = -1;
            ancestor[k] = -1;
            int node = perm[k];
            for (int p = s.ptr[node]; p < s.ptr[node + 1]; p++) {
                int j = inv[s.adj[p]];
                while (j != -1 && j < k) {
                    int up = ancestor[j];
                    ancestor[j] = k;
                    if (up == -1) parent[j] = k;
                    j = up;
                }
            }
        }
        return parent;
    }

    /**
     * A postorder of a forest given by its parent array: {@code post[t]} is the node visited t-th;
     * every subtree is numbered contiguously, children in increasing order of their index.
     */
    static int[] postorder(int[] parent) {
        int n = parent.length;
        int[] head = new int[n];
        int[] next = new int[n];
        java.util.Arrays.fill(head, -1);
        // Children lists in increasing order: push in decreasing order.
        for (int j = n - 1; j >= 0; j--) {
            if (parent[j] != -1) {
                next[j] = head[parent[j]];
                head[parent[j]] = j;
            }
        }
        int[] post = new int[n];
        int[] stack = new int[n];
        int t = 0;
        for (int root = 0; root < n; root++) {
            if (parent[root] != -1) continue;
            int top = 0;
            stack[0] = root;
            while (top >= 0) {
                int v = stack[top];
                int c = head[v];
                if (c == -1) {
                    top--;
                    post[t++] = v;
                } else {
                    head[v] = next[c];
                    stack[++top] = c;
                }
            }
        }
        return post;
    }

    /**
     * Column counts of the Cholesky factor of P(A + Aᵀ)Pᵀ (diagonal included), by walking each
     * row subtree once: O(nnz(L)) time. {@code parent} is the tree in the permuted numbering.
     */
    static int[] columnCounts(SymmetricStructure s, int[] perm, int[] inv, int[] parent) {
        int n = s.n;
        int[] count = new int[n];
        int[] mark = new int[n];
        java.util.Arrays.fill(mark, -1);
        for (int k = 0; k < n; k++) {
            count[k]++;
            mark[k] = k;
            int node = perm[k];
            for (int p = s.ptr[node]; p < s.ptr[node + 1]; p++) {
                int j = inv[s.adj[p]];
                if (j > k) continue;
                while (mark[j] != k) {
                    mark[j] = k;
                    count[j]++;
                    j = parent[j];
                }
            }
        }
        return count;
    }
}

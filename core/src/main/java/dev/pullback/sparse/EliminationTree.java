package dev.pullback.sparse;

/**
 * Elimination tree and Cholesky column counts of a symmetrically permuted symmetric pattern.
 *
 * <p>With S = P(A + Aᵀ)Pᵀ and its Cholesky factor L, row i of L is the row subtree of i: the
 * nodes on the elimination-tree paths from each j &lt; i with S(i, j) ≠ 0 up to i. The column
 * counts come from those subtrees without walking them (Gilbert, Ng and Peyton 1994, as in Davis,
 * Direct Methods for Sparse Linear Systems, §4.5): visiting the tree in postorder, j is a leaf of
 * row i's subtree exactly when S(i, j) ≠ 0 and no earlier neighbour of i lies in j's subtree; each
 * leaf adds one to its column and, past the first leaf of that row, takes one off at the least
 * common ancestor of it and the row's previous leaf, where the two paths meet. Summing these
 * differences up the tree gives every count in O(nnz(S)·α(n)) time instead of the O(nnz(L)) of
 * walking each path (on the Q4 60k matrix, nnz(L) is 4.5x nnz(S)).
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
        long count = 0;
        for (int c : columnCounts(s, perm, inv, parents(s, perm, inv))) count += c;
        return count;
    }

    /**
     * {nnz(L), Σ_j c_j²} for the Cholesky factor of P(A + Aᵀ)Pᵀ, c_j its column counts (diagonal
     * included): its size, and its flops up to lower-order terms (column j's update of the
     * remaining matrix costs about c_j² multiply-adds).
     */
    static long[] choleskyCost(SymmetricStructure s, int[] perm) {
        Counted t = count(s, perm);
        return new long[] {t.nonzeros(), t.flops()};
    }

    /**
     * The elimination tree of P(A + Aᵀ)Pᵀ for {@code perm} and the column counts of its Cholesky
     * factor, both indexed in the permuted numbering: what an order's cost is read from, and what
     * the supernodal analysis of that order starts from ({@link SupernodalStructure}), so an order
     * that was costed is not counted twice.
     */
    record Counted(int[] perm, int[] parent, int[] counts) {
        /** nnz(L), diagonal included. */
        long nonzeros() {
            long total = 0;
            for (int c : counts) total += c;
            return total;
        }

        /** Σ_j c_j²: the factor's multiply-adds up to lower-order terms. */
        long flops() {
            long total = 0;
            for (int c : counts) total += (long) c * c;
            return total;
        }
    }

    /** The tree and column counts of the order {@code perm} (see {@link Counted}). */
    static Counted count(SymmetricStructure s, int[] perm) {
        int n = s.n;
        int[] inv = new int[n];
        for (int k = 0; k < n; k++) inv[perm[k]] = k;
        int[] parent = parents(s, perm, inv);
        return new Counted(perm, parent, columnCounts(s, perm, inv, parent));
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
     * Column counts of the Cholesky factor of P(A + Aᵀ)Pᵀ (diagonal included), by the leaves of
     * the row subtrees (see the class comment). {@code parent} is the tree in the permuted numbering.
     */
    static int[] columnCounts(SymmetricStructure s, int[] perm, int[] inv, int[] parent) {
        int n = s.n;
        int[] post = postorder(parent);
        // first[j]: the postorder position of the first descendant of j. A leaf of the tree starts
        // its count at 1 (the diagonal); other nodes get theirs from their children.
        int[] first = new int[n];
        int[] delta = new int[n];
        java.util.Arrays.fill(first, -1);
        for (int k = 0; k < n; k++) {
            int j = post[k];
            delta[j] = first[j] == -1 ? 1 : 0;
            for (; j != -1 && first[j] == -1; j = parent[j]) first[j] = k;
        }
        // maxFirst[i]: the largest first[] of a leaf found so far in row i's subtree; prevLeaf[i]:
        // that leaf; ancestor: disjoint sets of the visited part of the tree, for the LCA.
        int[] maxFirst = new int[n];
        int[] prevLeaf = new int[n];
        int[] ancestor = new int[n];
        java.util.Arrays.fill(maxFirst, -1);
        java.util.Arrays.fill(prevLeaf, -1);
        for (int i = 0; i < n; i++) ancestor[i] = i;
        final int[] ptr = s.ptr, adj = s.adj;
        for (int k = 0; k < n; k++) {
            int j = post[k];
            if (parent[j] != -1) delta[parent[j]]--;
            int node = perm[j];
            for (int p = ptr[node]; p < ptr[node + 1]; p++) {
                int i = inv[adj[p]];
                if (i <= j || first[j] <= maxFirst[i]) continue; // j is not a leaf of row i's subtree
                maxFirst[i] = first[j];
                int previous = prevLeaf[i];
                prevLeaf[i] = j;
                delta[j]++;
                if (previous == -1) continue;
                int q = previous;
                while (q != ancestor[q]) q = ancestor[q];
                for (int t = previous; t != q; ) {
                    int next = ancestor[t];
                    ancestor[t] = q; // path compression
                    t = next;
                }
                delta[q]--; // the paths from both leaves meet at q: counted once
            }
            if (parent[j] != -1) ancestor[j] = parent[j];
        }
        // A parent's index exceeds its children's: one ascending pass sums each subtree.
        for (int j = 0; j < n; j++) if (parent[j] != -1) delta[parent[j]] += delta[j];
        return delta;
    }
}

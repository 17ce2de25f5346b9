package dev.pullback.sparse;

import dev.pullback.storage.CscPattern;

/**
 * The pattern of A + Aᵀ without its diagonal, as adjacency lists of an undirected graph on the n
 * nodes of a square A, plus the structural symmetry of A: the fraction of off-diagonal entries
 * a_ij whose mirror a_ji is also stored (1 for a symmetric pattern, 1 also for a diagonal one).
 */
final class SymmetricStructure {
    final int n;
    /** Node i's neighbours are {@code adj[ptr[i] .. ptr[i+1]-1]}, each listed once, unsorted. */
    final int[] ptr;
    final int[] adj;
    final double symmetry;

    private SymmetricStructure(int n, int[] ptr, int[] adj, double symmetry) {
        this.n = n;
        this.ptr = ptr;
        this.adj = adj;
        this.symmetry = symmetry;
    }

    static SymmetricStructure of(CscPattern a) {
        int n = a.cols();
        // Heap copies first: the passes below read every index two or three times, and an array
        // read has no per-access segment checks.
        int[] cp = a.colPtrArray();
        int[] ri = a.rowIdxArray();
        // Row-wise copy of the pattern (the columns of Aᵀ), rows sorted by construction.
        int[] tp = new int[n + 1];
        int nnz = a.nnz();
        for (int p = 0; p < nnz; p++) tp[ri[p] + 1]++;
        for (int i = 0; i < n; i++) tp[i + 1] += tp[i];
        int[] ti = new int[nnz];
        int[] next = java.util.Arrays.copyOf(tp, n);
        for (int j = 0; j < n; j++) {
            for (int p = cp[j], e = cp[j + 1]; p < e; p++) ti[next[ri[p]]++] = j;
        }
        // Column j of A + Aᵀ is the union of column j of A and row j of A; a marker removes the
        // entries present in both, and those are exactly the mirrored pairs.
        int[] mark = new int[n];
        java.util.Arrays.fill(mark, -1);
        int[] ptr = new int[n + 1];
        int[] adj = new int[2 * nnz];
        int q = 0;
        long offDiagonal = 0;
        long mirrored = 0;
        for (int j = 0; j < n; j++) {
            ptr[j] = q;
            mark[j] = j;
            for (int p = cp[j], e = cp[j + 1]; p < e; p++) {
                int i = ri[p];
                if (mark[i] != j) {
                    mark[i] = j;
                    adj[q++] = i;
                    offDiagonal++;
                }
            }
            for (int p = tp[j]; p < tp[j + 1]; p++) {
                int i = ti[p];
                if (mark[i] != j) {
                    mark[i] = j;
                    adj[q++] = i;
                } else if (i != j) {
                    mirrored++;
                }
            }
        }
        ptr[n] = q;
        double symmetry = offDiagonal == 0 ? 1.0 : (double) mirrored / offDiagonal;
        return new SymmetricStructure(n, ptr, java.util.Arrays.copyOf(adj, q), symmetry);
    }

    /** A symmetric graph given as adjacency lists (each edge listed at both ends, no self loops); adopted, not copied. */
    static SymmetricStructure ofGraph(int n, int[] ptr, int[] adj) {
        return ofGraph(n, ptr, adj, 1.0);
    }

    /** A graph given by its adjacency lists (each neighbour once, no self loop), with the symmetry of the pattern it stands for. */
    static SymmetricStructure ofGraph(int n, int[] ptr, int[] adj, double symmetry) {
        return new SymmetricStructure(n, ptr, adj, symmetry);
    }

    int edges() {
        return ptr[n];
    }
}

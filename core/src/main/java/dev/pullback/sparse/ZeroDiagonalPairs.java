package dev.pullback.sparse;

import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import dev.pullback.storage.CscPattern;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A fill-reducing order for {@link SupernodalLdlt} that keeps a column with no diagonal entry (a
 * Lagrange multiplier, a pressure) from being eliminated before all of its neighbours. AMD orders
 * such a column early — it has few neighbours — and its front then holds it fully summed with a
 * zero diagonal and no fully summed partner: it must be delayed, often up to the root. Here each
 * such column z joins a neighbour v that has a diagonal entry (greedily: a v no other z joined,
 * of fewest neighbours; else the v fewest joined); AMD orders the graph in which v and the
 * columns that joined it are one node, expanded v first. By the time z is eliminated, v was, and
 * z's diagonal holds −a_zv²/d_v: a 1×1 pivot (or z and v a 2×2 one), as in Duff and Pralet's
 * compressed-graph orderings for saddle-point matrices (SIAM J. Matrix Anal. Appl. 27, 2005).
 * Pattern only: a diagonal entry that is stored but zero is not seen.
 */
final class ZeroDiagonalPairs {
    private ZeroDiagonalPairs() {}

    /**
     * The order of A + Aᵀ under {@code used} (NATURAL: the identity, unchanged) with the pairs kept
     * together as above; {@link SupernodalLu#symmetricOrder}'s when A has a diagonal entry in every
     * column or no pair can be formed.
     */
    static int[] order(CscPattern a, SymmetricStructure sym, Ordering used, SparseOptions options) {
        long[] bound = new long[1];
        int n = sym.n;
        if (used == Ordering.NATURAL) return SupernodalLu.symmetricOrder(sym, used, options, bound);
        boolean[] diagonal = new boolean[n];
        MemorySegment cp = a.colPtr(), ri = a.rowIdx();
        ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
        for (int j = 0; j < n; j++) {
            for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) diagonal[j] |= ri.getAtIndex(I, p) == j;
        }
        // each column z without a diagonal joins a neighbour v with one: an unclaimed v of fewest neighbours,
        // else the v with fewest columns joined so far (so that every z that has such a neighbour follows one)
        int[] host = new int[n];
        int[] joined = new int[n];
        Arrays.fill(host, -1);
        int groups = 0;
        for (int z = 0; z < n; z++) {
            if (diagonal[z]) continue;
            int best = -1;
            long bestKey = Long.MAX_VALUE;
            for (int p = sym.ptr[z]; p < sym.ptr[z + 1]; p++) {
                int v = sym.adj[p];
                if (!diagonal[v]) continue;
                long key = ((long) joined[v] << 32) | (sym.ptr[v + 1] - sym.ptr[v]);
                if (key < bestKey) {
                    best = v;
                    bestKey = key;
                }
            }
            if (best >= 0) {
                host[z] = best;
                joined[best]++;
                groups++;
            }
        }
        if (groups == 0) return SymmetricOrder.of(sym, options.withOrdering(used)).perm;
        // the compressed graph: a node per host and per column that joined none; members host first
        int[] node = new int[n];
        int nc = 0;
        for (int i = 0; i < n; i++) if (host[i] < 0) node[i] = nc++;
        for (int i = 0; i < n; i++) if (host[i] >= 0) node[i] = node[host[i]];
        int[] memberPtr = new int[nc + 1];
        for (int i = 0; i < n; i++) memberPtr[node[i] + 1]++;
        for (int c = 0; c < nc; c++) memberPtr[c + 1] += memberPtr[c];
        int[] members = new int[n];
        int[] fill = Arrays.copyOf(memberPtr, nc);
        for (int i = 0; i < n; i++) if (host[i] < 0) members[fill[node[i]]++] = i;
        for (int i = 0; i < n; i++) if (host[i] >= 0) members[fill[node[i]]++] = i;
        int[] ptr = new int[nc + 1];
        int[] adj = new int[sym.adj.length];
        int[] mark = new int[nc];
        Arrays.fill(mark, -1);
        int q = 0;
        for (int c = 0; c < nc; c++) {
            ptr[c] = q;
            mark[c] = c;
            for (int t = memberPtr[c]; t < memberPtr[c + 1]; t++) {
                int member = members[t];
                for (int p = sym.ptr[member]; p < sym.ptr[member + 1]; p++) {
                    int d = node[sym.adj[p]];
                    if (mark[d] != c) {
                        mark[d] = c;
                        adj[q++] = d;
                    }
                }
            }
        }
        ptr[nc] = q;
        SymmetricStructure compressed = SymmetricStructure.ofGraph(nc, ptr, Arrays.copyOf(adj, q), sym.symmetry);
        int[] corder = SymmetricOrder.of(compressed, options.withOrdering(used)).perm;
        int[] order = new int[n];
        int k = 0;
        for (int c : corder) for (int t = memberPtr[c]; t < memberPtr[c + 1]; t++) order[k++] = members[t];
        if (k != n) throw new IllegalStateException("paired order placed " + k + " of " + n + " columns");
        return order;
    }
}

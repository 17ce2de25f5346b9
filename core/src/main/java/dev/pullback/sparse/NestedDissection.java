package dev.pullback.sparse;

import dev.pullback.internal.Checks;
import dev.pullback.storage.CscPattern;
import java.util.Arrays;

/**
 * Nested dissection ordering of the pattern of A + Aᵀ (George 1973; multilevel separators after
 * Karypis and Kumar 1998): a symmetric permutation for large 2D/3D meshes, where it fills less
 * than minimum degree. A vertex separator S splits the graph into parts A and B with no edge
 * between them; numbering A, then B, then S makes L's block for (B, A) empty, so eliminating A and
 * B fills only inside themselves and toward S. Recursing on A and B gives, on a k×k grid,
 * O(n log n) nonzeros in L and O(n^{3/2}) flops, and on a k×k×k grid O(n^{4/3}) and O(n²) —
 * the lower bounds for such meshes.
 *
 * <p>Steps: (1) vertices with the same closed neighbourhood (the dofs of one mesh node) are
 * merged into one vertex of that weight, so separators never split a node. (2) Each piece is
 * split into its connected components, which are ordered one after another. (3) A connected piece
 * with more than {@value #LEAF} vertices is separated by {@code GraphBisection} (the balance is on
 * the merged weights); A and B are dissected in turn and S is numbered after both. (4) Smaller
 * pieces, and pieces whose separator would leave a part empty, are ordered by {@link Amd} on
 * their induced graph. Deterministic (a fixed seed per piece). Time O(nnz · log n), memory
 * O(nnz). The Cholesky factor's size in this order is counted by the caller; the analyses choose
 * between it and AMD by {@code SymmetricOrder}.
 */
public final class NestedDissection {
    /** Pieces with at most this many (merged) vertices are ordered by AMD. */
    static final int LEAF = 200;
    private static final long SEED = 0x5eedL;

    private NestedDissection() {}

    /** The nested dissection order of a square pattern: {@code perm[k]} is the original index of the k-th node. */
    public static int[] order(CscPattern a) {
        Checks.square("nested dissection", a.rows(), a.cols());
        return order(SymmetricStructure.of(a));
    }

    static int[] order(SymmetricStructure s) {
        return dissect(s).perm;
    }

    /**
     * The order and its separator tree: for each split, {@code splits[4t .. 4t+3]} = positions
     * (lo, endA, endB, hi) in the order, part A at [lo, endA), part B at [endA, endB) and the
     * separator at [endB, hi); no edge of the graph joins A and B. A split into connected
     * components has an empty separator (endB = hi).
     */
    record Dissection(int[] perm, int[] splits) {}

    static Dissection dissect(SymmetricStructure s) {
        int n = s.n;
        if (n == 0) return new Dissection(new int[0], new int[0]);
        Merged m = Merged.of(s);
        Dissector d = new Dissector(m);
        d.run();
        // Expand merged vertices into their members, and merged positions into original ones.
        int[] perm = new int[n];
        int[] at = new int[m.n + 1];
        int k = 0;
        for (int i = 0; i < m.n; i++) {
            at[i] = k;
            int c = d.order[i];
            for (int p = m.memberPtr[c]; p < m.memberPtr[c + 1]; p++) perm[k++] = m.members[p];
        }
        at[m.n] = k;
        int[] splits = Arrays.copyOf(d.splits, d.nsplits);
        for (int i = 0; i < splits.length; i++) splits[i] = at[splits[i]];
        return new Dissection(perm, splits);
    }

    /** The graph with indistinguishable vertices merged: weights, and the members of each merged vertex. */
    private static final class Merged {
        final int n;
        final int[] ptr;
        final int[] adj;
        final int[] weight;
        final int[] memberPtr;
        final int[] members;

        private Merged(int n, int[] ptr, int[] adj, int[] weight, int[] memberPtr, int[] members) {
            this.n = n;
            this.ptr = ptr;
            this.adj = adj;
            this.weight = weight;
            this.memberPtr = memberPtr;
            this.members = members;
        }

        /**
         * Vertices u, v with adj(u) ∪ {u} = adj(v) ∪ {v} are merged: candidates share a hash of
         * their closed neighbourhood and a degree, and are compared with a marker array.
         */
        static Merged of(SymmetricStructure s) {
            int n = s.n;
            int[] ptr = s.ptr, adj = s.adj;
            long[] keys = new long[n];
            for (int v = 0; v < n; v++) {
                long h = v;
                for (int p = ptr[v]; p < ptr[v + 1]; p++) h += adj[p];
                int hash = (int) (h ^ (h >>> 31)) & 0x7fffffff;
                keys[v] = ((long) hash << 32) | v;
            }
            Arrays.sort(keys);
            int[] rep = new int[n];
            Arrays.fill(rep, -1);
            int[] mark = new int[n];
            Arrays.fill(mark, -1);
            for (int i = 0; i < n; ) {
                int j = i;
                while (j < n && (keys[j] >>> 32) == (keys[i] >>> 32)) j++;
                for (int x = i; x < j; x++) {
                    int u = (int) keys[x];
                    if (rep[u] != -1) continue;
                    rep[u] = u;
                    if (x + 1 == j) break;
                    int du = ptr[u + 1] - ptr[u];
                    mark[u] = u;
                    for (int p = ptr[u]; p < ptr[u + 1]; p++) mark[adj[p]] = u;
                    for (int y = x + 1; y < j; y++) {
                        int v = (int) keys[y];
                        if (rep[v] != -1 || ptr[v + 1] - ptr[v] != du || mark[v] != u) continue;
                        boolean same = true;
                        for (int p = ptr[v]; p < ptr[v + 1] && same; p++) same = mark[adj[p]] == u;
                        if (same) rep[v] = u;
                    }
                }
                i = j;
            }
            // Number the representatives, list the members, and build the merged adjacency.
            int[] index = new int[n];
            int cn = 0;
            for (int v = 0; v < n; v++) if (rep[v] == v) index[v] = cn++;
            int[] weight = new int[cn];
            for (int v = 0; v < n; v++) weight[index[rep[v]]]++;
            int[] memberPtr = new int[cn + 1];
            for (int c = 0; c < cn; c++) memberPtr[c + 1] = memberPtr[c] + weight[c];
            int[] fill = Arrays.copyOf(memberPtr, cn);
            int[] members = new int[n];
            for (int v = 0; v < n; v++) members[fill[index[rep[v]]]++] = v;
            if (cn == n) return new Merged(n, ptr, adj, weight, memberPtr, members);
            int[] cptr = new int[cn + 1];
            int[] cadj = new int[ptr[n]];
            Arrays.fill(mark, -1);
            int k = 0;
            for (int v = 0; v < n; v++) {
                if (rep[v] != v) continue;
                int c = index[v];
                cptr[c] = k;
                mark[c] = c;
                for (int p = ptr[v]; p < ptr[v + 1]; p++) {
                    int cu = index[rep[adj[p]]];
                    if (mark[cu] != c) {
                        mark[cu] = c;
                        cadj[k++] = cu;
                    }
                }
            }
            cptr[cn] = k;
            return new Merged(cn, cptr, Arrays.copyOf(cadj, k), weight, memberPtr, members);
        }
    }

    /**
     * The recursion, on an explicit stack of pieces: a piece is a range [lo, hi) of {@link #order},
     * rearranged in place into its final order (parts first, separator last).
     */
    private static final class Dissector {
        final Merged g;
        final int[] order;
        /** Local index of each vertex of the current piece, −1 elsewhere. */
        final int[] local;
        final int[] where;
        int[] stack = new int[64];
        int top;
        int[] splits = new int[64];
        int nsplits;
        // Induced-graph workspace, sized for the whole graph.
        final int[] xadj;
        final int[] adj;
        final int[] ew;
        final int[] vw;
        final int[] queue;
        /** The separators' workspace, sized for the whole graph and shared by every piece. */
        final GraphBisection bisection;

        Dissector(Merged g) {
            this.g = g;
            int n = g.n;
            order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            local = new int[n];
            Arrays.fill(local, -1);
            where = new int[n];
            xadj = new int[n + 1];
            adj = new int[g.ptr[n]];
            ew = new int[g.ptr[n]];
            Arrays.fill(ew, 1);
            vw = new int[n];
            queue = new int[n];
            bisection = new GraphBisection(n);
        }

        void run() {
            push(0, g.n);
            while (top > 0) {
                int hi = stack[--top], lo = stack[--top];
                piece(lo, hi);
            }
        }

        private void push(int lo, int hi) {
            if (hi - lo <= 1) return;
            if (top + 2 > stack.length) stack = Arrays.copyOf(stack, 2 * stack.length);
            stack[top++] = lo;
            stack[top++] = hi;
        }

        private void split(int lo, int endA, int endB, int hi) {
            if (nsplits + 4 > splits.length) splits = Arrays.copyOf(splits, 2 * splits.length);
            splits[nsplits++] = lo;
            splits[nsplits++] = endA;
            splits[nsplits++] = endB;
            splits[nsplits++] = hi;
        }

        /** Orders the piece order[lo, hi). */
        private void piece(int lo, int hi) {
            int m = hi - lo;
            for (int i = 0; i < m; i++) local[order[lo + i]] = i;
            int k = 0;
            int weight = 0;
            for (int i = 0; i < m; i++) {
                int v = order[lo + i];
                xadj[i] = k;
                vw[i] = g.weight[v];
                weight += vw[i];
                for (int p = g.ptr[v]; p < g.ptr[v + 1]; p++) {
                    int u = local[g.adj[p]];
                    if (u >= 0) adj[k++] = u;
                }
            }
            xadj[m] = k;
            for (int i = 0; i < m; i++) local[order[lo + i]] = -1;
            if (m <= LEAF) {
                minimumDegree(lo, m);
                return;
            }
            int components = components(m);
            if (components > 1) {
                // where[] holds each vertex's component; order the components one after another.
                int[] start = new int[components + 1];
                for (int i = 0; i < m; i++) start[where[i] + 1]++;
                for (int c = 0; c < components; c++) start[c + 1] += start[c];
                rearrange(lo, m, start, components);
                for (int c = 0; c < components; c++) {
                    if (c + 1 < components) split(lo + start[c], lo + start[c + 1], hi, hi);
                    push(lo + start[c], lo + start[c + 1]);
                }
                return;
            }
            // The induced graph in the workspace (separate reads it and keeps no reference).
            GraphBisection.Graph piece = new GraphBisection.Graph(m, xadj, adj, ew, vw, weight);
            int[] part = bisection.separate(piece, SEED + lo);
            int[] count = new int[4];
            for (int i = 0; i < m; i++) count[part[i] + 1]++;
            if (count[1] == 0 || count[2] == 0) { // the separator splits nothing off: minimum degree
                minimumDegree(lo, m);
                return;
            }
            System.arraycopy(part, 0, where, 0, m);
            count[2] += count[1];
            count[3] += count[2];
            rearrange(lo, m, count, 3);
            split(lo, lo + count[1], lo + count[2], hi);
            push(lo, lo + count[1]);
            push(lo + count[1], lo + count[2]);
        }

        /** Stably sorts order[lo, lo+m) by where[] (classes 0..classes-1, starts given). */
        private void rearrange(int lo, int m, int[] start, int classes) {
            int[] next = Arrays.copyOf(start, classes);
            for (int i = 0; i < m; i++) queue[next[where[i]]++] = order[lo + i];
            System.arraycopy(queue, 0, order, lo, m);
        }

        /** Labels the connected components of the induced graph in where[]; returns their number. */
        private int components(int m) {
            Arrays.fill(where, 0, m, -1);
            int c = 0;
            for (int s = 0; s < m; s++) {
                if (where[s] != -1) continue;
                int head = 0, tail = 0;
                queue[tail++] = s;
                where[s] = c;
                while (head < tail) {
                    int v = queue[head++];
                    for (int p = xadj[v]; p < xadj[v + 1]; p++) {
                        int u = adj[p];
                        if (where[u] == -1) {
                            where[u] = c;
                            queue[tail++] = u;
                        }
                    }
                }
                c++;
            }
            return c;
        }

        /** Orders the piece by AMD on its induced graph (in xadj/adj). */
        private void minimumDegree(int lo, int m) {
            int[] ptr = Arrays.copyOf(xadj, m + 1);
            int[] nb = Arrays.copyOf(adj, xadj[m]);
            int[] p = Amd.order(SymmetricStructure.ofGraph(m, ptr, nb), Amd.DEFAULT_DENSE, true);
            for (int i = 0; i < m; i++) queue[i] = order[lo + p[i]];
            System.arraycopy(queue, 0, order, lo, m);
        }
    }
}

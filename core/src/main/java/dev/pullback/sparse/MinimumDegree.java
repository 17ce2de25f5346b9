package dev.pullback.sparse;

import java.util.Arrays;

/**
 * Approximate minimum degree elimination on a quotient graph (Amestoy, Davis and Duff 1996), the
 * engine behind both {@link Amd} and {@link Colamd}.
 *
 * <p>The graph has {@code n} variables (the nodes to order) and {@code m} initial elements (nodes
 * n..n+m-1 that are cliques from the start: none for AMD, the rows of A for COLAMD, where each row
 * is a clique of AᵀA). Eliminating a pivot variable k turns it into an element whose variable set
 * Lk is the union of the sets of the elements adjacent to k and of k's variable neighbours; those
 * elements are absorbed into k. Each variable keeps a list of adjacent elements followed by
 * adjacent variables, and its approximate external degree
 * <pre>  d_i = min( n − eliminated − |i|,  d_i(old) + |Lk \ i|,  |A_i \ i| + |Lk \ i| + Σ_{e ∋ i, e ≠ k} |Le \ Lk| )</pre>
 * an upper bound on the true external degree, is all that is kept. Indistinguishable variables
 * (same adjacency) are merged into supervariables found by hashing; a variable whose adjacency is
 * inside Lk is eliminated together with k (mass elimination); an element whose set lies inside Lk
 * is absorbed into k (aggressive absorption, optional). Variables with more than {@code dense}
 * neighbours at the start are removed and ordered last. The result is the postorder of the
 * assembly tree, each supervariable's members kept together.
 */
final class MinimumDegree {
    private final int n;
    private final int total;
    private final boolean aggressive;

    private int[] iw;
    private int pfree;
    private final int[] pe;
    private final int[] len;
    /** Number of elements at the front of a variable's list; -1 for an element; -2 for a dead node. */
    private final int[] elen;
    /** Supervariable size; negative while the variable is in the pivot's set; 0 once merged or dead. */
    private final int[] nv;
    private final int[] degree;
    private final int[] w;
    private final int[] parent;
    private final boolean[] dense;
    private final int[] head;
    private final int[] next;
    private final int[] last;
    private final int[] hashHead;
    private final int[] hashNext;
    private final int[] hashOf;
    /** Σ over pivots of the nonzeros their columns of L get, dense variables left out; see {@link #factorBound}. */
    private long lnz;
    /** Σ over the same columns of their count squared; see {@link #factorFlops}. */
    private long flops;
    private int ndense;

    /**
     * @param lists  node x's list is {@code lists[ptr[x] .. ptr[x]+len0[x]-1]}: for a variable, its
     *               {@code elen0[x]} elements first, then its variable neighbours; for an initial
     *               element, its variables. The array is adopted as the workspace.
     * @param degree0 initial approximate degree of each variable (an upper bound on its external degree)
     * @param denseVar which variables to remove and order last
     */
    MinimumDegree(int n, int m, int[] lists, int used, int[] ptr, int[] len0, int[] elen0, int[] degree0,
            boolean[] denseVar, boolean aggressive) {
        this.n = n;
        this.total = n + m;
        this.aggressive = aggressive;
        this.iw = lists;
        this.pfree = used;
        this.pe = ptr;
        this.len = len0;
        this.elen = elen0;
        this.degree = degree0;
        this.dense = denseVar;
        nv = new int[total];
        w = new int[total];
        parent = new int[total];
        head = new int[Math.max(n, 1)];
        next = new int[n];
        last = new int[n];
        hashHead = new int[total];
        hashNext = new int[total];
        hashOf = new int[total];
    }

    // The elimination's running state, shared by the phases of one pivot step below.
    /** Variables eliminated so far (supervariable weights summed). */
    private int nel;
    /** No variable has an approximate degree below this. */
    private int mindeg;
    /** The largest element size so far (bounds how far wflg must move to clear the tags). */
    private int lemax;
    /** The tag counter: w[e] ≥ wflg marks elements touched in the current step. */
    private int wflg;
    /** The current pivot's weight: its supervariable, then the variables eliminated with it. */
    private int nvk;
    /** The current pivot element's external degree, |Lk| in weights. */
    private int degme;

    /** Runs the elimination and returns the ordering: {@code perm[k]} is the k-th variable to eliminate. */
    int[] order() {
        Arrays.fill(parent, -1);
        Arrays.fill(head, -1);
        Arrays.fill(hashHead, -1);
        Arrays.fill(w, 1);
        ndense = 0;
        lnz = 0;
        flops = 0;
        for (int x = n; x < total; x++) {
            elen[x] = -1;
            nv[x] = 0;
        }
        for (int i = 0; i < n; i++) {
            if (dense[i]) {
                nv[i] = 0;
                elen[i] = -2;
                ndense++;
            } else {
                nv[i] = 1;
                degree[i] = Math.min(degree[i], n - 1);
                insert(i, degree[i]);
            }
        }
        nel = 0;
        mindeg = 0;
        lemax = 0;
        for (int x = n; x < total; x++) lemax = Math.max(lemax, degree[x]);
        wflg = 2;
        int live = n - ndense;
        while (nel < live) {
            // Pivot: a variable of least approximate degree.
            int k;
            while ((k = head[mindeg]) == -1) mindeg++;
            remove(k);
            nvk = nv[k];
            nel += nvk;
            int start = buildElement(k);
            int end = pfree;
            tagOuterElements(start, end);
            updateVariables(k, start, end);
            degree[k] = degme;
            // Lk is the exact pattern below the pivot block: nvk columns, a triangle and degme rows.
            lnz += (long) nvk * degme + (long) nvk * (nvk + 1) / 2;
            flops += squares(degme + nvk) - squares(degme); // its columns hold degme+nvk, …, degme+1
            lemax = Math.max(lemax, degme);
            wflg = advance(wflg, lemax);
            mergeSupervariables(start, end);
            wflg = advance(wflg, lemax);
            int kept = finalDegrees(start, end);
            nv[k] = nvk;
            len[k] = kept;
            if (kept == 0) {
                parent[k] = -1;
                w[k] = 0;
            }
        }
        return postorder();
    }

    /**
     * The new element Lk: the union of the pivot's elements' sets (those elements are absorbed
     * into k) and its variable neighbours, built at the end of iw (compacted or grown first if
     * needed); each member is flagged by a negated weight. Returns where Lk starts.
     */
    private int buildElement(int k) {
        int need = listBound(k);
        if (pfree + need > iw.length) {
            compact();
            if (pfree + need > iw.length) iw = Arrays.copyOf(iw, Math.max(pfree + need, iw.length + iw.length / 2));
        }
        int start = pfree;
        int d = 0;
        nv[k] = -nvk;
        int pk = pe[k];
        int ek = elen[k];
        for (int t = 0, lk = len[k]; t < lk; t++) {
            int x = iw[pk + t];
            if (t < ek) {
                if (w[x] == 0) continue; // absorbed earlier
                for (int p = pe[x], e = pe[x] + len[x]; p < e; p++) d += addToPivotSet(iw[p]);
                parent[x] = k;
                w[x] = 0;
            } else {
                d += addToPivotSet(x);
            }
        }
        degme = d;
        pe[k] = start;
        len[k] = pfree - start;
        elen[k] = -1;
        return start;
    }

    /** w[e] − wflg = |Le \ Lk| for every element e adjacent to a variable of Lk. */
    private void tagOuterElements(int start, int end) {
        final int[] iw = this.iw, pe = this.pe, elen = this.elen, nv = this.nv, w = this.w, degree = this.degree;
        final int wflg = this.wflg;
        for (int p = start; p < end; p++) {
            int i = iw[p];
            int nvi = -nv[i];
            int wnvi = wflg - nvi;
            for (int q = pe[i], e = pe[i] + elen[i]; q < e; q++) {
                int el = iw[q];
                int we = w[el];
                if (we >= wflg) we -= nvi;
                else if (we != 0) we = degree[el] + wnvi;
                w[el] = we;
            }
        }
    }

    /** Degree update, list cleaning, mass elimination and hashing of each variable of Lk. */
    private void updateVariables(int k, int start, int end) {
        final int[] iw = this.iw;
        for (int p = start; p < end; p++) {
            int i = iw[p];
            int p1 = pe[i];
            int p2 = p1 + elen[i];
            int pn = p1;
            long hash = 0;
            int deg = 0;
            for (int q = p1; q < p2; q++) {
                int el = iw[q];
                int we = w[el];
                if (we == 0) continue;
                int dext = we - wflg;
                if (dext > 0 || !aggressive) {
                    deg += dext;
                    iw[pn++] = el;
                    hash += el;
                } else {
                    parent[el] = k; // aggressive absorption: Le ⊆ Lk
                    w[el] = 0;
                }
            }
            int elements = pn - p1 + 1;
            int p3 = pn;
            for (int q = p2, e = p1 + len[i]; q < e; q++) {
                int j = iw[q];
                int nvj = nv[j];
                if (nvj <= 0) continue; // dead, merged, or in Lk (now reached through k)
                deg += nvj;
                iw[pn++] = j;
                hash += j;
            }
            if (deg == 0) {
                // Mass elimination: i's whole adjacency lies in Lk, so i goes with k.
                parent[i] = k;
                int nvi = -nv[i];
                degme -= nvi;
                nvk += nvi;
                nel += nvi;
                nv[i] = 0;
                elen[i] = -2;
            } else {
                degree[i] = Math.min(degree[i], deg);
                // Put k first: first variable moves to the end, first element to the gap.
                assert pn < p1 + len[i] : "no free slot in the list of " + i;
                iw[pn] = iw[p3];
                iw[p3] = iw[p1];
                iw[p1] = k;
                len[i] = pn - p1 + 1;
                elen[i] = elements;
                int h = (int) (hash % total);
                hashOf[i] = h;
                hashNext[i] = hashHead[h];
                hashHead[h] = i;
            }
        }
    }

    /** Supervariables: variables of Lk with identical lists merge into one. */
    private void mergeSupervariables(int start, int end) {
        for (int p = start; p < end; p++) {
            int i = iw[p];
            if (nv[i] >= 0) continue;
            int h = hashOf[i];
            int a = hashHead[h];
            if (a == -1) continue;
            hashHead[h] = -1;
            // Only a bucket of two or more variables is compared (most hold one).
            for (; a != -1 && hashNext[a] != -1; a = hashNext[a]) {
                int la = len[a];
                int ea = elen[a];
                int pa = pe[a];
                for (int q = pa; q < pa + la; q++) w[iw[q]] = wflg;
                int prev = a;
                for (int b = hashNext[a]; b != -1; b = hashNext[b]) {
                    if (len[b] == la && elen[b] == ea && sameTagged(b, wflg)) {
                        parent[b] = a;
                        nv[a] += nv[b];
                        nv[b] = 0;
                        elen[b] = -2;
                        hashNext[prev] = hashNext[b];
                    } else {
                        prev = b;
                    }
                }
                wflg++;
            }
        }
    }

    /**
     * Final degrees d_i = min(d_i + |Lk \ i|, n − nel − |i|), each variable back in its degree
     * list; Lk keeps its principal variables (compacted in place). Returns how many.
     */
    private int finalDegrees(int start, int end) {
        int pn = start;
        for (int p = start; p < end; p++) {
            int i = iw[p];
            int nvi = -nv[i];
            if (nvi <= 0) continue;
            nv[i] = nvi;
            int d = Math.min(degree[i] + degme - nvi, n - nel - nvi);
            d = Math.max(d, 0);
            degree[i] = d;
            insert(i, d);
            mindeg = Math.min(mindeg, d);
            iw[pn++] = i;
        }
        return pn - start;
    }

    /**
     * After {@link #order()} on the graph of a symmetric pattern (no initial elements): an upper
     * bound on nnz of the Cholesky factor under the returned order, diagonal included — exact when
     * no variable was dense. Each pivot's element is the exact pattern of its columns of L outside
     * the dense variables (approximate degrees only choose the pivots); the dense variables, ordered
     * last, can add at most their rows in every other column and a full triangle among themselves.
     */
    long factorBound() {
        long d = ndense;
        return lnz + d * (n - d) + d * (d + 1) / 2;
    }

    /**
     * After {@link #order()}, like {@link #factorBound()}: Σ c_j² over the columns of L outside the
     * dense variables (c_j the column's count, diagonal included), the Cholesky flops up to
     * lower-order terms — exact when no variable was dense, else without the dense variables' share.
     */
    long factorFlops() {
        return flops;
    }

    /** 1² + 2² + … + m². */
    private static long squares(long m) {
        return m * (m + 1) * (2 * m + 1) / 6;
    }

    /** Adds variable v to the pivot set (if live and not yet there); returns its weight. */
    private int addToPivotSet(int v) {
        int nvv = nv[v];
        if (nvv <= 0) return 0;
        nv[v] = -nvv;
        iw[pfree++] = v;
        remove(v);
        return nvv;
    }

    /** An upper bound on |Lk| in entries: the lengths of the lists it is the union of. */
    private int listBound(int k) {
        int ek = elen[k];
        int bound = len[k] - ek;
        for (int t = 0; t < ek; t++) {
            int e = iw[pe[k] + t];
            if (w[e] != 0) bound += len[e];
        }
        return bound;
    }

    private boolean sameTagged(int b, int tag) {
        for (int q = pe[b], e = pe[b] + len[b]; q < e; q++) {
            if (w[iw[q]] != tag) return false;
        }
        return true;
    }

    /** Moves wflg past every value in w; resets w when the counter would overflow. */
    private int advance(int wflg, int lemax) {
        long next = (long) wflg + lemax + 1;
        if (next < Integer.MAX_VALUE - total - 1) return (int) next;
        for (int x = 0; x < total; x++) if (w[x] != 0) w[x] = 1;
        return 2;
    }

    /** Slides every live list to the front of iw, in place (list heads are marked by −(x+1)). */
    private void compact() {
        for (int x = 0; x < total; x++) {
            boolean liveList = elen[x] >= 0 || (elen[x] == -1 && w[x] != 0);
            if (liveList && len[x] > 0) {
                int p = pe[x];
                pe[x] = iw[p];
                iw[p] = -(x + 1);
            }
        }
        int dst = 0;
        int src = 0;
        while (src < pfree) {
            int v = iw[src++];
            if (v >= 0) continue;
            int x = -v - 1;
            int first = pe[x];
            pe[x] = dst;
            iw[dst++] = first;
            for (int t = 1; t < len[x]; t++) iw[dst++] = iw[src++];
        }
        pfree = dst;
    }

    private void insert(int i, int d) {
        int h = head[d];
        next[i] = h;
        last[i] = -1;
        if (h != -1) last[h] = i;
        head[d] = i;
    }

    private void remove(int i) {
        int nx = next[i];
        int ls = last[i];
        if (ls != -1) next[ls] = nx;
        else head[degree[i]] = nx;
        if (nx != -1) last[nx] = ls;
    }

    /**
     * The elimination order: elements in postorder of the assembly tree (children before parents),
     * each pivot followed by the variables merged into it or eliminated with it; dense variables last.
     */
    private int[] postorder() {
        // Attach every merged or mass-eliminated variable to the element it went out with.
        int[] memberHead = new int[total];
        int[] memberNext = new int[total];
        Arrays.fill(memberHead, -1);
        for (int v = 0; v < n; v++) {
            if (dense[v] || elen[v] == -1) continue;
            int e = v;
            while (elen[e] != -1) e = parent[e];
            int c = v; // path compression: point the chain straight at its element
            while (elen[c] != -1) {
                int up = parent[c];
                parent[c] = e;
                c = up;
            }
            memberNext[v] = memberHead[e];
            memberHead[e] = v;
        }
        int[] childHead = new int[total];
        int[] sibling = new int[total];
        Arrays.fill(childHead, -1);
        for (int e = total - 1; e >= 0; e--) {
            if (elen[e] != -1) continue;
            int pa = parent[e];
            if (pa >= 0) {
                sibling[e] = childHead[pa];
                childHead[pa] = e;
            }
        }
        int[] perm = new int[n];
        int k = 0;
        int[] stack = new int[total];
        for (int root = 0; root < total; root++) {
            if (elen[root] != -1 || parent[root] != -1) continue;
            int top = 0;
            stack[0] = root;
            while (top >= 0) {
                int e = stack[top];
                int c = childHead[e];
                if (c != -1) {
                    childHead[e] = sibling[c];
                    stack[++top] = c;
                } else {
                    top--;
                    if (e < n) perm[k++] = e;
                    for (int v = memberHead[e]; v != -1; v = memberNext[v]) perm[k++] = v;
                }
            }
        }
        for (int v = 0; v < n; v++) if (dense[v]) perm[k++] = v;
        if (k != n) throw new IllegalStateException("minimum degree ordered " + k + " of " + n + " variables");
        return perm;
    }
}

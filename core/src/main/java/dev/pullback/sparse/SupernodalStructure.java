package dev.pullback.sparse;

import dev.pullback.factor.Ordering;
import dev.pullback.storage.CscPattern;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The symbolic phase of {@link SupernodalLu}: everything about the factors that depends on the
 * pattern only, computed once with heap arrays so that the numeric phase neither searches nor
 * allocates.
 *
 * <p>With S = Q(A + Aᵀ)Qᵀ, Q the fill-reducing order composed with a postorder of the elimination
 * tree of S: the column counts of the Cholesky factor of S (the structure that L and Uᵀ share
 * when the pivots stay inside the supernodes), the fundamental supernodes (column j + 1 joins j
 * when it is j's parent and its column count is one less), relaxed amalgamation of a supernode into
 * its parent when the explicit zeros this adds stay few (rule in
 * {@link #relax}; any child may merge, the columns are reordered afterwards by a postorder of the
 * merged tree, a topological order of the elimination tree, so the fill is unchanged), the sorted row structure of each supernode below its own columns, and the maps
 * the numeric phase follows: where each entry of A lands in its front, and where each row of a
 * child's contribution block lands in its parent's front. Supernodes are numbered in postorder, so
 * the children's contribution blocks lie on top of a stack when their parent is assembled; the
 * stack's peak is computed here.
 *
 * <p>The front of supernode s, with columns f..l (k = l − f + 1 pivots) and row structure R below
 * them, is the dense m×m matrix (m = k + |R|) on the index list f..l, R, in that order; local index
 * t of a front is global row/column {@code f + t} for t &lt; k and {@code R[t − k]} after that.
 */
final class SupernodalStructure {
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;

    final int n;
    final int nnz;
    final double symmetry;
    final Ordering ordering;
    /** q[k] = the original row/column placed k-th; qinv its inverse. */
    final int[] q;
    final int[] qinv;

    /** Number of supernodes; supernode s has columns first[s] .. first[s+1]−1. */
    final int count;
    final int[] first;
    /** Row structure below the supernode's columns, sorted: rows[rowPtr[s] .. rowPtr[s+1]−1]. */
    final int[] rowPtr;
    final int[] rows;
    /** For each child c, the local index in its parent's front of each of its structure rows (same indexing as rows). */
    final int[] relMap;
    /** Supernode tree: parent[s], −1 for a root; children of s in increasing order: child[childPtr[s] .. childPtr[s+1]−1]. */
    final int[] parent;
    final int[] childPtr;
    final int[] child;
    /** Entries of A assembled into front s: A's value aSrc[t] (scaled by row aRow[t]) added at front offset aDst[t]. */
    final int[] aPtr;
    final int[] aSrc;
    final int[] aDst;
    final int[] aRow;
    /**
     * Offsets (in doubles) of supernode s's share of L and of U in their storage, each array in
     * supernode order. L's share: L11's strict lower triangle packed by columns (column j holds rows
     * j+1..k−1, from j(2k−j−1)/2), then the L21 panel ((m−k)×k column-major, from k(k−1)/2). U's
     * share: U11's upper triangle with its diagonal packed by columns (column j holds rows 0..j, from
     * j(j+1)/2), then the U12ᵀ panel ((m−k)×k column-major, from k(k+1)/2). Each sweep of a solve
     * thus reads one array, in one direction, and no entry of the other triangle.
     */
    final long[] lOff;
    final long[] uOff;
    final long lSize;
    final long uSize;
    /** Largest front order m, and the largest m − k. */
    final int maxFront;
    final int maxRows;
    /** Peak of the contribution-block stack in doubles. */
    final int stackPeak;
    /** nnz of the Cholesky factor of S (diagonal included) and the explicit zeros amalgamation adds to it. */
    final long choleskyNonzeros;
    final long amalgamationZeros;

    private SupernodalStructure(int n, int nnz, double symmetry, Ordering ordering, int[] q, int[] qinv, int count,
            int[] first, int[] rowPtr, int[] rows, int[] relMap, int[] parent, int[] childPtr, int[] child,
            int[] aPtr, int[] aSrc, int[] aDst, int[] aRow, long[] lOff, long[] uOff,
            long lSize, long uSize, int maxFront, int maxRows, int stackPeak, long choleskyNonzeros, long amalgamationZeros) {
        this.n = n;
        this.nnz = nnz;
        this.symmetry = symmetry;
        this.ordering = ordering;
        this.q = q;
        this.qinv = qinv;
        this.count = count;
        this.first = first;
        this.rowPtr = rowPtr;
        this.rows = rows;
        this.relMap = relMap;
        this.parent = parent;
        this.childPtr = childPtr;
        this.child = child;
        this.aPtr = aPtr;
        this.aSrc = aSrc;
        this.aDst = aDst;
        this.aRow = aRow;
        this.lOff = lOff;
        this.uOff = uOff;
        this.lSize = lSize;
        this.uSize = uSize;
        this.maxFront = maxFront;
        this.maxRows = maxRows;
        this.stackPeak = stackPeak;
        this.choleskyNonzeros = choleskyNonzeros;
        this.amalgamationZeros = amalgamationZeros;
    }

    /**
     * Relaxed amalgamation rule (after Ashcraft and Grimes, 1989; thresholds of the kind CHOLMOD
     * uses, tightened by measurement): merging a child into its parent supernode, giving c columns
     * with a fraction z of explicit zeros in the merged lower trapezoid, is accepted when c ≤ 4, or
     * c ≤ 16 and z &lt; 0.1, or c ≤ 48 and z &lt; 0.05, or z &lt; 0.02. Against CHOLMOD-like
     * thresholds (0.8, 0.1, 0.05) it leaves far fewer explicit zeros on 2D grids, which speeds up the
     * solves, with refactor unchanged (docs/PERFORMANCE.md, 2026-12-01 'amalgamation thresholds').
     * The c ≤ 4 clause keeps small blocks together so that a zero diagonal finds its pivot inside
     * the block (without it SupernodalLuTest's zero-diagonal tridiagonal raises
     * SupernodalPivotException); it costs the grids' solves a little, and c ≤ 2 in its place saved
     * none of that (docs/PERFORMANCE.md, 2026-12-01 'amalgamation: the c ≤ 4 clause').
     */
    static boolean relax(int columns, double zeroFraction) {
        return columns <= RELAX_COLUMNS[0]
                || (columns <= RELAX_COLUMNS[1] && zeroFraction < RELAX_ZEROS[0])
                || (columns <= RELAX_COLUMNS[2] && zeroFraction < RELAX_ZEROS[1])
                || zeroFraction < RELAX_ZEROS[2];
    }

    static final int[] RELAX_COLUMNS = {4, 16, 48};
    static final double[] RELAX_ZEROS = {0.1, 0.05, 0.02};

    /**
     * The structure of a square pattern under the symmetric order {@code order} (AMD's or the
     * identity), which is postordered here.
     *
     * @throws IllegalArgumentException a front would exceed the 2³¹ doubles a Java array holds
     */
    static SupernodalStructure of(CscPattern a, SymmetricStructure sym, int[] order, Ordering ordering) {
        return of(a, sym, order, ordering, false);
    }

    /**
     * As {@link #of(CscPattern, SymmetricStructure, int[], Ordering)}; {@code lowerOnly} (for
     * {@link SupernodalCholesky}) maps only A's entries on and below the diagonal, each to the lower
     * triangle of its front (see {@link Builder#lowerAssemblyMaps}).
     */
    static SupernodalStructure of(CscPattern a, SymmetricStructure sym, int[] order, Ordering ordering,
            boolean lowerOnly) {
        return of(a, sym, order, ordering, lowerOnly, null);
    }

    /**
     * As {@link #of(CscPattern, SymmetricStructure, int[], Ordering, boolean)}, starting from the
     * elimination tree and column counts of {@code order} when the caller has them ({@code tree},
     * counted on {@code sym} for this very order; null: counted here).
     */
    static SupernodalStructure of(CscPattern a, SymmetricStructure sym, int[] order, Ordering ordering,
            boolean lowerOnly, EliminationTree.Counted tree) {
        if (tree != null && tree.perm() != order) throw new IllegalArgumentException("the counted tree is for another order");
        Builder b = new Builder(a.cols());
        b.postorder(sym, order, tree);
        b.fundamentalSupernodes();
        b.amalgamate();
        b.supernodeTree();
        b.rowStructures(sym);
        b.layout();
        if (lowerOnly) b.lowerAssemblyMaps(a);
        else b.assemblyMaps(a);
        return new SupernodalStructure(b.n, a.nnz(), sym.symmetry, ordering, b.q, b.qinv, b.ns, b.first, b.rowPtr,
                b.rows, b.relMap, b.parent, b.childPtr, b.child, b.aPtr, b.aSrc, b.aDst, b.aRow, b.lOff, b.uOff,
                b.lSize, b.uSize, b.maxFront, b.maxRows, (int) b.peak, b.cholesky, b.amalgamationZeros);
    }

    /**
     * The same supernodes (order, row structures, layout, extend-add maps) with the other kind of
     * assembly maps for A's pattern {@code a} — all of A for the LU, or its lower triangle for the
     * Cholesky ({@code lowerOnly}) — so that both factorizations of one symmetric pattern share a
     * single symbolic analysis. The arrays of the symbolic part are shared, not copied.
     */
    SupernodalStructure withAssemblyMaps(CscPattern a, boolean lowerOnly) {
        if (a.cols() != n || a.nnz() != nnz) {
            throw new IllegalArgumentException("the analysed pattern has n = " + n + ", nnz " + nnz + "; got " + a);
        }
        Builder b = new Builder(n);
        b.ns = count;
        b.q = q;
        b.qinv = qinv;
        b.first = first;
        b.rowPtr = rowPtr;
        b.rows = rows;
        b.childPtr = childPtr;
        b.child = child;
        if (lowerOnly) b.lowerAssemblyMaps(a);
        else b.assemblyMaps(a);
        return new SupernodalStructure(n, nnz, symmetry, ordering, q, qinv, count, first, rowPtr, rows, b.relMap, parent,
                childPtr, child, b.aPtr, b.aSrc, b.aDst, b.aRow, lOff, uOff, lSize, uSize, maxFront, maxRows, stackPeak,
                choleskyNonzeros, amalgamationZeros);
    }

    /** The analysis in its phases, each reading what the earlier ones left in the fields. */
    private static final class Builder {
        final int n;
        // postorder: the order composed with a postorder of S's elimination tree, the tree, column counts
        int[] q1, qinv1, etree1, cc;
        long cholesky;
        // fundamental supernodes: columns fstart[s] .. fstart[s+1]−1, their tree
        int nf;
        int[] fstart, colSuper, fparent;
        // amalgamation: the final order, supernodes first[s] .. first[s+1]−1, the zeros they hold
        int ns;
        int[] q, qinv, first;
        long amalgamationZeros;
        // the supernodal tree
        int[] parent, childPtr, child;
        // row structures below each supernode's columns
        int[] rowPtr, rows;
        // layout of the factors and the contribution stack
        long[] lOff, uOff;
        long lSize, uSize, peak;
        int maxFront, maxRows;
        // assembly maps
        int[] relMap, aPtr, aSrc, aDst, aRow;

        Builder(int n) {
            this.n = n;
        }

        /**
         * Postorders the elimination tree of S under the given order, composed with the order; column
         * counts. A postorder relabels the tree without changing it, so counts the caller already
         * has ({@code tree}, or null) are carried over rather than counted again.
         */
        void postorder(SymmetricStructure sym, int[] order, EliminationTree.Counted tree) {
            int[] parent0 = tree != null ? tree.parent() : EliminationTree.parents(sym, order, inverse(order));
            int[] post = EliminationTree.postorder(parent0);
            q1 = new int[n];
            for (int k = 0; k < n; k++) q1[k] = order[post[k]];
            qinv1 = inverse(q1);
            // A postorder is an equivalent order (a topological order of the tree): the same tree, relabelled.
            int[] postInv = inverse(post);
            etree1 = new int[n];
            for (int k = 0; k < n; k++) {
                int p = parent0[post[k]];
                etree1[k] = p == -1 ? -1 : postInv[p];
            }
            if (tree != null) {
                cc = new int[n];
                for (int k = 0; k < n; k++) cc[k] = tree.counts()[post[k]];
            } else {
                cc = EliminationTree.columnCounts(sym, q1, qinv1, etree1);
            }
            cholesky = 0;
            for (int c : cc) cholesky += c;
        }

        /** j + 1 continues j's supernode when it is j's parent and its column is j's minus one row. */
        void fundamentalSupernodes() {
            fstart = new int[n + 1];
            nf = 0;
            for (int j = 0; j < n; j++) {
                if (j == 0 || !(etree1[j - 1] == j && cc[j - 1] == cc[j] + 1)) fstart[nf++] = j;
            }
            fstart[nf] = n;
            colSuper = new int[n];
            for (int s = 0; s < nf; s++) for (int j = fstart[s]; j < fstart[s + 1]; j++) colSuper[j] = s;
            fparent = new int[nf];
            for (int s = 0; s < nf; s++) {
                int p = etree1[fstart[s + 1] - 1];
                fparent[s] = p == -1 ? -1 : colSuper[p];
            }
        }

        /**
         * Relaxed amalgamation, bottom-up: each supernode absorbs those of its children that keep the
         * explicit zeros within {@link #relax}. The structure of a child lies in its parent's columns
         * and rows, so a merged group has the rows of its top supernode plus the absorbed columns. The
         * groups are then numbered by a postorder of their tree, each group's columns in their former
         * (topological) order.
         */
        void amalgamate() {
            int[][] fchildren = childLists(fparent);
            int[] ncol = new int[nf];
            int[] height = new int[nf];
            long[] zeros = new long[nf];
            int[] group = new int[nf];
            for (int s = 0; s < nf; s++) {
                ncol[s] = fstart[s + 1] - fstart[s];
                height[s] = cc[fstart[s]];
                group[s] = s;
            }
            for (int p = 0; p < nf; p++) {
                for (int c : fchildren[p]) {
                    int cols = ncol[c] + ncol[p];
                    int h = ncol[c] + height[p];
                    long z = zeros[c] + zeros[p] + (long) ncol[c] * (ncol[c] + height[p] - height[c]);
                    double entries = (double) cols * h - (double) cols * (cols - 1) / 2;
                    if (!relax(cols, z / entries)) continue;
                    ncol[p] = cols;
                    height[p] = h;
                    zeros[p] = z;
                    group[c] = p;
                }
            }
            // Resolve each fundamental supernode's group (a parent's index exceeds its children's).
            for (int s = nf - 1; s >= 0; s--) if (group[s] != s) group[s] = group[group[s]];
            int[] gparent = new int[nf];
            for (int s = 0; s < nf; s++) gparent[s] = group[s] != s ? -2 : (fparent[s] == -1 ? -1 : group[fparent[s]]);
            int[][] gchildren = new int[nf][];
            int[] gcount = new int[nf];
            for (int s = 0; s < nf; s++) if (gparent[s] >= 0) gcount[gparent[s]]++;
            for (int s = 0; s < nf; s++) gchildren[s] = new int[gcount[s]];
            Arrays.fill(gcount, 0);
            for (int s = 0; s < nf; s++) if (gparent[s] >= 0) gchildren[gparent[s]][gcount[gparent[s]]++] = s;
            int[] memberCount = new int[nf + 1];
            for (int s = 0; s < nf; s++) memberCount[group[s] + 1]++;
            for (int s = 0; s < nf; s++) memberCount[s + 1] += memberCount[s];
            int[] members = new int[nf];
            int[] slot = Arrays.copyOf(memberCount, nf);
            for (int s = 0; s < nf; s++) members[slot[group[s]]++] = s;
            q = new int[n];
            int[] firstTmp = new int[nf + 1];
            amalgamationZeros = 0;
            ns = 0;
            int placed = 0;
            int[] dfs = new int[nf + 1];
            int[] nextChild = new int[nf];
            for (int root = 0; root < nf; root++) {
                if (gparent[root] != -1) continue;
                int top = 0;
                dfs[0] = root;
                nextChild[root] = 0;
                while (top >= 0) {
                    int g = dfs[top];
                    if (nextChild[g] < gchildren[g].length) {
                        int c = gchildren[g][nextChild[g]++];
                        nextChild[c] = 0;
                        dfs[++top] = c;
                        continue;
                    }
                    top--;
                    firstTmp[ns++] = placed;
                    amalgamationZeros += zeros[g];
                    for (int m = memberCount[g]; m < memberCount[g + 1]; m++) {
                        int s = members[m];
                        for (int j = fstart[s]; j < fstart[s + 1]; j++) q[placed++] = q1[j];
                    }
                }
            }
            firstTmp[ns] = n;
            first = Arrays.copyOf(firstTmp, ns + 1);
            qinv = inverse(q);
        }

        /** The tree of the merged supernodes (the merged order is again a topological order of the elimination tree). */
        void supernodeTree() {
            int[] etree = new int[n];
            for (int k = 0; k < n; k++) {
                int old = qinv1[q[k]];
                int p = etree1[old];
                etree[k] = p == -1 ? -1 : qinv[q1[p]];
            }
            for (int s = 0; s < ns; s++) for (int j = first[s]; j < first[s + 1]; j++) colSuper[j] = s;
            parent = new int[ns];
            int[] childCount = new int[ns + 1];
            for (int s = 0; s < ns; s++) {
                int p = etree[first[s + 1] - 1];
                parent[s] = p == -1 ? -1 : colSuper[p];
                if (p != -1) childCount[parent[s]]++;
            }
            childPtr = new int[ns + 1];
            for (int s = 0; s < ns; s++) childPtr[s + 1] = childPtr[s] + childCount[s];
            child = new int[Math.max(0, childPtr[ns])];
            int[] fill = Arrays.copyOf(childPtr, ns);
            for (int s = 0; s < ns; s++) if (parent[s] != -1) child[fill[parent[s]]++] = s;
        }

        /**
         * Row structures by row subtrees: row i lies below supernode t exactly when t is on the path
         * of the supernodal tree from the supernode of a column j &lt; i with S(i, j) ≠ 0 up to i's
         * own supernode (the elimination-tree path from j to i leaves each subtree through its
         * root). Visiting the rows in increasing order appends each to its supernodes' lists in
         * order, so the lists come out sorted without a sort, in O(nnz(S) + Σ|R|). Their lengths
         * are known beforehand: the rows below supernode s are those of its last column l, c_l − 1
         * of them (l's subtree is s's).
         */
        void rowStructures(SymmetricStructure sym) {
            rowPtr = new int[ns + 1];
            long total = 0;
            for (int s = 0; s < ns; s++) {
                total += cc[qinv1[q[first[s + 1] - 1]]] - 1;
                if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("supernodal LU: row structure too large");
                rowPtr[s + 1] = (int) total;
            }
            rows = new int[(int) total];
            int[] next = Arrays.copyOf(rowPtr, ns);
            int[] mark = new int[ns];
            Arrays.fill(mark, -1);
            final int[] ptr = sym.ptr, adj = sym.adj;
            for (int i = 0; i < n; i++) {
                mark[colSuper[i]] = i; // the walks stop at i's own supernode
                int node = q[i];
                for (int p = ptr[node]; p < ptr[node + 1]; p++) {
                    int j = qinv[adj[p]];
                    if (j >= i) continue;
                    for (int t = colSuper[j]; mark[t] != i; t = parent[t]) {
                        mark[t] = i;
                        rows[next[t]++] = i;
                    }
                }
            }
        }

        /** Front sizes, the factors' offsets ({@link SupernodalLayout}), the contribution stack's peak (children popped, then s pushed). */
        void layout() {
            lOff = new long[ns];
            uOff = new long[ns];
            long top = 0;
            for (int s = 0; s < ns; s++) {
                int k = first[s + 1] - first[s];
                int r = rowPtr[s + 1] - rowPtr[s];
                int m = k + r;
                if ((long) m * m > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("supernodal LU: a front of order " + m
                            + " exceeds a Java array; use SparseLu for this matrix");
                }
                maxFront = Math.max(maxFront, m);
                maxRows = Math.max(maxRows, r);
                lOff[s] = lSize;
                uOff[s] = uSize;
                lSize += SupernodalLayout.lowerSize(k, r);
                uSize += SupernodalLayout.upperSize(k, r);
                for (int t = childPtr[s]; t < childPtr[s + 1]; t++) {
                    int cr = rowPtr[child[t] + 1] - rowPtr[child[t]];
                    top -= (long) cr * cr;
                }
                top += (long) r * r;
                peak = Math.max(peak, top);
            }
            if (peak > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("supernodal LU: the contribution stack needs " + peak
                        + " doubles, more than a Java array holds; use SparseLu for this matrix");
            }
        }

        /**
         * Relative maps: the local index in the parent's front of each structure row of each child;
         * and the front offset of each entry of A. Entry (i, j) of S belongs to the supernode of min(i, j).
         */
        void assemblyMaps(CscPattern a) {
            relMap = new int[rows.length];
            int[] local = new int[n];
            MemorySegment cp = a.colPtr();
            MemorySegment ri = a.rowIdx();
            int nnz = a.nnz();
            int[] tPtr = new int[n + 1];
            for (int p = 0; p < nnz; p++) tPtr[ri.getAtIndex(I, p) + 1]++;
            for (int i = 0; i < n; i++) tPtr[i + 1] += tPtr[i];
            int[] tCol = new int[nnz];
            int[] tPos = new int[nnz];
            int[] next = Arrays.copyOf(tPtr, n);
            for (int j = 0; j < n; j++) {
                for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) {
                    int at = next[ri.getAtIndex(I, p)]++;
                    tCol[at] = j;
                    tPos[at] = p;
                }
            }
            aPtr = new int[ns + 1];
            aSrc = new int[nnz];
            aDst = new int[nnz];
            aRow = new int[nnz];
            int na = 0;
            for (int s = 0; s < ns; s++) {
                int f = first[s], l = first[s + 1] - 1;
                int m = localIndices(s, local);
                for (int j = f; j <= l; j++) {
                    int oc = q[j];
                    // Column j of S inside s: rows at or below f (the rest belongs to earlier supernodes' U part).
                    for (int p = cp.getAtIndex(I, oc), e = cp.getAtIndex(I, oc + 1); p < e; p++) {
                        int or = ri.getAtIndex(I, p);
                        int i = qinv[or];
                        if (i < f) continue;
                        aSrc[na] = p;
                        aRow[na] = or;
                        aDst[na++] = local[i] + (j - f) * m;
                    }
                    // Row j of S inside s: the columns after l (U part of the front).
                    for (int p = tPtr[oc]; p < tPtr[oc + 1]; p++) {
                        int c = qinv[tCol[p]];
                        if (c <= l) continue;
                        aSrc[na] = tPos[p];
                        aRow[na] = oc;
                        aDst[na++] = (j - f) + local[c] * m;
                    }
                }
                aPtr[s + 1] = na;
            }
            if (na != nnz) throw new IllegalStateException("supernodal analysis placed " + na + " of " + nnz + " entries");
        }
        /**
         * Supernode s's front indices: {@code local[i]} for its columns and structure rows, and the
         * children's structure rows in {@link #relMap} (their places in this front). Returns the
         * front's order m.
         */
        private int localIndices(int s, int[] local) {
            int f = first[s], k = first[s + 1] - f;
            for (int j = f; j < f + k; j++) local[j] = j - f;
            for (int p = rowPtr[s]; p < rowPtr[s + 1]; p++) local[rows[p]] = k + p - rowPtr[s];
            for (int t = childPtr[s]; t < childPtr[s + 1]; t++) {
                int c = child[t];
                for (int p = rowPtr[c]; p < rowPtr[c + 1]; p++) relMap[p] = local[rows[p]];
            }
            return k + rowPtr[s + 1] - rowPtr[s];
        }

        /**
         * The maps of {@link SupernodalCholesky}: the relative maps as {@link #assemblyMaps}, and for
         * each entry a_ij of A with i ≥ j (the upper triangle is not read) the offset in the front of
         * the supernode of min(i', j') (i', j' the permuted indices) of its place in the front's lower
         * triangle: row local(max(i', j')), column min(i', j') − f.
         */
        void lowerAssemblyMaps(CscPattern a) {
            relMap = new int[rows.length];
            int[] local = new int[n];
            MemorySegment cp = a.colPtr();
            MemorySegment ri = a.rowIdx();
            // Bucket the lower entries by the permuted column they belong to, min(i', j').
            int[] bPtr = new int[n + 1];
            for (int j = 0; j < n; j++) {
                for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) {
                    int i = ri.getAtIndex(I, p);
                    if (i >= j) bPtr[Math.min(qinv[i], qinv[j]) + 1]++;
                }
            }
            for (int k = 0; k < n; k++) bPtr[k + 1] += bPtr[k];
            int lower = bPtr[n];
            int[] bPos = new int[lower];
            int[] bOther = new int[lower];
            int[] next = Arrays.copyOf(bPtr, n);
            for (int j = 0; j < n; j++) {
                for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) {
                    int i = ri.getAtIndex(I, p);
                    if (i < j) continue;
                    int pi = qinv[i], pj = qinv[j];
                    int at = next[Math.min(pi, pj)]++;
                    bPos[at] = p;
                    bOther[at] = Math.max(pi, pj);
                }
            }
            aPtr = new int[ns + 1];
            aSrc = new int[lower];
            aDst = new int[lower];
            aRow = new int[0];
            int na = 0;
            for (int s = 0; s < ns; s++) {
                int f = first[s], l = first[s + 1] - 1;
                int m = localIndices(s, local);
                for (int j = f; j <= l; j++) {
                    for (int t = bPtr[j]; t < bPtr[j + 1]; t++) {
                        aSrc[na] = bPos[t];
                        aDst[na++] = local[bOther[t]] + (j - f) * m;
                    }
                }
                aPtr[s + 1] = na;
            }
        }
    }

    /** Children of each node of a forest, in increasing order. */
    private static int[][] childLists(int[] parent) {
        int n = parent.length;
        int[] count = new int[n];
        for (int p : parent) if (p >= 0) count[p]++;
        int[][] children = new int[n][];
        for (int s = 0; s < n; s++) children[s] = new int[count[s]];
        Arrays.fill(count, 0);
        for (int s = 0; s < n; s++) if (parent[s] >= 0) children[parent[s]][count[parent[s]]++] = s;
        return children;
    }

    private static int[] inverse(int[] p) {
        int[] inv = new int[p.length];
        for (int k = 0; k < p.length; k++) inv[p[k]] = k;
        return inv;
    }

    /** nnz(L) of the supernodal factors, unit diagonal and explicit zeros included: Σ k·m − k(k−1)/2. */
    long nnzL() {
        long total = 0;
        for (int s = 0; s < count; s++) {
            long k = first[s + 1] - first[s];
            long m = k + rowPtr[s + 1] - rowPtr[s];
            total += k * m - k * (k - 1) / 2;
        }
        return total;
    }
}

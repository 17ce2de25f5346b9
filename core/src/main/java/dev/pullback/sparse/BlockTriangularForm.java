package dev.pullback.sparse;

import dev.pullback.internal.Checks;
import dev.pullback.storage.CscPattern;
import java.util.Arrays;

/**
 * The block upper triangular form of a square sparse pattern: permutations P (rows) and Q (columns)
 * such that C = A(P, Q) has a zero-free diagonal and is block upper triangular,
 * <pre>  C = [C₁₁ C₁₂ … C₁ₘ; 0 C₂₂ … C₂ₘ; …; 0 … 0 Cₘₘ],</pre>
 * with every diagonal block C_bb irreducible (it cannot itself be permuted to block triangular
 * form). Then A x = b needs only the diagonal blocks factored — fill cannot cross between blocks —
 * and the off-diagonal blocks are used as they are, by block back substitution.
 *
 * <p>Two steps, both on the pattern only:
 * <ol>
 *   <li>a maximum transversal (Duff 1981, "On algorithms for obtaining a maximum transversal"):
 *       a matching of columns to rows on stored entries, found by depth-first augmenting paths
 *       with a cheap-assignment look-ahead; O(n·nnz) in the worst case, close to O(nnz) in
 *       practice. Fewer than n matched columns mean that A is structurally singular
 *       ({@link #structuralRank()} &lt; n).</li>
 *   <li>the strongly connected components of the directed graph of the row-matched matrix (an
 *       edge j → i for every stored entry in row i, column j), by Tarjan's algorithm (1972),
 *       iterative with an explicit stack, O(n + nnz). Tarjan emits a component only after every
 *       component reachable from it, so listing them in emission order puts every entry C(i, j)
 *       into a block row at or above its block column: block upper triangular.</li>
 * </ol>
 * (Duff and Reid 1978, "An implementation of Tarjan's algorithm for the block triangularization of
 * a matrix"; Davis, Direct Methods for Sparse Linear Systems, ch. 7.)
 */
public final class BlockTriangularForm {
    private final int n;
    private final int rank;
    private final int[] rowOrder;
    private final int[] columnOrder;
    private final int[] blockStart;
    private final int unmatchedColumn;

    private BlockTriangularForm(int n, int rank, int[] rowOrder, int[] columnOrder, int[] blockStart, int unmatchedColumn) {
        this.n = n;
        this.rank = rank;
        this.rowOrder = rowOrder;
        this.columnOrder = columnOrder;
        this.blockStart = blockStart;
        this.unmatchedColumn = unmatchedColumn;
    }

    /**
     * The block triangular form of a square pattern. A structurally singular pattern still gets a
     * result (see {@link #structuralRank()}, {@link #unmatchedColumn()}), with no blocks.
     */
    public static BlockTriangularForm of(CscPattern a) {
        Checks.square("block triangular form", a.rows(), a.cols());
        int n = a.cols();
        int[] cp = a.colPtrArray();
        int[] ri = a.rowIdxArray();
        int[] rowMatch = maximumTransversal(n, cp, ri);
        int[] colMatch = new int[n];
        Arrays.fill(colMatch, -1);
        int rank = 0;
        for (int i = 0; i < n; i++) {
            if (rowMatch[i] >= 0) {
                colMatch[rowMatch[i]] = i;
                rank++;
            }
        }
        if (rank < n) {
            int unmatched = 0;
            while (colMatch[unmatched] >= 0) unmatched++;
            return new BlockTriangularForm(n, rank, null, null, new int[] {0}, unmatched);
        }
        int[] order = new int[n];
        int[] blocks = stronglyConnectedComponents(n, cp, ri, rowMatch, order);
        int[] rows = new int[n];
        for (int k = 0; k < n; k++) rows[k] = colMatch[order[k]];
        return new BlockTriangularForm(n, n, rows, order, blocks, -1);
    }

    /**
     * rowMatch[i] = the column matched to row i, or −1. For each column in turn: look for an
     * unmatched row among its entries (the look-ahead pointer of a column only moves forward: rows
     * once matched stay matched), else search depth-first for an augmenting path through matched
     * rows, each row visited at most once per column; then flip the path.
     */
    static int[] maximumTransversal(int n, int[] cp, int[] ri) {
        int[] rowMatch = new int[n];
        Arrays.fill(rowMatch, -1);
        int[] cheap = Arrays.copyOf(cp, n);
        int[] visited = new int[n];
        Arrays.fill(visited, -1);
        int[] stackCol = new int[n];
        int[] stackPos = new int[n];
        int[] stackRow = new int[n]; // the row through which level k+1's column was reached
        for (int root = 0; root < n; root++) {
            int head = 0;
            stackCol[0] = root;
            stackPos[0] = cp[root];
            int free = -1;
            while (head >= 0) {
                int j = stackCol[head];
                int p = cheap[j];
                int end = cp[j + 1];
                while (p < end && rowMatch[ri[p]] >= 0) p++;
                cheap[j] = p;
                if (p < end) {
                    free = ri[p];
                    cheap[j] = p + 1;
                    break;
                }
                int q = stackPos[head];
                while (q < end && visited[ri[q]] == root) q++;
                if (q < end) {
                    int r = ri[q];
                    visited[r] = root;
                    stackPos[head] = q + 1;
                    stackRow[head] = r;
                    head++;
                    int next = rowMatch[r];
                    stackCol[head] = next;
                    stackPos[head] = cp[next];
                } else {
                    head--;
                }
            }
            if (free < 0) continue; // column root stays unmatched: structurally singular
            // Flip the path: the top column takes the free row, each column below takes the row
            // that led upwards from it (which the column above it gave up).
            rowMatch[free] = stackCol[head];
            for (int k = head - 1; k >= 0; k--) rowMatch[stackRow[k]] = stackCol[k];
        }
        return rowMatch;
    }

    /**
     * Tarjan's strongly connected components of the graph whose node j is column j together with
     * its matched row, with an edge from node j to node rowMatch[i] for every entry (i, j). Fills
     * {@code order} with the nodes component by component in emission order and returns the block
     * boundaries (first node of each component, then n).
     */
    private static int[] stronglyConnectedComponents(int n, int[] cp, int[] ri, int[] rowMatch, int[] order) {
        int[] index = new int[n];
        Arrays.fill(index, -1);
        int[] low = new int[n];
        int[] callStack = new int[n];
        int[] edgePos = new int[n];
        int[] sccStack = new int[n];
        boolean[] onStack = new boolean[n];
        int[] starts = new int[n + 1];
        int blocks = 0;
        int emitted = 0;
        int counter = 0;
        int sccTop = 0;
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) continue;
            int head = 0;
            callStack[0] = root;
            edgePos[0] = cp[root];
            index[root] = low[root] = counter++;
            sccStack[sccTop++] = root;
            onStack[root] = true;
            while (head >= 0) {
                int v = callStack[head];
                int p = edgePos[head];
                int end = cp[v + 1];
                boolean descended = false;
                while (p < end) {
                    int w = rowMatch[ri[p++]];
                    if (index[w] < 0) {
                        edgePos[head] = p;
                        index[w] = low[w] = counter++;
                        sccStack[sccTop++] = w;
                        onStack[w] = true;
                        callStack[++head] = w;
                        edgePos[head] = cp[w];
                        descended = true;
                        break;
                    }
                    if (onStack[w] && index[w] < low[v]) low[v] = index[w];
                }
                if (descended) continue;
                if (low[v] == index[v]) {
                    starts[blocks++] = emitted;
                    int w;
                    do {
                        w = sccStack[--sccTop];
                        onStack[w] = false;
                        order[emitted++] = w;
                    } while (w != v);
                }
                head--;
                if (head >= 0) {
                    int parent = callStack[head];
                    if (low[v] < low[parent]) low[parent] = low[v];
                }
            }
        }
        starts[blocks] = n;
        return Arrays.copyOf(starts, blocks + 1);
    }

    /** Order of the matrix. */
    public int n() {
        return n;
    }

    /** The size of a maximum matching of columns to rows on stored entries: n unless structurally singular. */
    public int structuralRank() {
        return rank;
    }

    /** Whether every column could be matched to its own row (structural rank n). */
    public boolean isStructurallyNonsingular() {
        return rank == n;
    }

    /** A column left unmatched by the maximum transversal (structurally singular pattern), else −1. */
    public int unmatchedColumn() {
        return unmatchedColumn;
    }

    /** Number of diagonal blocks (0 when structurally singular). */
    public int blocks() {
        return blockStart.length - 1;
    }

    /** The first position of block b (0 ≤ b ≤ blocks(); {@code blockStart(blocks()) == n}). */
    public int blockStart(int b) {
        return blockStart[b];
    }

    /** The size of the largest diagonal block. */
    public int largestBlock() {
        int m = 0;
        for (int b = 0; b + 1 < blockStart.length; b++) m = Math.max(m, blockStart[b + 1] - blockStart[b]);
        return m;
    }

    /** A copy of P: {@code rowOrder()[k]} is the original row at position k of C. */
    public int[] rowOrder() {
        checkNonsingular();
        return rowOrder.clone();
    }

    /** A copy of Q: {@code columnOrder()[k]} is the original column at position k of C. */
    public int[] columnOrder() {
        checkNonsingular();
        return columnOrder.clone();
    }

    int[] rowOrderShared() {
        return rowOrder;
    }

    int[] columnOrderShared() {
        return columnOrder;
    }

    int[] blockStartShared() {
        return blockStart;
    }

    private void checkNonsingular() {
        if (rank < n) {
            throw new IllegalStateException("structurally singular pattern (structural rank " + rank + " of " + n
                    + ", column " + unmatchedColumn + " unmatched): it has no block triangular form");
        }
    }

    @Override
    public String toString() {
        return rank < n ? "BlockTriangularForm[n=" + n + ", structural rank " + rank + "]"
                : "BlockTriangularForm[n=" + n + ", blocks=" + blocks() + ", largest=" + largestBlock() + "]";
    }
}

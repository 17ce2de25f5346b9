package dev.pullback.sparse;

import dev.pullback.storage.CscPattern;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Column approximate minimum degree ordering (in the spirit of Davis, Gilbert, Larimore and Ng,
 * ACM TOMS 30, 2004): a column permutation Q that keeps the factors of AQ sparse for any row
 * pivoting, by ordering the columns for a sparse Cholesky factor of (AQ)ᵀ(AQ) without forming AᵀA.
 *
 * <p>Each row of A is an element of the quotient graph from the start (row i is a clique of AᵀA
 * on the columns it touches); the columns are the variables. Eliminating a column merges the rows
 * it touches into one new element, exactly as the minimum degree algorithm on AᵀA would, and the
 * same approximate external degree, supervariables, mass elimination and aggressive absorption as
 * in {@link Amd} apply (this implementation scores columns with AMD's approximate degree rather
 * than COLAMD's own bound). Rows with more than {@code max(16, denseFactor·√n)} entries are
 * ignored (they would make AᵀA dense); columns with more than that many entries in the remaining
 * rows are ordered last. Works for any m×n pattern; O(nnz(A)) memory.
 */
public final class Colamd {
    private Colamd() {}

    /** The COLAMD ordering with the default dense handling and aggressive absorption. */
    public static int[] order(CscPattern a) {
        return order(a, Amd.DEFAULT_DENSE, true);
    }

    /** {@code perm[k]} is the original index of the k-th column. */
    public static int[] order(CscPattern a, double denseFactor, boolean aggressive) {
        int m = a.rows();
        int n = a.cols();
        if (n == 0) return new int[0];
        ValueLayout.OfInt I = ValueLayout.JAVA_INT;
        MemorySegment cp = a.colPtr();
        MemorySegment ri = a.rowIdx();
        int nnz = a.nnz();
        int[] rowCount = new int[m];
        for (int p = 0; p < nnz; p++) rowCount[ri.getAtIndex(I, p)]++;
        double denseRow = Amd.denseThreshold(n, denseFactor);
        double denseCol = Amd.denseThreshold(m, denseFactor);
        boolean[] rowKept = new boolean[m];
        for (int r = 0; r < m; r++) rowKept[r] = rowCount[r] > 0 && rowCount[r] <= denseRow;
        int total = n + m;
        int[] pe = new int[total];
        int[] len = new int[total];
        int[] elen = new int[total];
        int[] degree = new int[total];
        boolean[] dense = new boolean[n];
        // Column j's list: its kept rows (as elements n+r). Row r's list: its columns.
        int kept = 0;
        for (int j = 0; j < n; j++) {
            for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) {
                if (rowKept[ri.getAtIndex(I, p)]) len[j]++;
            }
            kept += len[j];
            dense[j] = len[j] > denseCol;
        }
        int cap = (int) Math.min(Integer.MAX_VALUE - 8L, 2L * kept + kept / 5L + 2L * total + 16);
        int[] iw = new int[cap];
        int q = 0;
        for (int j = 0; j < n; j++) {
            pe[j] = q;
            q += len[j];
        }
        int rowStart = q;
        for (int r = 0; r < m; r++) {
            pe[n + r] = q;
            if (rowKept[r]) q += rowCount[r];
        }
        int used = q;
        int[] fill = new int[total];
        // Dense columns leave the graph (they are ordered last): no row lists them, and their own
        // lists stay empty, so the elimination never scans them (as AMD's dense nodes).
        for (int j = 0; j < n; j++) {
            if (dense[j]) continue;
            for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) {
                int r = ri.getAtIndex(I, p);
                if (!rowKept[r]) continue;
                iw[pe[j] + fill[j]++] = n + r;
                iw[pe[n + r] + fill[n + r]++] = j;
            }
        }
        assert rowStart <= used;
        for (int r = 0; r < m; r++) {
            int x = n + r;
            len[x] = fill[x];
            degree[x] = len[x];
        }
        for (int j = 0; j < n; j++) {
            len[j] = fill[j];
            elen[j] = len[j];
            long d = 0;
            for (int t = 0; t < len[j]; t++) d += degree[iw[pe[j] + t]] - 1;
            degree[j] = (int) Math.min(d, n - 1L);
        }
        return new MinimumDegree(n, m, iw, used, pe, len, elen, degree, dense, aggressive).order();
    }
}

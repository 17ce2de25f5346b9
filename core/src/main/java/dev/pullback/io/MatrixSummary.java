package dev.pullback.io;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;

/**
 * Structural facts about a sparse matrix, as {@code pullback info} prints them.
 *
 * <ul>
 * <li>symmetry: {@code NONE} (not square, or the pattern is not symmetric), {@code STRUCTURAL}
 *     (a_ij stored iff a_ji stored, values differ), {@code SYMMETRIC} (a_ij = a_ji for every stored
 *     entry), {@code SKEW} (a_ij = −a_ji, diagonal zero). Values compare as numbers (+0 = −0), and
 *     NaN matches NaN. A matrix that is both symmetric and skew (all zeros) is SYMMETRIC.
 * <li>diagonal: of the min(rows, cols) diagonal positions, how many are stored, missing, and
 *     stored with the value zero.
 * <li>bandwidth: lower = max(i − j), upper = max(j − i) over stored entries (0 when none).
 * <li>nonzeros per column: min, median (mean of the middle two for an even count), max.
 * </ul>
 * Cost: O(nnz · log(max column count)) for the symmetry test (one binary search per entry).
 */
public record MatrixSummary(int rows, int cols, long nnz, Symmetry symmetry, int diagonalStored,
        int diagonalMissing, int diagonalZero, int lowerBandwidth, int upperBandwidth,
        int colNnzMin, double colNnzMedian, int colNnzMax) {

    /** Which symmetry a matrix has; see the class comment. */
    public enum Symmetry { NONE, STRUCTURAL, SYMMETRIC, SKEW }

    public static MatrixSummary of(CscMatrix a) {
        CscPattern p = a.pattern();
        int m = p.rows();
        int n = p.cols();
        int diagStored = 0;
        int diagZero = 0;
        int lower = 0;
        int upper = 0;
        int max = 0;
        int min = n == 0 ? 0 : Integer.MAX_VALUE;
        for (int j = 0; j < n; j++) {
            int c = p.colCount(j);
            max = Math.max(max, c);
            min = Math.min(min, c);
            for (int k = p.colStart(j); k < p.colEnd(j); k++) {
                int i = p.row(k);
                if (i == j) {
                    diagStored++;
                    if (a.value(k) == 0.0) diagZero++;
                } else if (i > j) {
                    lower = Math.max(lower, i - j);
                } else {
                    upper = Math.max(upper, j - i);
                }
            }
        }
        // The median from a histogram of the counts: O(cols + max count) time, O(max count) memory
        // (at most nnz + 1 ints: a matrix with a billion empty columns needs no billion-entry array).
        int[] histogram = new int[max + 1];
        for (int j = 0; j < n; j++) histogram[p.colCount(j)]++;
        double median = n == 0 ? 0 : n % 2 == 1 ? kth(histogram, n / 2)
                : (kth(histogram, n / 2 - 1) + (double) kth(histogram, n / 2)) / 2;
        int diag = Math.min(m, n);
        return new MatrixSummary(m, n, p.nnz(), symmetry(a), diagStored, diag - diagStored, diagZero,
                lower, upper, min, median, max);
    }

    /** The k-th smallest (0-based) of the values a histogram counts. */
    private static int kth(int[] histogram, long k) {
        long seen = 0;
        for (int v = 0; v < histogram.length; v++) {
            seen += histogram[v];
            if (seen > k) return v;
        }
        throw new IllegalArgumentException("k = " + k + " exceeds the " + seen + " values counted");
    }

    private static Symmetry symmetry(CscMatrix a) {
        CscPattern p = a.pattern();
        if (p.rows() != p.cols()) return Symmetry.NONE;
        boolean sym = true;
        boolean skew = true;
        for (int j = 0; j < p.cols(); j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) {
                int i = p.row(k);
                double x = a.value(k);
                if (i == j) {
                    skew &= x == 0.0;
                    continue;
                }
                int t = p.find(j, i);
                if (t < 0) return Symmetry.NONE;
                double y = a.value(t);
                boolean nan = Double.isNaN(x) && Double.isNaN(y);
                sym &= x == y || nan;
                skew &= x == -y || nan;
            }
        }
        return sym ? Symmetry.SYMMETRIC : skew ? Symmetry.SKEW : Symmetry.STRUCTURAL;
    }
}

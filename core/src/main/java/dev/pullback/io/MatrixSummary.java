package dev.pullback.io;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import java.util.Arrays;

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
        int[] counts = new int[n];
        for (int j = 0; j < n; j++) {
            counts[j] = p.colCount(j);
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
        Arrays.sort(counts);
        int min = n == 0 ? 0 : counts[0];
        int max = n == 0 ? 0 : counts[n - 1];
        double median = n == 0 ? 0 : (n % 2 == 1 ? counts[n / 2] : (counts[n / 2 - 1] + (double) counts[n / 2]) / 2);
        int diag = Math.min(m, n);
        return new MatrixSummary(m, n, p.nnz(), symmetry(a), diagStored, diag - diagStored, diagZero,
                lower, upper, min, median, max);
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

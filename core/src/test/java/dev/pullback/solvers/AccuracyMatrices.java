package dev.pullback.solvers;

import dev.pullback.factor.SparseFactorization;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import java.util.SplittableRandom;

/** The hostile matrices of the accuracy tests, as row-major arrays, and their CSC copies. */
final class AccuracyMatrices {
    private AccuracyMatrices() {}

    /**
     * Wilkinson's growth matrix: 1 on the diagonal and in the last column, −1 below the diagonal.
     * Partial pivoting swaps nothing and the last column doubles at each step (growth 2ⁿ⁻¹), although
     * κ₁ = n: at n = 60 a plain solve keeps no digit.
     */
    static double[][] wilkinson(int n) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) a[i][j] = -1;
            a[i][i] = 1;
            a[i][n - 1] = 1;
        }
        return a;
    }

    /** Dense, entries uniform in (−1, 1), column {@code copy} an exact copy of column {@code of}. */
    static double[][] duplicatedColumns(long seed, int n, int of, int copy) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] a = new double[n][n];
        for (double[] row : a) for (int j = 0; j < n; j++) row[j] = rnd.nextDouble(-1, 1);
        for (double[] row : a) row[copy] = row[of];
        return a;
    }

    /**
     * Sparse and unsymmetric, badly scaled: rows scaled by 10^±4, off-diagonal entries in a band of
     * width 2 and at random (2%), diagonal entries ±0.002, small enough to force growth yet kept by
     * the threshold test (τ = 0.001) of the sparse LUs: a plain solve's backward error is near 10⁻¹².
     */
    static double[][] badlyScaled(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            double scale = Math.pow(10, rnd.nextDouble(-4, 4));
            for (int j = 0; j < n; j++) {
                if (i != j && (Math.abs(i - j) <= 2 || rnd.nextDouble() < 0.02)) a[i][j] = scale * rnd.nextDouble(-1, 1);
            }
            a[i][i] = scale * (rnd.nextBoolean() ? 0.002 : -0.002);
        }
        return a;
    }

    /** A CSC copy of a row-major array (zeros not stored). */
    static CscMatrix csc(double[][] a) {
        try (DenseMatrix d = DenseMatrix.of(a)) {
            return CscMatrix.fromDense(d, false);
        }
    }

    /** The named solver's factorization of A with default options. */
    static SparseFactorization factor(String solver, CscMatrix a) {
        return Solvers.get(solver).analyze(a.pattern()).factor(a);
    }

    /** b = A·1, exact for these small-integer or well-scaled cases up to one rounding per entry. */
    static double[] timesOnes(double[][] a) {
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) for (double v : a[i]) b[i] += v;
        return b;
    }
}

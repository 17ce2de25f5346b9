package dev.pullback.gallery;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.dense.DenseLu;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.SplittableRandom;

/** Property checks on generated matrices, each independent of the generator it checks. */
final class MatrixChecks {
    private MatrixChecks() {}

    static boolean patternSymmetric(CscMatrix a) {
        CscPattern p = a.pattern();
        for (int j = 0; j < a.cols(); j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) if (p.find(j, p.row(k)) < 0) return false;
        }
        return true;
    }

    static void assertPatternSymmetric(CscMatrix a) {
        CscPattern p = a.pattern();
        for (int j = 0; j < a.cols(); j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) {
                int i = p.row(k);
                assertTrue(p.find(j, i) >= 0, "(" + i + ", " + j + ") stored but (" + j + ", " + i + ") not");
            }
        }
    }

    static void assertValuesSymmetric(CscMatrix a) {
        assertPatternSymmetric(a);
        CscPattern p = a.pattern();
        for (int j = 0; j < a.cols(); j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) {
                int i = p.row(k);
                assertEquals(a.value(k), a.get(j, i), 0.0, "a(" + i + ", " + j + ") != a(" + j + ", " + i + ")");
            }
        }
    }

    /** Whether some stored (i, j) has a(i, j) != a(j, i) (missing entries count as 0). */
    static boolean valuesUnsymmetric(CscMatrix a) {
        CscPattern p = a.pattern();
        for (int j = 0; j < a.cols(); j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) if (a.value(k) != a.get(j, p.row(k))) return true;
        }
        return false;
    }

    static int missingDiagonal(CscMatrix a) {
        int z = 0;
        for (int j = 0; j < a.cols(); j++) if (a.pattern().find(j, j) < 0) z++;
        return z;
    }

    static double[][] dense(CscMatrix a) {
        double[][] d = new double[a.rows()][a.cols()];
        CscPattern p = a.pattern();
        for (int j = 0; j < a.cols(); j++) for (int k = p.colStart(j); k < p.colEnd(j); k++) d[p.row(k)][j] = a.value(k);
        return d;
    }

    /**
     * Dense Cholesky A = LLᵀ (a textbook right-looking loop, no pivoting) of the symmetric matrix
     * given by its lower triangle; fails naming the column where a pivot is not positive.
     */
    static double[][] assertCholesky(double[][] a, String what) {
        int n = a.length;
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) l[i] = a[i].clone();
        for (int j = 0; j < n; j++) {
            double d = l[j][j];
            for (int k = 0; k < j; k++) d -= l[j][k] * l[j][k];
            assertTrue(d > 0, what + ": pivot " + d + " at column " + j + " is not positive");
            double s = Math.sqrt(d);
            l[j][j] = s;
            for (int i = j + 1; i < n; i++) {
                double v = l[i][j];
                for (int k = 0; k < j; k++) v -= l[i][k] * l[j][k];
                l[i][j] = v / s;
            }
        }
        return l;
    }

    /** x = (LLᵀ)⁻¹ b. */
    static double[] cholSolve(double[][] l, double[] b) {
        int n = l.length;
        double[] y = b.clone();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) y[i] -= l[i][k] * y[k];
            y[i] /= l[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int k = i + 1; k < n; k++) y[i] -= l[k][i] * y[k];
            y[i] /= l[i][i];
        }
        return y;
    }

    /**
     * Nonsingular, checked two ways with DenseLu: the matrix equilibrated (rows, then columns, by
     * their largest magnitude, which does not change singularity) has a reciprocal condition
     * estimate above 1e-13, and a solve of the unscaled matrix has a normwise backward error
     * ‖b − Ax‖∞/(‖A‖∞‖x‖∞ + ‖b‖∞) below n·ε·8.
     */
    static void assertNonsingular(CscMatrix a, String what) {
        int n = a.rows();
        double[][] d = dense(a);
        double[] r = new double[n], c = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) r[i] = Math.max(r[i], Math.abs(d[i][j]));
        for (int i = 0; i < n; i++) assertTrue(r[i] > 0, what + ": row " + i + " is zero");
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) c[j] = Math.max(c[j], Math.abs(d[i][j]) / r[i]);
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s[i][j] = d[i][j] / r[i] / c[j];
        try (DenseMatrix sm = DenseMatrix.of(s); DenseLu lu = DenseLu.factor(sm)) {
            assertTrue(lu.rcond() > 1e-13, what + ": equilibrated rcond " + lu.rcond());
        }
        SplittableRandom rnd = new SplittableRandom(11);
        double[] b = new double[n];
        for (int i = 0; i < n; i++) b[i] = rnd.nextDouble(-1, 1);
        try (DenseMatrix dm = DenseMatrix.of(d); DenseLu lu = DenseLu.factor(dm)) {
            DenseVector x = DenseVector.heap(n);
            lu.solve(DenseVector.wrap(b.clone()), x);
            double normA = 0, normX = 0, normB = 0, res = 0;
            for (int i = 0; i < n; i++) {
                double row = 0, ax = 0;
                for (int j = 0; j < n; j++) {
                    row += Math.abs(d[i][j]);
                    ax += d[i][j] * x.get(j);
                }
                normA = Math.max(normA, row);
                normX = Math.max(normX, Math.abs(x.get(i)));
                normB = Math.max(normB, Math.abs(b[i]));
                res = Math.max(res, Math.abs(b[i] - ax));
            }
            double eta = res / (normA * normX + normB);
            assertTrue(eta < 8 * n * 0x1p-52, what + ": backward error " + eta);
        }
    }

    static void assertSameMatrix(CscMatrix a, CscMatrix b) {
        assertTrue(a.pattern().sameStructure(b.pattern()), "patterns differ");
        assertArrayEquals(a.valuesArray(), b.valuesArray(), 0.0);
    }

    /** Other values: a different pattern, or the same pattern with some value changed. */
    static void assertDifferentValues(CscMatrix a, CscMatrix b) {
        if (!a.pattern().sameStructure(b.pattern())) return;
        double[] x = a.valuesArray(), y = b.valuesArray();
        int differ = 0;
        for (int k = 0; k < x.length; k++) if (x[k] != y[k]) differ++;
        assertTrue(differ > x.length / 10, "only " + differ + " of " + x.length + " values differ");
    }
}

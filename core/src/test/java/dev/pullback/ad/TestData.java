package dev.pullback.ad;

import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;

/** Seeded random inputs and plain heap-array reference arithmetic for the pullback tests. */
final class TestData {
    private TestData() {}

    /**
     * An unsymmetric n×n matrix: a fraction {@code density} of the off-diagonal entries are N(0, 1), the
     * diagonal is 3√(n·density) + 1 in magnitude with random signs. The off-diagonal part has spectral
     * radius about √(n·density), so every eigenvalue stays at least about 2√(n·density) away from 0:
     * cond(A) is O(1)–O(10), which keeps finite-difference errors near rounding.
     */
    static double[][] unsymmetric(int n, double density, Random rnd) {
        double[][] a = new double[n][n];
        double d = 3 * Math.sqrt(Math.max(1, n * density)) + 1;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) a[i][j] = rnd.nextBoolean() ? d : -d;
                else if (rnd.nextDouble() < density) a[i][j] = rnd.nextGaussian();
            }
        }
        return a;
    }

    static double[] gaussian(int n, Random rnd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextGaussian();
        return v;
    }

    static double[] uniform(int n, double lo, double hi, Random rnd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * rnd.nextDouble();
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double normInf(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double[] matvec(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) y[i] = dot(a[i], x);
        return y;
    }

    static double[] matvecT(double[][] a, double[] x) {
        double[] y = new double[a[0].length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < y.length; j++) y[j] += a[i][j] * x[i];
        return y;
    }

    /** max |aᵢ − bᵢ| / max |bᵢ|: an error relative to the size of the reference vector. */
    static double relErrInf(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m / normInf(b);
    }

    static DenseMatrix dense(double[][] a) {
        return DenseMatrix.of(a);
    }

    static DenseVector vec(double[] v) {
        return DenseVector.of(v);
    }

    /** A copy of a with one entry moved by t. */
    static double[][] perturbed(double[][] a, int i, int j, double t) {
        double[][] c = new double[a.length][];
        for (int r = 0; r < a.length; r++) c[r] = a[r].clone();
        c[i][j] += t;
        return c;
    }

    /** a + t·e, entrywise. */
    static double[][] plus(double[][] a, double t, double[][] e) {
        double[][] c = new double[a.length][a[0].length];
        for (int r = 0; r < a.length; r++) for (int s = 0; s < a[0].length; s++) c[r][s] = a[r][s] + t * e[r][s];
        return c;
    }

    static double[] plus(double[] a, double t, double[] e) {
        double[] c = new double[a.length];
        for (int r = 0; r < a.length; r++) c[r] = a[r] + t * e[r];
        return c;
    }

    /** x = A⁻¹b (or A⁻ᵀb) by Gaussian elimination with partial pivoting on copies: the independent oracle. */
    static double[] solve(double[][] a, double[] b, boolean transpose) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) m[i][j] = transpose ? a[j][i] : a[i][j];
            m[i][n] = b[i];
        }
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.abs(m[i][k]) > Math.abs(m[p][k])) p = i;
            double[] t = m[k];
            m[k] = m[p];
            m[p] = t;
            for (int i = k + 1; i < n; i++) {
                double l = m[i][k] / m[k][k];
                for (int j = k; j <= n; j++) m[i][j] -= l * m[k][j];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = m[i][n];
            for (int j = i + 1; j < n; j++) s -= m[i][j] * x[j];
            x[i] = s / m[i][i];
        }
        return x;
    }
}

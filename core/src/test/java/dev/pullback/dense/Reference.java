package dev.pullback.dense;

import java.util.Random;

/**
 * Plain-Java references for the dense tests: test matrices, accurate residuals and an explicit
 * inverse by Gauss–Jordan elimination, all on row-major {@code double[][]} and independent of the
 * code under test.
 */
public final class Reference {
    private Reference() {}

    public static final double EPS = Math.ulp(1.0);

    static double[][] random(Random rnd, int n) {
        double[][] a = new double[n][n];
        for (double[] row : a) for (int j = 0; j < n; j++) row[j] = rnd.nextDouble() * 2 - 1;
        return a;
    }

    /** hᵢⱼ = 1/(i + j + 1): κ₁ ≈ 10¹⁰ at n = 8, 10¹⁶ at n = 12. */
    public static double[][] hilbert(int n) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i][j] = 1.0 / (i + j + 1);
        return a;
    }

    /** D₁RD₂ with D₁, D₂ diagonal from 1 down to 10⁻⁸: rows and columns graded over 16 decades together. */
    static double[][] graded(Random rnd, int n) {
        return graded(rnd, n, 8);
    }

    /** D₁RD₂ with D₁, D₂ diagonal from 1 down to 10^−decades. */
    static double[][] graded(Random rnd, int n, double decades) {
        double[][] a = random(rnd, n);
        double step = decades / Math.max(1, n - 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) a[i][j] *= Math.pow(10, -step * i) * Math.pow(10, -step * j);
        }
        return a;
    }

    /** XY with X n×r, Y r×n: rank r < n, so at least n − r pivots are (nearly) zero. */
    public static double[][] rankDeficient(Random rnd, int n, int r) {
        double[][] x = new double[n][r], y = new double[r][n];
        for (double[] row : x) for (int j = 0; j < r; j++) row[j] = rnd.nextDouble() * 2 - 1;
        for (double[] row : y) for (int j = 0; j < n; j++) row[j] = rnd.nextDouble() * 2 - 1;
        return multiply(x, y);
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length, k = b.length, n = b[0].length;
        double[][] c = new double[m][n];
        double[] col = new double[k];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) col[p] = b[p][j];
            for (int i = 0; i < m; i++) c[i][j] = dot(a[i], col);
        }
        return c;
    }

    public static double[][] transpose(double[][] a) {
        int m = a.length, n = m == 0 ? 0 : a[0].length;
        double[][] t = new double[n][m];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) t[j][i] = a[i][j];
        return t;
    }

    /** Σ aᵢbᵢ in twice the working precision (Ogita, Rump, Oishi: Dot2), so residuals are exact enough. */
    static double dot(double[] a, double[] b) {
        double s = 0, c = 0;
        for (int i = 0; i < a.length; i++) {
            double p = a[i] * b[i];
            double pe = Math.fma(a[i], b[i], -p);
            double t = s + p;
            double z = t - s;
            c += (s - (t - z)) + (p - z) + pe;
            s = t;
        }
        return s + c;
    }

    /** ‖b − Ax‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞), the normwise backward error of x (Higham, Theorem 7.1). */
    public static double backwardError(double[][] a, double[] x, double[] b) {
        double r = 0, na = normInf(a), nx = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            double[] row = a[i];
            double[] ext = new double[row.length + 1];
            double[] xs = new double[row.length + 1];
            System.arraycopy(row, 0, ext, 0, row.length);
            System.arraycopy(x, 0, xs, 0, row.length);
            ext[row.length] = -1;
            xs[row.length] = b[i];
            r = Math.max(r, Math.abs(dot(ext, xs)));
            nb = Math.max(nb, Math.abs(b[i]));
        }
        for (double v : x) nx = Math.max(nx, Math.abs(v));
        return r / (na * nx + nb);
    }

    public static double normInf(double[][] a) {
        double m = 0;
        for (double[] row : a) {
            double s = 0;
            for (double v : row) s += Math.abs(v);
            m = Math.max(m, s);
        }
        return m;
    }

    public static double norm1(double[][] a) {
        return normInf(transpose(a));
    }

    /** A⁻¹ by Gauss–Jordan elimination with partial pivoting on [A | I]. */
    public static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] w = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, w[i], 0, n);
            w[i][n + i] = 1;
        }
        for (int j = 0; j < n; j++) {
            int p = j;
            for (int i = j + 1; i < n; i++) if (Math.abs(w[i][j]) > Math.abs(w[p][j])) p = i;
            double[] t = w[p];
            w[p] = w[j];
            w[j] = t;
            double d = w[j][j];
            for (int c = 0; c < 2 * n; c++) w[j][c] /= d;
            for (int i = 0; i < n; i++) {
                if (i == j) continue;
                double f = w[i][j];
                if (f != 0) for (int c = 0; c < 2 * n; c++) w[i][c] -= f * w[j][c];
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(w[i], n, inv[i], 0, n);
        return inv;
    }
}

package dev.pullback.sparse;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import java.util.Random;

/** Shared helpers: an independent dense reference, residual measures and random matrices. */
final class LuTesting {
    private LuTesting() {}

    /** x = A⁻¹b by dense Gaussian elimination with partial pivoting (the independent reference). */
    static double[] denseSolve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = a0[i].clone();
        double[] b = b0.clone();
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
            double[] t = a[k];
            a[k] = a[p];
            a[p] = t;
            double tb = b[k];
            b[k] = b[p];
            b[p] = tb;
            if (a[k][k] == 0) throw new ArithmeticException("reference: singular at " + k);
            for (int i = k + 1; i < n; i++) {
                double f = a[i][k] / a[k][k];
                if (f == 0) continue;
                for (int j = k; j < n; j++) a[i][j] -= f * a[k][j];
                b[i] -= f * b[k];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < n; j++) s -= a[i][j] * x[j];
            x[i] = s / a[i][i];
        }
        return x;
    }

    static double[][] dense(CscMatrix a) {
        double[][] d = new double[a.rows()][a.cols()];
        for (int j = 0; j < a.cols(); j++) {
            for (int p = a.pattern().colStart(j); p < a.pattern().colEnd(j); p++) {
                d[a.pattern().row(p)][j] = a.value(p);
            }
        }
        return d;
    }

    /** ‖b − op(A)x‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞), op(A) = A or Aᵀ, computed from A's stored entries. */
    static double backwardError(CscMatrix a, double[] x, double[] b, boolean transposed) {
        int n = a.cols();
        double[] r = b.clone();
        double[] rowSum = new double[n];
        double[] colSum = new double[n];
        for (int j = 0; j < n; j++) {
            for (int p = a.pattern().colStart(j); p < a.pattern().colEnd(j); p++) {
                int i = a.pattern().row(p);
                double v = a.value(p);
                if (transposed) r[j] -= v * x[i];
                else r[i] -= v * x[j];
                rowSum[i] += Math.abs(v);
                colSum[j] += Math.abs(v);
            }
        }
        double normA = 0;
        for (int i = 0; i < n; i++) normA = Math.max(normA, transposed ? colSum[i] : rowSum[i]);
        double denom = normA * normInf(x) + normInf(b);
        return denom == 0 ? normInf(r) : normInf(r) / denom;
    }

    static double normInf(double[] v) {
        double m = 0;
        for (double e : v) m = Math.max(m, Math.abs(e));
        return m;
    }

    static double[] randomVector(Random rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextDouble() * 2 - 1;
        return v;
    }

    /**
     * A random unsymmetric n×n matrix with about density·n² entries. With {@code weakDiagonal} the
     * diagonal is tiny (so the threshold test must pivot off it) and the entries of a random n-cycle
     * are made large, keeping A nonsingular; otherwise the diagonal dominates.
     */
    static CscMatrix randomMatrix(Random rnd, int n, double density, boolean weakDiagonal) {
        CooBuilder b = new CooBuilder(n, n);
        double[] colAbs = new double[n];
        int count = (int) (density * n * n);
        for (int t = 0; t < count; t++) {
            int i = rnd.nextInt(n), j = rnd.nextInt(n);
            if (weakDiagonal && i == j) continue;
            double v = rnd.nextDouble() * 2 - 1;
            b.add(i, j, v);
            colAbs[j] += Math.abs(v);
        }
        if (weakDiagonal) {
            // A random n-cycle: no fixed point, so for n >= 2 no large entry sits on the diagonal.
            int[] sigma = new int[n];
            for (int i = 0; i < n; i++) sigma[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int s = rnd.nextInt(i + 1);
                int tmp = sigma[i];
                sigma[i] = sigma[s];
                sigma[s] = tmp;
            }
            int[] perm = new int[n];
            for (int t = 0; t < n; t++) perm[sigma[t]] = sigma[(t + 1) % n];
            for (int j = 0; j < n; j++) {
                b.add(j, j, 1e-6 * (rnd.nextDouble() + 0.5));
                b.add(perm[j], j, (1 + colAbs[j]) * (rnd.nextBoolean() ? 10 : -10));
            }
        } else {
            for (int j = 0; j < n; j++) b.add(j, j, (1 + colAbs[j]) * (rnd.nextBoolean() ? 1 : -1));
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }
}

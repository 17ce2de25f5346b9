package dev.pullback.sparse;

import dev.pullback.factor.SparseFactorization;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.testing.Generated;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.quicktheories.core.Gen;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

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
            int[] sigma = randomPermutation(rnd, n);
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

    /** After A's values changed, solving with its old factors must be refused. */
    static void assertStaleSolveRefused(CscMatrix a, SparseFactorization lu) {
        assertThrows(IllegalStateException.class, () -> {
            try (DenseVector b = DenseVector.heap(a.rows()); DenseVector x = DenseVector.heap(a.rows())) {
                lu.solve(b, x);
            }
        }, "solving with stale factors must fail");
    }

    /** lu and fresh give the same x = A⁻¹b and A⁻ᵀb, to {@code relative} times ‖x‖∞ (x1, x2: work vectors). */
    static void assertSameSolutions(SparseFactorization lu, SparseFactorization fresh, DenseVector b, DenseVector x1,
            DenseVector x2, double relative) {
        lu.solve(b, x1);
        fresh.solve(b, x2);
        assertArrayEquals(x2.toArray(), x1.toArray(), relative * normInf(x2.toArray()));
        lu.solveTransposed(b, x1);
        fresh.solveTransposed(b, x2);
        assertArrayEquals(x2.toArray(), x1.toArray(), relative * normInf(x2.toArray()));
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
    static int[] randomPermutation(Random rnd, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int s = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[s];
            p[s] = t;
        }
        return p;
    }

    /**
     * Solves with A and Aᵀ for a random b: both backward errors at most allowance·n·ε·growth
     * (growth = max(1, 1/reciprocal pivot growth)) and, for n ≤ {@code denseUpTo}, both solutions
     * within {@code tolerance}·max(1, ‖x‖∞) of the dense reference, Aᵀ's computed independently.
     */
    static void checkSolves(CscMatrix a, SparseFactorization lu, Random rnd, double allowance, int denseUpTo,
            double tolerance) {
        int n = a.cols();
        double[] b = randomVector(rnd, n);
        double growth = Math.max(1.0, 1.0 / lu.reciprocalPivotGrowth());
        double bound = allowance * Math.max(1, n) * Math.ulp(1.0) * growth + 1e-300;
        try (DenseVector bv = DenseVector.of(b); DenseVector x = DenseVector.offHeap(n); DenseVector xt = DenseVector.heap(n)) {
            lu.solve(bv, x);
            lu.solveTransposed(bv, xt);
            double be = backwardError(a, x.toArray(), b, false);
            double bet = backwardError(a, xt.toArray(), b, true);
            assertTrue(be <= bound, "backward error " + be + " > " + bound + " for " + lu);
            assertTrue(bet <= bound, "transposed backward error " + bet + " > " + bound + " for " + lu);
            if (n <= denseUpTo) {
                double[][] d = dense(a);
                double[] ref = denseSolve(d, b);
                double[][] dt = new double[n][n];
                for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) dt[i][j] = d[j][i];
                double[] reft = denseSolve(dt, b);
                double scale = Math.max(1, normInf(ref));
                double scalet = Math.max(1, normInf(reft));
                for (int i = 0; i < n; i++) {
                    assertEquals(ref[i], x.get(i), tolerance * scale, "solve differs from the dense reference at " + i);
                    assertEquals(reft[i], xt.get(i), tolerance * scalet, "solveTransposed differs from the dense reference at " + i);
                }
            }
        }
    }

    /** A random symmetric test matrix: its order, how many dense rows and columns, natural order or not, the seed. */
    record SymmetricCase(int n, int dense, boolean natural, long seed) {}

    /**
     * The symmetric factorizations' fixed cases: the orders at the ends of 0–90 without, with one and
     * with two dense rows and columns, and an order of 207.
     */
    static List<SymmetricCase> symmetricEdgeCases() {
        List<SymmetricCase> edges = new ArrayList<>();
        for (int n : Generated.ends(0, 90)) {
            edges.add(new SymmetricCase(n, 0, false, 1));
            edges.add(new SymmetricCase(n, 2, false, 2));
            edges.add(new SymmetricCase(n, 1, true, 3));
        }
        edges.add(new SymmetricCase(207, 3, false, 4));
        return edges;
    }

    /** Generated cases: orders 0–120, up to 3 dense rows and columns. */
    static Gen<SymmetricCase> symmetricCases() {
        return integers().between(0, 120).zip(integers().between(0, 3), booleans().all(), longs().all(), SymmetricCase::new);
    }
}

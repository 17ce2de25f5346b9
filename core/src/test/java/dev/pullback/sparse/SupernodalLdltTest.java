package dev.pullback.sparse;

import static dev.pullback.sparse.LuTesting.normInf;
import static dev.pullback.sparse.LuTesting.randomVector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.factor.Inertia;
import dev.pullback.factor.Method;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.factor.SolveReport;
import dev.pullback.factor.SparseOptions;
import dev.pullback.gallery.Kkt;
import dev.pullback.gallery.StokesMac;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.testing.Generated;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SupernodalLdlt on random symmetric indefinite matrices (awkward sizes, zero diagonals, isolated
 * unknowns, dense columns): backward error and the dense reference; exact inertia of congruences
 * Pᵀ·diag(signs)·P and of KKT matrices; delayed pivots forced and counted; singular matrices named
 * by their column; refactor equal to a fresh factor; the lower-triangle contract.
 */
@Tag("kernel-paths")
class SupernodalLdltTest {
    /**
     * A random symmetric indefinite matrix: off-diagonal entries at about density·n² positions,
     * {@code dense} dense columns, a few isolated unknowns, and a diagonal of random sign and
     * magnitude, exactly zero for about a third of the unknowns (those are not isolated).
     */
    static CscMatrix randomIndefinite(Random rnd, int n, double density, int dense) {
        CooBuilder b = new CooBuilder(n, n);
        boolean[] isolated = new boolean[n];
        for (int i = 0; i < n; i++) isolated[i] = rnd.nextInt(10) == 0;
        int count = (int) (density * n * n / 2);
        for (int t = 0; t < count; t++) {
            int i = rnd.nextInt(n), j = rnd.nextInt(n);
            if (i == j || isolated[i] || isolated[j]) continue;
            double v = rnd.nextDouble() * 2 - 1;
            b.add(i, j, v);
            b.add(j, i, v);
        }
        for (int d = 0; d < dense && n > 0; d++) {
            int j = rnd.nextInt(n);
            if (isolated[j]) continue;
            for (int i = 0; i < n; i++) {
                if (i == j || isolated[i]) continue;
                double v = 0.5 * (rnd.nextDouble() * 2 - 1);
                b.add(i, j, v);
                b.add(j, i, v);
            }
        }
        for (int i = 0; i < n; i++) {
            double v = (rnd.nextBoolean() ? 1 : -1) * (0.1 + rnd.nextDouble() * 3);
            if (!isolated[i] && rnd.nextInt(3) == 0) v = 0;
            b.add(i, i, v);
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    @Test
    void randomIndefiniteMatricesSolveToSmallBackwardErrorAndMatchTheDenseLu() {
        Generated.forAll(40, LuTesting.symmetricEdgeCases(), LuTesting.symmetricCases(), SupernodalLdltTest::checkCase);
    }

    private static void checkCase(LuTesting.SymmetricCase c) {
        Random rnd = new Random(c.seed());
        SparseOptions o = c.natural() ? SparseOptions.defaults().withOrdering(Ordering.NATURAL) : SparseOptions.defaults();
        try (CscMatrix a = randomIndefinite(rnd, c.n(), 4.0 / Math.max(1, c.n()), c.dense())) {
            boolean singular = nearlySingular(LuTesting.dense(a));
            SupernodalLdlt f;
            try {
                f = SupernodalLdlt.analyze(a.pattern(), o).factor(a);
            } catch (SingularMatrixException e) {
                // a random matrix may be singular: then complete pivoting must find it (nearly) singular too
                assertTrue(singular, "LDLt called a nonsingular matrix singular: " + e.getMessage());
                return;
            }
            if (singular) {
                // rounding left a tiny pivot where an exact one is zero: not an exception (as in the LUs), but the estimate says so
                try (f) {
                    assertTrue(f.rcond() < 1e-10, "a singular matrix factored with rcond " + f.rcond());
                }
                return;
            }
            try (f) {
                assertEquals(Method.LDLT, f.method());
                LuTesting.checkSolves(a, f, rnd, 200, 60, 1e-8 / Math.max(1e-8, Math.min(1, f.rcond()) ));
                Inertia in = f.inertia();
                assertEquals(c.n(), in.positive() + in.negative());
                assertEquals(0, in.zero());
                double[] b = randomVector(rnd, c.n());
                try (DenseVector bv = DenseVector.of(b); DenseVector x = DenseVector.heap(c.n());
                        DenseVector xt = DenseVector.heap(c.n())) {
                    f.solve(bv, x);
                    f.solveTransposed(bv, xt);
                    assertArrayEquals(x.toArray(), xt.toArray(), 0.0, "solveTransposed is solve");
                }
            }
        }
    }

    /** Whether Gaussian elimination with complete pivoting meets a pivot below n·ε·max|a|. */
    private static boolean nearlySingular(double[][] a0) {
        int n = a0.length;
        double[][] a = new double[n][];
        double max = 0;
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
            for (double v : a[i]) max = Math.max(max, Math.abs(v));
        }
        for (int k = 0; k < n; k++) {
            int pi = k, pj = k;
            for (int i = k; i < n; i++) for (int j = k; j < n; j++) if (Math.abs(a[i][j]) > Math.abs(a[pi][pj])) { pi = i; pj = j; }
            if (Math.abs(a[pi][pj]) <= 1e3 * n * Math.ulp(1.0) * max) return true;
            double[] t = a[k]; a[k] = a[pi]; a[pi] = t;
            for (double[] row : a) { double x = row[k]; row[k] = row[pj]; row[pj] = x; }
            for (int i = k + 1; i < n; i++) {
                double l = a[i][k] / a[k][k];
                for (int j = k; j < n; j++) a[i][j] -= l * a[k][j];
            }
        }
        return false;
    }

    /**
     * A = Pᵀ·Λ·P with P unit lower triangular and sparse (nonsingular) and Λ diagonal with chosen
     * signs: by Sylvester's law A has exactly as many positive and negative eigenvalues as Λ.
     */
    static CscMatrix congruence(Random rnd, int n, boolean[] negative) {
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            p[i][i] = 1;
            for (int t = 0; t < 3; t++) {
                int j = rnd.nextInt(n);
                if (j < i) p[i][j] = rnd.nextDouble() * 2 - 1;
            }
        }
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) lambda[i] = (negative[i] ? -1 : 1) * (0.5 + rnd.nextDouble());
        CooBuilder b = new CooBuilder(n, n);
        // A = Σ_k λ_k p_k p_kᵀ with p_k row k of P
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                if (p[k][i] == 0) continue;
                for (int j = 0; j < n; j++) if (p[k][j] != 0) b.add(i, j, lambda[k] * p[k][i] * p[k][j]);
            }
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    @Test
    void inertiaOfACongruenceIsTheSignCountOfItsDiagonal() {
        Random rnd = new Random(11);
        for (int n : new int[] {1, 2, 7, 13, 64, 207}) {
            boolean[] neg = new boolean[n];
            int negatives = 0;
            for (int i = 0; i < n; i++) if (neg[i] = rnd.nextInt(3) == 0) negatives++;
            try (CscMatrix a = congruence(rnd, n, neg); SupernodalLdlt f = SupernodalLdlt.factor(a)) {
                assertEquals(new Inertia(n - negatives, negatives, 0), f.inertia(), "n = " + n);
                LuTesting.checkSolves(a, f, rnd, 200, 0, 0);
            }
        }
    }

    @Test
    void kktAndStokesInertiaIsTheKBlockOrderAndTheConstraintCount() {
        Random rnd = new Random(5);
        try (CscMatrix a = Kkt.q4(30, 10, 3); SupernodalLdlt f = SupernodalLdlt.factor(a)) {
            int m = columnsWithoutDiagonal(a);
            assertTrue(m > 0);
            assertEquals(new Inertia(a.cols() - m, m, 0), f.inertia());
            LuTesting.checkSolves(a, f, rnd, 200, 0, 0);
            assertTrue(maxErrorForOnes(a, f) < 1e-12, "max |x - 1| " + maxErrorForOnes(a, f));
        }
    }

    /** Columns of A with no stored diagonal entry (the multipliers of a KKT matrix). */
    static int columnsWithoutDiagonal(CscMatrix a) {
        int count = 0;
        for (int j = 0; j < a.cols(); j++) if (!hasDiagonal(a, j)) count++;
        return count;
    }

    static boolean hasDiagonal(CscMatrix a, int j) {
        for (int p = a.pattern().colStart(j); p < a.pattern().colEnd(j); p++) if (a.pattern().row(p) == j) return true;
        return false;
    }

    /** max |x − 1| for b = A·1. */
    static double maxErrorForOnes(CscMatrix a, SupernodalLdlt f) {
        int n = a.cols();
        double[] b = new double[n];
        for (int j = 0; j < n; j++) {
            for (int p = a.pattern().colStart(j); p < a.pattern().colEnd(j); p++) b[a.pattern().row(p)] += a.value(p);
        }
        try (DenseVector bv = DenseVector.of(b); DenseVector x = DenseVector.heap(n)) {
            f.solve(bv, x);
            double e = 0;
            for (int i = 0; i < n; i++) e = Math.max(e, Math.abs(x.get(i) - 1));
            return e;
        }
    }

    /**
     * Saddle points whose zero-diagonal unknowns are eliminated first in the natural order, each
     * coupled to unknowns after it: the front of each holds one fully summed column with a zero
     * diagonal and no fully summed partner, so it must be delayed to its parent's front.
     */
    @Test
    void zeroDiagonalLeavesAreDelayedToTheirParentAndTheSolveIsExact() {
        Random rnd = new Random(9);
        int z = 40, g = 12, n = z + g * g;
        CooBuilder b = new CooBuilder(n, n);
        for (int y = 0; y < g; y++) {
            for (int x = 0; x < g; x++) {
                int i = z + y * g + x;
                b.add(i, i, 4.0);
                if (x + 1 < g) {
                    b.add(i, i + 1, -1.0);
                    b.add(i + 1, i, -1.0);
                }
                if (y + 1 < g) {
                    b.add(i, i + g, -1.0);
                    b.add(i + g, i, -1.0);
                }
            }
        }
        boolean[] used = new boolean[g * g];
        for (int c = 0; c < z; c++) {
            int h;
            do h = rnd.nextInt(g * g); while (used[h]);
            used[h] = true;
            double v = 1 + rnd.nextDouble();
            b.add(c, z + h, v);
            b.add(z + h, c, v);
        }
        try (CscMatrix a = b.build(CooBuilder.Zeros.KEEP);
                SupernodalLdlt f = SupernodalLdlt.analyze(a.pattern(), SparseOptions.defaults().withOrdering(Ordering.NATURAL)).factor(a)) {
            assertTrue(f.delayedPivots() > 0, "no delays: " + f);
            // each zero-diagonal unknown pairs with its hub: one positive and one negative eigenvalue per pair
            assertEquals(new Inertia(n - z, z, 0), f.inertia());
            LuTesting.checkSolves(a, f, rnd, 200, 200, 1e-10);
            assertTrue(maxErrorForOnes(a, f) < 1e-12);
        }
    }

    /** tridiag(1, 0, 1) of even order: nonsingular, half its eigenvalues of each sign; no 1×1 pivot at the start. */
    @Test
    void aZeroDiagonalTakesTwoByTwoPivots() {
        Random rnd = new Random(4);
        for (int n : new int[] {2, 6, 30}) {
            CooBuilder b = new CooBuilder(n, n);
            for (int i = 0; i + 1 < n; i++) {
                b.add(i, i + 1, 1.0);
                b.add(i + 1, i, 1.0);
            }
            try (CscMatrix a = b.build(CooBuilder.Zeros.KEEP); SupernodalLdlt f = SupernodalLdlt.factor(a)) {
                assertTrue(f.twoByTwoPivots() > 0, f.toString());
                assertEquals(new Inertia(n / 2, n / 2, 0), f.inertia());
                LuTesting.checkSolves(a, f, rnd, 50, 60, 1e-12);
            }
        }
    }

    /**
     * A refactor whose values delay pivots that the first factorization did not: the storage grows
     * and the result is still the fresh factorization's, bit for bit; a refactor back to the first
     * values then fits.
     */
    @Test
    void aRefactorThatDelaysMoreGrowsItsStorageAndEqualsAFreshFactor() {
        Random rnd = new Random(12);
        int z = 30, g = 10, n = z + g * g;
        CooBuilder b = new CooBuilder(n, n);
        for (int i = z; i < n; i++) {
            b.add(i, i, 4.0);
            if ((i - z) % g + 1 < g) {
                b.add(i, i + 1, -1.0);
                b.add(i + 1, i, -1.0);
            }
            if (i + g < n) {
                b.add(i, i + g, -1.0);
                b.add(i + g, i, -1.0);
            }
        }
        for (int c = 0; c < z; c++) {
            b.add(c, c, 0.0); // stored: the first values put 3 there
            int h = z + (c * 7) % (g * g);
            b.add(c, h, 1.0);
            b.add(h, c, 1.0);
        }
        SparseOptions natural = SparseOptions.defaults().withOrdering(Ordering.NATURAL);
        try (CscMatrix zero = b.build(CooBuilder.Zeros.KEEP); CscMatrix positive = zero.copy()) {
            for (int c = 0; c < z; c++) {
                for (int p = positive.pattern().colStart(c); p < positive.pattern().colEnd(c); p++) {
                    if (positive.pattern().row(p) == c) positive.setValue(p, 3.0);
                }
            }
            LdltAnalysis analysis = SupernodalLdlt.analyze(zero.pattern(), natural);
            try (SupernodalLdlt f = analysis.factor(positive); SupernodalLdlt fresh = analysis.factor(zero);
                    DenseVector bv = DenseVector.of(randomVector(rnd, n)); DenseVector x1 = DenseVector.heap(n);
                    DenseVector x2 = DenseVector.heap(n)) {
                assertEquals(0, f.delayedPivots(), f.toString());
                assertTrue(fresh.delayedPivots() > 0, fresh.toString());
                f.refactor(zero);
                assertEquals(fresh.delayedPivots(), f.delayedPivots());
                assertEquals(fresh.inertia(), f.inertia());
                f.solve(bv, x1);
                fresh.solve(bv, x2);
                assertArrayEquals(x2.toArray(), x1.toArray(), 0.0, "refactor = fresh factor after the storage grew");
                LuTesting.checkSolves(zero, f, rnd, 200, 200, 1e-10);
                f.refactor(positive);
                assertEquals(0, f.delayedPivots());
                LuTesting.checkSolves(positive, f, rnd, 200, 200, 1e-10);
            }
        }
    }

    @Test
    void aSingularMatrixNamesTheColumnWithoutPivot() {
        Random rnd = new Random(3);
        int n = 120;
        try (CscMatrix a = randomIndefinite(rnd, n, 0.05, 1); CscMatrix bad = a.copy()) {
            int column = 77;
            for (int j = 0; j < n; j++) {
                for (int p = bad.pattern().colStart(j); p < bad.pattern().colEnd(j); p++) {
                    if (j == column || bad.pattern().row(p) == column) bad.setValue(p, 0.0);
                }
            }
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> SupernodalLdlt.factor(bad));
            assertEquals(column, e.column());
            assertTrue(e.getMessage().contains("column 77"), e.getMessage());
            SupernodalLdlt f;
            try {
                f = SupernodalLdlt.factor(a);
            } catch (SingularMatrixException s) {
                throw new AssertionError("the seed should give a nonsingular matrix", s);
            }
            try (f; DenseVector bv = DenseVector.of(randomVector(rnd, n)); DenseVector x = DenseVector.heap(n)) {
                SingularMatrixException r = assertThrows(SingularMatrixException.class, () -> f.refactor(bad));
                assertEquals(column, r.column());
                assertThrows(IllegalStateException.class, () -> f.solve(bv, x));
                f.refactor(a);
                f.solve(bv, x);
                assertTrue(LuTesting.backwardError(a, x.toArray(), bv.toArray(), false) < 1e-12);
            }
        }
        // a structurally empty column
        try (CscMatrix a = CscMatrix.of(3, 3, new int[] {0, 2, 2, 4}, new int[] {0, 2, 0, 2}, new double[] {1, 2, 2, -1})) {
            assertEquals(1, assertThrows(SingularMatrixException.class, () -> SupernodalLdlt.factor(a)).column());
        }
    }

    @Test
    void refactorGivesTheFreshFactorsBitForBitAndSeveralRightHandSidesMatchSingleSolves() {
        Random rnd = new Random(42);
        try (CscMatrix a = Kkt.q4(24, 9, 7); CscMatrix a2 = a.copy()) {
            int n = a.cols();
            try (SupernodalLdlt f = SupernodalLdlt.factor(a)) {
                double[] s = new double[n];
                for (int i = 0; i < n; i++) s[i] = 0.5 + rnd.nextDouble();
                for (int j = 0; j < n; j++) {
                    for (int p = a2.pattern().colStart(j); p < a2.pattern().colEnd(j); p++) {
                        a2.setValue(p, a.value(p) * s[a2.pattern().row(p)] * s[j]);
                    }
                }
                f.refactor(a2);
                LuTesting.checkSolves(a2, f, rnd, 200, 0, 0);
                try (SupernodalLdlt fresh = SupernodalLdlt.factor(a2); DenseVector b = DenseVector.of(randomVector(rnd, n));
                        DenseVector x1 = DenseVector.heap(n); DenseVector x2 = DenseVector.heap(n)) {
                    f.solve(b, x1);
                    fresh.solve(b, x2);
                    assertArrayEquals(x2.toArray(), x1.toArray(), 0.0, "refactor = fresh factor");
                    assertEquals(fresh.inertia(), f.inertia());
                    assertEquals(fresh.delayedPivots(), f.delayedPivots());
                }
                int k = 5;
                try (DenseMatrix bm = DenseMatrix.zeros(n, k); DenseMatrix xm = DenseMatrix.zeros(n, k);
                        DenseVector bv = DenseVector.heap(n); DenseVector xv = DenseVector.heap(n)) {
                    for (int j = 0; j < k; j++) for (int i = 0; i < n; i++) bm.set(i, j, rnd.nextDouble() - 0.5);
                    f.solve(bm, xm);
                    for (int j = 0; j < k; j++) {
                        for (int i = 0; i < n; i++) bv.set(i, bm.get(i, j));
                        f.solve(bv, xv);
                        for (int i = 0; i < n; i++) assertEquals(xv.get(i), xm.get(i, j), 0.0, "column " + j);
                    }
                }
            }
        }
    }

    @Test
    void onlyTheLowerTriangleIsRead() {
        Random rnd = new Random(7);
        int n = 70;
        try (CscMatrix a = congruence(rnd, n, new boolean[n]); CscMatrix garbled = a.copy()) {
            for (int j = 0; j < n; j++) {
                for (int p = garbled.pattern().colStart(j); p < garbled.pattern().colEnd(j); p++) {
                    if (garbled.pattern().row(p) < j) garbled.setValue(p, rnd.nextDouble() * 100 - 50);
                }
            }
            try (SupernodalLdlt ref = SupernodalLdlt.factor(a); SupernodalLdlt g = SupernodalLdlt.factor(garbled);
                    DenseVector b = DenseVector.of(randomVector(rnd, n)); DenseVector x = DenseVector.heap(n);
                    DenseVector y = DenseVector.heap(n)) {
                ref.solve(b, x);
                g.solve(b, y);
                assertArrayEquals(x.toArray(), y.toArray(), 0.0, "the upper triangle's values are not read");
            }
        }
    }

    @Test
    void aNaNInTheLowerTriangleIsRefusedByName() {
        try (CscMatrix a = CscMatrix.of(2, 2, new int[] {0, 2, 4}, new int[] {0, 1, 0, 1}, new double[] {0, Double.NaN, 1, 4})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SupernodalLdlt.factor(a));
            assertTrue(e.getMessage().contains("A(1, 0)"), e.getMessage());
        }
    }

    @Test
    void stokesWithAndWithoutScalingAndTheRefiningSolve() {
        Random rnd = new Random(8);
        try (CscMatrix a = StokesMac.of2d(12, 10, 1.0, 3)) {
            for (boolean scaling : new boolean[] {true, false}) {
                SparseOptions o = SparseOptions.defaults().withRowScaling(scaling);
                try (SupernodalLdlt f = (SupernodalLdlt) Solvers.get("ldlt").analyze(a.pattern(), o).factor(a);
                        DenseVector b = DenseVector.of(randomVector(rnd, a.cols())); DenseVector x = DenseVector.heap(a.cols())) {
                    LuTesting.checkSolves(a, f, rnd, 200, 0, 0);
                    int pressures = 12 * 10 - 1;
                    assertEquals(new Inertia(a.cols() - pressures, pressures, 0), f.inertia(), "scaling " + scaling);
                    SolveReport report = new SolveReport();
                    f.solve(b, x, report);
                    assertTrue(report.backwardError() <= 8 * Math.ulp(1.0), report.toString());
                    assertTrue(normInf(x.toArray()) > 0);
                }
            }
        }
    }

    @Test
    void theRefiningSolveRefinesASaddlePointOnItsComponentwiseBackwardError() {
        // Stokes: the plain solve's normwise backward error is already below the tolerance, but a
        // component of x is off by κ∞·ε; refinement on ω_c takes a step and brings x closer.
        try (CscMatrix a = StokesMac.of2d(70, 70, 1.0, 1);
                SupernodalLdlt f = (SupernodalLdlt) Solvers.get("ldlt").analyze(a.pattern()).factor(a)) {
            int n = a.cols();
            double[] ones = new double[n];
            java.util.Arrays.fill(ones, 1.0);
            try (DenseVector b = DenseVector.heap(n); DenseVector x = DenseVector.heap(n); DenseVector e = DenseVector.of(ones)) {
                dev.pullback.kernel.KernelProvider.kernels().spmv(1.0, a, e, 0.0, b);
                f.solve(b, x);
                double plain = maxError(x);
                SolveReport report = new SolveReport();
                f.solve(b, x, report);
                double refined = maxError(x);
                assertTrue(report.firstBackwardError() <= report.tolerance(), report.describe());
                assertTrue(report.steps() >= 1, report.describe());
                assertTrue(refined < plain / 2, "plain " + plain + ", refined " + refined + ": " + report.describe());
            }
        }
    }

    private static double maxError(DenseVector x) {
        double m = 0;
        for (int i = 0; i < x.length(); i++) m = Math.max(m, Math.abs(x.get(i) - 1));
        return m;
    }
}

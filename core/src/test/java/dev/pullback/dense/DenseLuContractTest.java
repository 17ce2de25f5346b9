package dev.pullback.dense;

import static dev.pullback.dense.Reference.EPS;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.factor.SingularMatrixException;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What {@link DenseLu} promises besides accuracy: singular and non-finite input reported with the
 * column or entry, the caller's matrix untouched, version checks, the determinant and the
 * condition estimate against independent values, and no allocation once warmed up.
 */
@Tag("kernel-paths")
class DenseLuContractTest {

    @Test
    void exactlyZeroPivotNamesTheColumn() {
        Random rnd = new Random(31);
        for (int n : new int[] {3, 8, 20, 100}) {
            for (int zero : new int[] {0, n / 2, n - 1}) {
                double[][] a = Reference.random(rnd, n);
                for (int i = 0; i < n; i++) a[i][zero] = 0;
                try (DenseMatrix m = DenseMatrix.of(a)) {
                    var e = assertThrows(SingularMatrixException.class, () -> DenseLu.factor(m).close());
                    assertEquals(zero, e.column(), "n=" + n);
                    assertTrue(e.getMessage().contains("column " + zero), e.getMessage());
                }
            }
            // A zero row stays exactly zero under elimination and ends up as the last pivot.
            double[][] a = Reference.random(rnd, n);
            java.util.Arrays.fill(a[n / 3], 0.0);
            try (DenseMatrix m = DenseMatrix.of(a)) {
                assertEquals(n - 1, assertThrows(SingularMatrixException.class, () -> DenseLu.factor(m).close()).column());
            }
        }
        try (DenseMatrix m = DenseMatrix.of(new double[][] {{1, 2}, {2, 4}})) {
            assertEquals(1, assertThrows(SingularMatrixException.class, () -> DenseLu.factor(m).close()).column());
        }
    }

    @Test
    void failedFactorizationRefusesSolvesUntilRefactored() {
        try (DenseLu lu = DenseLu.workspace(2);
                DenseMatrix singular = DenseMatrix.of(new double[][] {{0, 0}, {1, 1}});
                DenseMatrix good = DenseMatrix.of(new double[][] {{2, 1}, {1, 3}})) {
            assertThrows(SingularMatrixException.class, () -> lu.refactor(singular));
            DenseVector x = DenseVector.of(1, 1);
            var e = assertThrows(IllegalStateException.class, () -> lu.solve(x));
            assertTrue(e.getMessage().contains("no factorization"), e.getMessage());
            lu.refactor(good);
            lu.solve(x);
            assertEquals(0.4, x.get(0), 1e-15);
            assertEquals(0.2, x.get(1), 1e-15);
        }
    }

    @Test
    void nonFiniteEntriesAreNamedAndTheInputIsNeverWritten() {
        Random rnd = new Random(32);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            double[][] a = Reference.random(rnd, 9);
            a[3][5] = bad;
            try (DenseMatrix m = DenseMatrix.of(a)) {
                var e = assertThrows(IllegalArgumentException.class, () -> DenseLu.factor(m).close());
                assertTrue(e.getMessage().contains("(3, 5)") && e.getMessage().contains(String.valueOf(bad)), e.getMessage());
            }
        }
        double[][] a = Reference.random(rnd, 50);
        try (DenseMatrix m = DenseMatrix.of(a); DenseLu lu = DenseLu.factor(m)) {
            assertArrayEquals(DenseLuTest.flat(a), DenseLuTest.flat(m.toArray()), 0.0, "factor wrote into its input");
            assertTrue(lu.isCurrent());
        }
    }

    @Test
    void solvingAfterTheMatrixChangedIsIllegalUntilRefactored() {
        Random rnd = new Random(33);
        double[][] a = Reference.random(rnd, 6);
        try (DenseMatrix m = DenseMatrix.of(a); DenseLu lu = DenseLu.factor(m)) {
            DenseVector b = DenseVector.of(1, 2, 3, 4, 5, 6), x = DenseVector.heap(6);
            lu.solve(b, x);
            m.set(2, 2, 7.0);
            assertFalse(lu.isCurrent());
            var e = assertThrows(IllegalStateException.class, () -> lu.solve(b, x));
            assertTrue(e.getMessage().contains("changed since it was factored"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> lu.solveTransposed(b, x));
            assertThrows(IllegalStateException.class, lu::determinant);
            lu.refactor(m);
            lu.solve(b, x);
            a[2][2] = 7.0;
            assertTrue(Reference.backwardError(a, x.toArray(), b.toArray()) < 6 * EPS);
            m.markModified();
            assertThrows(IllegalStateException.class, () -> lu.solve(b, x));
        }
    }

    @Test
    void misuseIsReportedWithShapes() {
        try (DenseMatrix m = DenseMatrix.identity(4); DenseMatrix rect = DenseMatrix.zeros(3, 4); DenseLu lu = DenseLu.factor(m)) {
            var e = assertThrows(IllegalArgumentException.class, () -> lu.solve(DenseVector.heap(3), DenseVector.heap(4)));
            assertTrue(e.getMessage().contains("b has length 3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> DenseLu.factor(rect));
            assertTrue(e.getMessage().contains("3x4"), e.getMessage());
            try (DenseMatrix five = DenseMatrix.identity(5)) {
                e = assertThrows(IllegalArgumentException.class, () -> lu.refactor(five));
                assertTrue(e.getMessage().contains("order 4"), e.getMessage());
            }
            try (DenseMatrix b = DenseMatrix.zeros(4, 2); DenseMatrix x = DenseMatrix.zeros(4, 3)) {
                e = assertThrows(IllegalArgumentException.class, () -> lu.solve(b, x));
                assertTrue(e.getMessage().contains("4x3"), e.getMessage());
            }
        }
        DenseLu closed = DenseLu.workspace(3);
        closed.close();
        try (DenseMatrix three = DenseMatrix.identity(3)) {
            assertThrows(IllegalStateException.class, () -> closed.refactor(three));
        }
    }

    @Test
    void determinantOfTriangularPermutationAndProductMatrices() {
        Random rnd = new Random(34);
        for (int n : new int[] {1, 5, 30, 90}) {
            double[][] t = Reference.random(rnd, n);
            for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) t[i][j] = 0;
            double expected = 1;
            for (int i = 0; i < n; i++) expected *= t[i][i];
            try (DenseMatrix m = DenseMatrix.of(t); DenseLu lu = DenseLu.factor(m)) {
                assertEquals(expected, lu.determinant(), Math.abs(expected) * n * EPS, "upper triangular n=" + n);
                assertEquals(Math.log(Math.abs(expected)), lu.logAbsDeterminant(), 1e-12 * n);
                assertEquals((int) Math.signum(expected), lu.determinantSign());
            }
            // Lower triangular and diagonally dominant, so that det is well conditioned: pivoting keeps the order.
            double[][] l = new double[n][n];
            double lowerDet = 1;
            for (int i = 0; i < n; i++) {
                l[i][i] = (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextDouble());
                lowerDet *= l[i][i];
                for (int j = 0; j < i; j++) l[i][j] = (rnd.nextDouble() - 0.5) / n;
            }
            try (DenseMatrix m = DenseMatrix.of(l); DenseLu lu = DenseLu.factor(m)) {
                assertEquals(lowerDet, lu.determinant(), Math.abs(lowerDet) * 4 * n * EPS, "lower triangular n=" + n);
            }
            // A permutation matrix: det = sign of the permutation, by its cycles.
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) perm[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1), s = perm[i];
                perm[i] = perm[j];
                perm[j] = s;
            }
            double[][] p = new double[n][n];
            for (int i = 0; i < n; i++) p[i][perm[i]] = 1;
            try (DenseMatrix m = DenseMatrix.of(p); DenseLu lu = DenseLu.factor(m)) {
                assertEquals(permutationSign(perm), lu.determinant(), 0.0, "permutation n=" + n);
            }
            // det(AB) = det(A) det(B).
            double[][] a = Reference.random(rnd, n), b = Reference.random(rnd, n);
            try (DenseMatrix ma = DenseMatrix.of(a); DenseMatrix mb = DenseMatrix.of(b);
                    DenseMatrix mab = DenseMatrix.of(Reference.multiply(a, b));
                    DenseLu la = DenseLu.factor(ma); DenseLu lb = DenseLu.factor(mb); DenseLu lab = DenseLu.factor(mab)) {
                double prod = la.determinant() * lb.determinant();
                assertEquals(prod, lab.determinant(), Math.abs(prod) * 1e-9, "det(AB) n=" + n);
            }
        }
        try (DenseMatrix swap = DenseMatrix.of(new double[][] {{0, 1}, {1, 0}}); DenseLu lu = DenseLu.factor(swap)) {
            assertEquals(-1.0, lu.determinant());
            assertEquals(-1, lu.determinantSign());
            assertEquals(0.0, lu.logAbsDeterminant());
        }
    }

    @Test
    void determinantNeitherOverflowsNorUnderflowsInBetween() {
        double[][] d = new double[6][6];
        double[] diag = {1e300, 1e300, -1e300, 1e-300, 1e-300, 1e-300};
        for (int i = 0; i < 6; i++) d[i][i] = diag[i];
        try (DenseMatrix m = DenseMatrix.of(d); DenseLu lu = DenseLu.factor(m)) {
            assertEquals(-1.0, lu.determinant(), 1e-12);
        }
        double[][] big = new double[4][4];
        for (int i = 0; i < 4; i++) big[i][i] = 1e300;
        try (DenseMatrix m = DenseMatrix.of(big); DenseLu lu = DenseLu.factor(m)) {
            assertEquals(Double.POSITIVE_INFINITY, lu.determinant());
            assertEquals(4 * Math.log(1e300), lu.logAbsDeterminant(), 1e-9);
            assertEquals(1, lu.determinantSign());
        }
    }

    @Test
    void conditionEstimateBracketsTheExactValue() {
        Random rnd = new Random(35);
        double worst = 1;
        for (int trial = 0; trial < 60; trial++) {
            int n = 1 + rnd.nextInt(40);
            double[][] a = trial % 3 == 0 ? Reference.graded(rnd, n, 3) : Reference.random(rnd, n);
            double exact = 1 / (Reference.norm1(a) * Reference.norm1(Reference.inverse(a)));
            try (DenseMatrix m = DenseMatrix.of(a); DenseLu lu = DenseLu.factor(m)) {
                double est = lu.rcond();
                assertEquals(Reference.norm1(a), lu.norm1(), 1e-13 * lu.norm1());
                // The estimate of ‖A⁻¹‖₁ is a lower bound, so rcond is an upper bound (up to rounding) ...
                assertTrue(est >= exact * (1 - 1e-6), "n=" + n + ": estimate " + est + " < exact " + exact);
                // ... and Hager–Higham is rarely off by more than 3; 10 is the safety margin.
                assertTrue(est <= 10 * exact, "n=" + n + ": estimate " + est + " vs exact " + exact);
                worst = Math.max(worst, est / exact);
                assertFalse(lu.isIllConditioned());
            }
        }
        assertTrue(worst < 10, "largest overestimate factor " + worst);
        try (DenseMatrix id = DenseMatrix.identity(17); DenseLu lu = DenseLu.factor(id)) {
            assertEquals(1.0, lu.rcond(), 1e-15);
        }
    }

    @Test
    void illConditioningIsReportedNotHidden() {
        Random rnd = new Random(36);
        // One row scaled by 1e-20 (exactly representable, no information lost): κ₁ ≈ 1e20 with a tiny, nonzero pivot.
        double[][] scaled = Reference.random(rnd, 12);
        for (int j = 0; j < 12; j++) scaled[7][j] *= 1e-20;
        try (DenseMatrix m = DenseMatrix.of(scaled); DenseLu lu = DenseLu.factor(m)) {
            assertTrue(lu.rcond() < 1e-18, "rcond " + lu.rcond());
            assertTrue(lu.isIllConditioned());
        }
        try (DenseMatrix m = DenseMatrix.of(Reference.hilbert(13)); DenseLu lu = DenseLu.factor(m)) {
            assertTrue(lu.isIllConditioned(), "Hilbert(13), κ₁ ≈ 10¹⁸: rcond " + lu.rcond());
        }
        try (DenseMatrix m = DenseMatrix.of(Reference.hilbert(6)); DenseLu lu = DenseLu.factor(m)) {
            double exact = 1 / (Reference.norm1(Reference.hilbert(6)) * Reference.norm1(Reference.inverse(Reference.hilbert(6))));
            assertEquals(exact, lu.rcond(), 0.5 * exact, "Hilbert(6)");
            assertFalse(lu.isIllConditioned());
        }
        double[][] r = Reference.rankDeficient(rnd, 60, 30);
        try (DenseMatrix m = DenseMatrix.of(r)) {
            try (DenseLu lu = DenseLu.factor(m)) {
                assertTrue(lu.isIllConditioned(), "rank 30 of 60: rcond " + lu.rcond());
            } catch (SingularMatrixException e) {
                assertTrue(e.column() >= 30, "rank 30 matrix reported singular at column " + e.column());
            }
        }
    }

    @Test
    void conditionEstimateBelongsToTheCurrentFactors() {
        Random rnd = new Random(38);
        double[][] scaled = Reference.random(rnd, 20);
        for (int j = 0; j < 20; j++) scaled[3][j] *= 1e-19;
        try (DenseMatrix good = DenseMatrix.identity(20); DenseMatrix bad = DenseMatrix.of(scaled); DenseLu lu = DenseLu.factor(good)) {
            assertEquals(1.0, lu.rcond(), 1e-15);
            lu.refactor(bad);
            assertTrue(lu.rcond() < 1e-17, "rcond after refactor " + lu.rcond());
            assertTrue(lu.isIllConditioned());
            lu.refactor(good);
            assertFalse(lu.isIllConditioned());
        }
    }

    /** A pivot whose inverse overflows (|u| < 1/Double.MAX_VALUE): the solves divide by it rather than multiply by Inf. */
    @Test
    void pivotsWithoutAFiniteInverseAreDividedBy() {
        double tiny = 1e-310;
        for (int n : new int[] {3, 20}) {
            double[][] a = new double[n][n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i][i] = i == 0 ? tiny : 2;
                b[i] = i == 0 ? 1e-300 : 1;
            }
            try (DenseMatrix m = DenseMatrix.of(a); DenseLu lu = DenseLu.factor(m)) {
                DenseVector x = DenseVector.of(b);
                lu.solve(x);
                assertEquals(1e-300 / tiny, x.get(0), 1e-15 * 1e10, "n=" + n);
                for (int i = 1; i < n; i++) assertEquals(0.5, x.get(i), "n=" + n + " entry " + i);
            }
        }
    }

    @Test
    void orderZeroAndOne() {
        try (DenseMatrix m = DenseMatrix.zeros(0, 0); DenseLu lu = DenseLu.factor(m)) {
            assertEquals(1.0, lu.determinant());
            assertEquals(1.0, lu.rcond());
            lu.solve(DenseVector.heap(0));
        }
        try (DenseMatrix m = DenseMatrix.of(new double[][] {{-4}}); DenseLu lu = DenseLu.factor(m)) {
            DenseVector x = DenseVector.of(2);
            lu.solve(x);
            assertEquals(-0.5, x.get(0));
            lu.solveTransposed(x);
            assertEquals(0.125, x.get(0));
            assertEquals(-4.0, lu.determinant());
            assertEquals(1.0, lu.rcond());
        }
    }

    @Test
    @Tag("allocation")
    void refactorAndSolvesAllocateNothingOnceWarm() {
        Random rnd = new Random(37);
        int n = 150;
        try (DenseMatrix a = DenseMatrix.of(Reference.random(rnd, n)); DenseMatrix b2 = DenseMatrix.of(Reference.random(rnd, n));
                DenseLu lu = DenseLu.workspace(n); DenseMatrix bm = DenseMatrix.zeros(n, 5); DenseMatrix xm = DenseMatrix.zeros(n, 5);
                DenseVector b = DenseVector.offHeap(n); DenseVector x = DenseVector.offHeap(n)) {
            b.fill(1.0);
            bm.segment().fill((byte) 0);
            Runnable work = () -> {
                lu.refactor(a);
                lu.solve(b, x);
                lu.solveTransposed(b, x);
                lu.solve(x);
                lu.solve(bm, xm);
                lu.solveTransposed(bm, xm);
                lu.refactor(b2);
                lu.solveTransposed(x);
                lu.determinant();
                lu.rcond();
            };
            Allocations.assertSteadyStateAllocatesNothing("DenseLu refactor/solve/solveTransposed", work);
        }
    }

    private static double permutationSign(int[] perm) {
        boolean[] seen = new boolean[perm.length];
        int sign = 1;
        for (int i = 0; i < perm.length; i++) {
            if (seen[i]) continue;
            int len = 0;
            for (int j = i; !seen[j]; j = perm[j]) {
                seen[j] = true;
                len++;
            }
            if (len % 2 == 0) sign = -sign;
        }
        return sign;
    }
}

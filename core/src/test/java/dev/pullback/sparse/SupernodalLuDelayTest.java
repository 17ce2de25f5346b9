package dev.pullback.sparse;

import static dev.pullback.sparse.LuTesting.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.factor.Method;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.factor.SolveReport;
import dev.pullback.gallery.Kkt;
import dev.pullback.gallery.Oseen;
import dev.pullback.gallery.StokesMac;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Delayed pivots in {@link SupernodalLu}: saddle point matrices (zero diagonal in the constraint
 * rows) whose pivots lie outside their supernodes are factored by passing those pivots to the
 * parent fronts, symmetric (KKT, Stokes) and unsymmetric (Oseen) alike.
 */
@Tag("kernel-paths")
class SupernodalLuDelayTest {
    private static final double EPS = Math.ulp(1.0);

    /** The must-pivot families, each a few thousand unknowns. */
    private static CscMatrix[] family() {
        return new CscMatrix[] {Kkt.q4(24, 16, 3), StokesMac.of2d(22, 20, 1.0, 4), Oseen.of2d(22, 20, 150, 1.0, 5),
                Oseen.of3d(6, 6, 5, 60, 1.0, 6)};
    }

    private static void closeAll(CscMatrix[] as) {
        for (CscMatrix a : as) a.close();
    }

    /**
     * max |x − 1| for b = A·1 (or Aᵀ·1), x from the solve with {@code steps} steps of
     * iterative refinement (0: the plain solve).
     */
    private static double errorOnOnes(CscMatrix a, SupernodalLu lu, boolean transposed, int steps) {
        int n = a.rows();
        double[] b = new double[n];
        CscPattern p = a.pattern();
        for (int j = 0; j < n; j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) {
                if (transposed) b[j] += a.value(k);
                else b[p.row(k)] += a.value(k);
            }
        }
        try (DenseVector bv = DenseVector.of(b); DenseVector x = DenseVector.heap(n)) {
            SolveReport refine = new SolveReport(0, steps, false);
            if (transposed) lu.solveTransposed(bv, x, refine);
            else lu.solve(bv, x, refine);
            double e = 0;
            for (int i = 0; i < n; i++) e = Math.max(e, Math.abs(x.get(i) - 1));
            return e;
        }
    }

    @Test
    void mustPivotFamiliesDelayAndSolveToTheBound() {
        CscMatrix[] as = family();
        try {
            for (CscMatrix a : as) {
                try (SupernodalLu lu = SupernodalLu.factor(a)) {
                    assertTrue(lu.delayedPivots() > 0, "no delays: " + lu);
                    assertTrue(lu.toString().contains("delayedPivots=" + lu.delayedPivots()));
                    checkSolves(a, lu, new Random(a.rows()), 20, 0, 0);
                    // plain solves: the Stokes-type matrices (rcond ~1e-8) reach 3e-12; one refinement step gives 1e-12
                    double e = errorOnOnes(a, lu, false, 0), et = errorOnOnes(a, lu, true, 0);
                    assertTrue(e <= 1e-11 && et <= 1e-11, "plain: max|x - 1| = " + e + ", transposed " + et + " for " + lu);
                    e = errorOnOnes(a, lu, false, 2);
                    et = errorOnOnes(a, lu, true, 2);
                    assertTrue(e <= 1e-12 && et <= 1e-12, "refined: max|x - 1| = " + e + ", transposed " + et + " for " + lu);
                    // the final column order is a permutation that moved the delayed columns
                    int[] q = lu.columnPermutation(), p = lu.rowPermutation();
                    assertIsPermutation(q);
                    assertIsPermutation(p);
                    assertEquals(lu.factorNonzeros(), lu.nnzL() + lu.nnzU() - a.rows());
                }
            }
        } finally {
            closeAll(as);
        }
    }

    private static void assertIsPermutation(int[] p) {
        boolean[] seen = new boolean[p.length];
        for (int v : p) {
            assertFalse(seen[v], "twice: " + v);
            seen[v] = true;
        }
    }

    @Test
    void smallSaddlePointsAgreeWithTheDenseLu() {
        CscMatrix[] as = {Kkt.q4(5, 4, 7), StokesMac.of2d(5, 4, 1.0, 8), Oseen.of2d(6, 5, 200, 1.0, 9),
                Oseen.of3d(3, 3, 3, 80, 0.5, 10)};
        try {
            int delayed = 0;
            for (CscMatrix a : as) {
                try (SupernodalLu lu = SupernodalLu.factor(a)) {
                    delayed += lu.delayedPivots();
                    checkSolves(a, lu, new Random(a.rows() + 1), 20, 400, 1e-10);
                }
            }
            assertTrue(delayed > 0, "the small cases must delay too");
        } finally {
            closeAll(as);
        }
    }

    @Test
    void theAdaptiveFactorizationStaysMultifrontal() {
        CscMatrix[] as = family();
        try {
            for (CscMatrix a : as) {
                try (AdaptiveSparseLu lu = AdaptiveSparseLu.factor(a)) {
                    assertNotEquals(Method.GILBERT_PEIERLS, lu.method(), lu.methodReason());
                    assertNull(lu.fallbackReason(), lu.methodReason());
                    if (lu.method() == Method.SUPERNODAL_LU) {
                        // the reason reports the delays when there are any (the LDLᵀ route's paired
                        // order, which the LU route then shares, often leaves none)
                        int d = ((SupernodalLu) lu.delegate()).delayedPivots();
                        assertEquals(d > 0, lu.methodReason().contains(d + " delayed pivots"), lu.methodReason());
                    }
                    lu.refactor(a);
                    assertNotEquals(Method.GILBERT_PEIERLS, lu.method(), lu.methodReason());
                }
            }
            try (AdaptiveSparseLu lu = AdaptiveSparseLu.factor(as[2])) {
                assertEquals(Method.SUPERNODAL_LU, lu.method(), "unsymmetric values: the LU route");
            }
        } finally {
            closeAll(as);
        }
    }

    @Test
    void refactorEqualsAFreshFactor() {
        try (CscMatrix a = Oseen.of2d(24, 20, 100, 1.0, 11); CscMatrix other = Oseen.of2d(24, 20, 300, 1.0, 12);
                SupernodalLu lu = SupernodalLu.factor(a); DenseVector b = DenseVector.of(randomVector(new Random(3), a.rows()));
                DenseVector x1 = DenseVector.heap(a.rows()); DenseVector x2 = DenseVector.heap(a.rows())) {
            a.setValues(other.valuesArray());
            lu.refactor(a);
            try (SupernodalLu fresh = SupernodalLu.factor(a)) {
                assertEquals(fresh.delayedPivots(), lu.delayedPivots());
                assertArrayEquals(fresh.columnPermutation(), lu.columnPermutation());
                assertArrayEquals(fresh.rowPermutation(), lu.rowPermutation());
                assertSameSolutions(lu, fresh, b, x1, x2, 0.0);
            }
        }
    }

    /**
     * [[K, Bᵀ], [B, −δI]] with the (2,2) diagonal stored: with δ = 1 the constraint pivots pass
     * in place (no delay); with δ = 0 they must be delayed, more than the first factorization
     * allocated for: the refactor grows L and U once and agrees with a fresh factorization.
     */
    @Test
    void aRefactorThatDelaysMoreGrowsTheFactorsAndThenAllocatesNothing() {
        try (CscMatrix kkt = Kkt.q4(24, 16, 21); CscMatrix a = withConstraintDiagonal(kkt, 1.0)) {
            int nk = kkt.rows() - countMissing(kkt);
            try (SupernodalLu lu = SupernodalLu.factor(a); DenseVector b = DenseVector.of(randomVector(new Random(5), a.rows()));
                    DenseVector x1 = DenseVector.heap(a.rows()); DenseVector x2 = DenseVector.heap(a.rows())) {
                assertEquals(0, lu.delayedPivots(), lu.toString());
                long before = lu.nativeBytes();
                setConstraintDiagonal(a, nk, 0.0);
                lu.refactor(a);
                assertTrue(lu.delayedPivots() > 0, lu.toString());
                assertTrue(lu.nativeBytes() > before, "grown: " + lu.nativeBytes() + " vs " + before);
                checkSolves(a, lu, new Random(6), 20, 0, 0);
                try (SupernodalLu fresh = SupernodalLu.factor(a)) {
                    assertEquals(fresh.delayedPivots(), lu.delayedPivots());
                    assertSameSolutions(lu, fresh, b, x1, x2, 0.0);
                }
                long grown = lu.nativeBytes();
                lu.refactor(a);
                assertEquals(grown, lu.nativeBytes(), "the second refactor fits");
                setConstraintDiagonal(a, nk, -1.0);
                lu.refactor(a);
                assertEquals(0, lu.delayedPivots());
                checkSolves(a, lu, new Random(7), 20, 0, 0);
            }
        }
    }

    private static int countMissing(CscMatrix a) {
        int z = 0;
        for (int j = 0; j < a.cols(); j++) if (a.pattern().find(j, j) < 0) z++;
        return z;
    }

    /** a with every missing diagonal entry stored as −d. */
    static CscMatrix withConstraintDiagonal(CscMatrix a, double d) {
        CscPattern p = a.pattern();
        CooBuilder b = new CooBuilder(a.rows(), a.cols());
        for (int j = 0; j < a.cols(); j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) b.add(p.row(k), j, a.value(k));
            if (p.find(j, j) < 0) b.add(j, j, -d);
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    private static void setConstraintDiagonal(CscMatrix a, int from, double d) {
        for (int j = from; j < a.cols(); j++) a.setValue(a.pattern().find(j, j), -d);
    }

    @Test
    void aZeroConstraintColumnIsReportedSingular() {
        try (CscMatrix a = Oseen.of2d(12, 10, 100, 1.0, 13)) {
            int c = a.rows() - 7; // a pressure: its row and column hold only B's entries
            CscPattern p = a.pattern();
            for (int k = p.colStart(c); k < p.colEnd(c); k++) a.setValue(k, 0.0);
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> SupernodalLu.factor(a));
            assertEquals(c, e.column(), e.getMessage());
            assertTrue(e.getMessage().contains("column " + c), e.getMessage());
        }
    }
}

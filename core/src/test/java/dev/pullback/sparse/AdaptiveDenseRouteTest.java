package dev.pullback.sparse;

import static dev.pullback.sparse.LuTesting.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.dense.CscDenseLu;
import dev.pullback.factor.Method;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import dev.pullback.gallery.Grids;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The adaptive LU's dense route: which patterns take it (decisions, not timings), and that it solves. */
@Tag("kernel-paths")
class AdaptiveDenseRouteTest {
    private static final double EPS = Math.ulp(1.0);

    /** The seed example's A: n = 100, about 10% unsymmetric entries, a dominant diagonal. */
    private static CscMatrix seed(int n, double density, long seed) {
        Random rnd = new Random(seed);
        CooBuilder b = new CooBuilder(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) b.add(i, j, 13);
                else if (rnd.nextDouble() < density) b.add(i, j, rnd.nextGaussian());
            }
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    @Test
    void theSeedMatrixIsFactoredDenseAndSolves() {
        int n = 100;
        try (CscMatrix a = seed(n, 0.1, 2026); AdaptiveSparseLu lu = AdaptiveSparseLu.factor(a);
                DenseVector b = DenseVector.of(randomVector(new Random(1), n)); DenseVector x = DenseVector.heap(n)) {
            assertEquals(Method.DENSE_LU, lu.method());
            assertEquals(Method.DENSE_LU, lu.analysis().method());
            assertInstanceOf(CscDenseLu.class, lu.delegate());
            assertNull(lu.fallbackReason());
            assertTrue(lu.methodReason().contains("nearly dense") && lu.methodReason().contains("n = 100"), lu.methodReason());
            lu.solve(b, x);
            assertTrue(backwardError(a, x.toArray(), b.toArray(), false) < 100 * n * EPS);
            a.setValue(0, 20.0);
            lu.refactor(a);
            lu.solveTransposed(b, x);
            assertTrue(backwardError(a, x.toArray(), b.toArray(), true) < 100 * n * EPS);
        }
    }

    @Test
    void thresholdFollowsThePredictedFill() {
        assertEquals(1.0, AdaptiveSparseLu.predictedFill(10, 55), 1e-15, "a full pattern: Cholesky n(n+1)/2");
        assertEquals((2.0 * 99 - 50) / 2500, AdaptiveSparseLu.predictedFill(50, 99), 1e-15, "tridiagonal, n = 50");
        // Full patterns of every order up to the bound take the dense route, none above it.
        for (int n : new int[] {1, 2, 17, AdaptiveSparseLu.DENSE_MAX_N}) {
            try (CscMatrix a = seed(n, 1.0, n)) {
                assertNotNull(AdaptiveSparseLu.denseRoute(a.pattern(), SymmetricStructure.of(a.pattern()),
                        SparseOptions.defaults()), "full, n = " + n);
            }
        }
        try (CscMatrix a = seed(AdaptiveSparseLu.DENSE_MAX_N + 1, 0.2, 5)) {
            assertNotEquals(Method.DENSE_LU, AdaptiveSparseLu.analyze(a.pattern(), SparseOptions.defaults()).method());
        }
    }

    @Test
    void sparseAndFewFillingPatternsStaySparse() {
        try (CscMatrix grid = Grids.poisson2d(10, 10); CscMatrix tri = Grids.poisson2d(60, 1);
                CscMatrix thin = seed(100, 0.01, 7)) {
            for (CscMatrix a : new CscMatrix[] {grid, tri, thin}) {
                AdaptiveAnalysis s = AdaptiveSparseLu.analyze(a.pattern(), SparseOptions.defaults());
                assertNotEquals(Method.DENSE_LU, s.method(), s.methodReason());
            }
        }
    }

    @Test
    void theDecisionComparesThePredictionWithMinOfHalfAndFortyPerColumn() {
        // n = 100: the bound is min(0.5, 40/100) = 0.40 n²; n = 60: 0.5 n².
        int dense = 0, sparse = 0;
        for (int n : new int[] {60, 100, 200}) {
            double threshold = Math.min(AdaptiveSparseLu.DENSE_FILL, (double) AdaptiveSparseLu.DENSE_PER_COLUMN / n);
            for (double density : new double[] {0.01, 0.02, 0.035, 0.05, 0.1}) {
                try (CscMatrix a = seed(n, density, 31L * n + (long) (1000 * density))) {
                    SymmetricStructure sym = SymmetricStructure.of(a.pattern());
                    long[] bound = new long[1];
                    int[] order = SupernodalLu.symmetricOrder(sym, Ordering.AMD, SparseOptions.defaults(), bound);
                    long cholesky = bound[0] >= 0 ? bound[0] : EliminationTree.choleskyNonzeros(sym, order);
                    boolean expected = AdaptiveSparseLu.predictedFill(n, cholesky) >= threshold;
                    Method m = AdaptiveSparseLu.analyze(a.pattern(), SparseOptions.defaults()).method();
                    assertEquals(expected, m == Method.DENSE_LU, "n = " + n + ", density " + density + ": " + m);
                    if (expected) dense++;
                    else sparse++;
                }
            }
        }
        assertTrue(dense >= 3 && sparse >= 3, dense + " dense, " + sparse + " sparse: both sides of the threshold");
    }

    @Test
    void aNamedOrderingKeepsASparseMethod() {
        try (CscMatrix a = seed(100, 0.1, 2026)) {
            for (Ordering o : new Ordering[] {Ordering.AMD, Ordering.COLAMD, Ordering.NATURAL}) {
                Method m = AdaptiveSparseLu.analyze(a.pattern(), SparseOptions.defaults().withOrdering(o)).method();
                assertNotEquals(Method.DENSE_LU, m, o.toString());
            }
        }
    }
}

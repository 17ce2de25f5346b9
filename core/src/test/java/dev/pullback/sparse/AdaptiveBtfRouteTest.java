package dev.pullback.sparse;

import static dev.pullback.sparse.LuTesting.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.factor.Method;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.gallery.Grids;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The adaptive LU's block triangular route: an unsymmetric pattern that falls apart into small
 * diagonal blocks is factored block by block (decisions and fill, not timings), and solves.
 */
class AdaptiveBtfRouteTest {
    private static final double EPS = Math.ulp(1.0);

    @Test
    void aCascadeOfSmallStagesTakesTheBlockTriangularRouteAndFillsFarLess() {
        for (long seed = 1; seed <= 3; seed++) {
            int n = 1500 + 500 * (int) seed;
            try (CscMatrix a = Grids.cascade(n, 30, 3, 2, seed); AdaptiveSparseLu lu = AdaptiveSparseLu.factor(a);
                    SparseLu whole = SparseLu.factor(a)) {
                assertEquals(Method.BTF_LU, lu.method(), lu.methodReason());
                assertEquals(Method.BTF_LU, lu.analysis().method());
                assertInstanceOf(BtfLu.class, lu.delegate());
                assertNull(lu.fallbackReason());
                assertTrue(lu.methodReason().contains("block triangular form"), lu.methodReason());
                // The entries outside the diagonal blocks are never factored: an LU of the whole
                // matrix fills across the stages.
                assertTrue(2 * lu.factorNonzeros() < whole.factorNonzeros(),
                        "seed " + seed + ": BTF " + lu.factorNonzeros() + " against the whole matrix's " + whole.factorNonzeros());
                Random rnd = new Random(seed);
                double[] b = randomVector(rnd, n);
                checkSolves(a, lu, b, n);
                // New values on the same pattern: the refactor keeps the blocks.
                for (int p = 0; p < a.nnz(); p += 7) a.setValue(p, a.value(p) * (1 + 0.25 * rnd.nextDouble()));
                lu.refactor(a);
                assertEquals(Method.BTF_LU, lu.method());
                checkSolves(a, lu, b, n);
            }
        }
    }

    private static void checkSolves(CscMatrix a, AdaptiveSparseLu lu, double[] b, int n) {
        try (DenseVector bv = DenseVector.of(b); DenseVector x = DenseVector.heap(n)) {
            lu.solve(bv, x);
            assertTrue(backwardError(a, x.toArray(), b, false) < 100 * n * EPS);
            lu.solveTransposed(bv, x);
            assertTrue(backwardError(a, x.toArray(), b, true) < 100 * n * EPS);
        }
    }

    @Test
    void anIrreducibleUnsymmetricPatternStaysWithGilbertPeierls() {
        // One cycle through every unknown makes the pattern irreducible; random one-way entries keep
        // its structural symmetry low.
        int n = 600;
        Random rnd = new Random(7);
        CooBuilder c = new CooBuilder(n, n);
        for (int j = 0; j < n; j++) {
            c.add(j, j, 10.0);
            c.add((j + 1) % n, j, 1.0);
            for (int t = 0; t < 3; t++) c.add(rnd.nextInt(n), j, rnd.nextGaussian());
        }
        try (CscMatrix a = c.build(CooBuilder.Zeros.KEEP); AdaptiveSparseLu lu = AdaptiveSparseLu.factor(a)) {
            assertEquals(Method.GILBERT_PEIERLS, lu.method(), lu.methodReason());
            assertFalse(lu.methodReason().contains("block triangular"), lu.methodReason());
            checkSolves(a, lu, randomVector(new Random(8), n), n);
        }
    }

    @Test
    void aStructurallySingularUnsymmetricPatternIsStillReportedSingular() {
        // Column 3 is empty: no row can be matched to it.
        int n = 50;
        CooBuilder c = new CooBuilder(n, n);
        for (int j = 0; j < n; j++) {
            if (j == 3) continue;
            c.add(j, j, 4.0);
            c.add((j * 7 + 1) % n, j, 1.0);
        }
        c.add(3, 10, 1.0);
        try (CscMatrix a = c.build(CooBuilder.Zeros.KEEP)) {
            assertThrows(SingularMatrixException.class, () -> AdaptiveSparseLu.factor(a).close());
        }
    }
}

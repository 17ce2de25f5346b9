package dev.pullback.sparse;

import static dev.pullback.sparse.LuTesting.randomVector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.pullback.factor.SingularMatrixException;
import dev.pullback.gallery.Grids;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.testing.Generated;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The LU through the block triangular form: backward errors, dense reference, refactor, errors. */
class BtfLuTest {
    /** Both solves: backward error ≤ 50·n·ε·growth and, for small n, the dense reference (A and Aᵀ independently). */
    private static void checkSolves(CscMatrix a, BtfLu lu, Random rnd) {
        LuTesting.checkSolves(a, lu, rnd, 50, 60, 1e-9);
    }

    private record CascadeCase(int n, int stage, int coupling, long seed) {}

    @Test
    void randomCascadesSolveBothWays() {
        List<CascadeCase> edges = new ArrayList<>();
        for (int n : Generated.ends(1, 60)) {
            for (int stage : new int[] {1, 8}) for (int coupling : new int[] {0, 3}) edges.add(new CascadeCase(n, stage, coupling, 0));
        }
        Gen<CascadeCase> gen = integers().between(1, 60).zip(integers().between(1, 8), integers().between(0, 3), longs().all(),
                CascadeCase::new);
        Generated.forAll(60, edges, gen, c -> {
            try (CscMatrix a = Grids.cascade(c.n(), c.stage(), 2, c.coupling(), c.seed()); BtfLu lu = BtfLu.factor(a)) {
                checkSolves(a, lu, new Random(c.seed()));
            }
        });
    }

    @Test
    void randomUnsymmetricMatricesWithWeakDiagonals() {
        // The density is fixed (0.06): only n and the seed vary.
        Generated.forAll(40, Generated.sizedEdges(1, 50, 0.06, 0.06), Generated.sized(1, 50, 0.06, 0.06), c -> {
            Random rnd = new Random(c.seed());
            try (CscMatrix a = LuTesting.randomMatrix(rnd, c.n(), c.density(), true); BtfLu lu = BtfLu.factor(a)) {
                checkSolves(a, lu, rnd);
            }
        });
    }

    @Test
    void largeCascadeAgreesWithTheLuWithoutBlocks() {
        try (CscMatrix a = Grids.cascade(2000, 15, 2, 1, 5); BtfLu btf = BtfLu.factor(a); SparseLu lu = SparseLu.factor(a);
                DenseVector b = DenseVector.of(randomVector(new Random(3), 2000));
                DenseVector x1 = DenseVector.heap(2000); DenseVector x2 = DenseVector.heap(2000)) {
            assertTrue(btf.form().blocks() > 100, btf.toString());
            assertTrue(btf.factorNonzeros() < lu.factorNonzeros(), btf + " vs " + lu);
            checkSolves(a, btf, new Random(4));
            btf.solve(b, x1);
            lu.solve(b, x2);
            for (int i = 0; i < 2000; i++) assertEquals(x2.get(i), x1.get(i), 1e-10 * Math.max(1, Math.abs(x2.get(i))));
            btf.solveTransposed(b, x1);
            lu.solveTransposed(b, x2);
            for (int i = 0; i < 2000; i++) assertEquals(x2.get(i), x1.get(i), 1e-10 * Math.max(1, Math.abs(x2.get(i))));
        }
    }

    /**
     * Stages of up to 119 unknowns with a dozen entries per column fill their blocks' L and U with
     * columns long enough (≥ 32 entries) that the sweeps take them on their own between runs of
     * short ones: both solves, one and several right-hand sides, against the LU without blocks.
     */
    @Test
    void blocksWithLongColumnsAgreeWithTheLuWithoutBlocks() {
        int n = 1500, m = 3;
        try (CscMatrix a = Grids.cascade(n, 60, 12, 2, 17); BtfLu btf = BtfLu.factor(a); SparseLu lu = SparseLu.factor(a);
                DenseMatrix b = DenseMatrix.zeros(n, m); DenseMatrix x1 = DenseMatrix.zeros(n, m);
                DenseMatrix x2 = DenseMatrix.zeros(n, m)) {
            assertTrue(btf.form().blocks() > 10 && btf.form().largestBlock() >= 64, btf.toString());
            Random rnd = new Random(18);
            for (int j = 0; j < m; j++) for (int i = 0; i < n; i++) b.set(i, j, rnd.nextGaussian());
            checkSolves(a, btf, new Random(19));
            btf.solve(b, x1);
            lu.solve(b, x2);
            assertClose(x2, x1);
            btf.solveTransposed(b, x1);
            lu.solveTransposed(b, x2);
            assertClose(x2, x1);
        }
    }

    private static void assertClose(DenseMatrix expected, DenseMatrix actual) {
        for (int j = 0; j < expected.cols(); j++) {
            for (int i = 0; i < expected.rows(); i++) {
                double e = expected.get(i, j);
                assertEquals(e, actual.get(i, j), 1e-10 * Math.max(1, Math.abs(e)), "x(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void irreducibleFemMatrixIsOneBlock() {
        try (CscMatrix a = Grids.convectionDiffusion2d(15, 12, 60, 30); BtfLu lu = BtfLu.factor(a)) {
            assertEquals(1, lu.form().blocks());
            checkSolves(a, lu, new Random(1));
        }
    }

    @Test
    void refactorMatchesAFreshFactorization() {
        try (CscMatrix a = Grids.cascade(500, 10, 2, 2, 8); BtfLu lu = BtfLu.factor(a)) {
            Random rnd = new Random(2);
            for (int p = 0; p < a.nnz(); p++) a.setValue(p, a.value(p) * (0.5 + rnd.nextDouble()));
            assertThrows(IllegalStateException.class, () -> lu.solve(DenseVector.heap(500), DenseVector.heap(500)));
            lu.refactor(a);
            try (BtfLu fresh = BtfLu.factor(a); DenseVector b = DenseVector.of(randomVector(rnd, 500));
                    DenseVector x = DenseVector.heap(500); DenseVector y = DenseVector.heap(500)) {
                lu.solve(b, x);
                fresh.solve(b, y);
                for (int i = 0; i < 500; i++) assertEquals(y.get(i), x.get(i), 1e-12 * Math.max(1, Math.abs(y.get(i))));
            }
            checkSolves(a, lu, rnd);
        }
    }

    @Test
    void severalRightHandSidesMatchOneByOne() {
        int n = 300;
        try (CscMatrix a = Grids.cascade(n, 6, 2, 2, 21); BtfLu lu = BtfLu.factor(a);
                DenseMatrix b = DenseMatrix.zeros(n, 3); DenseMatrix x = DenseMatrix.zeros(n, 3);
                DenseVector bc = DenseVector.heap(n); DenseVector xc = DenseVector.heap(n)) {
            Random rnd = new Random(6);
            for (int j = 0; j < 3; j++) for (int i = 0; i < n; i++) b.set(i, j, rnd.nextDouble() - 0.5);
            for (boolean transposed : new boolean[] {false, true}) {
                if (transposed) lu.solveTransposed(b, x);
                else lu.solve(b, x);
                for (int j = 0; j < 3; j++) {
                    for (int i = 0; i < n; i++) bc.set(i, b.get(i, j));
                    if (transposed) lu.solveTransposed(bc, xc);
                    else lu.solve(bc, xc);
                    for (int i = 0; i < n; i++) assertEquals(xc.get(i), x.get(i, j), 0.0);
                }
            }
        }
    }

    @Test
    void zeroOneByOneBlockNamesItsColumn() {
        // upper triangular 3x3 with A(1,1) = 0 stored: three 1x1 blocks, the middle one zero
        CooBuilder c = new CooBuilder(3, 3);
        c.add(0, 0, 2).add(1, 1, 0).add(2, 2, 3).add(0, 1, 1).add(1, 2, 1);
        try (CscMatrix a = c.build(CooBuilder.Zeros.KEEP)) {
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> BtfLu.factor(a));
            assertEquals(1, e.column(), e.getMessage());
            assertTrue(e.getMessage().contains("column 1"), e.getMessage());
        }
    }

    @Test
    void singularBlockNamesAColumnOfA() {
        // a 2x2 irreducible block [[1, 1], [1, 1]] (numerically singular) behind a regular 1x1 block
        CooBuilder c = new CooBuilder(3, 3);
        c.add(0, 0, 5).add(0, 1, 1).add(1, 1, 1).add(1, 2, 1).add(2, 1, 1).add(2, 2, 1);
        try (CscMatrix a = c.build(CooBuilder.Zeros.KEEP)) {
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> BtfLu.factor(a));
            assertTrue(e.column() == 1 || e.column() == 2, e.getMessage());
            assertTrue(e.getMessage().contains("column " + e.column()) && e.getMessage().contains("block"), e.getMessage());
        }
    }

    @Test
    void structurallySingularIsNamed() {
        CooBuilder c = new CooBuilder(3, 3);
        c.add(0, 0, 1).add(1, 0, 1).add(0, 1, 1).add(0, 2, 1);
        try (CscMatrix a = c.build(CooBuilder.Zeros.KEEP)) {
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> BtfLu.factor(a));
            assertTrue(e.getMessage().contains("structurally singular") && e.getMessage().contains("rank 2 of 3"), e.getMessage());
            assertTrue(e.column() == 1 || e.column() == 2, e.getMessage());
        }
    }

    @Test
    void nonFiniteEntriesAndOtherPatternsAreRefused() {
        try (CscMatrix a = Grids.cascade(50, 5, 2, 2, 3); BtfLu lu = BtfLu.factor(a); CscMatrix other = Grids.cascade(50, 5, 2, 2, 4)) {
            int p = 17;
            int row = a.pattern().row(p);
            int col = 0;
            while (a.pattern().colEnd(col) <= p) col++;
            a.setValue(p, Double.NaN);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lu.refactor(a));
            assertTrue(e.getMessage().contains("A(" + row + ", " + col + ") is NaN"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> BtfLu.factor(a));
            IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> lu.refactor(other));
            assertTrue(d.getMessage().contains("pattern"), d.getMessage());
        }
    }

    @Test
    void closedFactorizationRefusesToSolve() {
        try (CscMatrix a = Grids.cascade(20, 3, 1, 1, 2)) {
            BtfLu lu = BtfLu.factor(a);
            lu.close();
            lu.close();
            assertThrows(IllegalStateException.class, () -> lu.solve(DenseVector.heap(20), DenseVector.heap(20)));
        }
    }
}

package dev.pullback.sparse;

import static dev.pullback.sparse.LuTesting.normInf;
import static dev.pullback.sparse.LuTesting.randomVector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.factor.Method;
import dev.pullback.factor.NotPositiveDefiniteException;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.factor.SolveReport;
import dev.pullback.factor.SparseOptions;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.testing.Generated;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SupernodalCholesky on random SPD matrices (awkward sizes, isolated unknowns, dense columns):
 * backward error, the dense reference, the exact nnz(L) of a brute-force symbolic Cholesky, refactor
 * equal to a fresh factor, several right-hand sides, the lower-triangle contract, and not positive
 * definite matrices named by their column.
 */
@Tag("kernel-paths")
class SupernodalCholeskyTest {
    /**
     * A random SPD matrix: symmetric off-diagonal entries of about {@code density}·n² positions,
     * {@code dense} dense columns (coupled to every unknown), a few isolated unknowns (no
     * off-diagonal entry) and a diagonal above the sum of the row's magnitudes (diagonally dominant,
     * hence positive definite).
     */
    static CscMatrix randomSpd(Random rnd, int n, double density, int dense) {
        CooBuilder b = new CooBuilder(n, n);
        double[] rowAbs = new double[n];
        boolean[] isolated = new boolean[n];
        for (int i = 0; i < n; i++) isolated[i] = rnd.nextInt(10) == 0;
        int count = (int) (density * n * n / 2);
        for (int t = 0; t < count; t++) {
            int i = rnd.nextInt(n), j = rnd.nextInt(n);
            if (i == j || isolated[i] || isolated[j]) continue;
            add(b, rowAbs, i, j, rnd.nextDouble() * 2 - 1);
        }
        for (int d = 0; d < dense && n > 0; d++) {
            int j = rnd.nextInt(n);
            if (isolated[j]) continue;
            for (int i = 0; i < n; i++) if (i != j && !isolated[i]) add(b, rowAbs, i, j, 0.5 * (rnd.nextDouble() * 2 - 1));
        }
        for (int i = 0; i < n; i++) b.add(i, i, 1 + rowAbs[i] * (1 + rnd.nextDouble()));
        return b.build(CooBuilder.Zeros.KEEP);
    }

    private static void add(CooBuilder b, double[] rowAbs, int i, int j, double v) {
        b.add(i, j, v);
        b.add(j, i, v);
        rowAbs[i] += Math.abs(v);
        rowAbs[j] += Math.abs(v);
    }

    @Test
    void randomSpdMatricesSolveToBackwardErrorOfOrderEpsilon() {
        Generated.forAll(40, LuTesting.symmetricEdgeCases(), LuTesting.symmetricCases(), SupernodalCholeskyTest::checkCase);
    }

    private static void checkCase(LuTesting.SymmetricCase c) {
        Random rnd = new Random(c.seed());
        SparseOptions o = c.natural() ? SparseOptions.defaults().withOrdering(Ordering.NATURAL) : SparseOptions.defaults();
        try (CscMatrix a = randomSpd(rnd, c.n(), 4.0 / Math.max(1, c.n()), c.dense());
                SupernodalCholesky ch = SupernodalCholesky.analyze(a.pattern(), o).factor(a)) {
            assertEquals(Method.CHOLESKY, ch.method());
            LuTesting.checkSolves(a, ch, rnd, 20, 60, 1e-9);
            int[] q = ch.columnPermutation();
            assertArrayEquals(q, ch.rowPermutation(), "one symmetric permutation");
            long exact = bruteForceCholeskyNonzeros(LuTesting.dense(a), q);
            assertEquals(exact, ch.analysis().choleskyNonzeros(), "nnz(L) of the exact Cholesky structure");
            assertEquals(exact + ch.analysis().structure.amalgamationZeros, ch.nnzL(),
                    "stored nnz(L) = exact count + amalgamation zeros");
            double[] b = randomVector(rnd, c.n());
            try (DenseVector bv = DenseVector.of(b); DenseVector x = DenseVector.heap(c.n());
                    DenseVector xt = DenseVector.heap(c.n())) {
                ch.solve(bv, x);
                ch.solveTransposed(bv, xt);
                assertArrayEquals(x.toArray(), xt.toArray(), 0.0, "solveTransposed is solve");
            }
        }
    }

    /** nnz of the Cholesky factor of A(q, q) by symbolic elimination on a dense boolean matrix (diagonal included). */
    static long bruteForceCholeskyNonzeros(double[][] a, int[] q) {
        int n = q.length;
        boolean[][] s = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) s[i][j] = i == j || a[q[i]][q[j]] != 0 || a[q[j]][q[i]] != 0;
        }
        long count = 0;
        for (int k = 0; k < n; k++) {
            for (int i = k; i < n; i++) if (s[i][k]) count++;
            for (int i = k + 1; i < n; i++) {
                if (!s[i][k]) continue;
                for (int j = k + 1; j < n; j++) if (s[j][k]) s[i][j] = true;
            }
        }
        return count;
    }

    @Test
    void refactorGivesTheFreshFactorsBitForBitAndSeveralRightHandSidesMatchSingleSolves() {
        Random rnd = new Random(42);
        PlaneStressQ4 mesh = new PlaneStressQ4(24, 9, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs())) {
            CscMatrix a = asm.stiffness();
            int n = a.cols();
            try (SupernodalCholesky ch = SupernodalCholesky.factor(a); CscMatrix a2 = a.copy()) {
                // a symmetric change: scale row and column i by s_i (D A D stays SPD)
                double[] s = new double[n];
                for (int i = 0; i < n; i++) s[i] = 0.5 + rnd.nextDouble();
                for (int j = 0; j < n; j++) {
                    for (int p = a2.pattern().colStart(j); p < a2.pattern().colEnd(j); p++) {
                        a2.setValue(p, a.value(p) * s[a2.pattern().row(p)] * s[j]);
                    }
                }
                ch.refactor(a2);
                LuTesting.checkSolves(a2, ch, rnd, 20, 0, 0);
                try (SupernodalCholesky fresh = SupernodalCholesky.factor(a2); DenseVector b = DenseVector.of(randomVector(rnd, n));
                        DenseVector x1 = DenseVector.heap(n); DenseVector x2 = DenseVector.heap(n)) {
                    ch.solve(b, x1);
                    fresh.solve(b, x2);
                    assertArrayEquals(x2.toArray(), x1.toArray(), 0.0, "refactor = fresh factor");
                }
                int k = 5;
                try (DenseMatrix bm = DenseMatrix.zeros(n, k); DenseMatrix xm = DenseMatrix.zeros(n, k);
                        DenseVector bv = DenseVector.heap(n); DenseVector xv = DenseVector.heap(n)) {
                    for (int j = 0; j < k; j++) for (int i = 0; i < n; i++) bm.set(i, j, rnd.nextDouble() - 0.5);
                    ch.solve(bm, xm);
                    for (int j = 0; j < k; j++) {
                        for (int i = 0; i < n; i++) bv.set(i, bm.get(i, j));
                        ch.solve(bv, xv);
                        for (int i = 0; i < n; i++) assertEquals(xv.get(i), xm.get(i, j), 0.0, "column " + j);
                    }
                    ch.solveTransposed(bm, bm);
                    for (int j = 0; j < k; j++) for (int i = 0; i < n; i++) assertEquals(xm.get(i, j), bm.get(i, j), 0.0);
                }
            }
        }
    }

    @Test
    void onlyTheLowerTriangleIsRead() {
        Random rnd = new Random(7);
        int n = 70;
        try (CscMatrix a = randomSpd(rnd, n, 0.08, 1); CscMatrix garbled = a.copy()) {
            for (int j = 0; j < n; j++) {
                for (int p = garbled.pattern().colStart(j); p < garbled.pattern().colEnd(j); p++) {
                    if (garbled.pattern().row(p) < j) garbled.setValue(p, rnd.nextDouble() * 100 - 50);
                }
            }
            CooBuilder lb = new CooBuilder(n, n);
            for (int j = 0; j < n; j++) {
                for (int p = a.pattern().colStart(j); p < a.pattern().colEnd(j); p++) {
                    if (a.pattern().row(p) >= j) lb.add(a.pattern().row(p), j, a.value(p));
                }
            }
            try (CscMatrix lower = lb.build(CooBuilder.Zeros.KEEP); SupernodalCholesky ref = SupernodalCholesky.factor(a);
                    SupernodalCholesky g = SupernodalCholesky.factor(garbled); SupernodalCholesky l = SupernodalCholesky.factor(lower);
                    DenseVector b = DenseVector.of(randomVector(rnd, n)); DenseVector x = DenseVector.heap(n);
                    DenseVector y = DenseVector.heap(n)) {
                ref.solve(b, x);
                g.solve(b, y);
                assertArrayEquals(x.toArray(), y.toArray(), 0.0, "the upper triangle's values are not read");
                l.solve(b, y);
                assertArrayEquals(x.toArray(), y.toArray(), 1e-12 * normInf(x.toArray()), "a stored lower triangle suffices");
            }
        }
    }

    @Test
    void aNonPositivePivotNamesItsColumnAndTheFactorsStayUnusableUntilARefactorSucceeds() {
        Random rnd = new Random(3);
        int n = 150;
        try (CscMatrix a = randomSpd(rnd, n, 0.05, 1); CscMatrix bad = a.copy()) {
            int column = 97;
            for (int p = bad.pattern().colStart(column); p < bad.pattern().colEnd(column); p++) {
                if (bad.pattern().row(p) == column) bad.setValue(p, -0.5);
            }
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> SupernodalCholesky.factor(bad));
            assertEquals(column, e.column());
            assertTrue(e.pivot() <= -0.5, "pivot " + e.pivot());
            assertTrue(e.getMessage().contains("column 97"), e.getMessage());
            assertTrue(e instanceof SingularMatrixException);
            try (SupernodalCholesky ch = SupernodalCholesky.factor(a); DenseVector b = DenseVector.of(randomVector(rnd, n));
                    DenseVector x = DenseVector.heap(n)) {
                NotPositiveDefiniteException r = assertThrows(NotPositiveDefiniteException.class, () -> ch.refactor(bad));
                assertEquals(column, r.column());
                assertThrows(IllegalStateException.class, () -> ch.solve(b, x));
                ch.refactor(a);
                ch.solve(b, x);
                assertTrue(LuTesting.backwardError(a, x.toArray(), b.toArray(), false) < 1e-14);
            }
            // an indefinite matrix with a positive diagonal: [[1, 2], [2, 1]]
            try (CscMatrix ind = CscMatrix.of(2, 2, new int[] {0, 2, 4}, new int[] {0, 1, 0, 1}, new double[] {1, 2, 2, 1})) {
                NotPositiveDefiniteException r = assertThrows(NotPositiveDefiniteException.class, () -> SupernodalCholesky.factor(ind));
                assertEquals(-3.0, r.pivot(), 1e-15);
            }
        }
    }

    @Test
    void aNaNInTheLowerTriangleIsRefusedByName() {
        try (CscMatrix a = CscMatrix.of(2, 2, new int[] {0, 2, 4}, new int[] {0, 1, 0, 1}, new double[] {4, Double.NaN, 1, 4})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SupernodalCholesky.factor(a));
            assertTrue(e.getMessage().contains("A(1, 0)"), e.getMessage());
        }
    }

    @Test
    void conditionEstimateAndRefiningSolve() {
        Random rnd = new Random(8);
        try (CscMatrix a = randomSpd(rnd, 80, 0.06, 1); SupernodalCholesky ch = SupernodalCholesky.factor(a);
                DenseVector b = DenseVector.of(randomVector(rnd, 80)); DenseVector x = DenseVector.heap(80)) {
            double rc = ch.rcond();
            assertTrue(rc > 1e-3 && rc <= 1, "diagonally dominant: well conditioned, rcond " + rc);
            SolveReport report = new SolveReport();
            ch.solve(b, x, report);
            assertTrue(report.backwardError() <= 4 * Math.ulp(1.0), report.toString());
        }
    }

    @Test
    void diagonalBlocksOfEveryWidthMatchTheDenseReference() {
        // nearly dense SPD matrices: a few supernodes whose diagonal blocks take 1 to 23 columns, so
        // the four-column groups of the block solves end on every remainder
        int widest = 0;
        for (int n = 1; n <= 23; n++) {
            Random rnd = new Random(100 + n);
            try (CscMatrix a = randomSpd(rnd, n, 3.0, 0);
                    SupernodalCholesky ch = SupernodalCholesky.analyze(a.pattern(), SparseOptions.defaults()).factor(a)) {
                widest = Math.max(widest, ch.maxFrontOrder());
                LuTesting.checkSolves(a, ch, rnd, 20, 60, 1e-12);
            }
        }
        assertTrue(widest >= 17, "widest front " + widest);
    }

    @Test
    void largeSupernodesSolveAsAccuratelyAsTheLu() {
        // a 3D Laplacian in nested dissection order: separators of a few hundred columns
        SparseOptions nd = SparseOptions.defaults().withOrdering(Ordering.NESTED_DISSECTION);
        try (CscMatrix a = dev.pullback.gallery.Poisson3d.laplacian(15, 14, 13);
                SupernodalCholesky ch = SupernodalCholesky.analyze(a.pattern(), nd).factor(a);
                SupernodalLu lu = SupernodalLu.analyze(a.pattern(), nd).factor(a)) {
            assertTrue(ch.maxFrontOrder() > 100, ch.toString());
            Random rnd = new Random(5);
            LuTesting.checkSolves(a, ch, rnd, 20, 0, 1e-9);
            LuTesting.checkSolves(a, lu, rnd, 20, 0, 1e-9);
            assertSolvesAgree(ch, lu, true, rnd, a.cols());
        }
    }

    /** The Cholesky solve of a random b agrees entry by entry with the LU's (A symmetric: either direction). */
    private static void assertSolvesAgree(SupernodalCholesky ch, SupernodalLu lu, boolean luTransposed, Random rnd, int n) {
        try (DenseVector b = DenseVector.of(randomVector(rnd, n)); DenseVector x1 = DenseVector.heap(n);
                DenseVector x2 = DenseVector.heap(n)) {
            ch.solve(b, x1);
            if (luTransposed) lu.solveTransposed(b, x2);
            else lu.solve(b, x2);
            double[] u = x1.toArray(), v = x2.toArray();
            for (int i = 0; i < n; i++) assertEquals(v[i], u[i], 1e-10 * (1 + Math.abs(v[i])), "x[" + i + "]");
        }
    }

    /**
     * Two overlapping cliques in natural order: the first front has 2·BLOCK + 37 pivot columns and
     * 60 rows below them, so its factorization crosses block and panel boundaries, updates the
     * later pivot columns by the block products and F22 by the deep update. With 60 rows every
     * update reads the front unpacked; with 160 the first block's update and F22's have left
     * operands past {@link SupernodalCholesky#DIRECT} and take the packed SYRK and GEMM, the second
     * block's stays unpacked.
     */
    @ParameterizedTest
    @ValueSource(ints = {60, 160})
    void aFrontOfSeveralBlocksSolvesToBackwardErrorOfOrderEpsilon(int overlap) {
        int k = 2 * SupernodalCholesky.BLOCK + 37, tail = 25;
        assertTrue(overlap < 100 ? (long) (k + overlap - SupernodalCholesky.BLOCK) * SupernodalCholesky.BLOCK
                <= SupernodalCholesky.DIRECT : (long) overlap * k > SupernodalCholesky.DIRECT);
        int n = k + overlap + tail;
        Random rnd = new Random(17);
        CooBuilder b = new CooBuilder(n, n);
        double[] rowAbs = new double[n];
        addClique(b, rowAbs, rnd, 0, k + overlap);
        addClique(b, rowAbs, rnd, k, n);
        for (int i = 0; i < n; i++) b.add(i, i, rowAbs[i] + 1.0);
        SparseOptions natural = SparseOptions.defaults().withOrdering(Ordering.NATURAL);
        try (CscMatrix a = b.build(CooBuilder.Zeros.KEEP);
                SupernodalCholesky ch = SupernodalCholesky.analyze(a.pattern(), natural).factor(a);
                SupernodalLu lu = SupernodalLu.analyze(a.pattern(), natural).factor(a)) {
            assertTrue(ch.maxFrontOrder() >= k + overlap, ch.toString());
            LuTesting.checkSolves(a, ch, rnd, 20, 0, 1e-9);
            assertSolvesAgree(ch, lu, false, rnd, n);
        }
    }

    /** Symmetric random entries on every pair of nodes in [from, to), their magnitudes summed per row. */
    private static void addClique(CooBuilder b, double[] rowAbs, Random rnd, int from, int to) {
        for (int j = from; j < to; j++) {
            for (int i = j + 1; i < to; i++) {
                double v = rnd.nextDouble() * 2 - 1;
                b.add(i, j, v);
                b.add(j, i, v);
                rowAbs[i] += Math.abs(v);
                rowAbs[j] += Math.abs(v);
            }
        }
    }
}

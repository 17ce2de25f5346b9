package dev.pullback.sparse;

import dev.pullback.factor.Method;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import static dev.pullback.sparse.LuTesting.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.pullback.factor.SingularMatrixException;
import dev.pullback.gallery.Grids;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.testing.Generated;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

@Tag("kernel-paths")
class SupernodalLuTest {
    private static final double EPS = Math.ulp(1.0);

    private static void checkSolves(CscMatrix a, SupernodalLu lu, Random rnd, double allowance) {
        LuTesting.checkSolves(a, lu, rnd, allowance, 80, 1e-8);
    }

    /** x from SupernodalLu and SparseLu agree to a relative 1e-9 (both backward stable; A well conditioned). */
    private static void agreesWithSparseLu(CscMatrix a, SupernodalLu lu, Random rnd) {
        int n = a.cols();
        try (SparseLu gp = SparseLu.factor(a); DenseVector b = DenseVector.of(randomVector(rnd, n));
                DenseVector x1 = DenseVector.heap(n); DenseVector x2 = DenseVector.heap(n)) {
            lu.solve(b, x1);
            gp.solve(b, x2);
            assertArrayEquals(x2.toArray(), x1.toArray(), 1e-9 * normInf(x2.toArray()), "solve vs SparseLu");
            lu.solveTransposed(b, x1);
            gp.solveTransposed(b, x2);
            assertArrayEquals(x2.toArray(), x1.toArray(), 1e-9 * normInf(x2.toArray()), "solveTransposed vs SparseLu");
        }
    }

    /**
     * A structurally symmetric matrix of {@code nodes} nodes with {@code dofs} unknowns each (the
     * unknowns of a node and of adjacent nodes fully coupled, as in finite elements), so that the
     * unknowns of a node share one structure and fall into one supernode. With {@code swap}, some
     * nodes' diagonal blocks are [δ 1; 1 δ]·s with δ tiny: the diagonal pivot fails the threshold
     * test and a row of the same node (same supernode) must be taken.
     */
    static CscMatrix nodalMatrix(Random rnd, int nodes, int dofs, double density, boolean swap) {
        int n = nodes * dofs;
        CooBuilder b = new CooBuilder(n, n);
        double[] rowAbs = new double[n];
        for (int u = 0; u < nodes; u++) {
            for (int v = u + 1; v < nodes; v++) {
                if (rnd.nextDouble() >= density) continue;
                for (int i = 0; i < dofs; i++) {
                    for (int j = 0; j < dofs; j++) {
                        double x = rnd.nextDouble() - 0.5, y = rnd.nextDouble() - 0.5;
                        b.add(u * dofs + i, v * dofs + j, x);
                        b.add(v * dofs + j, u * dofs + i, y);
                        rowAbs[u * dofs + i] += Math.abs(x);
                        rowAbs[v * dofs + j] += Math.abs(y);
                    }
                }
            }
        }
        for (int u = 0; u < nodes; u++) {
            boolean weak = swap && dofs >= 2 && rnd.nextInt(3) == 0;
            double s = 0;
            for (int i = 0; i < dofs; i++) s = Math.max(s, rowAbs[u * dofs + i]);
            s = 4 * (1 + s);
            for (int i = 0; i < dofs; i++) {
                for (int j = 0; j < dofs; j++) {
                    int r = u * dofs + i, c = u * dofs + j;
                    double v;
                    // Unknowns pair up (0 with 1, 2 with 3, …); an odd one out keeps its diagonal.
                    int partner = (i ^ 1) < dofs ? i ^ 1 : i;
                    if (weak) v = partner == j ? s : (i == j ? 1e-9 * s : 0.01 * s);
                    else v = i == j ? s : 0.1 * (rnd.nextDouble() - 0.5);
                    b.add(r, c, v);
                }
            }
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    private record NodalCase(int nodes, int dofs, boolean swap, long seed) {}

    @Test
    void randomNodalMatricesSolveToBackwardErrorOfOrderEpsilon() {
        List<NodalCase> edges = new ArrayList<>();
        for (int nodes : Generated.ends(0, 40)) {
            for (int dofs = 1; dofs <= 3; dofs++) {
                edges.add(new NodalCase(nodes, dofs, false, 0));
                edges.add(new NodalCase(nodes, dofs, true, 0));
            }
        }
        Gen<NodalCase> gen = integers().between(0, 40).zip(integers().between(1, 3), booleans().all(), longs().all(),
                NodalCase::new);
        Generated.forAll(60, edges, gen, c -> randomNodalMatricesSolveToBackwardErrorOfOrderEpsilon(c.nodes(), c.dofs(),
                c.swap(), c.seed()));
    }

    private static void randomNodalMatricesSolveToBackwardErrorOfOrderEpsilon(int nodes, int dofs, boolean swap, long seed) {
        Random rnd = new Random(seed);
        try (CscMatrix a = nodalMatrix(rnd, nodes, dofs, 3.0 / Math.max(1, nodes), swap);
                SupernodalLu lu = SupernodalLu.factor(a)) {
            checkSolves(a, lu, rnd, 50);
            assertEquals(a.cols(), lu.n());
            assertPermutation(lu.rowPermutation());
            assertPermutation(lu.columnPermutation());
            assertEquals(SparseLu.analyze(a, SparseOptions.defaults().withOrdering(Ordering.AMD)).choleskyNonzeros()
                    + lu.amalgamationZeros() / 2, lu.nnzL(), "stored nnz(L) = Cholesky count + amalgamation zeros");
        }
    }

    @Test
    void weakDiagonalsArePivotedInsideTheirSupernodes() {
        Random rnd = new Random(17);
        try (CscMatrix a = nodalMatrix(rnd, 60, 2, 0.06, true); SupernodalLu lu = SupernodalLu.factor(a)) {
            assertTrue(lu.offDiagonalPivots() > 0, "the weak nodes must pivot: " + lu);
            checkSolves(a, lu, rnd, 50);
            agreesWithSparseLu(a, lu, rnd);
        }
    }

    /**
     * Blocks of every width up to nine, each also with row interchanges inside it (and the
     * one-column path), must solve and solve-t to the backward error bound and agree with SparseLu.
     */
    @Test
    void everyBlockWidthSolvesWithRowInterchanges() {
        boolean[] plain = new boolean[10], pivoted = new boolean[10];
        for (int seed = 0; seed < 56; seed++) {
            Random rnd = new Random(seed);
            int dofs = 1 + seed % 7;
            try (CscMatrix a = nodalMatrix(rnd, 30, dofs, 0.08, seed % 2 == 0); SupernodalLu lu = SupernodalLu.factor(a)) {
                for (int s = 0; s < lu.supernodes(); s++) {
                    int k = Math.min(9, lu.supernodeColumns(s));
                    if (lu.supernodePivoted(s)) pivoted[k] = true;
                    else plain[k] = true;
                }
                checkSolves(a, lu, rnd, 50);
                agreesWithSparseLu(a, lu, rnd);
            }
        }
        for (int k = 1; k <= 9; k++) {
            assertTrue(plain[k], "no supernode of " + k + (k == 9 ? "+" : "") + " columns without interchanges was solved");
            if (k > 1) assertTrue(pivoted[k], "no supernode of " + k + (k == 9 ? "+" : "") + " columns with interchanges was solved");
        }
    }

    @Test
    void zeroDiagonalPathNeedsPivotsInsideTheBlock() {
        // Tridiagonal with zero diagonal, n = 6 (nonsingular for even n): every column's only
        // candidates are its neighbours, all inside the one relaxed supernode.
        int n = 6;
        CooBuilder b = new CooBuilder(n, n);
        for (int i = 0; i + 1 < n; i++) {
            b.add(i, i + 1, 1.0 + i);
            b.add(i + 1, i, 2.0 - 0.1 * i);
        }
        for (int i = 0; i < n; i++) b.add(i, i, 0.0);
        try (CscMatrix a = b.build(CooBuilder.Zeros.KEEP); SupernodalLu lu = SupernodalLu.factor(a)) {
            assertTrue(lu.offDiagonalPivots() > 0);
            checkSolves(a, lu, new Random(2), 20);
        }
    }

    @Test
    void randomUnsymmetricValuesOnSymmetricPatterns() {
        Random rnd = new Random(5);
        for (int t = 0; t < 20; t++) {
            int n = 1 + rnd.nextInt(80);
            try (CscMatrix a0 = randomMatrix(rnd, n, 3.0 / n, false); CscMatrix at = a0.transpose();
                    CscMatrix a = symmetrize(a0, at, rnd); SupernodalLu lu = SupernodalLu.factor(a)) {
                checkSolves(a, lu, rnd, 50);
            }
        }
    }

    /** A + Aᵀ's pattern with independent random values (unsymmetric values, symmetric pattern). */
    private static CscMatrix symmetrize(CscMatrix a, CscMatrix at, Random rnd) {
        CooBuilder b = new CooBuilder(a.rows(), a.cols());
        for (CscMatrix m : new CscMatrix[] {a, at}) {
            for (int j = 0; j < m.cols(); j++) {
                for (int p = m.pattern().colStart(j); p < m.pattern().colEnd(j); p++) {
                    int i = m.pattern().row(p);
                    b.add(i, j, i == j ? m.value(p) : m.value(p) * (0.5 + rnd.nextDouble()));
                }
            }
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    @Test
    void q4ElasticitySolvesAccuratelyWithDiagonalPivots() {
        PlaneStressQ4 mesh = new PlaneStressQ4(24, 12, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs())) {
            CscMatrix k = asm.stiffness();
            try (SupernodalLu lu = SupernodalLu.factor(k)) {
                assertEquals(0, lu.offDiagonalPivots(), "SPD: the diagonal always passes");
                assertTrue(lu.supernodes() < k.cols() / 2, "supernodes " + lu.supernodes());
                checkSolves(k, lu, new Random(3), 50);
                agreesWithSparseLu(k, lu, new Random(4));
            }
        }
    }

    @Test
    void poissonConvectionDiffusionAndArrowSolveAccurately() {
        try (CscMatrix p = Grids.poisson2d(30, 25); CscMatrix c = Grids.convectionDiffusion2d(30, 20, 100, 50);
                CscMatrix c2 = Grids.convectionDiffusion2d(25, 25, -400, 900);
                CscMatrix arrow = Grids.arrow(600, 4, 1, 9)) {
            for (CscMatrix a : new CscMatrix[] {p, c, c2, arrow}) {
                try (SupernodalLu lu = SupernodalLu.factor(a)) {
                    checkSolves(a, lu, new Random(7), 50);
                    agreesWithSparseLu(a, lu, new Random(8));
                }
            }
        }
    }

    @Test
    void withoutRowScalingAndWithNaturalOrder() {
        try (CscMatrix a = Grids.convectionDiffusion2d(12, 11, 50, -30)) {
            SparseOptions o = SparseOptions.defaults().withRowScaling(false);
            try (SupernodalLu lu = SupernodalLu.factor(a, o)) {
                checkSolves(a, lu, new Random(1), 50);
            }
            try (SupernodalLu lu = SupernodalLu.factor(a, o.withOrdering(Ordering.NATURAL))) {
                assertEquals(Ordering.NATURAL, lu.ordering());
                checkSolves(a, lu, new Random(1), 50);
            }
        }
    }

    @Test
    void transposedSolveAgreesWithSolvingTheExplicitTranspose() {
        Random rnd = new Random(11);
        try (CscMatrix a = Grids.convectionDiffusion2d(20, 15, 300, -120); CscMatrix at = a.transpose();
                SupernodalLu lu = SupernodalLu.factor(a); SupernodalLu lut = SupernodalLu.factor(at);
                DenseVector b = DenseVector.of(randomVector(rnd, a.rows()));
                DenseVector x1 = DenseVector.heap(a.rows()); DenseVector x2 = DenseVector.heap(a.rows())) {
            lu.solveTransposed(b, x1);
            lut.solve(b, x2);
            assertArrayEquals(x2.toArray(), x1.toArray(), 1e-10 * normInf(x2.toArray()));
        }
    }

    @Test
    void severalRightHandSidesMatchOneAtATimeAndMayAlias() {
        Random rnd = new Random(13);
        int n = 300, k = 3;
        try (CscMatrix a = Grids.convectionDiffusion2d(20, 15, 40, 10); SupernodalLu lu = SupernodalLu.factor(a);
                DenseMatrix b = DenseMatrix.zeros(n, k); DenseMatrix x = DenseMatrix.zeros(n, k);
                DenseMatrix xt = DenseMatrix.zeros(n, k); DenseVector bc = DenseVector.heap(n);
                DenseVector xc = DenseVector.heap(n)) {
            for (int j = 0; j < k; j++) for (int i = 0; i < n; i++) b.set(i, j, rnd.nextDouble() - 0.5);
            lu.solve(b, x);
            lu.solveTransposed(b, xt);
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < n; i++) bc.set(i, b.get(i, j));
                lu.solve(bc, xc);
                for (int i = 0; i < n; i++) assertEquals(xc.get(i), x.get(i, j), 0.0);
                lu.solveTransposed(bc, xc);
                for (int i = 0; i < n; i++) assertEquals(xc.get(i), xt.get(i, j), 0.0);
                lu.solve(bc, bc); // b and x the same vector
                for (int i = 0; i < n; i++) assertEquals(x.get(i, j), bc.get(i), 0.0);
            }
            lu.solve(b, b);
            for (int j = 0; j < k; j++) for (int i = 0; i < n; i++) assertEquals(x.get(i, j), b.get(i, j), 0.0);
        }
    }

    @Test
    void refactorMatchesAFreshFactorAndRefusesStaleOrForeignInput() {
        Random rnd = new Random(21);
        try (CscMatrix a = Grids.convectionDiffusion2d(15, 12, 80, -40); SupernodalLu lu = SupernodalLu.factor(a);
                CscMatrix arrow = Grids.arrow(180, 1, 2, 3)) {
            double[] v = a.valuesArray();
            for (int p = 0; p < v.length; p++) v[p] *= 1 + 0.2 * (rnd.nextDouble() - 0.5);
            a.setValues(v);
            assertStaleSolveRefused(a, lu);
            lu.refactor(a);
            try (CscMatrix copy = a.copy(); SupernodalLu fresh = SupernodalLu.factor(copy);
                    DenseVector b = DenseVector.of(randomVector(rnd, a.rows())); DenseVector x1 = DenseVector.heap(a.rows());
                    DenseVector x2 = DenseVector.heap(a.rows())) {
                assertArrayEquals(fresh.rowPermutation(), lu.rowPermutation());
                assertSameSolutions(lu, fresh, b, x1, x2, 1e-13);
                assertEquals(fresh.reciprocalPivotGrowth(), lu.reciprocalPivotGrowth(), 1e-14);
                assertEquals(fresh.pivotRatio(), lu.pivotRatio(), 1e-14);
                checkSolves(a, lu, rnd, 50);
                lu.refactor(copy); // another matrix object with the same pattern
                lu.solve(b, x1);
                fresh.solve(b, x2);
                assertArrayEquals(x2.toArray(), x1.toArray(), 0.0);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lu.refactor(arrow));
            assertTrue(e.getMessage().contains("pattern"), e.getMessage());
        }
    }

    @Test
    void refactorRePivotsInsideBlocks() {
        Random rnd = new Random(23);
        try (CscMatrix a = nodalMatrix(rnd, 50, 2, 0.08, false); SupernodalLu lu = SupernodalLu.factor(a)) {
            assertEquals(0, lu.offDiagonalPivots());
            // Swap the roles inside the first pivot's node: tiny diagonals, large coupling (the
            // first pivot's column sees no update, so its diagonal fails the threshold test).
            int c = lu.columnPermutation()[0], c2 = c ^ 1;
            double s = Math.abs(a.get(c, c));
            a.setValue(a.pattern().find(c, c), 1e-9 * s);
            a.setValue(a.pattern().find(c2, c2), 1e-9 * s);
            a.setValue(a.pattern().find(c2, c), s);
            a.setValue(a.pattern().find(c, c2), s);
            lu.refactor(a);
            assertTrue(lu.offDiagonalPivots() > 0, lu.toString());
            checkSolves(a, lu, rnd, 50);
        }
    }

    @Test
    void singularInputNamesTheColumn() {
        // Empty column 3.
        CooBuilder b = new CooBuilder(6, 6);
        for (int i = 0; i < 6; i++) if (i != 3) b.add(i, i, 1.0 + i);
        b.add(3, 1, 2.0);
        try (CscMatrix a = b.build(CooBuilder.Zeros.KEEP)) {
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> SupernodalLu.factor(a));
            assertEquals(3, e.column(), e.getMessage());
        }
        // Column 2 = column 0 + column 1 on a full pattern (exact cancellation in binary).
        double[][] d = {{1, 2, 3, 0}, {4, 5, 9, 0}, {7, 8, 15, 0}, {1, 1, 2, 1}};
        CooBuilder c = new CooBuilder(4, 4);
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) c.add(i, j, d[i][j]);
        try (CscMatrix a = c.build(CooBuilder.Zeros.KEEP)) {
            SparseOptions o = SparseOptions.defaults().withOrdering(Ordering.NATURAL).withRowScaling(false);
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> SupernodalLu.factor(a, o));
            assertEquals(2, e.column(), e.getMessage());
        }
        // Refactor with a zero row/column makes the factors unusable until a good refactor.
        try (CscMatrix a = Grids.poisson2d(5, 5); SupernodalLu lu = SupernodalLu.factor(a)) {
            double[] saved = a.valuesArray();
            for (int p = a.pattern().colStart(7); p < a.pattern().colEnd(7); p++) a.setValue(p, 0.0);
            for (int j = 0; j < 25; j++) {
                int p = a.pattern().find(7, j);
                if (p >= 0) a.setValue(p, 0.0);
            }
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> lu.refactor(a));
            assertEquals(7, e.column(), e.getMessage());
            assertThrows(IllegalStateException.class, () -> {
                try (DenseVector bv = DenseVector.heap(25); DenseVector x = DenseVector.heap(25)) {
                    lu.solve(bv, x);
                }
            });
            a.setValues(saved);
            lu.refactor(a);
            checkSolves(a, lu, new Random(3), 50);
        }
    }

    @Test
    void nanAndInfinityAreReportedWithTheirEntry() {
        try (CscMatrix a = Grids.poisson2d(4, 4)) {
            a.setValue(a.pattern().find(5, 6), Double.NaN);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SupernodalLu.factor(a));
            assertTrue(e.getMessage().contains("A(5, 6)"), e.getMessage());
        }
    }

    @Test
    void closedFactorizationRefusesToWork() {
        try (CscMatrix a = Grids.poisson2d(3, 3); DenseVector b = DenseVector.heap(9); DenseVector x = DenseVector.heap(9)) {
            SupernodalLu lu = SupernodalLu.factor(a);
            assertTrue(lu.nativeBytes() > 0 && lu.toString().contains("supernodes="));
            lu.close();
            assertThrows(IllegalStateException.class, () -> lu.solve(b, x));
            assertThrows(IllegalStateException.class, () -> lu.solveTransposed(b, x));
            assertThrows(IllegalStateException.class, () -> lu.refactor(a));
            lu.close();
        }
    }

    /** Random values on a random symmetric pattern: no diagonal dominance, column maxima anywhere. */
    private static CscMatrix randomValues(Random rnd, int n, double density) {
        CooBuilder b = new CooBuilder(n, n);
        for (int i = 0; i < n; i++) {
            b.add(i, i, rnd.nextDouble() - 0.5);
            for (int j = i + 1; j < n; j++) {
                if (rnd.nextDouble() >= density) continue;
                b.add(i, j, rnd.nextDouble() - 0.5);
                b.add(j, i, rnd.nextDouble() - 0.5);
            }
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    @Test
    void offBlockPivotsAreDelayedToTheParentFronts() {
        // τ = 1 (plain partial pivoting): the pivot must be the largest candidate, and with random
        // values many columns' largest candidates lie in rows outside their supernodes' blocks.
        SparseOptions strict = SparseOptions.defaults().withPivotTolerance(1.0);
        int n = 200;
        Random rnd = new Random(8);
        try (CscMatrix a = randomValues(rnd, n, 0.03); SupernodalLu lu = SupernodalLu.factor(a, strict)) {
            assertTrue(lu.delayedPivots() > 0, lu.toString());
            checkSolves(a, lu, rnd, 50);
            agreesWithSparseLu(a, lu, rnd);
        }
    }

    @Test
    void delaysThatOutgrowTheFactorsGiveUpAndTheAdaptiveFactorizationFallsBack() {
        // τ = 1 on random values, sparser and larger: the delays would more than double L
        SparseOptions strict = SparseOptions.defaults().withPivotTolerance(1.0);
        int n = 600;
        try (CscMatrix a = randomValues(new Random(8), n, 0.01)) {
            SupernodalPivotException e = assertThrows(SupernodalPivotException.class, () -> SupernodalLu.factor(a, strict));
            assertTrue(e.column() >= 0 && e.column() < n && e.getMessage().contains("column " + e.column()), e.getMessage());
            try (AdaptiveSparseLu lu = AdaptiveSparseLu.factor(a, strict);
                    DenseVector bv = DenseVector.of(randomVector(new Random(4), n)); DenseVector x = DenseVector.heap(n)) {
                assertEquals(Method.GILBERT_PEIERLS, lu.method());
                assertTrue(lu.fallbackReason().contains("column " + e.column()), lu.fallbackReason());
                double bound = 100 * n * EPS / lu.reciprocalPivotGrowth();
                lu.solve(bv, x);
                assertTrue(backwardError(a, x.toArray(), bv.toArray(), false) < bound);
                lu.solveTransposed(bv, x);
                assertTrue(backwardError(a, x.toArray(), bv.toArray(), true) < bound);
            }
        }
    }

    @Test
    void adaptiveRefactorSwitchesToGilbertPeierlsWhenDelaysOutgrowTheFactors() {
        SparseOptions strict = SparseOptions.defaults().withPivotTolerance(1.0);
        int n = 600;
        try (CscMatrix a = randomValues(new Random(8), n, 0.01)) {
            // Diagonally dominant values first: the diagonal is every column's largest candidate.
            double[] saved = a.valuesArray();
            for (int j = 0; j < n; j++) a.setValue(a.pattern().find(j, j), 100.0);
            try (AdaptiveSparseLu lu = AdaptiveSparseLu.factor(a, strict);
                    DenseVector bv = DenseVector.of(randomVector(new Random(5), n)); DenseVector x = DenseVector.heap(n)) {
                assertEquals(Method.SUPERNODAL_LU, lu.method());
                assertNull(lu.fallbackReason());
                a.setValues(saved);
                lu.refactor(a);
                assertEquals(Method.GILBERT_PEIERLS, lu.method());
                double bound = 100 * n * EPS / lu.reciprocalPivotGrowth();
                lu.solve(bv, x);
                assertTrue(backwardError(a, x.toArray(), bv.toArray(), false) < bound);
                lu.refactor(a);
                lu.solveTransposed(bv, x);
                assertTrue(backwardError(a, x.toArray(), bv.toArray(), true) < bound);
            }
        }
    }

    @Test
    void adaptiveSendsUnsymmetricAndLittleFillingPatternsToSparseLu() {
        Random rnd = new Random(3);
        try (CscMatrix a = randomMatrix(rnd, 200, 0.01, false); AdaptiveSparseLu lu = AdaptiveSparseLu.factor(a);
                CscMatrix q = Grids.poisson2d(40, 40); AdaptiveSparseLu lq = AdaptiveSparseLu.factor(q);
                CscMatrix arrow = Grids.arrow(3000, 4, 1, 9); AdaptiveSparseLu la = AdaptiveSparseLu.factor(arrow)) {
            assertEquals(Method.GILBERT_PEIERLS, lu.method());
            assertTrue(lu.fallbackReason().contains("symmetry"), lu.fallbackReason());
            assertEquals(Method.CHOLESKY, lq.method(), "the Poisson matrix is SPD");
            assertInstanceOf(SupernodalCholesky.class, lq.delegate());
            assertEquals(Method.GILBERT_PEIERLS, la.method(), "an arrow matrix barely fills");
            assertTrue(la.fallbackReason().contains("little fill"), la.fallbackReason());
            try (DenseVector b = DenseVector.of(randomVector(new Random(6), arrow.rows()));
                    DenseVector x = DenseVector.heap(arrow.rows())) {
                la.solve(b, x);
                assertTrue(backwardError(arrow, x.toArray(), b.toArray(), false) < 100 * arrow.rows() * EPS);
                la.solveTransposed(b, x);
                assertTrue(backwardError(arrow, x.toArray(), b.toArray(), true) < 100 * arrow.rows() * EPS);
            }
            SparseLu gp = (SparseLu) la.delegate();
            assertEquals(Ordering.AMD, gp.ordering(), "little fill under AUTO: the fill test's AMD order");
            assertArrayEquals(SparseLu.analyze(arrow, SparseOptions.defaults().withOrdering(Ordering.AMD)).columnOrder(),
                    gp.columnPermutation());
            assertEquals(-1, gp.symbolic().choleskyNonzeros(), "the order is not counted again");
            assertEquals(-1, gp.symbolic().estimatedLuNonzeros());
            try (AdaptiveSparseLu chosen = AdaptiveSparseLu.factor(arrow, SparseOptions.defaults().withOrdering(Ordering.COLAMD))) {
                assertEquals(Method.GILBERT_PEIERLS, chosen.method());
                SparseLu named = (SparseLu) chosen.delegate();
                assertEquals(Ordering.COLAMD, named.ordering(), "an ordering the caller names is kept");
                assertEquals(-1, named.symbolic().choleskyNonzeros());
                // AMD without its dense nodes fills about as little as COLAMD here.
                assertTrue(gp.factorNonzeros() <= 1.05 * named.factorNonzeros(), gp.factorNonzeros() + " vs " + named.factorNonzeros());
            }
            // A small arrow: the natural order fills it completely (one dense front of n columns).
            try (CscMatrix small = Grids.arrow(300, 4, 1, 9);
                    AdaptiveSparseLu chosen = AdaptiveSparseLu.factor(small, SparseOptions.defaults().withOrdering(Ordering.NATURAL))) {
                assertEquals(Method.SUPERNODAL_LU, chosen.method(), "the dense nodes first fill the arrow");
            }
        }
    }

    static void assertPermutation(int[] p) {
        boolean[] seen = new boolean[p.length];
        for (int v : p) {
            assertFalse(seen[v], "repeated " + v);
            seen[v] = true;
        }
    }
}

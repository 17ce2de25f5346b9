package dev.pullback.sparse;

import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import static dev.pullback.sparse.LuTesting.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.pullback.factor.SingularMatrixException;
import dev.pullback.gallery.CircuitMna;
import dev.pullback.gallery.Grids;
import dev.pullback.gallery.PowerFlowJacobian;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.testing.Generated;
import dev.pullback.testing.Generated.Sized;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quicktheories.core.Gen;

class SparseLuTest {
    private static SparseOptions opts(Ordering o) {
        return SparseOptions.defaults().withOrdering(o);
    }

    /** Solves with A and Aᵀ; checks backward errors and, for small n, the dense reference. */
    private static void checkSolves(CscMatrix a, SparseLu lu, Random rnd, double allowance) {
        LuTesting.checkSolves(a, lu, rnd, allowance, 60, 1e-8);
    }

    private record LuCase(int n, double density, boolean weakDiagonal, Ordering ordering, long seed) {}

    @Test
    void randomUnsymmetricMatricesSolveToBackwardErrorOfOrderEpsilon() {
        List<LuCase> edges = new ArrayList<>();
        for (Sized c : Generated.sizedEdges(0, 60, 0.0, 0.3)) {
            for (boolean weak : new boolean[] {false, true}) {
                for (Ordering o : Ordering.values()) edges.add(new LuCase(c.n(), c.density(), weak, o, 0));
            }
        }
        Gen<LuCase> gen = integers().between(0, 60).zip(doubles().between(0.0, 0.3), booleans().all(),
                arbitrary().enumValues(Ordering.class), longs().all(), LuCase::new);
        Generated.forAll(150, edges, gen, c -> randomUnsymmetricMatricesSolveToBackwardErrorOfOrderEpsilon(c.n(),
                c.density(), c.weakDiagonal(), c.ordering(), c.seed()));
    }

    private static void randomUnsymmetricMatricesSolveToBackwardErrorOfOrderEpsilon(int n, double density,
            boolean weakDiagonal, Ordering ordering, long seed) {
        Random rnd = new Random(seed);
        try (CscMatrix a = randomMatrix(rnd, n, density, weakDiagonal);
                SparseLu lu = SparseLu.factor(a, SparseLu.analyze(a, opts(ordering)), opts(ordering))) {
            assertEquals(n, lu.n());
            assertNotEquals(Ordering.AUTO, lu.ordering());
            if (weakDiagonal && n > 1) assertTrue(lu.offDiagonalPivots() > 0, "a 1e-6 diagonal cannot pass the threshold test");
            assertPermutation(lu.rowPermutation());
            assertPermutation(lu.columnPermutation());
            checkSolves(a, lu, rnd, 50);
        }
    }

    private record DenseLinesCase(int n, int dense, boolean weakDiagonal, Ordering ordering, long seed) {}

    /**
     * Matrices with a few dense rows and columns (an arrow's, at random places) and sizes above 64:
     * their long columns take the factor's ascending sweep and the long reaches that the dense rows
     * make (filled columns) the ascending U order, while the rest takes the depth-first search.
     * Checked: the solves, the exact pattern (nnz(L+U) equals a boolean elimination of P·A·Q
     * with the factor's P and Q: Gilbert–Peierls computes the structural reach, nothing more or
     * less; a dense trailing block, which the filled ones take, stores its zeros too), and a
     * refactor with new values against a fresh factor kept to the same pivots.
     */
    @Test
    void denseRowsAndColumnsGiveTheExactPatternAndRefactor() {
        List<DenseLinesCase> edges = new ArrayList<>();
        for (int n : new int[] {65, 180}) {
            for (int dense : new int[] {1, 4}) {
                for (boolean weak : new boolean[] {false, true}) {
                    for (Ordering o : Ordering.values()) edges.add(new DenseLinesCase(n, dense, weak, o, 0));
                }
            }
        }
        Gen<DenseLinesCase> gen = integers().between(65, 180).zip(integers().between(1, 4), booleans().all(),
                arbitrary().enumValues(Ordering.class), longs().all(), DenseLinesCase::new);
        Generated.forAll(30, edges, gen, c -> denseRowsAndColumnsGiveTheExactPatternAndRefactor(c.n(), c.dense(),
                c.weakDiagonal(), c.ordering(), c.seed()));
    }

    private static void denseRowsAndColumnsGiveTheExactPatternAndRefactor(int n, int dense, boolean weakDiagonal,
            Ordering ordering, long seed) {
        Random rnd = new Random(seed);
        try (CscMatrix a = withDenseLines(rnd, randomMatrix(rnd, n, 3.0 / n, weakDiagonal), dense);
                SparseLu lu = SparseLu.factor(a, SparseLu.analyze(a, opts(ordering)), opts(ordering))) {
            checkSolves(a, lu, rnd, 50);
            long block = lu.trailingBlockOrder();
            long exact = symbolicLuNonzeros(a, lu.rowPermutation(), lu.columnPermutation());
            if (block == 0) {
                assertEquals(exact, lu.factorNonzeros(), "nnz(L+U) of " + lu);
            } else { // a dense trailing block stores its structural zeros too
                assertTrue(lu.factorNonzeros() >= exact && lu.factorNonzeros() <= exact + block * block,
                        lu.factorNonzeros() + " entries against " + exact + " structural ones, block of " + block);
            }
            // The storage ends at what the factors use, up to a quarter (+64 entries) spare each,
            // and each entry's column for the solves.
            long strict = 12 * (lu.nnzL() + lu.nnzU() - 2L * n);
            long columns = 4 * (lu.nnzL() + lu.nnzU() - 2L * n);
            // pointers, U's diagonal, A's copy, the dense trailing block
            long fixed = 12 * (n + 1L) + 8L * n + 16L * a.nnz() + 8 * block * block;
            assertTrue(lu.storageBytes() - fixed - columns <= strict + strict / 4 + 2 * 12 * 64,
                    lu.storageBytes() + " bytes for " + lu);
            double[] v = a.valuesArray();
            for (int p = 0; p < v.length; p++) v[p] *= 1 + 0.1 * (rnd.nextDouble() - 0.5);
            a.setValues(v);
            lu.refactor(a);
            try (SparseLu fresh = SparseLu.factor(a, SparseLu.analyze(a, opts(ordering)),
                    opts(ordering).withPivotTolerance(1.0));
                    DenseVector b = DenseVector.of(randomVector(rnd, n)); DenseVector x1 = DenseVector.heap(n);
                    DenseVector x2 = DenseVector.heap(n)) {
                checkSolves(a, lu, rnd, 50 / Math.min(1.0, 1e3 * lu.reciprocalPivotGrowth()));
                if (java.util.Arrays.equals(fresh.rowPermutation(), lu.rowPermutation())) {
                    assertSameSolutions(lu, fresh, b, x1, x2, 1e-9);
                }
            }
        }
    }

    /** A with {@code lines} random columns and as many rows made dense (half their entries set). */
    private static CscMatrix withDenseLines(Random rnd, CscMatrix a, int lines) {
        int n = a.rows();
        double[][] d = dense(a);
        try (a) {
            CooBuilder b = new CooBuilder(n, n);
            for (int t = 0; t < lines; t++) {
                int c = rnd.nextInt(n);
                int r = rnd.nextInt(n);
                for (int i = 0; i < n; i++) {
                    if (rnd.nextBoolean() && i != c) d[i][c] += rnd.nextDouble() - 0.5;
                    if (rnd.nextBoolean() && i != r) d[r][i] += rnd.nextDouble() - 0.5;
                }
            }
            double[] colAbs = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (i != j) colAbs[j] += Math.abs(d[i][j]);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    // The diagonal of a dense line is raised to keep A well conditioned; a weak
                    // diagonal elsewhere stays weak.
                    double v = i == j && Math.abs(d[i][j]) >= 1e-3 ? Math.copySign(1 + colAbs[j], d[i][j]) : d[i][j];
                    if (v != 0.0 || i == j) b.add(i, j, v);
                }
            }
            return b.build(CooBuilder.Zeros.KEEP);
        }
    }

    /**
     * nnz(L + U), diagonal once, of the boolean elimination of P·A·Q in its own order: A's stored
     * entries (zeros included) are structural, and no cancellation is assumed.
     */
    private static long symbolicLuNonzeros(CscMatrix a, int[] p, int[] q) {
        int n = a.rows();
        int[] cp = a.pattern().colPtrArray();
        int[] ri = a.pattern().rowIdxArray();
        int[] pinv = new int[n];
        for (int k = 0; k < n; k++) pinv[p[k]] = k;
        boolean[][] s = new boolean[n][n];
        for (int k = 0; k < n; k++) {
            for (int t = cp[q[k]]; t < cp[q[k] + 1]; t++) s[pinv[ri[t]]][k] = true;
        }
        for (int k = 0; k < n; k++) {
            for (int i = k + 1; i < n; i++) {
                if (!s[i][k]) continue;
                for (int j = k + 1; j < n; j++) if (s[k][j]) s[i][j] = true;
            }
        }
        long count = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (s[i][j] || i == j) count++;
        return count;
    }

    private record TransposeCase(int n, double density, boolean weakDiagonal, long seed) {}

    @Test
    void transposedSolveAgreesWithSolvingTheExplicitTranspose() {
        List<TransposeCase> edges = new ArrayList<>();
        for (Sized c : Generated.sizedEdges(1, 60, 0.01, 0.2)) {
            edges.add(new TransposeCase(c.n(), c.density(), false, 0));
            edges.add(new TransposeCase(c.n(), c.density(), true, 0));
        }
        Gen<TransposeCase> gen = integers().between(1, 60).zip(doubles().between(0.01, 0.2), booleans().all(), longs().all(),
                TransposeCase::new);
        Generated.forAll(40, edges, gen, c -> transposedSolveAgreesWithSolvingTheExplicitTranspose(c.n(), c.density(),
                c.weakDiagonal(), c.seed()));
    }

    private static void transposedSolveAgreesWithSolvingTheExplicitTranspose(int n, double density, boolean weakDiagonal,
            long seed) {
        Random rnd = new Random(seed);
        try (CscMatrix a = randomMatrix(rnd, n, density, weakDiagonal); CscMatrix at = a.transpose();
                SparseLu lu = SparseLu.factor(a); SparseLu lut = SparseLu.factor(at);
                DenseVector b = DenseVector.of(randomVector(rnd, n)); DenseVector x1 = DenseVector.heap(n);
                DenseVector x2 = DenseVector.heap(n)) {
            lu.solveTransposed(b, x1);
            lut.solve(b, x2);
            double scale = Math.max(1, normInf(x2.toArray()));
            for (int i = 0; i < n; i++) assertEquals(x2.get(i), x1.get(i), 1e-9 * scale, "entry " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(Ordering.class)
    void q4ElasticitySolvesAccurately(Ordering ordering) {
        PlaneStressQ4 mesh = new PlaneStressQ4(12, 6, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs())) {
            CscMatrix k = asm.stiffness();
            try (SparseLu lu = SparseLu.factor(k, SparseLu.analyze(k, opts(ordering)), opts(ordering))) {
                checkSolves(k, lu, new Random(3), 200);
                if (ordering == Ordering.AMD) {
                    // SPD with a symmetric pattern: diagonal pivots, and the estimate is exact.
                    assertEquals(0, lu.offDiagonalPivots());
                    assertEquals(lu.symbolic().choleskyNonzeros(), lu.nnzL());
                    assertEquals(lu.symbolic().choleskyNonzeros(), lu.nnzU());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Ordering.class)
    void convectionDiffusionSolvesAccurately(Ordering ordering) {
        try (CscMatrix a = Grids.convectionDiffusion2d(30, 20, 100, 50);
                SparseLu lu = SparseLu.factor(a, SparseLu.analyze(a, opts(ordering)), opts(ordering))) {
            checkSolves(a, lu, new Random(5), 100);
        }
    }

    @Test
    void amdAndColamdReduceFillDrasticallyOnAnArrowMatrix() {
        try (CscMatrix a = Grids.arrow(400, 3, 2, 11)) {
            long natural, amd, colamd;
            try (SparseLu lu = SparseLu.factor(a, SparseLu.analyze(a, opts(Ordering.NATURAL)), opts(Ordering.NATURAL))) {
                natural = lu.factorNonzeros();
                checkSolves(a, lu, new Random(1), 100);
            }
            try (SparseLu lu = SparseLu.factor(a, SparseLu.analyze(a, opts(Ordering.AMD)), opts(Ordering.AMD))) {
                amd = lu.factorNonzeros();
                checkSolves(a, lu, new Random(1), 100);
            }
            try (SparseLu lu = SparseLu.factor(a, SparseLu.analyze(a, opts(Ordering.COLAMD)), opts(Ordering.COLAMD))) {
                colamd = lu.factorNonzeros();
                checkSolves(a, lu, new Random(1), 100);
            }
            assertTrue(natural > 50L * 400, "natural order should fill the arrow: " + natural);
            assertTrue(amd * 5 < natural, "AMD fill " + amd + " vs natural " + natural);
            assertTrue(colamd * 5 < natural, "COLAMD fill " + colamd + " vs natural " + natural);
        }
    }

    @Test
    void severalRightHandSidesMatchOneAtATime() {
        Random rnd = new Random(9);
        int n = 40, m = 3;
        try (CscMatrix a = randomMatrix(rnd, n, 0.1, true); SparseLu lu = SparseLu.factor(a);
                DenseMatrix b = DenseMatrix.zeros(n, m); DenseMatrix x = DenseMatrix.zeros(n, m);
                DenseMatrix xt = DenseMatrix.zeros(n, m); DenseVector col = DenseVector.heap(n);
                DenseVector one = DenseVector.heap(n)) {
            for (int j = 0; j < m; j++) for (int i = 0; i < n; i++) b.set(i, j, rnd.nextDouble());
            lu.solve(b, x);
            lu.solveTransposed(b, xt);
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < n; i++) col.set(i, b.get(i, j));
                lu.solve(col, one);
                for (int i = 0; i < n; i++) assertEquals(one.get(i), x.get(i, j), 0.0);
                lu.solveTransposed(col, one);
                for (int i = 0; i < n; i++) assertEquals(one.get(i), xt.get(i, j), 0.0);
            }
            lu.solve(b, b); // in place
            for (int j = 0; j < m; j++) for (int i = 0; i < n; i++) assertEquals(x.get(i, j), b.get(i, j), 0.0);
        }
    }

    @Test
    void duplicatesFromCooAreSummedBeforeFactoring() {
        CooBuilder b = new CooBuilder(3, 3);
        b.add(0, 0, 1).add(0, 0, 1).add(1, 1, 3).add(2, 2, 4).add(2, 0, 0.5).add(2, 0, 0.5).add(0, 2, 1);
        try (CscMatrix a = b.build(CooBuilder.Zeros.KEEP); SparseLu lu = SparseLu.factor(a);
                DenseVector rhs = DenseVector.of(3, 3, 5); DenseVector x = DenseVector.heap(3)) {
            lu.solve(rhs, x);
            // [[2,0,1],[0,3,0],[1,0,4]] x = [3,3,5]  ->  x = [1,1,1]
            assertArrayEquals(new double[] {1, 1, 1}, x.toArray(), 1e-15);
        }
    }

    @Test
    void emptyColumnIsStructurallySingularAndNamed() {
        CooBuilder b = new CooBuilder(4, 4);
        b.add(0, 0, 1).add(1, 1, 1).add(3, 3, 1).add(2, 3, 1).add(2, 1, 1);
        try (CscMatrix a = b.build(CooBuilder.Zeros.KEEP)) {
            for (Ordering o : Ordering.values()) {
                SingularMatrixException e = assertThrows(SingularMatrixException.class,
                        () -> SparseLu.factor(a, SparseLu.analyze(a, opts(o)), opts(o)).close());
                assertEquals(2, e.column(), o + ": " + e.getMessage());
                assertTrue(e.getMessage().contains("structurally"), e.getMessage());
            }
        }
    }

    @Test
    void columnsSharingOneRowAreStructurallySingular() {
        // Columns 1 and 3 both live in row 2 only: no transversal.
        CooBuilder b = new CooBuilder(4, 4);
        b.add(0, 0, 1).add(2, 1, 1).add(1, 2, 1).add(3, 2, 1).add(2, 3, 2).add(0, 2, 1);
        try (CscMatrix a = b.build(CooBuilder.Zeros.KEEP)) {
            SingularMatrixException e = assertThrows(SingularMatrixException.class,
                    () -> SparseLu.factor(a, SparseLu.analyze(a, opts(Ordering.NATURAL)), opts(Ordering.NATURAL)).close());
            assertEquals(3, e.column(), e.getMessage());
            assertTrue(e.getMessage().contains("structurally"), e.getMessage());
        }
    }

    @Test
    void dependentColumnIsNumericallySingularAndNamed() {
        // Column 2 = column 0 + column 1 on a full pattern.
        double[][] d = {{1, 2, 3, 0}, {4, 5, 9, 0}, {7, 8, 15, 0}, {1, 1, 2, 1}};
        CooBuilder b = new CooBuilder(4, 4);
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) b.add(i, j, d[i][j]);
        try (CscMatrix a = b.build(CooBuilder.Zeros.KEEP)) {
            SparseOptions o = opts(Ordering.NATURAL).withRowScaling(false);
            SingularMatrixException e = assertThrows(SingularMatrixException.class,
                    () -> SparseLu.factor(a, SparseLu.analyze(a, o), o).close());
            assertEquals(2, e.column(), e.getMessage());
            assertTrue(e.getMessage().contains("numerically"), e.getMessage());
        }
    }

    @Test
    void zeroColumnOfStoredZerosIsNumericallySingular() {
        CooBuilder b = new CooBuilder(3, 3);
        b.add(0, 0, 1).add(1, 1, 0.0).add(2, 1, 0.0).add(2, 2, 1);
        try (CscMatrix a = b.build(CooBuilder.Zeros.KEEP)) {
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> SparseLu.factor(a).close());
            assertEquals(1, e.column());
        }
    }

    @Test
    void nanAndInfinityAreReportedWithTheirEntry() {
        try (CscMatrix a = Grids.poisson2d(4, 4)) {
            int p = a.pattern().find(5, 6);
            a.setValue(p, Double.NaN);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparseLu.factor(a).close());
            assertTrue(e.getMessage().contains("A(5, 6)") && e.getMessage().contains("NaN"), e.getMessage());
            a.setValue(p, -1);
            try (SparseLu lu = SparseLu.factor(a)) {
                a.setValue(p, Double.POSITIVE_INFINITY);
                IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> lu.refactor(a));
                assertTrue(r.getMessage().contains("A(5, 6)") && r.getMessage().contains("Infinity"), r.getMessage());
            }
        }
    }

    /** A refactor refused for a non-finite value leaves the factors, their row scale included, as they were. */
    @Test
    void aRefusedRefactorLeavesTheSolvesAsTheyWere() {
        Random rnd = new Random(22);
        try (CscMatrix a = CircuitMna.generate(400, 3).matrix(); CscMatrix bad = a.copy(); SparseLu lu = SparseLu.factor(a);
                DenseVector b = DenseVector.of(randomVector(rnd, 400)); DenseVector x1 = DenseVector.heap(400);
                DenseVector x2 = DenseVector.heap(400)) {
            lu.solve(b, x1);
            double[] v = bad.valuesArray();
            for (int p = 0; p < v.length; p++) v[p] *= 1 + 0.5 * rnd.nextDouble();
            v[v.length / 2] = Double.NaN;
            bad.setValues(v);
            assertThrows(IllegalArgumentException.class, () -> lu.refactor(bad));
            lu.solve(b, x2);
            assertArrayEquals(x1.toArray(), x2.toArray(), 0.0);
        }
    }

    /** The pivot growth of the kept factors, first asked for after a refused refactor, is theirs. */
    @Test
    void aRefusedRefactorLeavesThePivotGrowthAsItWas() {
        Random rnd = new Random(23);
        try (CscMatrix a = CircuitMna.generate(400, 3).matrix(); CscMatrix bad = a.copy(); SparseLu lu = SparseLu.factor(a);
                SparseLu same = SparseLu.factor(a)) {
            double[] v = bad.valuesArray();
            for (int p = 0; p < v.length; p++) v[p] *= 1 + 0.5 * rnd.nextDouble();
            v[v.length / 3] = Double.POSITIVE_INFINITY;
            bad.setValues(v);
            assertThrows(IllegalArgumentException.class, () -> lu.refactor(bad));
            assertEquals(same.reciprocalPivotGrowth(), lu.reciprocalPivotGrowth(), 0.0);
        }
    }

    @Test
    void refactorAfterValueChangesMatchesAFreshFactor() {
        Random rnd = new Random(21);
        try (CscMatrix a = Grids.convectionDiffusion2d(15, 12, 80, -40); SparseLu lu = SparseLu.factor(a)) {
            double[] v = a.valuesArray();
            for (int p = 0; p < v.length; p++) v[p] *= 1 + 0.2 * (rnd.nextDouble() - 0.5);
            a.setValues(v);
            assertStaleSolveRefused(a, lu);
            lu.refactor(a);
            assertTrue(lu.reciprocalPivotGrowth() > 0.1, "growth " + lu.reciprocalPivotGrowth());
            assertTrue(lu.pivotRatio() > 0 && lu.pivotRatio() <= 1);
            try (CscMatrix copy = a.copy(); SparseLu fresh = SparseLu.factor(copy);
                    DenseVector b = DenseVector.of(randomVector(rnd, a.rows())); DenseVector x1 = DenseVector.heap(a.rows());
                    DenseVector x2 = DenseVector.heap(a.rows())) {
                assertArrayEquals(fresh.rowPermutation(), lu.rowPermutation(), "pivots kept (they stay acceptable here)");
                assertSameSolutions(lu, fresh, b, x1, x2, 1e-12);
                assertEquals(fresh.reciprocalPivotGrowth(), lu.reciprocalPivotGrowth(), 1e-12);
                checkSolves(a, lu, rnd, 100);
                lu.refactor(copy); // another matrix object with the same pattern
                lu.solve(b, x1);
                fresh.solve(b, x2);
                assertArrayEquals(x2.toArray(), x1.toArray(), 1e-12 * normInf(x2.toArray()));
            }
        }
    }

    /**
     * The reciprocal pivot growth against a case worked by hand: Wilkinson's matrix (1 on the
     * diagonal, −1 below it, last column c) in the natural order keeps its diagonal pivots (they
     * pass the threshold test), its rows already have largest magnitude 1, and U's last column is
     * x_i = c_i + Σ_{j<i} x_j. With c = 1 that is 1, 2, 4, …, 2^(n−1): rgrowth = 2^−(n−1); with
     * c = (1, 0, …, 0, 1) it is 1, 1, 2, …, 2^(n−3), 1 + 2^(n−2): rgrowth = 1 / (1 + 2^(n−2)). After
     * factor and after each refactor (which leave the growth to the first call that asks).
     */
    @Test
    void pivotGrowthOfWilkinsonsMatrix() {
        int n = 20;
        SparseOptions natural = SparseOptions.defaults().withOrdering(Ordering.NATURAL);
        try (DenseMatrix d = DenseMatrix.zeros(n, n)) {
            for (int i = 0; i < n; i++) {
                d.set(i, i, 1.0);
                for (int j = 0; j < i; j++) d.set(i, j, -1.0);
                d.set(i, n - 1, 1.0);
            }
            try (CscMatrix a = CscMatrix.fromDense(d, true);
                    SparseLu lu = SparseLu.factor(a, SparseLu.analyze(a, natural), natural)) {
                assertEquals(0, lu.offDiagonalPivots());
                assertEquals(Math.scalb(1.0, -(n - 1)), lu.reciprocalPivotGrowth());
                for (int i = 1; i < n - 1; i++) d.set(i, n - 1, 0.0);
                try (CscMatrix b = CscMatrix.fromDense(d, true)) {
                    assertEquals(a.nnz(), b.nnz());
                    lu.refactor(b);
                    assertEquals(1.0 / (1.0 + Math.scalb(1.0, n - 2)), lu.reciprocalPivotGrowth());
                    lu.refactor(a);
                    assertEquals(Math.scalb(1.0, -(n - 1)), lu.reciprocalPivotGrowth());
                }
            }
        }
    }

    /**
     * Refactor runs U(:,k)'s updates in the order factor ran them, so on the factor's own values it
     * gives the same L and U to the last bit; here on circuit and power-flow matrices (the GP route's
     * own, at sizes without a dense trailing block, whose dense sums run in another order: see
     * DenseTrailingBlockTest), with the values read from a segment that is not 8-byte aligned.
     */
    @Test
    void refactorOnTheSameValuesReproducesTheFactorsExactly() {
        Random rnd = new Random(5);
        for (long seed = 1; seed <= 3; seed++) {
            for (int n : new int[] {300, 1200}) {
                try (CscMatrix circuit = CircuitMna.generate(n, seed).matrix();
                        CscMatrix power = PowerFlowJacobian.generate(n, seed)) {
                    for (CscMatrix a : List.of(circuit, power)) refactorReproducesFactor(a, rnd);
                }
            }
        }
    }

    /**
     * A matrix of at least 2¹⁶ entries is factored from a copy of its columns in step order, refactor
     * reads them in place: refactor on the same values must still give the factors to the last bit,
     * with row scaling (scaled as the columns are scattered) and without it.
     */
    @Test
    void largeMatricesFactorFromTheirColumnsInStepOrder() {
        Random rnd = new Random(6);
        try (CscMatrix circuit = CircuitMna.generate(12_000, 4).matrix();
                CscMatrix power = PowerFlowJacobian.generate(12_000, 2)) {
            for (CscMatrix a : List.of(circuit, power)) {
                assertTrue(a.nnz() >= 1 << 16, "nnz " + a.nnz());
                for (boolean scaling : new boolean[] {true, false}) {
                    refactorReproducesFactor(a, rnd, SparseOptions.defaults().withRowScaling(scaling));
                }
            }
        }
    }

    private static void refactorReproducesFactor(CscMatrix a, Random rnd) {
        refactorReproducesFactor(a, rnd, SparseOptions.defaults());
    }

    private static void refactorReproducesFactor(CscMatrix a, Random rnd, SparseOptions options) {
        int n = a.rows();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment shifted = arena.allocate(8L * a.nnz() + 4, 8).asSlice(4);
            MemorySegment.copy(a.values(), 0, shifted, 0, 8L * a.nnz());
            CscMatrix unaligned = CscMatrix.view(a.pattern(), shifted);
            try (SparseLu lu = SparseLu.factor(unaligned, SparseLu.analyze(unaligned, options), options); DenseVector b = DenseVector.of(randomVector(rnd, n));
                    DenseVector x1 = DenseVector.heap(n); DenseVector x2 = DenseVector.heap(n)) {
                checkSolves(a, lu, rnd, 100);
                lu.solve(b, x1);
                double growth = lu.reciprocalPivotGrowth();
                lu.refactor(unaligned);
                lu.solve(b, x2);
                assertArrayEquals(x1.toArray(), x2.toArray(), 0.0, "refactor on the same values, " + lu);
                lu.solveTransposed(b, x1);
                lu.refactor(a);
                lu.solveTransposed(b, x2);
                assertArrayEquals(x1.toArray(), x2.toArray(), 0.0, "transposed, " + lu);
                assertEquals(growth, lu.reciprocalPivotGrowth());
            }
        }
    }

    @Test
    void powerFlowColumnPairsRefactorToTheDenseReference() {
        Random rnd = new Random(11);
        for (long seed = 1; seed <= 3; seed++) {
            for (int n : new int[] {120, 300}) {
                try (CscMatrix a = PowerFlowJacobian.generate(n, seed); SparseLu lu = SparseLu.factor(a)) {
                    int[] pairs = lu.pairStarts();
                    // A bus's two unknowns have the same column pattern: most steps are pairs.
                    assertTrue(2 * pairs.length >= n / 2, pairs.length + " pairs for n = " + n);
                    for (int t = 1; t < pairs.length; t++) assertTrue(pairs[t] >= pairs[t - 1] + 2, "pairs overlap");
                    double[] v = a.valuesArray();
                    for (int p = 0; p < v.length; p++) v[p] *= 1 + 0.2 * (rnd.nextDouble() - 0.5);
                    a.setValues(v);
                    lu.refactor(a);
                    LuTesting.checkSolves(a, lu, rnd, 100, 300, 1e-8);
                }
            }
        }
    }

    @Test
    void aZeroPivotInEitherColumnOfAPairIsReportedAndLeavesTheWorkClean() {
        Random rnd = new Random(12);
        try (CscMatrix a = PowerFlowJacobian.generate(200, 3); SparseLu lu = SparseLu.factor(a);
                DenseVector b = DenseVector.of(randomVector(rnd, 200)); DenseVector x1 = DenseVector.heap(200);
                DenseVector x2 = DenseVector.heap(200)) {
            int[] pairs = lu.pairStarts();
            assertTrue(pairs.length > 0, "no pair in " + lu);
            lu.solve(b, x1);
            double[] original = a.valuesArray();
            for (int k : pairs) for (int member = 0; member < 2; member++) {
                int j = lu.columnPermutation()[k + member];
                double[] v = original.clone();
                int[] colPtr = a.pattern().colPtrArray();
                for (int p = colPtr[j]; p < colPtr[j + 1]; p++) v[p] = 0.0; // A(:,j) = 0: a zero kept pivot
                a.setValues(v);
                SingularMatrixException s = assertThrows(SingularMatrixException.class, () -> lu.refactor(a));
                assertEquals(j, s.column());
                a.setValues(original);
                lu.refactor(a);
                lu.solve(b, x2);
                assertArrayEquals(x1.toArray(), x2.toArray(), 0.0, "after a zero pivot at step " + (k + member));
            }
        }
    }

    @Test
    void refactorRefusesADifferentPatternAndReportsAZeroPivot() {
        try (CscMatrix a = Grids.poisson2d(5, 5); CscMatrix other = a.transpose();
                CscMatrix arrow = Grids.arrow(25, 1, 2, 3); SparseLu lu = SparseLu.factor(a)) {
            lu.refactor(other); // the transpose of a symmetric pattern is the same pattern
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lu.refactor(arrow));
            assertTrue(e.getMessage().contains("pattern"), e.getMessage());
            // Make the first pivot of the kept order exactly zero.
            int first = lu.columnPermutation()[0];
            a.setValue(a.pattern().find(first, first), 0.0);
            SingularMatrixException s = assertThrows(SingularMatrixException.class, () -> lu.refactor(a));
            assertEquals(first, s.column());
            assertThrows(IllegalStateException.class, () -> {
                try (DenseVector b = DenseVector.heap(25); DenseVector x = DenseVector.heap(25)) {
                    lu.solve(b, x);
                }
            });
        }
    }

    @Test
    void closedFactorizationRefusesToSolve() {
        try (CscMatrix a = Grids.poisson2d(3, 3); DenseVector b = DenseVector.heap(9); DenseVector x = DenseVector.heap(9)) {
            SparseLu lu = SparseLu.factor(a);
            lu.close();
            assertThrows(IllegalStateException.class, () -> lu.solve(b, x));
            assertThrows(IllegalArgumentException.class, () -> {
                try (SparseLu l2 = SparseLu.factor(a); DenseVector small = DenseVector.heap(8)) {
                    l2.solve(small, x);
                }
            });
        }
    }

    @Test
    void autoPicksAmdForSymmetricAndColamdForUnsymmetricPatterns() {
        Random rnd = new Random(4);
        try (CscMatrix sym = Grids.convectionDiffusion2d(8, 8, 10, 10); CscMatrix unsym = randomMatrix(rnd, 50, 0.05, false)) {
            assertEquals(Ordering.AMD, SparseLu.analyze(sym).ordering());
            assertEquals(1.0, SparseLu.analyze(sym).symmetry());
            Symbolic s = SparseLu.analyze(unsym);
            assertTrue(s.symmetry() < 0.5);
            assertEquals(Ordering.COLAMD, s.ordering());
        }
    }

    static void assertPermutation(int[] p) {
        boolean[] seen = new boolean[p.length];
        for (int v : p) {
            assertTrue(v >= 0 && v < p.length && !seen[v], "not a permutation at value " + v);
            seen[v] = true;
        }
    }
}

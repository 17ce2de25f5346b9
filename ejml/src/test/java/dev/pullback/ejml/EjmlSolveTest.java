package dev.pullback.ejml;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.dense.DenseLu;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.testing.Generated;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.ejml.interfaces.linsol.LinearSolverSparse;
import org.ejml.sparse.FillReducing;
import org.ejml.sparse.csc.CommonOps_DSCC;
import org.ejml.sparse.csc.factory.LinearSolverFactory_DSCC;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An EJML system converted to Pullback and solved by a Pullback factorization agrees with EJML's own
 * solver, and its residual, computed by EJML, is of the order of ε.
 */
@Tag("kernel-paths")
class EjmlSolveTest {
    private static final double EPS = Math.ulp(1.0);

    /** The solvers for general matrices ("cholesky" and "ldlt" read the lower triangle of a symmetric one). */
    static Iterable<String> solvers() {
        return Solvers.names().stream().filter(s -> !Solvers.get(s).symmetricOnly()).toList();
    }

    @ParameterizedTest
    @MethodSource("solvers")
    void sparseSolvesAgreeWithEjml(String solver) {
        Generated.forAll(40, Generated.sizedEdges(1, 60, 0.0, 0.2), Generated.sized(1, 60, 0.0, 0.2), c -> {
            Random rnd = new Random(c.seed());
            int n = c.n();
            DMatrixSparseCSC e = RandomEjml.diagonallyDominant(n, c.density(), rnd); // unsorted rows
            DMatrixSparseCSC sorted = e.copy();
            sorted.sortIndices(null); // EJML's solvers want sorted rows; Pullback's conversion sorts itself
            DMatrixRMaj b = RandomEjml.dense(n, 1, rnd);
            DMatrixRMaj bs = RandomEjml.dense(n, 3, rnd);
            try (CscMatrix a = Ejml.toCsc(e);
                    SparseFactorization f = Solvers.get(solver).analyze(a.pattern()).factor(a);
                    DenseMatrix bd = Ejml.toDense(bs);
                    DenseMatrix xd = DenseMatrix.zeros(n, 3)) {
                // One right-hand side, through the zero-copy views: b read in place, x seen by EJML.
                DenseVector x = DenseVector.heap(n);
                f.solve(Ejml.vectorView(b), x);
                DMatrixRMaj xp = Ejml.columnView(x);
                assertAgrees(ejmlSolve(sorted, b), xp, solver + " solve");
                assertSmallResidual(sorted, xp, b, solver + " solve");

                DMatrixSparseCSC t = CommonOps_DSCC.transpose(sorted, null, null);
                f.solveTransposed(Ejml.vectorView(b), x);
                assertAgrees(ejmlSolve(t, b), xp, solver + " solveTransposed");
                assertSmallResidual(t, xp, b, solver + " solveTransposed");

                // Several right-hand sides, through the dense copies.
                f.solve(bd, xd);
                DMatrixRMaj xs = Ejml.toEjml(xd);
                assertAgrees(ejmlSolve(sorted, bs), xs, solver + " solve, 3 right-hand sides");
                assertSmallResidual(sorted, xs, bs, solver + " solve, 3 right-hand sides");
            }
        });
    }

    @Test
    void denseSolvesAgreeWithEjml() {
        Generated.forAll(40, Generated.sizedEdges(1, 40, 0, 0), Generated.sized(1, 40, 0, 0), c -> {
            Random rnd = new Random(c.seed());
            int n = c.n();
            DMatrixRMaj a = RandomEjml.dense(n, n, rnd);
            for (int i = 0; i < n; i++) a.add(i, i, n); // keeps A well conditioned
            DMatrixRMaj b = RandomEjml.dense(n, 1, rnd);
            LinearSolverDense<DMatrixRMaj> ejml = LinearSolverFactory_DDRM.lu(n);
            assertTrue(ejml.setA(a.copy()));
            DMatrixRMaj expected = new DMatrixRMaj(n, 1);
            ejml.solve(b.copy(), expected);

            DenseVector x = DenseVector.heap(n);
            // A row-major A viewed in place is Aᵀ column-major: its transposed solve is A⁻¹b.
            try (DenseLu lu = DenseLu.factor(Ejml.transposedView(a))) {
                lu.solveTransposed(Ejml.vectorView(b), x);
            }
            assertAgrees(expected, Ejml.columnView(x), "transposed view");
            try (DenseMatrix copy = Ejml.toDense(a); DenseLu lu = DenseLu.factor(copy)) {
                lu.solve(Ejml.vectorView(b), x);
            }
            assertAgrees(expected, Ejml.columnView(x), "copy");
            DMatrixRMaj r = new DMatrixRMaj(n, 1);
            CommonOps_DDRM.mult(a, Ejml.columnView(x), r);
            double scale = CommonOps_DDRM.elementMaxAbs(a) * n * CommonOps_DDRM.elementMaxAbs(Ejml.columnView(x))
                    + maxAbs(b);
            for (int i = 0; i < n; i++) assertEquals(b.get(i, 0), r.get(i, 0), 10 * n * EPS * scale, "residual row " + i);
        });
    }

    private static DMatrixRMaj ejmlSolve(DMatrixSparseCSC a, DMatrixRMaj b) {
        LinearSolverSparse<DMatrixSparseCSC, DMatrixRMaj> lu = LinearSolverFactory_DSCC.lu(FillReducing.NONE);
        assertTrue(lu.setA(a.copy()), "EJML factors A");
        DMatrixRMaj x = new DMatrixRMaj(a.numCols, b.numCols);
        DMatrixRMaj rhs = new DMatrixRMaj(b.numRows, b.numCols);
        System.arraycopy(b.data, 0, rhs.data, 0, b.numRows * b.numCols);
        lu.solve(rhs, x);
        return x;
    }

    /** Both solvers are backward stable on a well-conditioned A: the solutions agree to a few ulps of ‖x‖∞. */
    private static void assertAgrees(DMatrixRMaj expected, DMatrixRMaj actual, String what) {
        assertEquals(expected.numRows, actual.numRows, what);
        assertEquals(expected.numCols, actual.numCols, what);
        double tol = 1e3 * EPS * Math.max(1, maxAbs(expected));
        for (int i = 0; i < expected.numRows; i++) {
            for (int j = 0; j < expected.numCols; j++) {
                assertEquals(expected.get(i, j), actual.get(i, j), tol, what + ": entry (" + i + ", " + j + ")");
            }
        }
    }

    /** ‖B − A X‖ per column, with A X computed by EJML, within 10·n·ε·(‖A‖∞‖x‖∞ + ‖b‖∞). */
    private static void assertSmallResidual(DMatrixSparseCSC a, DMatrixRMaj x, DMatrixRMaj b, String what) {
        DMatrixRMaj r = new DMatrixRMaj(a.numRows, x.numCols);
        CommonOps_DSCC.mult(a, x, r);
        double normA = 0;
        for (int i = 0; i < a.numRows; i++) {
            double row = 0;
            for (int j = 0; j < a.numCols; j++) row += Math.abs(a.get(i, j));
            normA = Math.max(normA, row);
        }
        double tol = 10 * a.numRows * EPS * (normA * maxAbs(x) + maxAbs(b));
        for (int i = 0; i < r.numRows; i++) {
            for (int j = 0; j < r.numCols; j++) {
                assertEquals(b.get(i, j), r.get(i, j), tol, what + ": residual (" + i + ", " + j + ")");
            }
        }
    }

    private static double maxAbs(DMatrixRMaj m) {
        double s = 0;
        for (int i = 0; i < m.numRows; i++) for (int j = 0; j < m.numCols; j++) s = Math.max(s, Math.abs(m.get(i, j)));
        return s;
    }
}

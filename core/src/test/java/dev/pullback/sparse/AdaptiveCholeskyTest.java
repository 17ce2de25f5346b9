package dev.pullback.sparse;

import static dev.pullback.sparse.LuTesting.backwardError;
import static dev.pullback.sparse.LuTesting.randomVector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.factor.Inertia;
import dev.pullback.factor.Method;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.gallery.Grids;
import dev.pullback.gallery.Kkt;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The adaptive solver's Cholesky route: an SPD matrix goes to Cholesky; symmetric values with a
 * non-positive diagonal or a non-positive pivot go to LDLᵀ, values that are not symmetric (or that
 * LDLᵀ finds singular) take the LU route, and {@code method()} says why; a refactor with SPD values
 * returns to Cholesky; the registry names "cholesky" and "ldlt".
 */
@Tag("kernel-paths")
class AdaptiveCholeskyTest {
    private static final double EPS = Math.ulp(1.0);

    private static void solvesAccurately(CscMatrix a, AdaptiveSparseLu f) {
        Random rnd = new Random(1);
        int n = a.cols();
        try (DenseVector b = DenseVector.of(randomVector(rnd, n)); DenseVector x = DenseVector.heap(n)) {
            f.solve(b, x);
            assertTrue(backwardError(a, x.toArray(), b.toArray(), false) < 100 * n * EPS, f.toString());
            f.solveTransposed(b, x);
            assertTrue(backwardError(a, x.toArray(), b.toArray(), true) < 100 * n * EPS, f.toString());
        }
    }

    @Test
    void spdGoesToCholeskyAndEverythingElseOnTheSamePatternToTheLuRouteWithTheReason() {
        PlaneStressQ4 mesh = new PlaneStressQ4(48, 16, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs()); CscMatrix a = asm.stiffness().copy();
                CscMatrix neg = a.copy(); CscMatrix skew = a.copy(); CscMatrix indefinite = a.copy()) {
            int n = a.cols();
            AdaptiveAnalysis analysis = AdaptiveSparseLu.analyze(a.pattern(), dev.pullback.factor.SparseOptions.defaults());
            assertEquals(Method.CHOLESKY, analysis.method());
            try (AdaptiveSparseLu f = analysis.factor(a)) {
                assertEquals(Method.CHOLESKY, f.method(), f.methodReason());
                assertEquals("cholesky (supernodal, AMD)", f.method().description());
                assertInstanceOf(SupernodalCholesky.class, f.delegate());
                assertTrue(f.methodReason().contains("symmetric"), f.methodReason());
                solvesAccurately(a, f);

                // −A: symmetric, negative diagonal → LDLᵀ, reason names the diagonal entry
                for (int p = 0; p < neg.nnz(); p++) neg.setValue(p, -a.value(p));
                f.refactor(neg);
                assertEquals(Method.LDLT, f.method());
                assertEquals(new Inertia(0, n, 0), ((SupernodalLdlt) f.delegate()).inertia());
                assertTrue(f.methodReason().contains("diagonal entry A(0, 0)"), f.methodReason());
                solvesAccurately(neg, f);

                // back to SPD values: Cholesky again
                f.refactor(a);
                assertEquals(Method.CHOLESKY, f.method());
                solvesAccurately(a, f);

                // one entry of the upper triangle changed: values not symmetric
                int col = n / 2, p0 = -1;
                for (int p = skew.pattern().colStart(col); p < skew.pattern().colEnd(col); p++) {
                    if (skew.pattern().row(p) < col) p0 = p;
                }
                skew.setValue(p0, skew.value(p0) * 1.5 + 1);
                f.refactor(skew);
                assertEquals(Method.SUPERNODAL_LU, f.method());
                assertTrue(f.methodReason().contains("not symmetric"), f.methodReason());
                solvesAccurately(skew, f);

                // symmetric with a positive diagonal, yet indefinite: A − σI, σ = min a_jj / 2, far
                // above the smallest eigenvalue of a stiffness matrix
                double sigma = Double.MAX_VALUE;
                for (int j = 0; j < n; j++) sigma = Math.min(sigma, a.get(j, j) / 2);
                for (int j = 0; j < n; j++) {
                    for (int p = indefinite.pattern().colStart(j); p < indefinite.pattern().colEnd(j); p++) {
                        if (indefinite.pattern().row(p) == j) indefinite.setValue(p, a.value(p) - sigma);
                    }
                }
                f.refactor(indefinite);
                assertEquals(Method.LDLT, f.method());
                assertTrue(f.methodReason().contains("Cholesky stopped: matrix is not positive definite"), f.methodReason());
                solvesAccurately(indefinite, f);
            }
            try (AdaptiveSparseLu fresh = AdaptiveSparseLu.factor(neg)) {
                assertEquals(Method.LDLT, fresh.method(), "a fresh factor takes LDLt too");
                solvesAccurately(neg, fresh);
            }
        }
    }

    @Test
    void theLuRouteSharesTheCholeskySupernodesAndMapsEveryEntryAsAFreshLuAnalysis() {
        // a symmetric pattern with unsymmetric values (convection–diffusion) and an FEM pattern
        for (CscMatrix a : new CscMatrix[] {Grids.convectionDiffusion2d(23, 17, 40, -25), mesh(30, 11)}) {
            try (a) {
                SymmetricStructure sym = SymmetricStructure.of(a.pattern());
                int[] order = Amd.order(a.pattern());
                SupernodalStructure chol = SupernodalStructure.of(a.pattern(), sym, order, dev.pullback.factor.Ordering.AMD, true);
                SupernodalStructure fresh = SupernodalStructure.of(a.pattern(), sym, order, dev.pullback.factor.Ordering.AMD, false);
                SupernodalStructure derived = chol.withAssemblyMaps(a.pattern(), false);
                assertArrayEquals(fresh.q, derived.q);
                assertArrayEquals(fresh.first, derived.first);
                assertArrayEquals(fresh.rowPtr, derived.rowPtr);
                assertArrayEquals(fresh.rows, derived.rows);
                assertArrayEquals(fresh.relMap, derived.relMap);
                assertArrayEquals(fresh.aPtr, derived.aPtr);
                assertArrayEquals(fresh.aSrc, derived.aSrc);
                assertArrayEquals(fresh.aDst, derived.aDst);
                assertArrayEquals(fresh.aRow, derived.aRow);
                assertArrayEquals(fresh.lOff, derived.lOff);
                assertArrayEquals(fresh.uOff, derived.uOff);
                assertEquals(fresh.stackPeak, derived.stackPeak);
                // and back: the Cholesky maps from the LU's structure
                SupernodalStructure back = fresh.withAssemblyMaps(a.pattern(), true);
                assertArrayEquals(chol.aSrc, back.aSrc);
                assertArrayEquals(chol.aDst, back.aDst);
                assertArrayEquals(chol.aPtr, back.aPtr);
            }
        }
    }

    @Test
    void unsymmetricValuesOnASymmetricPatternFactorOnTheSharedSupernodes() {
        try (CscMatrix a = Grids.convectionDiffusion2d(31, 29, 40, -25)) {
            AdaptiveAnalysis analysis = AdaptiveSparseLu.analyze(a.pattern(), dev.pullback.factor.SparseOptions.defaults());
            assertEquals(Method.CHOLESKY, analysis.method());
            try (AdaptiveSparseLu f = analysis.factor(a)) {
                assertEquals(Method.SUPERNODAL_LU, f.method(), f.methodReason());
                assertTrue(f.methodReason().contains("values not symmetric"), f.methodReason());
                solvesAccurately(a, f);
                // the same factorization as the supernodal LU analysed on its own, to the last bit
                int n = a.cols();
                try (SupernodalLu g = SupernodalLu.factor(a, dev.pullback.factor.SparseOptions.defaults());
                        DenseVector b = DenseVector.of(randomVector(new Random(3), n));
                        DenseVector x1 = DenseVector.heap(n); DenseVector x2 = DenseVector.heap(n)) {
                    assertEquals(g.factorNonzeros(), f.factorNonzeros());
                    f.solve(b, x1);
                    g.solve(b, x2);
                    assertArrayEquals(x2.toArray(), x1.toArray());
                }
            }
        }
    }

    private static CscMatrix mesh(int nx, int ny) {
        PlaneStressQ4 m = new PlaneStressQ4(nx, ny, 0.3);
        try (PlaneStressQ4.Assembly asm = m.assemble(m.mbbFixedDofs())) {
            return asm.stiffness().copy();
        }
    }

    @Test
    void kktGoesToLdltWithItsInertiaAndASingularSymmetricMatrixToTheLuRoute() {
        try (CscMatrix a = Kkt.q4(30, 12, 4); AdaptiveSparseLu f = AdaptiveSparseLu.factor(a)) {
            assertEquals(Method.LDLT, f.method(), f.methodReason());
            assertTrue(f.methodReason().contains("saddle point"), f.methodReason());
            int m = SupernodalLdltTest.columnsWithoutDiagonal(a);
            assertEquals(new Inertia(a.cols() - m, m, 0), ((SupernodalLdlt) f.delegate()).inertia());
            solvesAccurately(a, f);
        }
        // symmetric, singular: column 3 empty of values → LDLᵀ stops, the LU route names the column too
        try (CscMatrix a = Grids.poisson2d(8, 6); CscMatrix s = a.copy()) {
            for (int j = 0; j < s.cols(); j++) {
                for (int p = s.pattern().colStart(j); p < s.pattern().colEnd(j); p++) {
                    if (j == 3 || s.pattern().row(p) == 3) s.setValue(p, 0.0);
                }
            }
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> AdaptiveSparseLu.factor(s));
            assertEquals(3, e.column(), e.getMessage());
        }
    }

    @Test
    void refactorWithAnotherPatternOfTheSameSizeIsRefusedByName() {
        try (CscMatrix a = Grids.poisson2d(40, 30); AdaptiveSparseLu f = AdaptiveSparseLu.factor(a)) {
            assertEquals(Method.CHOLESKY, f.method(), f.methodReason());
            int[] cp = a.pattern().colPtrArray(), ri = a.pattern().rowIdxArray();
            // move the last entry of column 0 one row down: same n and nnz, no longer symmetric
            ri[cp[1] - 1]++;
            try (CscMatrix b = CscMatrix.of(a.rows(), a.cols(), cp, ri, a.valuesArray())) {
                IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> f.refactor(b));
                assertTrue(e.getMessage().contains("pattern"), e.getMessage());
            }
        }
    }

    @Test
    void theRegistryNamesCholeskyWhoseFactorIsHalfTheSupernodalLus() {
        assertTrue(Solvers.names().contains("cholesky"));
        try (CscMatrix a = Grids.poisson2d(30, 20);
                var ch = Solvers.get("cholesky").analyze(a.pattern()).factor(a);
                var lu = Solvers.get("supernodal").analyze(a.pattern()).factor(a)) {
            assertEquals(Method.CHOLESKY, ch.method());
            assertEquals(lu.factorNonzeros(), 2 * ch.factorNonzeros() - a.cols(), "nnz(L + U) = 2 nnz(L) − n on one structure");
        }
    }
}

package dev.pullback.ad;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.gallery.Grids;
import dev.pullback.solvers.Factorizers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NewtonSolve on F(x) = g·A·x + c·x³ − s (A the 5-point Laplacian, x³ elementwise): a monotone map
 * for g, c > 0, so F = 0 has one root and Newton with backtracking reaches it from anywhere. The
 * derivatives −λᵀ∂F/∂p are known in closed form: ∂F/∂s = −I, ∂F/∂g = A·x, ∂F/∂c = x³.
 */
class NewtonSolveTest {
    /** F(x) = g·A·x + c·x³ − s with its Jacobian g·A + diag(3c·x²), sparse or dense. */
    static final class CubicGrid implements AutoCloseable {
        final CscMatrix a;
        final int n;
        final int[] diagonal; // position of a_jj in column j
        final int[] cp, ri;
        double g = 1.5, c = 0.7;
        final double[] s;
        int residuals, jacobians;

        CubicGrid(int nx, int ny, long seed) {
            a = Grids.poisson2d(nx, ny);
            n = a.cols();
            cp = a.pattern().colPtrArray();
            ri = a.pattern().rowIdxArray();
            diagonal = new int[n];
            for (int j = 0; j < n; j++) diagonal[j] = a.pattern().find(j, j);
            Random rnd = new Random(seed);
            s = new double[n];
            for (int i = 0; i < n; i++) s[i] = 4 * rnd.nextGaussian();
        }

        void residual(DenseVector x, DenseVector f) {
            residuals++;
            for (int i = 0; i < n; i++) f.set(i, c * x.get(i) * x.get(i) * x.get(i) - s[i]);
            for (int j = 0; j < n; j++) {
                for (int k = cp[j]; k < cp[j + 1]; k++) f.set(ri[k], f.get(ri[k]) + g * a.value(k) * x.get(j));
            }
        }

        @Override
        public void close() {
            a.close();
        }

        NonlinearSystem<CscMatrix> sparse() {
            return new NonlinearSystem<>() {
                @Override
                public void residual(DenseVector x, DenseVector f) {
                    CubicGrid.this.residual(x, f);
                }

                @Override
                public void jacobian(DenseVector x, CscMatrix j) {
                    jacobians++;
                    for (int k = 0; k < a.nnz(); k++) j.setValue(k, g * a.value(k));
                    for (int i = 0; i < n; i++) j.setValue(diagonal[i], j.value(diagonal[i]) + 3 * c * x.get(i) * x.get(i));
                }
            };
        }

        /** The dense twin; {@code ad} is the caller's to close. */
        NonlinearSystem<DenseMatrix> dense(DenseMatrix ad) {
            return new NonlinearSystem<>() {
                @Override
                public void residual(DenseVector x, DenseVector f) {
                    CubicGrid.this.residual(x, f);
                }

                @Override
                public void jacobian(DenseVector x, DenseMatrix j) {
                    jacobians++;
                    for (int col = 0; col < n; col++) {
                        for (int row = 0; row < n; row++) {
                            j.set(row, col, g * ad.get(row, col) + (row == col ? 3 * c * x.get(row) * x.get(row) : 0));
                        }
                    }
                }
            };
        }
    }

    /** f(x) = wᵀx + ½‖x‖² and its gradient w + x. */
    private static double objective(double[] w, DenseVector x) {
        double f = 0;
        for (int i = 0; i < w.length; i++) f += w[i] * x.get(i) + 0.5 * x.get(i) * x.get(i);
        return f;
    }

    private static DenseVector objectiveGradient(double[] w, DenseVector x) {
        DenseVector xbar = DenseVector.heap(w.length);
        for (int i = 0; i < w.length; i++) xbar.set(i, w[i] + x.get(i));
        return xbar;
    }

    private static double maxResidual(CubicGrid p, DenseVector x) {
        DenseVector f = DenseVector.heap(p.n);
        p.residual(x, f);
        double m = 0;
        for (int i = 0; i < p.n; i++) m = Math.max(m, Math.abs(f.get(i)));
        return m;
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#sparse")
    void convergesQuadraticallyAndRefactorsAfterTheFirstFactor(Supplier<Backends.Counting<CscMatrix>> backend) {
        CubicGrid p = new CubicGrid(9, 7, 1);
        Backends.Counting<CscMatrix> counting = backend.get();
        try (p; CscMatrix j = CscMatrix.withPattern(p.a.pattern());
                NewtonSolve<CscMatrix> newton = new NewtonSolve<>(counting, j)) {
            DenseVector x = newton.solve(p.sparse(), DenseVector.heap(p.n));
            assertTrue(maxResidual(p, x) <= 1e-10, "‖F(x*)‖∞ = " + maxResidual(p, x));
            assertEquals(maxResidual(p, x), newton.residualNorm(), 1e-12);
            assertTrue(newton.iterations() >= 3 && newton.iterations() <= 25, newton.iterations() + " iterations");
            assertEquals(1, counting.factors, "one full factorization");
            assertEquals(newton.iterations() - 1, counting.refactors, "a refactor per later step");
            assertEquals(newton.iterations(), p.jacobians);
            // a second solve from the root converges at once, and refactors nothing
            int refactors = counting.refactors;
            DenseVector again = newton.solve(p.sparse(), DenseVector.wrap(x.toArray()));
            assertEquals(0, newton.iterations());
            assertEquals(refactors, counting.refactors);
            assertEquals(again.get(0), x.get(0));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#sparse")
    void gradientMatchesCentralDifferences(Supplier<Backends.Counting<CscMatrix>> backend) {
        CubicGrid p = new CubicGrid(8, 6, 2);
        Random rnd = new Random(5);
        double[] w = new double[p.n];
        for (int i = 0; i < p.n; i++) w[i] = rnd.nextGaussian();
        try (p; CscMatrix j = CscMatrix.withPattern(p.a.pattern());
                NewtonSolve<CscMatrix> newton = new NewtonSolve<>(backend.get(), j)) {
            newton.tolerances(1e-14, 1e-15);
            DenseVector x0 = DenseVector.heap(p.n);
            DenseVector x = newton.solve(p.sparse(), x0);
            DenseVector lambda = newton.pullback(objectiveGradient(w, x));
            // ∂f/∂s = λ; ∂f/∂g = −λᵀAx = ⟨−λxᵀ, A⟩; ∂f/∂c = −λᵀx³
            double dg = newton.matrixCotangent().dot(p.a), dc = 0;
            for (int i = 0; i < p.n; i++) dc -= lambda.get(i) * Math.pow(x.get(i), 3);
            double[] ds = lambda.toArray();

            double g0 = p.g, c0 = p.c;
            double fdG = FiniteDifference.central(h -> {
                p.g = g0 + h;
                double f = objective(w, newton.solve(p.sparse(), x0));
                p.g = g0;
                return f;
            }, FiniteDifference.step(g0));
            double fdC = FiniteDifference.central(h -> {
                p.c = c0 + h;
                double f = objective(w, newton.solve(p.sparse(), x0));
                p.c = c0;
                return f;
            }, FiniteDifference.step(c0));
            assertEquals(fdG, dg, 1e-6 * Math.abs(fdG), "∂f/∂g");
            assertEquals(fdC, dc, 1e-6 * Math.abs(fdC), "∂f/∂c");
            for (int i : new int[] {0, p.n / 2, p.n - 1}) {
                double si = p.s[i];
                double fdS = FiniteDifference.central(h -> {
                    p.s[i] = si + h;
                    double f = objective(w, newton.solve(p.sparse(), x0));
                    p.s[i] = si;
                    return f;
                }, FiniteDifference.step(4));
                assertEquals(fdS, ds[i], 1e-6 * Math.abs(fdS) + 1e-9, "∂f/∂s[" + i + "]");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#dense")
    void denseJacobianGivesTheSparseAnswer(Supplier<Backends.Counting<DenseMatrix>> backend) {
        CubicGrid p = new CubicGrid(6, 5, 3);
        DenseVector xbar = DenseVector.heap(p.n);
        xbar.fill(1.0);
        try (p; DenseMatrix ad = p.a.toDense(); CscMatrix js = CscMatrix.withPattern(p.a.pattern());
                NewtonSolve<CscMatrix> sparse = new NewtonSolve<>(Factorizers.sparseLu(), js);
                DenseMatrix jd = DenseMatrix.zeros(p.n, p.n);
                NewtonSolve<DenseMatrix> dense = new NewtonSolve<>(backend.get(), jd)) {
            DenseVector xs = sparse.solve(p.sparse(), DenseVector.heap(p.n));
            DenseVector xd = dense.solve(p.dense(ad), DenseVector.heap(p.n));
            DenseVector ls = sparse.pullback(xbar), ld = dense.pullback(xbar);
            for (int i = 0; i < p.n; i++) {
                assertEquals(xs.get(i), xd.get(i), 1e-10 * (1 + Math.abs(xs.get(i))), "x[" + i + "]");
                assertEquals(ls.get(i), ld.get(i), 1e-10 * (1 + Math.abs(ls.get(i))), "λ[" + i + "]");
            }
        }
    }

    @Test
    void adjointAgreesWithTheTangent() {
        // ⟨x̄, ẋ⟩ = ⟨λ, ṡ⟩ for ẋ = J(x*)⁻¹ṡ, the tangent of x* along ṡ (∂F/∂s = −I)
        CubicGrid p = new CubicGrid(7, 7, 4);
        Random rnd = new Random(9);
        DenseVector xbar = DenseVector.heap(p.n), sdot = DenseVector.heap(p.n), xdot = DenseVector.heap(p.n);
        for (int i = 0; i < p.n; i++) {
            xbar.set(i, rnd.nextGaussian());
            sdot.set(i, rnd.nextGaussian());
        }
        try (p; CscMatrix j = CscMatrix.withPattern(p.a.pattern());
                NewtonSolve<CscMatrix> newton = new NewtonSolve<>(Factorizers.sparseLu(), j)) {
            newton.solve(p.sparse(), DenseVector.heap(p.n));
            DenseVector lambda = newton.pullback(xbar);
            newton.factorization().solve(sdot, xdot); // the factors are J(x*)'s after the pullback
            double lhs = 0, rhs = 0;
            for (int i = 0; i < p.n; i++) {
                lhs += xbar.get(i) * xdot.get(i);
                rhs += lambda.get(i) * sdot.get(i);
            }
            assertEquals(lhs, rhs, 1e-12 * (Math.abs(lhs) + 1));
        }
    }

    @Test
    void pullbackRefactorsAtTheSolutionOnlyOnce() {
        CubicGrid p = new CubicGrid(5, 5, 6);
        Backends.Counting<CscMatrix> counting = new Backends.Counting<>(Factorizers.sparseLu());
        try (p; CscMatrix j = CscMatrix.withPattern(p.a.pattern());
                NewtonSolve<CscMatrix> newton = new NewtonSolve<>(counting, j)) {
            newton.solve(p.sparse(), DenseVector.heap(p.n));
            int jacobians = p.jacobians, refactors = counting.refactors;
            DenseVector xbar = DenseVector.heap(p.n);
            xbar.fill(1);
            newton.pullback(xbar);
            newton.pullback(xbar);
            assertEquals(jacobians + 1, p.jacobians, "J evaluated once at x*");
            assertEquals(refactors + 1, counting.refactors, "one refactor at x*");
            assertEquals(2, counting.transposedSolves);
            newton.pullback(Tangents.ZERO);
            for (int i = 0; i < p.n; i++) assertEquals(0.0, newton.lambda().get(i));
        }
    }

    @Test
    void noRootIsReportedWithTheResidual() {
        // F(x) = x² + 1 has no real root: the iterates approach the minimum of |F| at 0, where no step
        // decreases ‖F‖ enough, and the line search gives up
        NonlinearSystem<DenseMatrix> noRoot = new NonlinearSystem<>() {
            @Override
            public void residual(DenseVector x, DenseVector f) {
                f.set(0, x.get(0) * x.get(0) + 1);
            }

            @Override
            public void jacobian(DenseVector x, DenseMatrix j) {
                j.set(0, 0, 2 * x.get(0));
            }
        };
        try (DenseMatrix j = DenseMatrix.zeros(1, 1);
                NewtonSolve<DenseMatrix> newton = new NewtonSolve<>(Factorizers.denseLu(), j)) {
            NoConvergenceException e = assertThrows(NoConvergenceException.class,
                    () -> newton.solve(noRoot, DenseVector.of(3.0)));
            assertTrue(e.residualNorm() >= 1, e.getMessage());
            assertTrue(e.getMessage().contains("‖F(x)‖∞"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> newton.pullback(DenseVector.of(1.0)));
        }
    }

    @Test
    void iterationLimitIsReported() {
        CubicGrid p = new CubicGrid(6, 6, 7);
        try (p; CscMatrix j = CscMatrix.withPattern(p.a.pattern());
                NewtonSolve<CscMatrix> newton = new NewtonSolve<>(Factorizers.sparseLu(), j)) {
            newton.maxIterations(2);
            NoConvergenceException e = assertThrows(NoConvergenceException.class,
                    () -> newton.solve(p.sparse(), DenseVector.heap(p.n)));
            assertEquals(2, e.iterations());
            assertTrue(e.getMessage().contains("no convergence in 2 iterations"), e.getMessage());
        }
    }

    @Test
    void badInputsAreNamed() {
        CubicGrid p = new CubicGrid(4, 4, 8);
        try (p; CscMatrix j = CscMatrix.withPattern(p.a.pattern());
                NewtonSolve<CscMatrix> newton = new NewtonSolve<>(Factorizers.sparseLu(), j)) {
            DenseVector x0 = DenseVector.heap(p.n);
            x0.set(3, Double.NaN);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> newton.solve(p.sparse(), x0))
                    .getMessage().contains("x0[3] = NaN"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> newton.solve(p.sparse(), DenseVector.heap(p.n + 1)))
                    .getMessage().contains("x0 has length " + (p.n + 1) + ", the Jacobian is " + p.n + "x" + p.n));
            assertThrows(IllegalArgumentException.class, () -> newton.tolerances(0, 0));
            assertThrows(IllegalArgumentException.class, () -> newton.tolerances(Double.NaN, 1e-12));
            assertThrows(IllegalArgumentException.class, () -> newton.maxIterations(0));
            newton.solve(p.sparse(), DenseVector.heap(p.n)); // still usable after the refusals
            assertThrows(IllegalArgumentException.class, () -> newton.pullback(DenseVector.heap(p.n - 1)));
        }
        try (CubicGrid q = new CubicGrid(2, 2, 9); CscMatrix j = CscMatrix.withPattern(q.a.pattern())) {
            NewtonSolve<CscMatrix> closed = new NewtonSolve<>(Factorizers.sparseLu(), j);
            closed.close();
            assertThrows(IllegalStateException.class, () -> closed.solve(q.sparse(), DenseVector.heap(q.n)));
        }
    }
}

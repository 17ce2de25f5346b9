package dev.pullback.ad;

import dev.pullback.solvers.Factorizers;

import static dev.pullback.ad.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed example f(a, A, b) = aᵀA⁻¹b, n = 100, with A unsymmetric and a ≠ b (so λ = A⁻ᵀa is not
 * A⁻¹a and the transposed solve is really exercised), A stored dense and the same A stored sparse.
 */
@Tag("kernel-paths")
class SeedExampleTest {
    static final int N = 100;

    /** f and its gradients, as the README's example computes them (dev.pullback.examples.SeedExample). */
    record Gradients(double f, DenseVector da, DenseVector db, RankOne dA) {}

    /** f = aᵀA⁻¹b and the pullback of f̄ = 1: ∂f/∂a = x, ∂f/∂b = λ = A⁻ᵀa, ∂f/∂A = −λxᵀ. */
    static <M> Gradients gradients(LinearSolve<M> solve, M matrix, DenseVector a, DenseVector b) {
        DotProduct objective = new DotProduct(a);
        DenseVector x = solve.forward(matrix, b);
        double f = objective.forward(x);
        int n = a.length();
        DenseVector xbar = DenseVector.heap(n), da = DenseVector.heap(n), db = DenseVector.heap(n);
        objective.pullback(1.0, xbar, da);
        RankOne dA = solve.pullback(xbar, db);
        return new Gradients(f, da, db, dA);
    }

    /** Everything the checks need about one representation of A. */
    private record Case<M>(M matrix, LinearSolve<M> solve, BiFunction<Integer, Integer, Boolean> stored,
            EntrySetter<M> set) {}

    private interface EntrySetter<M> {
        void set(M a, int i, int j, double v);
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#dense")
    void denseA(Supplier<Backends.Counting<DenseMatrix>> backend) {
        Random rnd = new Random(71);
        double[][] a = unsymmetric(N, 0.1, rnd);
        try (DenseMatrix am = dense(a); LinearSolve<DenseMatrix> solve = new LinearSolve<>(backend.get())) {
            check(new Case<>(am, solve, (i, j) -> true, DenseMatrix::set), a, rnd);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#sparse")
    void sameASparse(Supplier<Backends.Counting<CscMatrix>> backend) {
        Random rnd = new Random(71); // the same A, a, b as denseA
        double[][] a = unsymmetric(N, 0.1, rnd);
        try (DenseMatrix d = dense(a); CscMatrix am = CscMatrix.fromDense(d, false);
                LinearSolve<CscMatrix> solve = new LinearSolve<>(backend.get())) {
            assertTrue(am.nnz() < N * N / 5, "A is sparse: nnz = " + am.nnz());
            check(new Case<>(am, solve, (i, j) -> a[i][j] != 0, (m, i, j, v) -> m.setValue(m.pattern().find(i, j), v)), a, rnd);
        }
    }

    private static <M> void check(Case<M> c, double[][] a, Random rnd) {
        double[] av = gaussian(N, rnd), bv = gaussian(N, rnd);
        double[] x = solve(a, bv, false), lambda = solve(a, av, true);
        assertTrue(relErrInf(solve(a, av, false), lambda) > 0.1, "A⁻¹a and A⁻ᵀa must differ for this test to bite");

        Gradients g = gradients(c.solve(), c.matrix(), vec(av), vec(bv));
        assertEquals(dot(av, x), g.f(), 1e-12 * norm(av) * norm(x));
        // ∂f/∂a = x and ∂f/∂b = λ against the oracle solves, entrywise.
        assertTrue(relErrInf(g.da().toArray(), x) < 1e-12);
        assertTrue(relErrInf(g.db().toArray(), lambda) < 1e-12);

        // ∂f/∂A entrywise against a dense −λxᵀ built here from the oracle's λ and x.
        RankOne dA = g.dA();
        assertEquals(2L * N * Double.BYTES, dA.footprintBytes(), "1600 bytes, against 80 000 for a dense 100×100 matrix");
        assertTrue(dA.footprintBytes() * 50 == 8L * N * N);
        double gmax = normInf(lambda) * normInf(x);
        try (DenseMatrix densified = DenseMatrix.zeros(N, N)) {
            dA.addTo(densified, 1.0);
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < N; j++) {
                    double ref = -lambda[i] * x[j];
                    assertEquals(ref, dA.get(i, j), 1e-12 * gmax, "∂f/∂A(" + i + ", " + j + ")");
                    assertEquals(ref, densified.get(i, j), 1e-12 * gmax);
                }
            }
        }
        double[] lambdaKept = dA.u().toArray(), xKept = dA.v().toArray();

        // Central differences. f is linear in a and in b: the difference quotient is exact up to
        // rounding ε·|f|/h, so a step of 1e-3·scale keeps it below 1e-12 relative.
        double[] fda = new double[N], fdb = new double[N];
        for (int k = 0; k < N; k++) {
            double[] e = new double[N];
            e[k] = 1;
            fda[k] = FiniteDifference.central(t -> dot(plus(av, t, e), c.solve().forward(c.matrix(), vec(bv)).toArray()), 1e-3);
            fdb[k] = FiniteDifference.central(t -> dot(av, c.solve().forward(c.matrix(), vec(plus(bv, t, e))).toArray()), 1e-3);
        }
        assertTrue(relErrInf(fda, g.da().toArray()) < 1e-6, "∂f/∂a: " + relErrInf(fda, g.da().toArray()));
        assertTrue(relErrInf(fdb, g.db().toArray()) < 1e-6, "∂f/∂b: " + relErrInf(fdb, g.db().toArray()));

        // In A, f is nonlinear: step ε^{1/3}·|A|-scale (see FiniteDifference), bound 1e-6 relative to max |∂f/∂Aᵢⱼ|.
        double h = FiniteDifference.step(1.0);
        int checked = 0;
        while (checked < 16) {
            int i = rnd.nextInt(N), j = checked < 4 ? i : rnd.nextInt(N);
            if (!c.stored().apply(i, j)) continue;
            double aij = a[i][j];
            double fd = FiniteDifference.central(t -> {
                c.set().set(c.matrix(), i, j, aij + t);
                double f = dot(av, c.solve().forward(c.matrix(), vec(bv)).toArray());
                c.set().set(c.matrix(), i, j, aij);
                return f;
            }, h);
            assertEquals(-lambdaKept[i] * xKept[j], fd, 1e-6 * gmax, "∂f/∂A(" + i + ", " + j + ") by differences");
            checked++;
        }
    }

    /** The library's two independent LUs, dense and sparse, must agree on f and all gradients. */
    @Test
    void denseAndSparseGiveTheSameGradients() {
        Random rnd = new Random(72);
        double[][] a = unsymmetric(N, 0.1, rnd);
        double[] av = gaussian(N, rnd), bv = gaussian(N, rnd);
        try (DenseMatrix d = dense(a); CscMatrix s = CscMatrix.fromDense(d, false);
                LinearSolve<DenseMatrix> ds = new LinearSolve<>(Factorizers.denseLu());
                LinearSolve<CscMatrix> ss = new LinearSolve<>(Factorizers.sparseLu())) {
            Gradients gd = gradients(ds, d, vec(av), vec(bv));
            Gradients gs = gradients(ss, s, vec(av), vec(bv));
            assertEquals(gd.f(), gs.f(), 1e-13 * Math.abs(gd.f()));
            assertTrue(relErrInf(gs.db().toArray(), gd.db().toArray()) < 1e-13);
            // ⟨∂f/∂A, E⟩ for E on the sparse pattern: the sparse path's rank-1 kernel against the dense dot.
            try (CscMatrix e = s.copy(); DenseMatrix ed = e.toDense()) {
                assertEquals(gd.dA().dot(ed), gs.dA().dot(e), 1e-12 * Math.abs(gd.dA().dot(ed)));
            }
        }
    }
}

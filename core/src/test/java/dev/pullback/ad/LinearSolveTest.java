package dev.pullback.ad;

import static dev.pullback.ad.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** LinearSolve on the test-scope reference LU and on the library's LUs, dense and sparse A. */
@Tag("kernel-paths")
class LinearSolveTest {
    private static final int N = 30;

    /** In-place entry access of either matrix type, to evaluate f at A + tEᵢⱼ through the node itself. */
    private interface Entry<M> {
        double get(M a, int i, int j);

        void set(M a, int i, int j, double v);
    }

    private static final Entry<DenseMatrix> DENSE = new Entry<>() {
        public double get(DenseMatrix a, int i, int j) {
            return a.get(i, j);
        }

        public void set(DenseMatrix a, int i, int j, double v) {
            a.set(i, j, v);
        }
    };
    private static final Entry<CscMatrix> SPARSE = new Entry<>() {
        public double get(CscMatrix a, int i, int j) {
            return a.get(i, j);
        }

        public void set(CscMatrix a, int i, int j, double v) {
            a.setValue(a.pattern().find(i, j), v);
        }
    };

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#dense")
    void denseGradientsMatchFiniteDifferences(Supplier<Backends.Counting<DenseMatrix>> backend) {
        Random rnd = new Random(11);
        double[][] a = unsymmetric(N, 0.3, rnd);
        try (DenseMatrix am = dense(a); LinearSolve<DenseMatrix> solve = new LinearSolve<>(backend.get())) {
            checkGradients(solve, am, a, DENSE, rnd);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#sparse")
    void sparseGradientsMatchFiniteDifferences(Supplier<Backends.Counting<CscMatrix>> backend) {
        Random rnd = new Random(12);
        double[][] a = unsymmetric(N, 0.2, rnd);
        try (DenseMatrix d = dense(a); CscMatrix am = CscMatrix.fromDense(d, false);
                LinearSolve<CscMatrix> solve = new LinearSolve<>(backend.get())) {
            assertTrue(am.nnz() < N * N / 2, "the test matrix should be sparse");
            checkGradients(solve, am, a, SPARSE, rnd);
            // ⟨Ā, E⟩ along a random E on A's pattern, against the same difference quotient.
            double[] xa = gaussian(N, rnd), xb = gaussian(N, rnd);
            try (CscMatrix e = am.copy()) {
                double[] ev = gaussian(e.nnz(), rnd);
                e.setValues(ev);
                double[] a0 = am.valuesArray();
                double fd = FiniteDifference.central(t -> {
                    am.setValues(plus(a0, t, ev));
                    double f = dot(xa, solve.forward(am, vec(xb)).toArray());
                    am.setValues(a0);
                    return f;
                }, FiniteDifference.step(1.0));
                solve.forward(am, vec(xb));
                RankOne abar = solve.pullback(vec(xa), Tangents.NONE);
                double g = abar.dot(e);
                double scale = TestData.norm(ev) * frobenius(abar);
                assertEquals(fd, g, 1e-6 * scale, "⟨∂f/∂A, E⟩ on the pattern");
            }
        }
    }

    /**
     * f(A, b) = aᵀA⁻¹b with a ≠ b and A unsymmetric, so λ = A⁻ᵀa differs from A⁻¹a: b̄ against a
     * difference quotient in every entry of b, Ā against some entries of A (f is linear in b; in A,
     * the step 6e-6 keeps truncation at ~1e-10 for cond(A) = O(10)).
     */
    private static <M> void checkGradients(LinearSolve<M> solve, M am, double[][] a, Entry<M> entry, Random rnd) {
        double[] xa = gaussian(N, rnd), b = gaussian(N, rnd);
        DenseVector x = solve.forward(am, vec(b));
        double[] xv = x.toArray();
        assertTrue(relErrInf(matvec(a, xv), b) < 1e-12, "residual of the forward solve");

        DenseVector bbar = DenseVector.heap(N);
        RankOne abar = solve.pullback(vec(xa), bbar);
        double[] lambda = bbar.toArray();
        assertTrue(relErrInf(matvecT(a, lambda), xa) < 1e-12, "λ solves Aᵀλ = a");
        assertArrayEquals(lambda, solve.lambda().toArray(), 0.0);

        double hb = FiniteDifference.step(normInf(b));
        double[] fdb = new double[N];
        for (int i = 0; i < N; i++) {
            double[] e = new double[N];
            e[i] = 1;
            fdb[i] = FiniteDifference.central(t -> dot(xa, solve.forward(am, vec(plus(b, t, e))).toArray()), hb);
        }
        assertTrue(relErrInf(fdb, lambda) < 1e-6, "∂f/∂b = λ: " + relErrInf(fdb, lambda));

        double ha = FiniteDifference.step(1.0);
        double gmax = normInf(lambda) * normInf(xv);
        for (int r = 0; r < 12; r++) {
            int i = rnd.nextInt(N), j = r < 6 ? i : rnd.nextInt(N);
            if (a[i][j] == 0) continue; // sparse A: only stored entries are parameters
            double aij = entry.get(am, i, j);
            double fd = FiniteDifference.central(t -> {
                entry.set(am, i, j, aij + t);
                double f = dot(xa, solve.forward(am, vec(b)).toArray());
                entry.set(am, i, j, aij);
                return f;
            }, ha);
            solve.forward(am, vec(b));
            RankOne g = solve.pullback(vec(xa), Tangents.NONE);
            assertEquals(-lambda[i] * xv[j], g.get(i, j), 1e-12 * gmax, "Ā = −λxᵀ at (" + i + ", " + j + ")");
            assertEquals(fd, g.get(i, j), 1e-6 * gmax, "∂f/∂A(" + i + ", " + j + ")");
        }
        assertSame(abar, solve.pullback(vec(xa), Tangents.NONE), "the node reuses its RankOne");
    }

    private static double frobenius(RankOne r) {
        return Math.abs(r.scale()) * norm(r.u().toArray()) * norm(r.v().toArray());
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#sparse")
    void solveAndTransposedSolveAreAdjoint(Supplier<Backends.Counting<CscMatrix>> backend) {
        // ⟨A⁻¹v, w⟩ = ⟨v, A⁻ᵀw⟩: the pullback of b ↦ x is the transpose of the forward map.
        Random rnd = new Random(13);
        double[][] a = unsymmetric(N, 0.3, rnd);
        try (DenseMatrix d = dense(a); CscMatrix am = CscMatrix.fromDense(d, false);
                LinearSolve<CscMatrix> solve = new LinearSolve<>(backend.get())) {
            for (int trial = 0; trial < 5; trial++) {
                double[] v = gaussian(N, rnd), w = gaussian(N, rnd);
                double[] x = solve.forward(am, vec(v)).toArray();
                DenseVector lambda = DenseVector.heap(N);
                solve.pullback(vec(w), lambda);
                double lhs = dot(x, w), rhs = dot(v, lambda.toArray());
                assertEquals(lhs, rhs, 1e-12 * norm(x) * norm(w) * 10);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#sparse")
    void pullbackReusesTheForwardFactorsAndRefactorsOnlyWhenAChanges(Supplier<Backends.Counting<CscMatrix>> backend) {
        Random rnd = new Random(14);
        double[][] a = unsymmetric(N, 0.3, rnd);
        Backends.Counting<CscMatrix> lu = backend.get();
        try (DenseMatrix d = dense(a); CscMatrix am = CscMatrix.fromDense(d, false); CscMatrix other = am.copy();
                LinearSolve<CscMatrix> solve = new LinearSolve<>(lu)) {
            DenseVector b = vec(gaussian(N, rnd)), xbar = vec(gaussian(N, rnd));
            solve.forward(am, b);
            assertEquals(1, lu.factors);
            solve.pullback(xbar, Tangents.NONE);
            assertEquals(1, lu.factors, "a pullback never factors");
            assertEquals(0, lu.refactors, "a pullback never refactors");
            assertEquals(1, lu.transposedSolves);
            assertEquals(1, lu.solves);

            solve.forward(am, b);
            assertEquals(0, lu.refactors, "same matrix, same values: no refactor");
            am.setValue(0, am.value(0) * 1.5);
            solve.forward(am, b);
            assertEquals(1, lu.refactors, "values changed: one refactor");
            assertEquals(1, lu.factors);
            solve.forward(other, b);
            assertEquals(2, lu.factors, "another matrix object: a full factorization");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#dense")
    void zeroCotangentSkipsTheSolveAndNoneSkipsTheHolder(Supplier<Backends.Counting<DenseMatrix>> backend) {
        Random rnd = new Random(15);
        double[][] a = unsymmetric(N, 0.3, rnd);
        Backends.Counting<DenseMatrix> factorizer = backend.get();
        try (DenseMatrix am = dense(a); LinearSolve<DenseMatrix> solve = new LinearSolve<>(factorizer)) {
            solve.forward(am, vec(gaussian(N, rnd)));
            DenseVector bbar = vec(gaussian(N, rnd));
            RankOne abar = solve.pullback(Tangents.ZERO, bbar);
            assertTrue(abar.isZero());
            assertEquals(0.0, normInf(bbar.toArray()));
            assertEquals(0.0, abar.get(3, 4));
            assertEquals(0, factorizer.transposedSolves, "a zero cotangent needs no solve");

            double[] w = gaussian(N, rnd);
            RankOne g = solve.pullback(vec(w), Tangents.NONE);
            assertFalse(g.isZero());
            assertEquals(-1.0, g.scale());
            assertTrue(relErrInf(matvecT(a, solve.lambda().toArray()), w) < 1e-12);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#dense")
    void rankOneFromThePullbackIsValidUntilTheNextPullbackUnlessCopied(Supplier<Backends.Counting<DenseMatrix>> backend) {
        Random rnd = new Random(16);
        double[][] a = unsymmetric(N, 0.3, rnd);
        try (DenseMatrix am = dense(a); LinearSolve<DenseMatrix> solve = new LinearSolve<>(backend.get())) {
            solve.forward(am, vec(gaussian(N, rnd)));
            RankOne first = solve.pullback(vec(gaussian(N, rnd)), Tangents.NONE);
            RankOne kept = first.copy();
            double before = first.get(2, 5);
            solve.pullback(vec(gaussian(N, rnd)), Tangents.NONE);
            assertNotEquals(before, first.get(2, 5), "the node's RankOne follows its workspaces");
            assertEquals(before, kept.get(2, 5), 0.0, "a copy keeps the old values");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#dense")
    void misuseIsReportedClearly(Supplier<Backends.Counting<DenseMatrix>> backend) {
        Random rnd = new Random(17);
        double[][] a = unsymmetric(5, 0.5, rnd);
        try (DenseMatrix am = dense(a); LinearSolve<DenseMatrix> solve = new LinearSolve<>(backend.get())) {
            var e = assertThrows(IllegalStateException.class, () -> solve.pullback(vec(new double[5]), Tangents.NONE));
            assertTrue(e.getMessage().contains("forward"), e.getMessage());
            var len = assertThrows(IllegalArgumentException.class, () -> solve.forward(am, vec(new double[4])));
            assertTrue(len.getMessage().contains("length 4"), len.getMessage());
            solve.forward(am, vec(gaussian(5, rnd)));
            assertThrows(IllegalArgumentException.class, () -> solve.pullback(Tangents.NONE, Tangents.NONE));
            assertThrows(IllegalArgumentException.class, () -> solve.pullback(vec(new double[5]), Tangents.ZERO));
            var short_ = assertThrows(IllegalArgumentException.class, () -> solve.pullback(vec(new double[6]), Tangents.NONE));
            assertTrue(short_.getMessage().contains("xbar has length 6"), short_.getMessage());
            am.set(0, 0, 7.0);
            var stale = assertThrows(IllegalStateException.class, () -> solve.pullback(vec(new double[5]), Tangents.NONE));
            assertTrue(stale.getMessage().contains("changed"), stale.getMessage());
            try (DenseMatrix rect = DenseMatrix.zeros(3, 4)) {
                assertThrows(IllegalArgumentException.class, () -> solve.forward(rect, vec(new double[3])));
            }
        }
        LinearSolve<DenseMatrix> closed = new LinearSolve<>(backend.get());
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.forward(null, null));
    }
}

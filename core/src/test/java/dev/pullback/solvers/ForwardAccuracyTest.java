package dev.pullback.solvers;

import static dev.pullback.solvers.AccuracyMatrices.csc;
import static dev.pullback.solvers.AccuracyMatrices.factor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.dense.DenseLu;
import dev.pullback.factor.SolveReport;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refinement with residuals in twice the working precision gives x to the rounding of x, not to
 * κ·ε: on ill-conditioned symmetric positive definite matrices with integer entries (Pascal's
 * matrix of order 10 with its last entry raised by 1, κ₂ ≈ 10⁹; the 1D Laplacian of order 3000, κ₂ ≈ 4·10⁶) and an integer x, b = Ax
 * is exact, so x is the exact solution; every solver of the registry, and the dense LU, must return
 * it to a few ε·‖x‖∞ in both directions, where its plain solve is off by far more, and its report's
 * forward error bound must not understate the error by more than a factor 10.
 */
class ForwardAccuracyTest {
    private static final double EPS = 0x1p-52;

    static List<String> solvers() {
        return Solvers.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void refinedSolvesReachTheRoundingOfXOnIllConditionedMatrices(String solver) {
        for (double[][] m : List.of(pascal(10), laplacian1d(3000))) {
            try (CscMatrix a = csc(m); SparseFactorization f = factor(solver, a)) {
                check(solver + " n=" + m.length, m, (b, x) -> f.solve(b, x), (b, x) -> refine(b, x, f::solve));
                check(solver + " n=" + m.length + " transposed", m, (b, x) -> f.solveTransposed(b, x),
                        (b, x) -> refine(b, x, f::solveTransposed));
            }
        }
    }

    @ParameterizedTest(name = "order {0}")
    @MethodSource("denseOrders")
    void denseLuRefinedSolvesReachTheRoundingOfX(int order) {
        double[][] m = pascal(order);
        try (DenseMatrix a = DenseMatrix.of(m); DenseLu lu = DenseLu.factor(a)) {
            check("dense, Pascal " + order, m, lu::solve, (b, x) -> refine(b, x, lu::solve));
            check("dense, Pascal " + order + " transposed", m, lu::solveTransposed, (b, x) -> refine(b, x, lu::solveTransposed));
        }
    }

    static List<Integer> denseOrders() {
        return List.of(9, 10, 11);
    }

    /** A symmetric matrix, so op(A) = A for both directions: b = A·x exact in integers. */
    private static void check(String what, double[][] m, BiConsumer<DenseVector, DenseVector> plain,
            BiFunction<DenseVector, DenseVector, SolveReport> refined) {
        int n = m.length;
        long[] xs = new SplittableRandom(n).longs(n, -50, 51).toArray();
        double[] b = new double[n];
        double xInf = 0;
        for (int i = 0; i < n; i++) {
            long s = 0;
            for (int j = 0; j < n; j++) s += (long) m[i][j] * xs[j];
            b[i] = s;
            xInf = Math.max(xInf, Math.abs(xs[i]));
        }
        DenseVector x = DenseVector.heap(n);
        plain.accept(DenseVector.wrap(b), x);
        double plainError = error(x, xs);
        SolveReport report = refined.apply(DenseVector.wrap(b), x);
        double refinedError = error(x, xs);
        double estimate = report.forwardErrorBound() * xInf;
        assertTrue(refinedError <= 10 * estimate && estimate < 1e-3 * xInf, what + ": error " + refinedError
                + " against the report's bound " + estimate + " (" + report.describe() + ")");
        assertTrue(refinedError <= 4 * EPS * xInf, what + ": refined max |x - x*| = " + refinedError + " (plain "
                + plainError + "), bound " + 4 * EPS * xInf);
        assertTrue(plainError > 100 * EPS * xInf, what + ": the plain solve is already exact (" + plainError
                + "); the matrix does not test refinement");
    }

    /** A refining solve with a fresh default report, returned. */
    private static SolveReport refine(DenseVector b, DenseVector x, RefiningSolve solve) {
        SolveReport report = new SolveReport();
        solve.apply(b, x, report);
        return report;
    }

    private interface RefiningSolve {
        void apply(DenseVector b, DenseVector x, SolveReport report);
    }

    private static double error(DenseVector x, long[] truth) {
        double e = 0;
        for (int i = 0; i < truth.length; i++) e = Math.max(e, Math.abs(x.get(i) - truth[i]));
        return e;
    }

    /**
     * Pascal's matrix P(i, j) = C(i + j, i), symmetric positive definite with κ growing like 16ⁿ,
     * and 1 added to its last diagonal entry: P itself is LLᵀ with L of integers, which a Cholesky
     * factorization in natural order computes exactly.
     */
    static double[][] pascal(int n) {
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) p[i][j] = i == 0 || j == 0 ? 1 : p[i - 1][j] + p[i][j - 1];
        }
        p[n - 1][n - 1] += 1;
        return p;
    }

    /** tridiag(−1, 2, −1) of order n, κ₂ ≈ 4(n + 1)²/π². */
    static double[][] laplacian1d(int n) {
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            t[i][i] = 2;
            if (i > 0) t[i][i - 1] = t[i - 1][i] = -1;
        }
        return t;
    }
}

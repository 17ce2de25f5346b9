package dev.pullback.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.factor.SolveReport;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import org.junit.jupiter.api.Test;

/**
 * LinearSolve's refinement option: on Wilkinson's growth matrix (n = 60, κ₁ = 60, pivot growth 2⁵⁹,
 * no digit left by the supernodal LU's plain solves) the refined forward and adjoint solves give
 * x = 1 and λ = A⁻ᵀx̄, and their reports say so; without the option the same node is wrong.
 */
class LinearSolveRefinementTest {
    private static final int N = 60;

    private static CscMatrix wilkinson() {
        double[][] a = new double[N][N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < i; j++) a[i][j] = -1;
            a[i][i] = 1;
            a[i][N - 1] = 1;
        }
        try (DenseMatrix d = DenseMatrix.of(a)) {
            return CscMatrix.fromDense(d, false);
        }
    }

    @Test
    void refinedForwardAndPullbackAreAccurateAndReported() {
        try (CscMatrix a = wilkinson(); LinearSolve<CscMatrix> node = new LinearSolve<>(Solvers.get("supernodal").factorizer())) {
            DenseVector ones = DenseVector.heap(N), b = DenseVector.heap(N);
            ones.fill(1.0);
            for (int i = 0; i < N; i++) b.set(i, i == N - 1 ? 2 - N : 2 - i); // b = A·1: row i sums to −i + 1 + 1, the last to −(N−1) + 1
            double plainError = maxError(node.forward(a, b), ones);
            assertTrue(plainError > 1e-3, "the plain solve is expected to be wrong here: " + plainError);

            SolveReport forward = new SolveReport(), adjoint = new SolveReport();
            node.refine(forward, adjoint);
            assertEquals(0.0, maxError(node.forward(a, b), ones), 1e-14);
            assertEquals(SolveReport.Status.ACCURATE, forward.status(), forward.describe());
            assertTrue(forward.steps() >= 1);
            // Aᵀ·1: column j sums to 1 − (N−1−j) for j < N−1, and N for the last column; so λ = 1 for x̄ = Aᵀ1.
            DenseVector xbar = DenseVector.heap(N), bbar = DenseVector.heap(N);
            for (int j = 0; j < N; j++) xbar.set(j, j == N - 1 ? N : 1 - (N - 1 - j));
            node.pullback(xbar, bbar);
            assertEquals(0.0, maxError(node.lambda(), ones), 1e-14);
            assertEquals(0.0, maxError(bbar, ones), 1e-14);
            assertEquals(SolveReport.Status.ACCURATE, adjoint.status(), adjoint.describe());

            node.refine(null, null);
            assertTrue(maxError(node.forward(a, b), ones) > 1e-3);
            assertThrows(IllegalArgumentException.class, () -> node.refine(forward, null));
        }
    }

    @Test
    void aFactorizationWithoutRefiningSolvesSaysSo() {
        try (CscMatrix a = CscMatrix.identity(3); LinearSolve<CscMatrix> node = new LinearSolve<>(ReferenceLu.forCsc())) {
            node.refine(new SolveReport(), new SolveReport());
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> node.forward(a, DenseVector.of(1, 2, 3)));
            assertTrue(e.getMessage().contains("refining solve"), e.getMessage());
        }
    }

    private static double maxError(DenseVector x, DenseVector want) {
        double m = 0;
        for (int i = 0; i < x.length(); i++) m = Math.max(m, Math.abs(x.get(i) - want.get(i)));
        return m;
    }
}

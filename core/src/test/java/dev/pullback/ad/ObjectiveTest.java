package dev.pullback.ad;

import static dev.pullback.ad.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("kernel-paths")
class ObjectiveTest {
    private static final int N = 29;

    @Test
    void dotProductGradientsMatchFiniteDifferences() {
        Random rnd = new Random(51);
        double[] a = gaussian(N, rnd), x = gaussian(N, rnd), d = gaussian(N, rnd);
        DotProduct f = new DotProduct(vec(a));
        assertEquals(dot(a, x), f.forward(vec(x)), 1e-13 * norm(a) * norm(x));
        DenseVector xbar = DenseVector.heap(N), abar = DenseVector.heap(N);
        f.pullback(2.0, xbar, abar);
        // f is bilinear: the central difference along x (or a) is exact up to rounding at any step.
        double fdx = FiniteDifference.central(t -> 2.0 * dot(a, plus(x, t, d)), 1.0);
        double fda = FiniteDifference.central(t -> 2.0 * dot(plus(a, t, d), x), 1.0);
        assertEquals(fdx, dot(xbar.toArray(), d), 1e-12 * norm(a) * norm(d));
        assertEquals(fda, dot(abar.toArray(), d), 1e-12 * norm(x) * norm(d));
        f.pullback(0.0, xbar);
        assertEquals(0.0, normInf(xbar.toArray()));
        assertThrows(IllegalArgumentException.class, () -> f.forward(DenseVector.heap(N + 1)));
        assertThrows(IllegalStateException.class, () -> new DotProduct(vec(a)).pullback(1, xbar));
    }

    /**
     * f = xᵀMx for an unsymmetric sparse M: x̄ = (M + Mᵀ)x (a missing transpose would fail) and
     * ∂f/∂M = xxᵀ checked along a direction E on M's pattern. f is quadratic in x and linear in M, so
     * the central difference is exact up to rounding.
     */
    @Test
    void quadraticFormGradientsMatchFiniteDifferences() {
        Random rnd = new Random(52);
        double[][] m = unsymmetric(N, 0.2, rnd);
        double[] x = gaussian(N, rnd), d = gaussian(N, rnd);
        try (DenseMatrix md = dense(m); CscMatrix mc = CscMatrix.fromDense(md, false)) {
            QuadraticForm q = new QuadraticForm(mc);
            assertEquals(dot(x, matvec(m, x)), q.forward(vec(x)), 1e-12 * norm(x) * norm(x) * 10);
            DenseVector xbar = DenseVector.heap(N);
            q.pullback(1.5, xbar);
            double fd = FiniteDifference.central(t -> {
                double[] xt = plus(x, t, d);
                return 1.5 * dot(xt, matvec(m, xt));
            }, 1.0);
            double scale = norm(xbar.toArray()) * norm(d);
            assertEquals(fd, dot(xbar.toArray(), d), 1e-12 * scale);
            double[] mx = matvec(m, x), mtx = matvecT(m, x);
            for (int i = 0; i < N; i++) assertEquals(1.5 * (mx[i] + mtx[i]), xbar.get(i), 1e-12 * normInf(xbar.toArray()));

            try (CscMatrix e = mc.copy()) {
                double[] ev = gaussian(e.nnz(), rnd);
                e.setValues(ev);
                RankOne mbar = q.matrixCotangent(1.5);
                double exact = 0;
                for (int j = 0; j < N; j++) {
                    for (int k = e.pattern().colStart(j); k < e.pattern().colEnd(j); k++) exact += 1.5 * x[e.pattern().row(k)] * ev[k] * x[j];
                }
                assertEquals(exact, mbar.dot(e), 1e-12 * Math.abs(1.5) * norm(x) * norm(x) * norm(ev));
            }
        }
    }
}

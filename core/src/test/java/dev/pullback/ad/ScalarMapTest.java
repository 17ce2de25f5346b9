package dev.pullback.ad;

import static dev.pullback.ad.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.DenseVector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScalarMapTest {
    private static final List<ScalarFunction> FUNCTIONS = List.of(ScalarFunction.simp(1e-9, 1.0, 3.0),
            ScalarFunction.simp(0.01, 2.0, 1.0), ScalarFunction.exp(), ScalarFunction.softplus(),
            ScalarFunction.affine(-2.5, 0.75));

    /**
     * φ' against a central difference at points of φ's domain; for these smooth φ with |φ'''| of the
     * size of |φ| on [−3, 3] the error is about ε^{2/3}(|φ| + |φ'|) ≈ 4e-11 relative.
     */
    @Test
    void derivativesMatchFiniteDifferences() {
        for (ScalarFunction phi : FUNCTIONS) {
            boolean unitInterval = phi instanceof ScalarFunction.Simp;
            for (double x : unitInterval ? new double[] {0.05, 0.3, 0.5, 0.77, 0.99} : new double[] {-3, -0.4, 0, 0.1, 2.9}) {
                double h = FiniteDifference.step(unitInterval ? x : 1.0);
                double fd = FiniteDifference.central(t -> phi.value(x + t), h);
                double d = phi.derivative(x);
                assertEquals(fd, d, 1e-7 * (Math.abs(d) + Math.abs(phi.value(x))), phi + " at " + x);
            }
        }
    }

    @Test
    void formulasAtKnownPoints() {
        ScalarFunction simp = ScalarFunction.simp(1e-9, 1.0, 3.0);
        assertEquals(1e-9, simp.value(0.0), 0.0);
        assertEquals(1.0, simp.value(1.0), 1e-15);
        assertEquals(0.0, simp.derivative(0.0), 0.0);
        assertEquals(3 * (1 - 1e-9), simp.derivative(1.0), 1e-15);
        ScalarFunction sp = ScalarFunction.softplus();
        assertEquals(800.0, sp.value(800), 0.0, "no overflow for large x");
        assertEquals(Math.exp(-30) - Math.exp(-60) / 2, sp.value(-30), 4 * Math.ulp(Math.exp(-30)), "log(1 + e⁻³⁰) = e⁻³⁰ − e⁻⁶⁰/2 + …: small values keep their relative accuracy");
        assertEquals(Math.log(2), sp.value(0), 1e-16);
        assertEquals(1.0, sp.derivative(800), 0.0);
        assertEquals(0.0, sp.derivative(-800), 1e-300);
        assertEquals(0.5, sp.derivative(0), 0.0);
        assertThrows(IllegalArgumentException.class, () -> ScalarFunction.simp(1, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> ScalarFunction.simp(0, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> ScalarFunction.affine(Double.NaN, 0));
    }

    /** θ ↦ ⟨w, φ(θ)⟩ along a direction d: its derivative must be ⟨pullback(w), d⟩. */
    @Test
    void elementwisePullbackMatchesFiniteDifferences() {
        Random rnd = new Random(41);
        int n = 17;
        for (ScalarFunction phi : FUNCTIONS) {
            ElementwiseMap map = new ElementwiseMap(phi, n);
            double[] x = uniform(n, 0.1, 0.9, rnd), w = gaussian(n, rnd), d = gaussian(n, rnd);
            DenseVector y = DenseVector.heap(n), xbar = DenseVector.heap(n);
            map.forward(vec(x), y);
            for (int i = 0; i < n; i++) assertEquals(phi.value(x[i]), y.get(i), 0.0);
            map.pullback(vec(w), xbar);
            double g = dot(xbar.toArray(), d);
            double fd = FiniteDifference.central(t -> {
                DenseVector yt = DenseVector.heap(n);
                map.forward(vec(plus(x, t, d)), yt);
                return dot(w, yt.toArray());
            }, FiniteDifference.step(0.1));
            assertEquals(fd, g, 1e-6 * norm(xbar.toArray()) * norm(d), phi.toString());
        }
    }

    @Test
    void aliasingZeroNoneAndDomainErrors() {
        ElementwiseMap map = new ElementwiseMap(ScalarFunction.exp(), 3);
        DenseVector v = DenseVector.of(0, 1, 2);
        map.forward(v, v); // in place
        assertArrayEquals(new double[] {1, Math.E, Math.exp(2)}, v.toArray(), 1e-15);
        DenseVector bar = DenseVector.of(1, 1, 1);
        map.pullback(bar, bar);
        assertArrayEquals(new double[] {1, Math.E, Math.exp(2)}, bar.toArray(), 1e-15);
        map.pullback(Tangents.ZERO, bar);
        assertArrayEquals(new double[3], bar.toArray(), 0.0);
        map.pullback(DenseVector.of(1, 2, 3), Tangents.NONE);

        ElementwiseMap simp = new ElementwiseMap(ScalarFunction.simp(1e-9, 1, 2.5), 3);
        var e = assertThrows(IllegalArgumentException.class, () -> simp.forward(DenseVector.of(0.5, -0.5, 0.2), DenseVector.heap(3)));
        assertTrue(e.getMessage().contains("x[1] = -0.5"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> simp.pullback(DenseVector.heap(3), DenseVector.heap(3)),
                "a failed forward leaves nothing to pull back");
        var len = assertThrows(IllegalArgumentException.class, () -> map.forward(DenseVector.heap(4), DenseVector.heap(3)));
        assertTrue(len.getMessage().contains("x has length 4"), len.getMessage());
        var overflow = assertThrows(IllegalArgumentException.class, () -> map.forward(DenseVector.of(1, 800, 2), DenseVector.heap(3)));
        assertTrue(overflow.getMessage().contains("x[1]"), overflow.getMessage());
    }
}

package dev.pullback.topopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("kernel-paths")
class DensityFilterTest {

    @Test
    void weightsAreTop88sConeAndSymmetric() {
        int nelx = 7, nely = 4;
        double rmin = 2.3;
        try (DensityFilter f = new DensityFilter(nelx, nely, rmin)) {
            CscMatrix h = f.weights();
            for (int e1 = 0; e1 < nelx * nely; e1++) {
                double sum = 0;
                for (int e2 = 0; e2 < nelx * nely; e2++) {
                    double dist = Math.hypot(e1 / nely - e2 / nely, e1 % nely - e2 % nely);
                    double w = Math.max(0, rmin - dist);
                    assertEquals(w, h.get(e2, e1), 1e-15, "H(" + e2 + ", " + e1 + ")");
                    assertEquals(h.get(e1, e2), h.get(e2, e1), 0.0);
                    sum += w;
                }
                assertEquals(sum, f.rowSum(e1), 1e-13);
            }
        }
    }

    @Test
    void filterKeepsConstantsAndPullbackIsItsAdjoint() {
        int nelx = 13, nely = 6, nel = nelx * nely;
        Random rnd = new Random(7);
        try (DensityFilter f = new DensityFilter(nelx, nely, 1.5)) {
            DenseVector x = DenseVector.heap(nel), y = DenseVector.heap(nel), g = DenseVector.heap(nel), gx = DenseVector.heap(nel);
            x.fill(0.37);
            f.apply(x, y);
            for (int e = 0; e < nel; e++) assertEquals(0.37, y.get(e), 1e-15);
            for (int e = 0; e < nel; e++) {
                x.set(e, rnd.nextDouble());
                g.set(e, rnd.nextGaussian());
            }
            f.apply(x, y);
            f.pullback(g, gx);
            // ⟨F x, g⟩ = ⟨x, Fᵀ g⟩ with F = diag(1/Hs) H
            double lhs = 0, rhs = 0;
            for (int e = 0; e < nel; e++) {
                lhs += y.get(e) * g.get(e);
                rhs += x.get(e) * gx.get(e);
            }
            assertEquals(lhs, rhs, 1e-12 * Math.abs(lhs));
            assertThrows(IllegalArgumentException.class, () -> f.apply(x, x));
            assertThrows(IllegalArgumentException.class, () -> f.apply(x, DenseVector.heap(nel - 1)));
        }
    }

    @Test
    void rejectsBadRadius() {
        assertThrows(IllegalArgumentException.class, () -> new DensityFilter(4, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> new DensityFilter(4, 4, Double.NaN));
    }
}

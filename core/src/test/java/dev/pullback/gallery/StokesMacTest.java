package dev.pullback.gallery;

import static dev.pullback.gallery.MatrixChecks.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StokesMacTest {
    @Test
    void symmetricSaddlePointWithOnePressurePinned() {
        for (long seed = 1; seed <= 2; seed++) {
            try (CscMatrix a = StokesMac.of2d(7, 5, 1.0, seed)) {
                int velocities = 6 * 5 + 7 * 4;
                assertEquals(StokesMac.unknowns(7, 5), a.rows());
                assertEquals(velocities + 7 * 5 - 1, a.rows());
                assertValuesSymmetric(a);
                assertEquals(7 * 5 - 1, missingDiagonal(a));
                KktTest.assertSaddlePointInertia(a, velocities, "stokes2d seed " + seed);
                assertNonsingular(a, "stokes2d seed " + seed);
            }
            try (CscMatrix a = StokesMac.of3d(4, 3, 3, 1.0, seed)) {
                int velocities = 3 * 3 * 3 + 4 * 2 * 3 + 4 * 3 * 2;
                assertEquals(velocities + 4 * 3 * 3 - 1, a.rows());
                assertValuesSymmetric(a);
                KktTest.assertSaddlePointInertia(a, velocities, "stokes3d seed " + seed);
            }
        }
    }

    @Test
    void discreteDivergenceOfAStreamFunctionFieldIsZero() {
        // u = ∂ψ/∂y, v = −∂ψ/∂x from corner values of ψ (zero on the walls) is divergence-free cell
        // by cell: each B row of the saddle point matrix must give 0 for it
        int nx = 9, ny = 6;
        SplittableRandom rnd = new SplittableRandom(3);
        double[][] psi = new double[nx + 1][ny + 1];
        for (int i = 1; i < nx; i++) for (int j = 1; j < ny; j++) psi[i][j] = rnd.nextDouble(-1, 1);
        try (CscMatrix a = StokesMac.of2d(nx, ny, 0.7, 5)) {
            int nu = (nx - 1) * ny, nv = nx * (ny - 1);
            double[] w = new double[a.rows()];
            for (int j = 0; j < ny; j++) for (int i = 1; i < nx; i++) w[(i - 1) + (nx - 1) * j] = psi[i][j + 1] - psi[i][j];
            for (int j = 1; j < ny; j++) {
                for (int i = 0; i < nx; i++) w[nu + i + nx * (j - 1)] = -(psi[i + 1][j] - psi[i][j]);
            }
            double[] bw = new double[a.rows()];
            double scale = 0;
            for (int c = 0; c < nu + nv; c++) {
                for (int k = a.pattern().colStart(c); k < a.pattern().colEnd(c); k++) {
                    bw[a.pattern().row(k)] += a.value(k) * w[c];
                    scale = Math.max(scale, Math.abs(a.value(k) * w[c]));
                }
            }
            for (int r = nu + nv; r < a.rows(); r++) assertEquals(0.0, bw[r], 1e-14 * scale, "pressure row " + r);
            // while a non-solenoidal field (a plain source) is seen
            double[] src = new double[a.rows()];
            src[0] = 1;
            boolean seen = false;
            for (int k = a.pattern().colStart(0); k < a.pattern().colEnd(0); k++) seen |= a.pattern().row(k) >= nu + nv;
            assertTrue(seen);
        }
    }

    @Test
    void sameSeedSameMatrixOtherSeedOtherViscosity() {
        try (CscMatrix a = StokesMac.of3d(5, 5, 4, 1.0, 8); CscMatrix b = StokesMac.of3d(5, 5, 4, 1.0, 8);
                CscMatrix c = StokesMac.of3d(5, 5, 4, 1.0, 9)) {
            assertSameMatrix(a, b);
            assertTrue(a.pattern().sameStructure(c.pattern()));
            assertDifferentValues(a, c);
        }
        assertThrows(IllegalArgumentException.class, () -> StokesMac.of2d(1, 5, 1, 1));
    }
}

package dev.pullback.gallery;

import static dev.pullback.gallery.MatrixChecks.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import org.junit.jupiter.api.Test;

class Poisson3dTest {
    @Test
    void laplacianHasTheSevenPointStencil() {
        try (CscMatrix a = Poisson3d.laplacian(4, 3, 5)) {
            int n = 4 * 3 * 5;
            assertEquals(n, a.rows());
            // edges: (nx-1)·ny·nz + nx·(ny-1)·nz + nx·ny·(nz-1), each stored twice
            assertEquals(n + 2 * (3 * 3 * 5 + 4 * 2 * 5 + 4 * 3 * 4), a.nnz());
            int centre = 1 + 4 * (1 + 3 * 2);
            assertEquals(6.0, a.get(centre, centre));
            for (int d : new int[] {1, 4, 12}) {
                assertEquals(-1.0, a.get(centre, centre + d));
                assertEquals(-1.0, a.get(centre, centre - d));
            }
            assertEquals(0.0, a.get(3, 4)); // (3,0,0) and (0,1,0) are not neighbours
        }
    }

    @Test
    void symmetricPositiveDefiniteWithAndWithoutCoefficients() {
        for (double sigma : new double[] {0, 1, 2}) {
            try (CscMatrix a = Poisson3d.diffusion(7, 6, 5, sigma, 3)) {
                assertValuesSymmetric(a);
                double[][] l = assertCholesky(dense(a), "diffusion sigma=" + sigma);
                // the Cholesky factor reproduces A (independent of how it was found)
                double[][] d = dense(a);
                for (int i = 0; i < d.length; i++) {
                    for (int j = 0; j <= i; j++) {
                        double s = 0;
                        for (int k = 0; k <= j; k++) s += l[i][k] * l[j][k];
                        assertEquals(d[i][j], s, 1e-12 * Math.abs(d[i][i]));
                    }
                }
            }
        }
    }

    @Test
    void coefficientsVaryWithTheSeedOnOneStencil() {
        try (CscMatrix a = Poisson3d.diffusion(10, 10, 10, 1, 1); CscMatrix b = Poisson3d.diffusion(10, 10, 10, 1, 1);
                CscMatrix c = Poisson3d.diffusion(10, 10, 10, 1, 2)) {
            assertSameMatrix(a, b);
            assertDifferentValues(a, c);
            double lo = Double.MAX_VALUE, hi = 0;
            for (int j = 0; j < a.cols(); j++) {
                lo = Math.min(lo, a.get(j, j));
                hi = Math.max(hi, a.get(j, j));
            }
            assertTrue(hi / lo > 5, "coefficient contrast " + hi / lo);
        }
    }
}

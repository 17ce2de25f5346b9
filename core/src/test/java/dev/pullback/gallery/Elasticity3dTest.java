package dev.pullback.gallery;

import static dev.pullback.gallery.MatrixChecks.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import org.junit.jupiter.api.Test;

class Elasticity3dTest {
    @Test
    void symmetricPositiveDefinite() {
        for (long seed = 1; seed <= 2; seed++) {
            Elasticity3d mesh = new Elasticity3d(4, 3, 3, seed);
            try (CscMatrix k = mesh.assemble()) {
                assertEquals(mesh.dofs(), k.rows());
                assertEquals(3 * 4 * 4 * 4, k.rows());
                assertValuesSymmetric(k);
                assertCholesky(dense(k), "elasticity3d seed " + seed);
            }
        }
    }

    @Test
    void elementStiffnessHasTheSixRigidBodyModesAsItsNullSpace() {
        Elasticity3d mesh = new Elasticity3d(3, 3, 3, 4);
        double[] ke = new double[576];
        mesh.elementStiffness(1, 1, 1, ke); // an element with all eight nodes moved
        double[] x = mesh.nodeCoordinates(1, 1, 1);
        double[][] modes = new double[6][24];
        for (int a = 0; a < 8; a++) {
            for (int p = 0; p < 3; p++) modes[p][3 * a + p] = 1; // translations
            // rotations about x, y, z: u = ω × X
            modes[3][3 * a + 1] = -x[3 * a + 2];
            modes[3][3 * a + 2] = x[3 * a + 1];
            modes[4][3 * a] = x[3 * a + 2];
            modes[4][3 * a + 2] = -x[3 * a];
            modes[5][3 * a] = -x[3 * a + 1];
            modes[5][3 * a + 1] = x[3 * a];
        }
        double scale = 0;
        for (double v : ke) scale = Math.max(scale, Math.abs(v));
        for (double[] m : modes) {
            for (int r = 0; r < 24; r++) {
                double s = 0;
                for (int c = 0; c < 24; c++) s += ke[r * 24 + c] * m[c];
                assertEquals(0.0, s, 1e-12 * scale * 10);
            }
        }
        // and a stretch is not free: positive strain energy
        double[] stretch = new double[24];
        for (int a = 0; a < 8; a++) stretch[3 * a] = x[3 * a];
        double energy = 0;
        for (int r = 0; r < 24; r++) for (int c = 0; c < 24; c++) energy += stretch[r] * ke[r * 24 + c] * stretch[c];
        assertTrue(energy > 0);
    }

    @Test
    void uniformStrainOnADistortedMeshLeavesInteriorNodesInEquilibrium() {
        // the patch test: u = g·x (zero on the fixed face x = 0) is a constant-strain state, so with a
        // uniform modulus the assembled forces K·u vanish at every node not on the boundary
        Elasticity3d mesh = new Elasticity3d(4, 4, 4, 7, 0.0);
        double[] g = {0.3, -0.2, 0.5};
        try (CscMatrix k = mesh.assemble()) {
            int n = k.rows();
            double[] u = new double[n];
            for (int f = 0; f < n / 3; f++) {
                int node = mesh.freeNode(f);
                double xcoord = mesh.coordinate(node, 0);
                for (int p = 0; p < 3; p++) u[3 * f + p] = g[p] * xcoord;
            }
            double[] ku = new double[n];
            double scale = 0;
            for (int c = 0; c < n; c++) {
                for (int q = k.pattern().colStart(c); q < k.pattern().colEnd(c); q++) {
                    ku[k.pattern().row(q)] += k.value(q) * u[c];
                    scale = Math.max(scale, Math.abs(k.value(q) * u[c]));
                }
            }
            int interior = 0;
            for (int f = 0; f < n / 3; f++) {
                if (!mesh.isInterior(mesh.freeNode(f))) continue;
                interior++;
                for (int p = 0; p < 3; p++) assertEquals(0.0, ku[3 * f + p], 1e-12 * scale, "free node " + f);
            }
            assertEquals(3 * 3 * 3, interior);
            double boundary = 0;
            for (double v : ku) boundary = Math.max(boundary, Math.abs(v));
            assertTrue(boundary > 1e-3 * scale, "the boundary carries the traction");
        }
    }

    @Test
    void sameSeedSameMatrixOtherSeedOtherValues() {
        try (CscMatrix a = new Elasticity3d(5, 4, 3, 1).assemble(); CscMatrix b = new Elasticity3d(5, 4, 3, 1).assemble();
                CscMatrix c = new Elasticity3d(5, 4, 3, 2).assemble()) {
            assertSameMatrix(a, b);
            assertTrue(a.pattern().sameStructure(c.pattern()));
            assertDifferentValues(a, c);
        }
    }
}

package dev.pullback.gallery;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class GalleryTest {
    @Test
    void q4StiffnessAnnihilatesRigidMotionsAndIsSymmetric() {
        PlaneStressQ4 mesh = new PlaneStressQ4(4, 3, 0.3);
        try (PlaneStressQ4.Assembly a = mesh.assemble(new int[0]); DenseMatrix k = a.stiffness().toDense()) {
            int n = mesh.dofs();
            assertEquals(n, k.rows());
            double[] tx = new double[n], ty = new double[n], rot = new double[n];
            for (int c = 0; c <= mesh.nelx(); c++) {
                for (int r = 0; r <= mesh.nely(); r++) {
                    int node = r + c * (mesh.nely() + 1);
                    double x = c, y = -r; // node rows go downwards from the top edge
                    tx[2 * node] = 1;
                    ty[2 * node + 1] = 1;
                    rot[2 * node] = -y;
                    rot[2 * node + 1] = x;
                }
            }
            for (double[] mode : new double[][] {tx, ty, rot}) {
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) s += k.get(i, j) * mode[j];
                    assertEquals(0.0, s, 1e-12, "rigid motion not in the null space at dof " + i);
                }
            }
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertEquals(k.get(i, j), k.get(j, i), 1e-15);
        }
    }

    @Test
    void elementMapSumsToTheAssembledMatrix() {
        PlaneStressQ4 mesh = new PlaneStressQ4(5, 2, 0.3);
        try (PlaneStressQ4.Assembly a = mesh.assemble(mesh.mbbFixedDofs())) {
            CscMatrix k = a.stiffness();
            double[] sum = new double[k.nnz()];
            var g = a.elementMap();
            for (int t = 0; t < g.entries(); t++) {
                sum[g.position().getAtIndex(ValueLayout.JAVA_INT, t)] += g.coef().getAtIndex(ValueLayout.JAVA_DOUBLE, t);
            }
            assertArrayEquals(k.valuesArray(), sum, 1e-14);
            assertEquals(mesh.dofs() - mesh.nely() - 2, k.rows());
            assertEquals(mesh.elements(), g.groups());
        }
    }

    @Test
    void gridMatricesHaveTheStencilPattern() {
        try (CscMatrix p = Grids.poisson2d(3, 2); CscMatrix c = Grids.convectionDiffusion2d(3, 2, 10, 0);
                CscMatrix w = Grids.arrow(50, 2, 3, 1)) {
            assertEquals(6, p.rows());
            assertEquals(6 + 2 * (2 * 2 + 3), p.nnz()); // diagonal + both directions of 7 grid edges
            assertEquals(4.0, p.get(4, 4));
            assertEquals(-1.0, p.get(4, 1));
            assertEquals(0.0, p.get(2, 3)); // (2,0) and (0,1) are not neighbours
            assertTrue(c.get(1, 0) != c.get(0, 1));
            for (int j = 0; j < 50; j++) {
                double off = 0;
                for (int i = 0; i < 50; i++) if (i != j) off += Math.abs(w.get(i, j));
                assertTrue(w.get(j, j) > off, "column " + j + " not diagonally dominant");
            }
            assertEquals(50, w.pattern().colCount(0));
        }
    }
}

package dev.pullback.topopt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.DenseMatrix;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link PlaneStressQ4} against the mechanics top88 discretises, independently of its
 * tabulated A11/A12/B11/B12 blocks: the element stiffness is ∫ BᵀDB over the unit square for
 * bilinear shape functions and plane-stress D (2×2 Gauss quadrature integrates it exactly), and the
 * assembled matrix reproduces the strain energy of uniform strain fields (a patch test that also
 * checks the node orientation: rows numbered downwards, y pointing up).
 */
class Top88ElementTest {
    private static final double NU = 0.3;

    @Test
    void elementStiffnessIsTheIntegralOfBtDB() {
        double[] ke = new PlaneStressQ4(1, 1, NU).elementStiffness();
        // local nodes (top88's edofMat order): lower-left, lower-right, upper-right, upper-left
        double[][] node = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
        double[][] d = {{1, NU, 0}, {NU, 1, 0}, {0, 0, (1 - NU) / 2}};
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) d[r][c] /= 1 - NU * NU;
        double[] ref = new double[64];
        double g = 0.5 / Math.sqrt(3);
        for (double gx : new double[] {0.5 - g, 0.5 + g}) {
            for (double gy : new double[] {0.5 - g, 0.5 + g}) {
                double[][] bm = new double[3][8];
                for (int a = 0; a < 4; a++) {
                    // N_a = (1 - |x - x_a|)(1 - |y - y_a|) on the unit square
                    double sx = node[a][0] == 0 ? -1 : 1, sy = node[a][1] == 0 ? -1 : 1;
                    double nx = node[a][0] == 0 ? 1 - gx : gx, ny = node[a][1] == 0 ? 1 - gy : gy;
                    double dNdx = sx * ny, dNdy = sy * nx;
                    bm[0][2 * a] = dNdx;
                    bm[1][2 * a + 1] = dNdy;
                    bm[2][2 * a] = dNdy;
                    bm[2][2 * a + 1] = dNdx;
                }
                for (int i = 0; i < 8; i++) {
                    for (int j = 0; j < 8; j++) {
                        double s = 0;
                        for (int p = 0; p < 3; p++) for (int q = 0; q < 3; q++) s += bm[p][i] * d[p][q] * bm[q][j];
                        ref[i * 8 + j] += 0.25 * s; // Gauss weight 1/4 on the unit square
                    }
                }
            }
        }
        for (int k = 0; k < 64; k++) assertEquals(ref[k], ke[k], 1e-14, "KE entry (" + k / 8 + ", " + k % 8 + ")");
    }

    @Test
    void assembledMatrixHasTheEnergyOfUniformStrain() {
        PlaneStressQ4 mesh = new PlaneStressQ4(5, 3, NU);
        try (PlaneStressQ4.Assembly a = mesh.assemble(new int[0]); DenseMatrix k = a.stiffness().toDense()) {
            int n = mesh.dofs();
            // u = (x, y): εxx = εyy = 1, energy density ½(D11 + 2D12 + D22) = 1/(1 - ν);
            // u = (y, 0): γxy = 1, energy density ½D33 = (1 - ν)/(4(1 - ν²)).
            double[] biaxial = new double[n], shear = new double[n];
            for (int c = 0; c <= mesh.nelx(); c++) {
                for (int r = 0; r <= mesh.nely(); r++) {
                    int node = r + c * (mesh.nely() + 1);
                    double x = c, y = mesh.nely() - r; // rows go down from the top edge
                    biaxial[2 * node] = x;
                    biaxial[2 * node + 1] = y;
                    shear[2 * node] = y;
                }
            }
            assertEquals(mesh.elements() / (1 - NU), 0.5 * quadratic(k, biaxial), 1e-11);
            assertEquals(mesh.elements() * (1 - NU) / (4 * (1 - NU * NU)), 0.5 * quadratic(k, shear), 1e-11);
        }
    }

    private static double quadratic(DenseMatrix k, double[] u) {
        double s = 0;
        for (int i = 0; i < u.length; i++) for (int j = 0; j < u.length; j++) s += u[i] * k.get(i, j) * u[j];
        return s;
    }
}

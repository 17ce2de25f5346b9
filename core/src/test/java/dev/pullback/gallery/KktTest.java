package dev.pullback.gallery;

import static dev.pullback.gallery.MatrixChecks.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import org.junit.jupiter.api.Test;

class KktTest {
    /**
     * Inertia (nK positive, m negative, no zero eigenvalue) without an eigensolver: K is positive
     * definite (its Cholesky succeeds) and the Schur complement B·K⁻¹·Bᵀ is positive definite too,
     * so by Sylvester's law of inertia on the block LDLᵀ the KKT matrix is nonsingular with m
     * negative eigenvalues.
     */
    static void assertSaddlePointInertia(CscMatrix a, int nk, String what) {
        double[][] d = dense(a);
        int n = d.length, m = n - nk;
        double[][] k = new double[nk][nk];
        for (int i = 0; i < nk; i++) System.arraycopy(d[i], 0, k[i], 0, nk);
        double[][] l = assertCholesky(k, what + ": K");
        double[][] kinvBt = new double[m][];
        for (int r = 0; r < m; r++) {
            double[] col = new double[nk];
            for (int i = 0; i < nk; i++) col[i] = d[i][nk + r];
            kinvBt[r] = cholSolve(l, col);
        }
        double[][] s = new double[m][m];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < m; c++) {
                double v = 0;
                for (int i = 0; i < nk; i++) v += d[nk + r][i] * kinvBt[c][i];
                s[r][c] = v;
            }
        }
        assertCholesky(s, what + ": Schur complement B K⁻¹ Bᵀ");
    }

    @Test
    void symmetricIndefiniteWithFullRankConstraints() {
        for (long seed = 1; seed <= 3; seed++) {
            try (CscMatrix a = Kkt.hex(3, 3, 3, seed)) {
                int nk = new Elasticity3d(3, 3, 3, seed).dofs();
                int m = a.rows() - nk;
                assertEquals(Kkt.defaultConstraints(nk), m);
                assertValuesSymmetric(a);
                assertEquals(m, missingDiagonal(a));
                for (int r = nk; r < a.rows(); r++) {
                    int count = a.pattern().colCount(r);
                    assertTrue(count >= 1 && count <= 4, "constraint column " + r + " couples " + count + " dofs");
                    assertEquals(0.0, a.get(r, r));
                }
                assertSaddlePointInertia(a, nk, "kkt3d seed " + seed);
                assertNonsingular(a, "kkt3d seed " + seed);
            }
            try (CscMatrix a = Kkt.q4(12, 8, seed)) {
                PlaneStressQ4 mesh = new PlaneStressQ4(12, 8, 0.3);
                int nk = mesh.dofs() - mesh.mbbFixedDofs().length;
                assertValuesSymmetric(a);
                assertEquals(a.rows() - nk, missingDiagonal(a));
                assertSaddlePointInertia(a, nk, "kkt2d seed " + seed);
            }
        }
    }

    @Test
    void mostConstraintsCoupleTwoToFourDofs() {
        try (CscMatrix a = Kkt.hex(12, 10, 10, 1)) {
            int nk = new Elasticity3d(12, 10, 10, 1).dofs();
            int[] count = new int[6];
            for (int r = nk; r < a.rows(); r++) count[Math.min(5, a.pattern().colCount(r))]++;
            int m = a.rows() - nk;
            assertEquals(m, count[2] + count[3] + count[4], java.util.Arrays.toString(count));
            assertTrue(count[2] > m / 5 && count[3] > m / 5 && count[4] > m / 5, java.util.Arrays.toString(count));
        }
    }

    @Test
    void sameSeedSameMatrixOtherSeedOtherMatrix() {
        try (CscMatrix a = Kkt.hex(6, 5, 5, 3); CscMatrix b = Kkt.hex(6, 5, 5, 3); CscMatrix c = Kkt.hex(6, 5, 5, 4)) {
            assertSameMatrix(a, b);
            assertDifferentValues(a, c);
            assertFalse(a.pattern().sameStructure(c.pattern()), "other constraints");
        }
        try (CscMatrix k = Poisson3d.laplacian(2, 2, 2)) {
            assertThrows(IllegalArgumentException.class, () -> Kkt.withConstraints(k, 5, 1));
        }
    }
}

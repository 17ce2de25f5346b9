package dev.pullback.gallery;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;

/**
 * 7-point finite differences for −∇·(k∇u) on an nx×ny×nz grid of interior points with Dirichlet
 * boundary, scaled by h²; unknown (i, j, l) is numbered i + nx·(j + ny·l) (x fastest).
 *
 * <p>Each pair of grid neighbours shares one face coefficient k_f, added to both diagonals and
 * subtracted off the diagonal; a face to the boundary adds k_f to the diagonal only. With k ≡ 1 this
 * is the Laplacian: 6 on the diagonal, −1 per neighbour. The matrix is symmetric (each k_f is stored
 * once and used for both (a, b) and (b, a)), and positive definite: irreducibly diagonally dominant
 * with a positive diagonal, strictly so in every row next to the boundary.
 */
public final class Poisson3d {
    private Poisson3d() {}

    /** The 7-point Laplacian (k ≡ 1): SPD, n = nx·ny·nz. */
    public static CscMatrix laplacian(int nx, int ny, int nz) {
        return diffusion(nx, ny, nz, 0.0, 0);
    }

    /**
     * Heterogeneous diffusion: k = exp(σ·g) at each grid point, g a smooth random field (correlated
     * over a few cells, seeded), and on each face the harmonic mean 2k_a·k_b/(k_a + k_b) of its two
     * points, as a finite-volume flux between cells of different conductivity takes it. σ = 0 gives
     * the Laplacian whatever the seed; σ = 1 gives a contrast of about 50 between high and low.
     */
    public static CscMatrix diffusion(int nx, int ny, int nz, double sigma, long seed) {
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new IllegalArgumentException("grid must be at least 1x1x1, got " + nx + "x" + ny + "x" + nz);
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
        }
        long nl = (long) nx * ny * nz;
        if (nl * 7 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("grid " + nx + "x" + ny + "x" + nz + " too large");
        }
        int n = (int) nl;
        double[] k = new double[n];
        RandomField field = sigma == 0 ? null : new RandomField(seed);
        int longest = Math.max(nx, Math.max(ny, nz));
        for (int l = 0; l < nz; l++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    k[i + nx * (j + ny * l)] = field == null ? 1.0
                            : field.logNormal(sigma, (i + 1.0) / longest, (j + 1.0) / longest, (l + 1.0) / longest);
                }
            }
        }
        int[] stride = {1, nx, nx * ny};
        int[] dim = {nx, ny, nz};
        double[] diag = new double[n];
        CooBuilder b = new CooBuilder(n, n, 7 * n);
        int[] at = new int[3];
        for (int r = 0; r < n; r++) {
            at[0] = r % nx;
            at[1] = (r / nx) % ny;
            at[2] = r / (nx * ny);
            for (int d = 0; d < 3; d++) {
                // the face below this point in direction d: to the boundary, or to the neighbour r - stride
                if (at[d] == 0) diag[r] += k[r];
                else {
                    int s = r - stride[d];
                    double kf = k[r] == k[s] ? k[r] : 2 * k[r] * k[s] / (k[r] + k[s]);
                    b.add(r, s, -kf);
                    b.add(s, r, -kf);
                    diag[r] += kf;
                    diag[s] += kf;
                }
                if (at[d] == dim[d] - 1) diag[r] += k[r];
            }
        }
        for (int r = 0; r < n; r++) b.add(r, r, diag[r]);
        return b.build(CooBuilder.Zeros.KEEP);
    }
}

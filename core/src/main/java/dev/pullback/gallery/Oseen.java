package dev.pullback.gallery;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;

/**
 * Oseen flow −∇·(μ∇u) + (w·∇)u + ∇p = f, ∇·u = 0 (the Navier–Stokes equations linearised about a
 * wind w, here constant: w = wind·(1, ½, ¼)) on {@link StokesMac}'s MAC grid: the saddle point
 * matrix [[A + N, Bᵀ], [B, 0]], with [[A, Bᵀ], [B, 0]] the Stokes matrix of the same grid,
 * viscosity and seed, and N the convection by central differences in flux form: for two velocity
 * unknowns of one component that are neighbours along direction e, i before j,
 * N(i, j) = +w_e·h^{dim−1}/2 and N(j, i) = −w_e·h^{dim−1}/2 (at a wall the missing neighbour is
 * zero and drops out).
 *
 * <p>N lies on the pattern of A (each of its pairs is a viscous coupling), so the pattern is the
 * Stokes pattern, exactly symmetric, while the values are not: N is skew-symmetric, which also
 * keeps the symmetric part of the matrix the Stokes matrix (A + N is positive real, vᵀ(A + N)v =
 * vᵀAv &gt; 0, so with B of full row rank the matrix is nonsingular). The pressure rows still have
 * no diagonal: a must-pivot, unsymmetric family with a symmetric pattern. The cell Péclet number
 * |w|·h/μ grows with the wind; beyond 2 the velocity block loses its diagonal dominance too.
 */
public final class Oseen {
    private Oseen() {}

    /** 2D: an nx×ny grid of cells, viscosity μ = exp(σ·g) as in {@link StokesMac}. */
    public static CscMatrix of2d(int nx, int ny, double wind, double sigma, long seed) {
        try (CscMatrix stokes = StokesMac.of2d(nx, ny, sigma, seed)) {
            return withConvection(stokes, new int[] {nx, ny}, wind);
        }
    }

    /** 3D: an nx×ny×nz grid of cells. */
    public static CscMatrix of3d(int nx, int ny, int nz, double wind, double sigma, long seed) {
        try (CscMatrix stokes = StokesMac.of3d(nx, ny, nz, sigma, seed)) {
            return withConvection(stokes, new int[] {nx, ny, nz}, wind);
        }
    }

    private static CscMatrix withConvection(CscMatrix stokes, int[] cells, double wind) {
        if (!(Math.abs(wind) <= Double.MAX_VALUE)) throw new IllegalArgumentException("wind must be finite, got " + wind);
        int dim = cells.length;
        int nc = 1, longest = 0;
        for (int c : cells) {
            nc *= c;
            longest = Math.max(longest, c);
        }
        double flux = Math.pow(1.0 / longest, dim - 1) / 2;
        CscPattern p = stokes.pattern();
        CooBuilder b = new CooBuilder(p.rows(), p.cols(), p.nnz() + 1);
        for (int j = 0; j < p.cols(); j++) {
            for (int q = p.colStart(j); q < p.colEnd(j); q++) b.add(p.row(q), j, stokes.value(q));
        }
        int base = 0;
        int[] f = new int[3];
        for (int c = 0; c < dim; c++) {
            int[] fdim = cells.clone();
            fdim[c] = cells[c] - 1; // the interior faces normal to c, x fastest (StokesMac's numbering)
            int count = nc / cells[c] * (cells[c] - 1);
            for (int t = 0; t < count; t++) {
                int rest = t;
                for (int d = 0; d < dim; d++) {
                    f[d] = rest % fdim[d];
                    rest /= fdim[d];
                }
                int stride = 1;
                for (int e = 0; e < dim; e++) {
                    if (f[e] + 1 < fdim[e]) {
                        double v = wind * Math.scalb(1.0, -e) * flux;
                        int i = base + t, j = base + t + stride;
                        b.add(i, j, v);
                        b.add(j, i, -v);
                    }
                    stride *= fdim[e];
                }
            }
            base += count;
        }
        CscMatrix a = b.build(CooBuilder.Zeros.KEEP);
        if (a.nnz() != p.nnz()) {
            a.close();
            throw new IllegalStateException("convection left the Stokes pattern: nnz " + a.nnz() + " vs " + p.nnz());
        }
        return a;
    }
}

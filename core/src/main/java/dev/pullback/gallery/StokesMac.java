package dev.pullback.gallery;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import java.util.Arrays;

/**
 * Stokes flow −∇·(μ∇u) + ∇p = f, ∇·u = 0 in a box with no-slip walls, discretised on a MAC
 * (marker-and-cell) staggered grid of cubic cells of side h = 1/max(nx, ny, nz), in 2D or 3D: the
 * symmetric indefinite saddle point matrix [[A, Bᵀ], [B, 0]].
 *
 * <p>Unknowns: velocity component c on the interior faces normal to c (the wall-normal faces are
 * zero), component by component, x fastest within each; then the cell pressures, x fastest, with
 * the pressure of cell 0 pinned to zero (its row and column removed). Component c has
 * (n_c − 1)·Π_{d≠c} n_d unknowns.
 *
 * <p>A is the finite-volume viscous operator of each component on its face-centred control volume
 * (volume h^dim, so each flux coefficient is μ·h^{dim−2}): along c the neighbours are one cell apart
 * and μ is that cell's viscosity; across c the flux face is an edge (a corner in 2D) and μ is the
 * mean over the cells that touch it. A wall across c is half a spacing away, where u = 0: its flux
 * coefficient doubles and goes to the diagonal only. A is symmetric positive definite.
 * B = −h^{dim−1}·div: B(p_cell, face) = +h^{dim−1} on the cell's lower face in each direction and
 * −h^{dim−1} on its upper face, so Bᵀp is the pressure gradient integrated over the control volume.
 *
 * <p>MAC is inf–sup stable: Bᵀq = 0 only for constant q, so pinning one pressure leaves B with full
 * row rank and the matrix is nonsingular, with exactly (pressures − 1) negative eigenvalues.
 * The viscosity is log-normal, μ = exp(σ·g) for a smooth random field g of the seed (σ = 0:
 * μ ≡ 1, the plain Stokes matrix, whatever the seed).
 */
public final class StokesMac {
    private StokesMac() {}

    /** 2D: an nx×ny grid of cells. */
    public static CscMatrix of2d(int nx, int ny, double sigma, long seed) {
        return assemble(new int[] {nx, ny}, sigma, seed);
    }

    /** 3D: an nx×ny×nz grid of cells. */
    public static CscMatrix of3d(int nx, int ny, int nz, double sigma, long seed) {
        return assemble(new int[] {nx, ny, nz}, sigma, seed);
    }

    /** Number of unknowns for a grid of cells {@code cells} (2 or 3 sizes). */
    public static long unknowns(int... cells) {
        long total = -1, all = 1;
        for (int c : cells) all *= c;
        for (int c : cells) total += all / c * (c - 1);
        return total + all;
    }

    private static CscMatrix assemble(int[] cells, double sigma, long seed) {
        int dim = cells.length;
        for (int c : cells) {
            if (c < 2) {
                throw new IllegalArgumentException("every grid size must be at least 2 cells, got " + Arrays.toString(cells));
            }
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
        }
        long total = unknowns(cells);
        if (total * 15 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("grid " + Arrays.toString(cells) + " too large");
        }
        int nc = 1, longest = 0;
        for (int c : cells) {
            nc *= c;
            longest = Math.max(longest, c);
        }
        double h = 1.0 / longest;
        double[] mu = new double[nc];
        RandomField field = sigma == 0 ? null : new RandomField(seed);
        int[] at = new int[3];
        for (int q = 0; q < nc; q++) {
            cellCoords(q, cells, at);
            double z = dim == 3 ? (at[2] + 0.5) * h : 0.5;
            mu[q] = field == null ? 1.0 : field.logNormal(sigma, (at[0] + 0.5) * h, (at[1] + 0.5) * h, z);
        }
        // first unknown of each velocity component; pressure of cell q (q >= 1) is pBase + q - 1
        int[] base = new int[dim + 1];
        for (int c = 0; c < dim; c++) base[c + 1] = base[c] + nc / cells[c] * (cells[c] - 1);
        int pBase = base[dim];
        int n = (int) total;
        double wa = Math.pow(h, dim - 2), wb = Math.pow(h, dim - 1);
        CooBuilder b = new CooBuilder(n, n, 15 * n);
        int[] f = new int[3], g = new int[3], cell = new int[3];
        for (int c = 0; c < dim; c++) {
            int[] fdim = cells.clone();
            fdim[c] = cells[c] - 1; // interior faces normal to c: face index f[c] + 1 along c
            int count = base[c + 1] - base[c];
            for (int t = 0; t < count; t++) {
                cellCoords(t, fdim, f);
                int row = base[c] + t;
                double diag = 0;
                for (int e = 0; e < dim; e++) {
                    for (int side = -1; side <= 1; side += 2) {
                        double coef;
                        System.arraycopy(f, 0, g, 0, 3);
                        g[e] += side;
                        if (e == c) {
                            // the cell between face f[c]+1 and its neighbour face along c
                            System.arraycopy(f, 0, cell, 0, 3);
                            cell[c] = side < 0 ? f[c] : f[c] + 1;
                            coef = mu[cellIndex(cell, cells)] * wa;
                            if (g[c] >= 0 && g[c] < fdim[c]) b.add(row, base[c] + cellIndex(g, fdim), -coef);
                            diag += coef;
                        } else {
                            // the edge across e: cells f[c] and f[c]+1 along c, f[e] and f[e]+side along e,
                            // summed in ascending order so that both faces of the pair get the same bits
                            int lo = side < 0 ? f[e] - 1 : f[e];
                            double sum = 0;
                            int k = 0;
                            for (int dc = 0; dc <= 1; dc++) {
                                for (int de = 0; de <= 1; de++) {
                                    System.arraycopy(f, 0, cell, 0, 3);
                                    cell[c] = f[c] + dc;
                                    cell[e] = lo + de;
                                    if (cell[e] < 0 || cell[e] >= cells[e]) continue;
                                    sum += mu[cellIndex(cell, cells)];
                                    k++;
                                }
                            }
                            coef = sum / k * wa;
                            if (g[e] >= 0 && g[e] < fdim[e]) {
                                b.add(row, base[c] + cellIndex(g, fdim), -coef);
                                diag += coef;
                            } else {
                                diag += 2 * coef; // no-slip wall half a spacing away
                            }
                        }
                    }
                }
                b.add(row, row, diag);
                // pressure gradient: +h^{dim-1} towards the cell above the face, − towards the one below
                System.arraycopy(f, 0, cell, 0, 3);
                cell[c] = f[c] + 1;
                addCoupling(b, row, pBase - 1 + cellIndex(cell, cells), pBase, wb);
                cell[c] = f[c];
                addCoupling(b, row, pBase - 1 + cellIndex(cell, cells), pBase, -wb);
            }
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    /** B(p, u) and Bᵀ(u, p) = v, unless p is the pinned pressure (index pBase − 1). */
    private static void addCoupling(CooBuilder b, int u, int p, int pBase, double v) {
        if (p < pBase) return;
        b.add(u, p, v);
        b.add(p, u, v);
    }

    private static void cellCoords(int q, int[] dims, int[] out) {
        out[2] = 0;
        for (int d = 0; d < dims.length; d++) {
            out[d] = q % dims[d];
            q /= dims[d];
        }
    }

    private static int cellIndex(int[] at, int[] dims) {
        int q = 0;
        for (int d = dims.length - 1; d >= 0; d--) q = q * dims[d] + at[d];
        return q;
    }
}

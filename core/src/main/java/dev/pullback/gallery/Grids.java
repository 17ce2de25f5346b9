package dev.pullback.gallery;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import java.util.SplittableRandom;

/**
 * Generated test matrices on structured grids, for tests and benchmarks. Unknown (i, j) of an
 * nx×ny grid of interior points is numbered i + j·nx (x fastest).
 */
public final class Grids {
    private Grids() {}

    /**
     * The 5-point Laplacian −Δ on an nx×ny interior grid with Dirichlet boundary, scaled by h²:
     * 4 on the diagonal, −1 for each grid neighbour. Symmetric positive definite, n = nx·ny.
     */
    public static CscMatrix poisson2d(int nx, int ny) {
        return convectionDiffusion2d(nx, ny, 0.0, 0.0);
    }

    /**
     * −Δu + (bx, by)·∇u on an nx×ny interior grid, central differences, scaled by h² with h = 1/(n+1)
     * per direction taken as 1/(nx+1): diagonal 4, x-neighbours −1 ∓ bx·h/2, y-neighbours −1 ∓ by·h/2.
     * The pattern is symmetric, the values are not when b ≠ 0 (cell Péclet number |b|h/2 &lt; 1
     * keeps it an M-matrix and so nonsingular).
     */
    public static CscMatrix convectionDiffusion2d(int nx, int ny, double bx, double by) {
        if (nx < 1 || ny < 1) throw new IllegalArgumentException("grid must be at least 1x1, got " + nx + "x" + ny);
        double h = 1.0 / (nx + 1);
        double cx = bx * h / 2, cy = by * h / 2;
        CooBuilder b = new CooBuilder(nx * ny, nx * ny);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int r = i + j * nx;
                b.add(r, r, 4.0);
                if (i > 0) b.add(r, r - 1, -1.0 - cx);
                if (i < nx - 1) b.add(r, r + 1, -1.0 + cx);
                if (j > 0) b.add(r, r - nx, -1.0 - cy);
                if (j < ny - 1) b.add(r, r + nx, -1.0 + cy);
            }
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    /**
     * A circuit-like unsymmetric matrix where the ordering matters: a sparse random part (about
     * {@code perColumn} off-diagonal entries per column, unsymmetric values) plus {@code dense}
     * "supply" nodes whose rows and columns are full — an arrowhead that fills the whole matrix under
     * the natural ordering when the dense nodes come first, and none when they are ordered last.
     * Strictly diagonally dominant by columns, hence nonsingular and stable without pivoting.
     */
    public static CscMatrix arrow(int n, int dense, int perColumn, long seed) {
        if (n < 1 || dense < 0 || dense > n || perColumn < 0) {
            throw new IllegalArgumentException("arrow: need n >= 1, 0 <= dense <= n, perColumn >= 0; got n=" + n
                    + " dense=" + dense + " perColumn=" + perColumn);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        CooBuilder b = new CooBuilder(n, n);
        double[] colAbs = new double[n];
        for (int j = 0; j < n; j++) {
            for (int t = 0; t < perColumn; t++) {
                int i = rnd.nextInt(n);
                if (i == j) continue;
                double v = rnd.nextDouble(-1, 1);
                b.add(i, j, v);
                colAbs[j] += Math.abs(v);
            }
        }
        for (int d = 0; d < dense; d++) {
            for (int k = 0; k < n; k++) {
                if (k == d) continue;
                double v1 = rnd.nextDouble(-1, 1) * 0.1, v2 = rnd.nextDouble(-1, 1) * 0.1;
                b.add(d, k, v1); // dense row d
                colAbs[k] += Math.abs(v1);
                b.add(k, d, v2); // dense column d
                colAbs[d] += Math.abs(v2);
            }
        }
        for (int j = 0; j < n; j++) b.add(j, j, 1.0 + colAbs[j]);
        return b.build(CooBuilder.Zeros.KEEP);
    }

    /**
     * A reducible unsymmetric matrix, as from a cascade of coupled subsystems (a circuit with
     * feed-forward stages, a process flowsheet): n unknowns in consecutive stages of random sizes
     * 1..2·{@code stage}−1; inside a stage a cycle through all its unknowns (so the stage is
     * irreducible) plus about {@code perColumn} random entries per column; between stages, about
     * {@code coupling} entries per column feeding forward from earlier stages only. A random
     * symmetric permutation then hides the order, so the block triangular form has to find it
     * again: its diagonal blocks are the stages. Strictly diagonally dominant by columns (nonsingular).
     */
    public static CscMatrix cascade(int n, int stage, int perColumn, int coupling, long seed) {
        if (n < 1 || stage < 1 || perColumn < 0 || coupling < 0) {
            throw new IllegalArgumentException("cascade: need n >= 1, stage >= 1, perColumn >= 0, coupling >= 0; got n="
                    + n + " stage=" + stage + " perColumn=" + perColumn + " coupling=" + coupling);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[k];
            perm[k] = t;
        }
        CooBuilder b = new CooBuilder(n, n, n * (2 + perColumn + coupling));
        double[] colAbs = new double[n];
        for (int s = 0; s < n; ) {
            int e = Math.min(n, s + 1 + rnd.nextInt(2 * stage - 1));
            int m = e - s;
            for (int j = s; j < e; j++) {
                if (m > 1) colAbs[j] += add(b, perm, s + (j - s + 1) % m, j, rnd.nextDouble(-1, 1));
                for (int t = 0; t < perColumn && m > 1; t++) {
                    int i = s + rnd.nextInt(m);
                    if (i != j) colAbs[j] += add(b, perm, i, j, rnd.nextDouble(-1, 1));
                }
                for (int t = 0; t < coupling && s > 0; t++) colAbs[j] += add(b, perm, rnd.nextInt(s), j, rnd.nextDouble(-1, 1));
            }
            s = e;
        }
        for (int j = 0; j < n; j++) b.add(perm[j], perm[j], 1.0 + colAbs[j]);
        return b.build(CooBuilder.Zeros.KEEP);
    }

    private static double add(CooBuilder b, int[] perm, int i, int j, double v) {
        b.add(perm[i], perm[j], v);
        return Math.abs(v);
    }
}

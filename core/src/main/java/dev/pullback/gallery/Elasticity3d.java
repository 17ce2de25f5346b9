package dev.pullback.gallery;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import java.util.SplittableRandom;

/**
 * Linear isotropic elasticity on a box of nx×ny×nz trilinear hexahedra (H8), three displacement
 * dofs per node, all dofs of the face x = 0 fixed (a cantilever): symmetric positive definite.
 *
 * <p>Node (i, j, l), 0 ≤ i ≤ nx, …, is numbered i + (nx+1)·(j + (ny+1)·l); a free node's dofs are
 * 3·f, 3·f+1, 3·f+2 (x, y, z) with f its rank among the nodes with i ≥ 1, so n = 3·nx·(ny+1)·(nz+1).
 *
 * <p>What the seed varies, so that instances are not one regular stencil repeated: interior nodes
 * move by up to ±{@code JITTER} of the spacing in each direction (a distorted but valid mesh: every
 * Jacobian stays positive), and Young's modulus per element is log-normal, E = exp(½·g) for a
 * smooth random field g (contrast about 3 each way); ν = 0.3.
 *
 * <p>Element stiffness by 2×2×2 Gauss quadrature of
 * K_{ap,bq} = ∫ λ ∂_pN_a ∂_qN_b + μ ∂_qN_a ∂_pN_b + μ δ_pq ∇N_a·∇N_b, with λ = Eν/((1+ν)(1−2ν)),
 * μ = E/(2(1+ν)); the upper triangle is computed and mirrored, so K is symmetric to the last bit.
 */
public final class Elasticity3d {
    /** The largest node displacement, as a fraction of the grid spacing. */
    static final double JITTER = 0.2;
    private static final double NU = 0.3;
    /** Local node order: bottom face counter-clockwise, then the top face. */
    private static final int[][] CORNER = {
        {0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}};

    private final int nx;
    private final int ny;
    private final int nz;
    private final double[] coord; // 3 per node
    private final double[] young; // per element

    /** A mesh of nx×ny×nz elements whose geometry and moduli come from the seed. */
    public Elasticity3d(int nx, int ny, int nz, long seed) {
        this(nx, ny, nz, seed, 0.5);
    }

    /** As above with E = exp(youngSigma·g); youngSigma = 0 gives a uniform E = 1 (for the patch test). */
    Elasticity3d(int nx, int ny, int nz, long seed, double youngSigma) {
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new IllegalArgumentException("mesh must be at least 1x1x1 elements, got " + nx + "x" + ny + "x" + nz);
        }
        long dofs = 3L * nx * (ny + 1) * (nz + 1);
        if (dofs * 81 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("mesh " + nx + "x" + ny + "x" + nz + " too large");
        }
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        SplittableRandom rnd = new SplittableRandom(seed);
        int nodes = (nx + 1) * (ny + 1) * (nz + 1);
        coord = new double[3 * nodes];
        for (int l = 0; l <= nz; l++) {
            for (int j = 0; j <= ny; j++) {
                for (int i = 0; i <= nx; i++) {
                    int v = node(i, j, l);
                    boolean interior = i > 0 && i < nx && j > 0 && j < ny && l > 0 && l < nz;
                    double s = interior ? JITTER : 0;
                    coord[3 * v] = i + s * rnd.nextDouble(-1, 1);
                    coord[3 * v + 1] = j + s * rnd.nextDouble(-1, 1);
                    coord[3 * v + 2] = l + s * rnd.nextDouble(-1, 1);
                }
            }
        }
        RandomField field = new RandomField(rnd.nextLong());
        int longest = Math.max(nx, Math.max(ny, nz));
        young = new double[nx * ny * nz];
        for (int e = 0; e < young.length; e++) {
            int i = e % nx, j = (e / nx) % ny, l = e / (nx * ny);
            young[e] = field.logNormal(youngSigma, (i + 0.5) / longest, (j + 0.5) / longest, (l + 0.5) / longest);
        }
    }

    /** Number of free dofs, 3·nx·(ny+1)·(nz+1). */
    public int dofs() {
        return 3 * nx * (ny + 1) * (nz + 1);
    }

    private int node(int i, int j, int l) {
        return i + (nx + 1) * (j + (ny + 1) * l);
    }

    /** The node whose dofs are 3f, 3f+1, 3f+2. */
    int freeNode(int f) {
        return node(1 + f % nx, (f / nx) % (ny + 1), f / (nx * (ny + 1)));
    }

    /** Coordinate p (0 = x, 1 = y, 2 = z) of a node. */
    double coordinate(int node, int p) {
        return coord[3 * node + p];
    }

    /** Whether the node is off every face of the box. */
    boolean isInterior(int node) {
        int i = node % (nx + 1), j = (node / (nx + 1)) % (ny + 1), l = node / ((nx + 1) * (ny + 1));
        return i > 0 && i < nx && j > 0 && j < ny && l > 0 && l < nz;
    }

    /** The coordinates of element (i, j, l)'s eight nodes in local order, (x, y, z) each. */
    double[] nodeCoordinates(int i, int j, int l) {
        double[] x = new double[24];
        for (int a = 0; a < 8; a++) {
            int v = node(i + CORNER[a][0], j + CORNER[a][1], l + CORNER[a][2]);
            System.arraycopy(coord, 3 * v, x, 3 * a, 3);
        }
        return x;
    }

    /** The global stiffness on the free dofs. */
    public CscMatrix assemble() {
        int n = dofs();
        CooBuilder b = new CooBuilder(n, n, 576 * nx * ny * nz);
        double[] ke = new double[24 * 24];
        int[] dof = new int[24];
        for (int l = 0; l < nz; l++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    elementStiffness(i, j, l, ke);
                    for (int a = 0; a < 8; a++) {
                        int ii = i + CORNER[a][0];
                        // free node rank: nodes with i >= 1, numbered like the full mesh without its i = 0 face
                        int f = ii == 0 ? -1 : (ii - 1) + nx * ((j + CORNER[a][1]) + (ny + 1) * (l + CORNER[a][2]));
                        for (int p = 0; p < 3; p++) dof[3 * a + p] = f < 0 ? -1 : 3 * f + p;
                    }
                    for (int r = 0; r < 24; r++) {
                        if (dof[r] < 0) continue;
                        for (int c = 0; c < 24; c++) if (dof[c] >= 0) b.add(dof[r], dof[c], ke[r * 24 + c]);
                    }
                }
            }
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    /** The 24×24 stiffness of element (i, j, l), row-major, dofs (x, y, z) per local node. */
    void elementStiffness(int i, int j, int l, double[] ke) {
        double e = young[i + nx * (j + ny * l)];
        double lambda = e * NU / ((1 + NU) * (1 - 2 * NU)), mu = e / (2 * (1 + NU));
        double[] x = nodeCoordinates(i, j, l);
        java.util.Arrays.fill(ke, 0.0);
        double g = 1 / Math.sqrt(3);
        double[] dxi = new double[24]; // dN_a/dξ_p
        double[] dx = new double[24];  // dN_a/dx_p
        double[] jac = new double[9];
        double[] inv = new double[9];
        for (int gp = 0; gp < 8; gp++) {
            double[] xi = {(gp & 1) == 0 ? -g : g, (gp & 2) == 0 ? -g : g, (gp & 4) == 0 ? -g : g};
            for (int a = 0; a < 8; a++) {
                double[] s = {2 * CORNER[a][0] - 1, 2 * CORNER[a][1] - 1, 2 * CORNER[a][2] - 1};
                double f0 = 1 + s[0] * xi[0], f1 = 1 + s[1] * xi[1], f2 = 1 + s[2] * xi[2];
                dxi[3 * a] = s[0] * f1 * f2 / 8;
                dxi[3 * a + 1] = f0 * s[1] * f2 / 8;
                dxi[3 * a + 2] = f0 * f1 * s[2] / 8;
            }
            java.util.Arrays.fill(jac, 0.0);
            for (int a = 0; a < 8; a++) {
                for (int p = 0; p < 3; p++) for (int q = 0; q < 3; q++) jac[3 * p + q] += dxi[3 * a + p] * x[3 * a + q];
            }
            double det = invert3(jac, inv);
            if (!(det > 0)) {
                throw new IllegalStateException("element (" + i + ", " + j + ", " + l + ") has a non-positive Jacobian " + det);
            }
            // ∂N/∂x = J⁻¹ ∂N/∂ξ with J_pq = ∂x_q/∂ξ_p
            for (int a = 0; a < 8; a++) {
                for (int p = 0; p < 3; p++) {
                    dx[3 * a + p] = inv[3 * p] * dxi[3 * a] + inv[3 * p + 1] * dxi[3 * a + 1]
                            + inv[3 * p + 2] * dxi[3 * a + 2];
                }
            }
            for (int a = 0; a < 8; a++) {
                for (int bb = a; bb < 8; bb++) {
                    double dot = dx[3 * a] * dx[3 * bb] + dx[3 * a + 1] * dx[3 * bb + 1] + dx[3 * a + 2] * dx[3 * bb + 2];
                    for (int p = 0; p < 3; p++) {
                        for (int q = 0; q < 3; q++) {
                            double v = lambda * dx[3 * a + p] * dx[3 * bb + q] + mu * dx[3 * a + q] * dx[3 * bb + p];
                            if (p == q) v += mu * dot;
                            ke[(3 * a + p) * 24 + 3 * bb + q] += v * det;
                        }
                    }
                }
            }
        }
        for (int r = 0; r < 24; r++) for (int c = 0; c < r; c++) ke[r * 24 + c] = ke[c * 24 + r];
    }

    /** inv = m⁻¹ for a row-major 3×3 m; returns det m. */
    private static double invert3(double[] m, double[] inv) {
        double c00 = m[4] * m[8] - m[5] * m[7], c01 = m[5] * m[6] - m[3] * m[8], c02 = m[3] * m[7] - m[4] * m[6];
        double det = m[0] * c00 + m[1] * c01 + m[2] * c02;
        inv[0] = c00 / det;
        inv[1] = (m[2] * m[7] - m[1] * m[8]) / det;
        inv[2] = (m[1] * m[5] - m[2] * m[4]) / det;
        inv[3] = c01 / det;
        inv[4] = (m[0] * m[8] - m[2] * m[6]) / det;
        inv[5] = (m[2] * m[3] - m[0] * m[5]) / det;
        inv[6] = c02 / det;
        inv[7] = (m[1] * m[6] - m[0] * m[7]) / det;
        inv[8] = (m[0] * m[4] - m[1] * m[3]) / det;
        return det;
    }
}

package dev.pullback.gallery;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import java.util.SplittableRandom;

/**
 * Equality-constrained FEM systems [[K, Bᵀ], [B, 0]]: K an SPD stiffness of order nK, B the m rows of
 * multi-point constraints (tie and rigid-link constraints of a structural model), n = nK + m. The
 * unknowns are K's dofs, then one Lagrange multiplier per constraint; the (2,2) block is not stored,
 * so the last m rows and columns have no diagonal entry.
 *
 * <p>Constraint r reads u_s − Σᵢ wᵢ·u_{mᵢ} = 0: a "slave" dof s that no other constraint uses and 1
 * to 3 "master" dofs (2–4 dofs per row) with positive weights summing to 1 (an interpolation). The
 * masters are mostly dofs that share an element with the slave (taken from K's column of s), and one
 * constraint in ten ties the slave to dofs anywhere in the model (a long rigid link). Masters are
 * never slaves, so the columns of B at the slaves form the identity: B has full row rank, and with K
 * positive definite the KKT matrix is nonsingular with exactly nK positive and m negative
 * eigenvalues. Symmetric (values too), indefinite.
 */
public final class Kkt {
    private Kkt() {}

    /** The default constraint count for a stiffness of order nK: nK/100, clamped to [min(nK/2, 50), 500]. */
    public static int defaultConstraints(int nK) {
        return Math.max(Math.min(nK / 2, 50), Math.min(500, nK / 100));
    }

    /** [[K, Bᵀ], [B, 0]] with K the hexahedral elasticity of {@link Elasticity3d}, both from the seed. */
    public static CscMatrix hex(int nx, int ny, int nz, long seed) {
        try (CscMatrix k = new Elasticity3d(nx, ny, nz, seed).assemble()) {
            return withConstraints(k, defaultConstraints(k.rows()), seed + 1);
        }
    }

    /** [[K, Bᵀ], [B, 0]] with K the Q4 plane-stress stiffness of {@link PlaneStressQ4} (MBB supports). */
    public static CscMatrix q4(int nelx, int nely, long seed) {
        PlaneStressQ4 mesh = new PlaneStressQ4(nelx, nely, 0.3);
        try (PlaneStressQ4.Assembly a = mesh.assemble(mesh.mbbFixedDofs())) {
            return withConstraints(a.stiffness(), defaultConstraints(a.stiffness().rows()), seed);
        }
    }

    /**
     * [[K, Bᵀ], [B, 0]] for a square symmetric K and m random constraints as described above
     * (deterministic per seed). K must have at least 2m rows, so that slaves and masters can be apart.
     */
    public static CscMatrix withConstraints(CscMatrix k, int m, long seed) {
        int nk = k.rows();
        if (k.cols() != nk) throw new IllegalArgumentException("K must be square, got " + nk + "x" + k.cols());
        if (m < 0 || 2L * m > nk) {
            throw new IllegalArgumentException("need 0 <= m <= nK/2 constraints, got m=" + m + " for nK=" + nk);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[] slave = new boolean[nk];
        int[] slaves = new int[m];
        for (int r = 0; r < m; r++) {
            int s;
            do s = rnd.nextInt(nk); while (slave[s]);
            slave[s] = true;
            slaves[r] = s;
        }
        CscPattern kp = k.pattern();
        CooBuilder b = new CooBuilder(nk + m, nk + m, k.nnz() + 8 * m);
        for (int j = 0; j < nk; j++) {
            for (int q = kp.colStart(j); q < kp.colEnd(j); q++) b.add(kp.row(q), j, k.value(q));
        }
        int[] masters = new int[3];
        double[] w = new double[3];
        for (int r = 0; r < m; r++) {
            int s = slaves[r], row = nk + r;
            int count = 1 + rnd.nextInt(3);
            boolean local = rnd.nextInt(10) != 0;
            int found = 0;
            for (int tries = 0; found < count && tries < 64; tries++) {
                int cand = local ? kp.row(kp.colStart(s) + rnd.nextInt(kp.colCount(s))) : rnd.nextInt(nk);
                if (tries >= 32) cand = rnd.nextInt(nk); // a column of slaves only: fall back to any dof
                if (slave[cand] || contains(masters, found, cand)) continue;
                masters[found++] = cand;
            }
            double sum = 0;
            for (int t = 0; t < found; t++) sum += w[t] = rnd.nextDouble(0.1, 1);
            b.add(row, s, 1.0);
            b.add(s, row, 1.0);
            for (int t = 0; t < found; t++) {
                double c = -w[t] / sum;
                b.add(row, masters[t], c);
                b.add(masters[t], row, c);
            }
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    private static boolean contains(int[] a, int len, int v) {
        for (int t = 0; t < len; t++) if (a[t] == v) return true;
        return false;
    }
}

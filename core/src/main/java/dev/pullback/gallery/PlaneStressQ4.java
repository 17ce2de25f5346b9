package dev.pullback.gallery;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.PatternGroups;

/**
 * Bilinear four-node (Q4) plane-stress elasticity on a rectangular mesh of unit square elements,
 * numbered as in top88 (Andreassen et al. 2011): nodes column by column from the top-left corner,
 * node (row r, column c) is r + c·(nely+1), its dofs 2·node (x) and 2·node+1 (y); element
 * (ely, elx) is ely + elx·nely.
 *
 * <p>{@link #assemble} builds the global stiffness on the free dofs as a {@link CscMatrix} together
 * with the assembly map as {@link PatternGroups}: group e holds element e's entries with its
 * unit-modulus element-stiffness values as coefficients, so K(E) = Σₑ Eₑ·Kₑ is a weighted sum of
 * groups and ∂(λᵀKx)/∂Eₑ is the batched rank-1 kernel.
 */
public final class PlaneStressQ4 {
    private final int nelx;
    private final int nely;
    private final double nu;

    public PlaneStressQ4(int nelx, int nely, double nu) {
        if (nelx < 1 || nely < 1) throw new IllegalArgumentException("mesh must be at least 1x1 elements, got " + nelx + "x" + nely);
        if (!(nu > -1 && nu < 0.5)) throw new IllegalArgumentException("Poisson ratio must lie in (-1, 0.5), got " + nu);
        this.nelx = nelx;
        this.nely = nely;
        this.nu = nu;
    }

    public int nelx() {
        return nelx;
    }

    public int nely() {
        return nely;
    }

    public int elements() {
        return nelx * nely;
    }

    /** Total dofs, 2·(nelx+1)·(nely+1). */
    public int dofs() {
        return 2 * (nelx + 1) * (nely + 1);
    }

    /**
     * The 8×8 element stiffness for E = 1, row-major, dof order (x,y) of the element's nodes
     * lower-left, lower-right, upper-right, upper-left as in top88's edofMat.
     */
    public double[] elementStiffness() {
        double[] a11 = {12, 3, -6, -3, 3, 12, 3, 0, -6, 3, 12, -3, -3, 0, -3, 12};
        double[] a12 = {-6, -3, 0, 3, -3, -6, -3, -6, 0, -3, -6, 3, 3, -6, 3, -6};
        double[] b11 = {-4, 3, -2, 9, 3, -4, -9, 4, -2, -9, -4, -3, 9, 4, -3, -4};
        double[] b12 = {2, -3, 4, -9, -3, 2, 9, -2, 4, 9, 2, 3, -9, -2, 3, 2};
        double[] ke = new double[64];
        double s = 1.0 / (1 - nu * nu) / 24;
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                // [A11 A12; A12ᵀ A11] + ν[B11 B12; B12ᵀ B11]
                int rb = r / 4, cb = c / 4, rr = r % 4, cc = c % 4;
                double a, b;
                if (rb == cb) {
                    a = a11[rr * 4 + cc];
                    b = b11[rr * 4 + cc];
                } else if (rb == 0) {
                    a = a12[rr * 4 + cc];
                    b = b12[rr * 4 + cc];
                } else {
                    a = a12[cc * 4 + rr];
                    b = b12[cc * 4 + rr];
                }
                ke[r * 8 + c] = s * (a + nu * b);
            }
        }
        return ke;
    }

    /** The 8 global dofs of element e = ely + elx·nely (top88's edofMat row). */
    public void elementDofs(int e, int[] out) {
        int elx = e / nely, ely = e % nely;
        int n1 = (nely + 1) * elx + ely;     // upper-left node of the element (0-based)
        int n2 = (nely + 1) * (elx + 1) + ely; // upper-right node
        // lower-left (n1+1), lower-right (n2+1), upper-right (n2), upper-left (n1); x then y for each
        out[0] = 2 * n1 + 2;
        out[1] = 2 * n1 + 3;
        out[2] = 2 * n2 + 2;
        out[3] = 2 * n2 + 3;
        out[4] = 2 * n2;
        out[5] = 2 * n2 + 1;
        out[6] = 2 * n1;
        out[7] = 2 * n1 + 1;
    }

    /** The MBB half-beam supports of top88: x fixed on the left edge, y fixed at the bottom-right node. */
    public int[] mbbFixedDofs() {
        int[] fixed = new int[nely + 2];
        for (int r = 0; r <= nely; r++) fixed[r] = 2 * r;
        fixed[nely + 1] = dofs() - 1;
        return fixed;
    }

    /** The global stiffness on the free dofs with its element assembly map. */
    public record Assembly(CscMatrix stiffness, PatternGroups elementMap, int[] freeDofs, int[] fullToFree)
            implements AutoCloseable {
        @Override
        public void close() {
            elementMap.close();
            stiffness.close();
        }
    }

    /**
     * K = Σₑ Eₑ Kₑ restricted to the dofs not in {@code fixedDofs}, with Eₑ = 1 for every element
     * (set other values through the element map). Every entry any element touches is stored.
     */
    public Assembly assemble(int[] fixedDofs) {
        int ndof = dofs();
        int[] fullToFree = new int[ndof];
        for (int d : fixedDofs) {
            if (d < 0 || d >= ndof) throw new IllegalArgumentException("fixed dof " + d + " outside [0, " + ndof + ")");
            fullToFree[d] = -1;
        }
        int nfree = 0;
        for (int d = 0; d < ndof; d++) fullToFree[d] = fullToFree[d] < 0 ? -1 : nfree++;
        int[] freeDofs = new int[nfree];
        for (int d = 0; d < ndof; d++) if (fullToFree[d] >= 0) freeDofs[fullToFree[d]] = d;

        double[] ke = elementStiffness();
        int nel = elements();
        int[] edof = new int[8];
        CooBuilder b = new CooBuilder(nfree, nfree, 64 * nel);
        for (int e = 0; e < nel; e++) {
            elementDofs(e, edof);
            for (int r = 0; r < 8; r++) {
                int gi = fullToFree[edof[r]];
                if (gi < 0) continue;
                for (int c = 0; c < 8; c++) {
                    int gj = fullToFree[edof[c]];
                    if (gj >= 0) b.add(gi, gj, ke[r * 8 + c]);
                }
            }
        }
        CscMatrix k = b.build(CooBuilder.Zeros.KEEP);
        try {
            int[] groupPtr = new int[nel + 1];
            int[] pos = new int[64 * nel];
            double[] coef = new double[64 * nel];
            int t = 0;
            for (int e = 0; e < nel; e++) {
                elementDofs(e, edof);
                for (int r = 0; r < 8; r++) {
                    int gi = fullToFree[edof[r]];
                    if (gi < 0) continue;
                    for (int c = 0; c < 8; c++) {
                        int gj = fullToFree[edof[c]];
                        if (gj < 0) continue;
                        pos[t] = k.pattern().find(gi, gj);
                        coef[t] = ke[r * 8 + c];
                        t++;
                    }
                }
                groupPtr[e + 1] = t;
            }
            return new Assembly(k, PatternGroups.of(k.pattern(), groupPtr, pos, coef), freeDofs, fullToFree);
        } catch (RuntimeException | Error e) {
            k.close();
            throw e;
        }
    }
}

package dev.pullback.topopt;

import dev.pullback.gallery.PlaneStressQ4;
import java.util.Arrays;

/**
 * A topology-optimisation problem on a Q4 plane-stress mesh (top88 numbering, see
 * {@link PlaneStressQ4}): supports, a load f, springs attached to single dofs (stiffness that does
 * not depend on the design) and a linear objective c(x) = lᵀu(x) with K(x)u = f.
 *
 * <ul>
 *   <li>{@link #mbb}: top88's MBB half-beam; l = f, so c = fᵀu is the compliance, which is
 *       self-adjoint: the adjoint λ = K⁻ᵀl equals u and needs no second solve.</li>
 *   <li>{@link #inverter}: a compliant force inverter (Sigmund 1997; Bendsøe and Sigmund,
 *       <i>Topology Optimization</i>, 2003, §2.6; the mechanism variant of Sigmund's 99-line code):
 *       a unit input force with an input spring, l = the unit vector of the output dof with an
 *       output spring, c = u_out. Minimising u_out makes the output move against the input.
 *       l ≠ f, so the adjoint needs its own (transposed) solve.</li>
 * </ul>
 *
 * @param name        a short name for output ("mbb", "inverter")
 * @param mesh        the mesh
 * @param fixedDofs   dofs held at zero (indices into the mesh's full dof numbering)
 * @param loadDofs    dofs carrying the load f, with {@code loadValues}
 * @param outputDofs  dofs of the objective vector l, with {@code outputValues}
 * @param springDofs  dofs with a grounded spring, with {@code springStiffness}
 * @param selfAdjoint whether l = f (then λ = u)
 * @param mirrored    whether the mesh is the lower half of a design symmetric about its top edge
 *                    (pictures then show both halves)
 */
public record Problem(String name, PlaneStressQ4 mesh, int[] fixedDofs, int[] loadDofs, double[] loadValues,
        int[] outputDofs, double[] outputValues, int[] springDofs, double[] springStiffness,
        boolean selfAdjoint, boolean mirrored) {

    /** Spring stiffness at the inverter's input and output (E0 = 1), as in the 99-line mechanism code. */
    public static final double INVERTER_SPRING = 0.1;

    public Problem {
        fixedDofs = fixedDofs.clone();
        loadDofs = loadDofs.clone();
        loadValues = loadValues.clone();
        outputDofs = outputDofs.clone();
        outputValues = outputValues.clone();
        springDofs = springDofs.clone();
        springStiffness = springStiffness.clone();
        int ndof = mesh.dofs();
        checkDofs("fixed", fixedDofs, ndof);
        checkDofs("load", loadDofs, ndof);
        checkDofs("output", outputDofs, ndof);
        checkDofs("spring", springDofs, ndof);
        if (loadDofs.length != loadValues.length || outputDofs.length != outputValues.length
                || springDofs.length != springStiffness.length) {
            throw new IllegalArgumentException("problem " + name + ": every dof list needs one value per dof");
        }
        int[] sortedFixed = fixedDofs.clone();
        Arrays.sort(sortedFixed);
        for (int[] dofs : new int[][] {loadDofs, outputDofs, springDofs}) {
            for (int d : dofs) {
                if (Arrays.binarySearch(sortedFixed, d) >= 0) {
                    throw new IllegalArgumentException("problem " + name + ": dof " + d + " is both fixed and loaded");
                }
            }
        }
        for (double k : springStiffness) {
            if (!(k >= 0)) throw new IllegalArgumentException("problem " + name + ": spring stiffness must be >= 0, got " + k);
        }
    }

    /**
     * top88's MBB half-beam: x fixed on the left edge (the symmetry line), y fixed at the
     * bottom-right corner, a unit downward force at the top-left node; c = fᵀu (compliance).
     */
    public static Problem mbb(int nelx, int nely, double nu) {
        PlaneStressQ4 mesh = new PlaneStressQ4(nelx, nely, nu);
        int[] load = {1}; // y dof of node 0, the top-left corner
        double[] f = {-1.0};
        return new Problem("mbb", mesh, mesh.mbbFixedDofs(), load, f, load, f, new int[0], new double[0], true, false);
    }

    /**
     * The force inverter, modelled as its lower half below the symmetry line, which is the top
     * edge: y fixed along the top edge, the two bottom-left nodes clamped; input force +1 in x at
     * the top-left node with spring {@link #INVERTER_SPRING}; output u_out = the x displacement of the
     * top-right node with a spring of the same stiffness. Minimising u_out pulls the output left
     * while the input pushes right.
     */
    public static Problem inverter(int nelx, int nely, double nu) {
        PlaneStressQ4 mesh = new PlaneStressQ4(nelx, nely, nu);
        if (nely < 2) throw new IllegalArgumentException("the inverter needs nely >= 2, got " + nely);
        int rows = nely + 1;
        int[] fixed = new int[nelx + 1 + 4];
        for (int c = 0; c <= nelx; c++) fixed[c] = 2 * c * rows + 1; // y of the top row
        int bottomLeft = nely, aboveIt = nely - 1;
        fixed[nelx + 1] = 2 * bottomLeft;
        fixed[nelx + 2] = 2 * bottomLeft + 1;
        fixed[nelx + 3] = 2 * aboveIt;
        fixed[nelx + 4] = 2 * aboveIt + 1;
        int in = 0;                     // x of node 0, the top-left corner
        int out = 2 * nelx * rows;      // x of the top-right corner node
        return new Problem("inverter", mesh, fixed, new int[] {in}, new double[] {1.0}, new int[] {out},
                new double[] {1.0}, new int[] {in, out}, new double[] {INVERTER_SPRING, INVERTER_SPRING}, false, true);
    }

    private static void checkDofs(String what, int[] dofs, int ndof) {
        for (int d : dofs) {
            if (d < 0 || d >= ndof) throw new IllegalArgumentException(what + " dof " + d + " outside [0, " + ndof + ")");
        }
    }

    @Override
    public String toString() {
        return "Problem[" + name + ", " + mesh.nelx() + "x" + mesh.nely() + "]";
    }
}

package dev.pullback.topopt;

import dev.pullback.factor.Factorization;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.kernel.KernelProvider;
import dev.pullback.kernel.Kernels;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The map from a design x (one density per element) to the objective c(x) = lᵀu and its gradient,
 * for a {@link Problem}:
 *
 * <pre>
 *   x̃ = (Hx)/Hs                            density filter
 *   K(x̃) = K₀ + Σₑ E(x̃ₑ) Kₑ                 SIMP moduli on the element map, K₀ = the springs
 *   K u = f,  c = lᵀu                         one factorization, one forward solve
 *   Kᵀλ = l                                   adjoint: the transposed solve of the same factors
 *                                             (λ = u, no solve, when l = f)
 *   ∂c/∂x̃ₑ = −E'(x̃ₑ) λᵀKₑu                  the batched rank-1 kernel over the element map
 *   ∂c/∂x = H(∂c/∂x̃ / Hs)                     chain rule through the filter
 * </pre>
 *
 * Kₑ are the unit-modulus element stiffnesses of {@link PlaneStressQ4#assemble}, restricted to the
 * free dofs. K's values are rewritten in place on a fixed pattern, so the {@link LinearSolver}
 * factors once and refactors afterwards. After the first call, {@link #evaluate} allocates nothing
 * on the heap (given a solver that does not); each phase is timed on {@link #clock()}.
 * Not thread-safe.
 */
public final class StructuralModel implements AutoCloseable {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;

    private final Problem problem;
    private final Simp simp;
    private final DensityFilter filter;
    private final PlaneStressQ4.Assembly assembly;
    private final LinearSolver solver;
    private final Kernels kernels = KernelProvider.kernels();
    private final PhaseClock clock = new PhaseClock();

    private final int nel;
    private final int[] springPositions;
    private final double[] springStiffness;
    private final DenseVector physical;
    private final DenseVector force;
    private final DenseVector output;
    private final DenseVector displacement;
    private final DenseVector adjoint;
    private final DenseVector elementTerms;

    /**
     * Assembles the pattern and element map, builds the filter and opens the solver. The model owns
     * all of them (close it).
     */
    public StructuralModel(Problem problem, Simp simp, double rmin, LinearSolverFactory solvers) {
        this.problem = problem;
        this.simp = simp;
        PlaneStressQ4 mesh = problem.mesh();
        nel = mesh.elements();
        DensityFilter f = new DensityFilter(mesh.nelx(), mesh.nely(), rmin);
        PlaneStressQ4.Assembly a = null;
        LinearSolver s = null;
        try {
            a = mesh.assemble(problem.fixedDofs());
            int n = a.stiffness().rows();
            springPositions = new int[problem.springDofs().length];
            springStiffness = problem.springStiffness().clone();
            for (int i = 0; i < springPositions.length; i++) {
                int free = a.fullToFree()[problem.springDofs()[i]];
                springPositions[i] = a.stiffness().pattern().find(free, free);
            }
            physical = DenseVector.heap(nel);
            force = freeVector(problem.loadDofs(), problem.loadValues(), a.fullToFree(), n);
            output = freeVector(problem.outputDofs(), problem.outputValues(), a.fullToFree(), n);
            displacement = DenseVector.heap(n);
            adjoint = problem.selfAdjoint() ? displacement : DenseVector.heap(n);
            elementTerms = DenseVector.heap(nel);
            s = solvers.open(a.stiffness());
        } catch (RuntimeException | Error e) {
            if (a != null) a.close();
            f.close();
            throw e;
        }
        filter = f;
        assembly = a;
        solver = s;
    }

    private static DenseVector freeVector(int[] dofs, double[] values, int[] fullToFree, int n) {
        DenseVector v = DenseVector.heap(n);
        for (int i = 0; i < dofs.length; i++) {
            int k = fullToFree[dofs[i]];
            v.set(k, v.get(k) + values[i]);
        }
        return v;
    }

    public Problem problem() {
        return problem;
    }

    public Simp simp() {
        return simp;
    }

    public DensityFilter filter() {
        return filter;
    }

    /** Number of design variables (elements). */
    public int elements() {
        return nel;
    }

    /** Number of free dofs, the order of K. */
    public int freeDofs() {
        return assembly.stiffness().rows();
    }

    /** K on the free dofs at the design of the last {@link #evaluate}. */
    public CscMatrix stiffness() {
        return assembly.stiffness();
    }

    public String solverName() {
        return solver.name();
    }

    /** Phase times and allocations of the calls so far (reset it between iterations). */
    public PhaseClock clock() {
        return clock;
    }

    /** The filtered design x̃ of the last {@link #evaluate}. */
    public DenseVector physical() {
        return physical;
    }

    /** u on the free dofs from the last {@link #evaluate}. */
    public DenseVector displacement() {
        return displacement;
    }

    /** λ = K⁻ᵀl on the free dofs from the last {@link #evaluate} with a gradient (u itself when l = f). */
    public DenseVector adjoint() {
        return adjoint;
    }

    /**
     * c(x) = lᵀu(x), and ∂c/∂x into {@code gradient} unless it is null (then no adjoint solve and
     * no gradient work is done). {@code x} has one density per element and is not modified.
     */
    public double evaluate(DenseVector x, DenseVector gradient) {
        if (x.length() != nel || (gradient != null && gradient.length() != nel)) {
            throw new IllegalArgumentException("evaluate: design and gradient must have " + nel + " entries (elements), got "
                    + x.length() + (gradient == null ? "" : " and " + gradient.length()));
        }
        clock.start(Phase.ASSEMBLY);
        filter.apply(x, physical);
        assemble();
        clock.start(Phase.FACTOR);
        Factorization lu = solver.factor();
        clock.start(Phase.SOLVE);
        lu.solve(force, displacement);
        if (gradient != null && !problem.selfAdjoint()) lu.solveTransposed(output, adjoint);
        clock.stop();
        double c = kernels.dot(displacement.length(), output.segment(), 0, displacement.segment(), 0);
        if (gradient != null) {
            clock.start(Phase.GRADIENT);
            gradient(gradient);
            clock.stop();
        }
        return c;
    }

    /** K's values ← K₀ + Σₑ E(x̃ₑ)·Kₑ, in place on the fixed pattern. */
    private void assemble() {
        CscMatrix k = assembly.stiffness();
        MemorySegment kv = k.values();
        kv.fill((byte) 0);
        for (int i = 0; i < springPositions.length; i++) {
            kv.setAtIndex(D, springPositions[i], kv.getAtIndex(D, springPositions[i]) + springStiffness[i]);
        }
        PatternGroups map = assembly.elementMap();
        MemorySegment gp = map.groupPtr(), pos = map.position(), coef = map.coef(), xs = physical.segment();
        for (int e = 0; e < nel; e++) {
            double modulus = simp.modulus(xs.getAtIndex(D, e));
            int end = gp.getAtIndex(I, e + 1);
            for (int t = gp.getAtIndex(I, e); t < end; t++) {
                long p = pos.getAtIndex(I, t);
                kv.setAtIndex(D, p, Math.fma(modulus, coef.getAtIndex(D, t), kv.getAtIndex(D, p)));
            }
        }
        k.markModified();
    }

    /** ∂c/∂x̃ₑ = −E'(x̃ₑ)·λᵀKₑu, then ∂c/∂x = H(∂c/∂x̃ / Hs). */
    private void gradient(DenseVector out) {
        kernels.rank1DotGrouped(adjoint, assembly.elementMap(), displacement, elementTerms);
        MemorySegment ce = elementTerms.segment(), xs = physical.segment();
        for (int e = 0; e < nel; e++) {
            ce.setAtIndex(D, e, -simp.derivative(xs.getAtIndex(D, e)) * ce.getAtIndex(D, e));
        }
        filter.pullback(elementTerms, out);
    }

    @Override
    public void close() {
        try {
            solver.close();
        } finally {
            assembly.close();
            filter.close();
        }
    }
}

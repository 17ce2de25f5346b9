package dev.pullback.topopt;

import dev.pullback.ad.ElementwiseMap;
import dev.pullback.solvers.Factorizer;
import dev.pullback.ad.LinearSolve;
import dev.pullback.ad.ParametricMatrix;
import dev.pullback.ad.RankOne;
import dev.pullback.ad.ScalarFunction;
import dev.pullback.ad.Tangents;
import dev.pullback.factor.Factorization;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;

/**
 * The map from a design x (one density per element) to the objective c(x) = lᵀu and its gradient,
 * for a {@link Problem}, as a chain of the pullback layer's nodes:
 *
 * <pre>
 *   x̃ = (Hx)/Hs                     {@link DensityFilter}
 *   E = φ(x̃), φ = SIMP               {@link ElementwiseMap} of {@link ScalarFunction#simp}
 *   K(E) = K₀ + Σₑ Eₑ Kₑ              {@link ParametricMatrix} on the element map, K₀ = the springs
 *   u = K⁻¹f                         {@link LinearSolve}: factor once, refactor afterwards
 *   c = lᵀu                          {@link SparseDotProduct} (l has a few nonzeros)
 * and back:
 *   λ = K⁻ᵀl,  K̄ = −λuᵀ              LinearSolve's pullback: the transposed solve of the same factors
 *                                    (compliance, l = f: λ = u, so K̄ = −uuᵀ and no second solve)
 *   Ēₑ = ⟨K̄, Kₑ⟩ = −λᵀKₑu            ParametricMatrix's pullback, the batched rank-1 kernel
 *   ∂c/∂x̃ₑ = φ'(x̃ₑ)·Ēₑ                ElementwiseMap's pullback
 *   ∂c/∂x = H(∂c/∂x̃ / Hs)             the filter's pullback
 * </pre>
 *
 * Kₑ are the unit-modulus element stiffnesses of {@link PlaneStressQ4#assemble}, restricted to the
 * free dofs. After the first call, {@link #evaluate} allocates nothing on the heap (given a
 * factorizer that refactors without allocating); each phase is timed on {@link #clock()}, the
 * factorization apart from the solves. Not thread-safe.
 */
public final class StructuralModel implements AutoCloseable {
    private final Problem problem;
    private final Settings settings;
    private final DensityFilter filter;
    private final PlaneStressQ4.Assembly assembly;
    private final ParametricMatrix stiffness;
    private final ElementwiseMap simp;
    private final LinearSolve<CscMatrix> solve;
    private final String solverName;
    private final PhaseClock clock = new PhaseClock();

    private final int nel;
    private final DenseVector physical;
    private final DenseVector moduli;
    private final DenseVector force;
    private final SparseDotProduct objective;
    private final DenseVector objectiveBar;
    private final DenseVector moduliBar;
    private final DenseVector physicalBar;
    private RankOne complianceCotangent;

    /** Assembles the pattern and element map, builds the filter and the nodes; owns them all (close it). */
    public StructuralModel(Problem problem, Settings settings, LinearSolverFactory solvers) {
        this.problem = problem;
        this.settings = settings;
        PlaneStressQ4 mesh = problem.mesh();
        nel = mesh.elements();
        DensityFilter f = new DensityFilter(mesh.nelx(), mesh.nely(), settings.rmin());
        PlaneStressQ4.Assembly a = null;
        ParametricMatrix k = null;
        try {
            a = mesh.assemble(problem.fixedDofs());
            // K₀: the springs, on K's pattern (the unit-modulus values of a.stiffness() are not needed)
            CscMatrix base = a.stiffness();
            base.zeroValues();
            for (int i = 0; i < problem.springDofs().length; i++) {
                int free = a.fullToFree()[problem.springDofs()[i]];
                int pos = base.pattern().find(free, free);
                base.setValue(pos, base.value(pos) + problem.springStiffness()[i]);
            }
            k = ParametricMatrix.of(base, a.elementMap());
            int n = base.rows();
            force = freeVector(problem.loadDofs(), problem.loadValues(), a.fullToFree(), n);
            objective = new SparseDotProduct(n, freeIndices(problem.outputDofs(), a.fullToFree()), problem.outputValues());
            objectiveBar = DenseVector.heap(n);
            physical = DenseVector.heap(nel);
            moduli = DenseVector.heap(nel);
            moduliBar = DenseVector.heap(nel);
            physicalBar = DenseVector.heap(nel);
            simp = new ElementwiseMap(settings.simp(), nel);
            solverName = solvers.name();
            solve = new LinearSolve<>(new TimedFactorizer(solvers.create(), clock));
        } catch (RuntimeException | Error e) {
            if (k != null) k.close();
            if (a != null) a.close();
            f.close();
            throw e;
        }
        filter = f;
        assembly = a;
        stiffness = k;
    }

    private static DenseVector freeVector(int[] dofs, double[] values, int[] fullToFree, int n) {
        DenseVector v = DenseVector.heap(n);
        for (int i = 0; i < dofs.length; i++) {
            int k = fullToFree[dofs[i]];
            v.set(k, v.get(k) + values[i]);
        }
        return v;
    }

    private static int[] freeIndices(int[] dofs, int[] fullToFree) {
        int[] free = new int[dofs.length];
        for (int i = 0; i < dofs.length; i++) free[i] = fullToFree[dofs[i]];
        return free;
    }

    public Problem problem() {
        return problem;
    }

    public Settings settings() {
        return settings;
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
        return stiffness.pattern().rows();
    }

    /** K on the free dofs at the design of the last {@link #evaluate}. */
    public CscMatrix stiffness() {
        return stiffness.matrix();
    }

    public String solverName() {
        return solverName;
    }

    /** Phase times and allocations of the calls so far (reset it between iterations). */
    public PhaseClock clock() {
        return clock;
    }

    /** The filtered design x̃ of the last {@link #evaluate}. */
    public DenseVector physical() {
        return physical;
    }

    /** u on the free dofs from the last {@link #evaluate} (null before the first). */
    public DenseVector displacement() {
        return solve.x();
    }

    /** λ = K⁻ᵀl on the free dofs from the last {@link #evaluate} with a gradient (u itself when l = f). */
    public DenseVector adjoint() {
        return problem.selfAdjoint() ? solve.x() : solve.lambda();
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
        simp.forward(physical, moduli);
        CscMatrix k = stiffness.forward(moduli);
        clock.start(Phase.SOLVE); // the factorizer switches to FACTOR and back around (re)factoring
        DenseVector u = solve.forward(k, force);
        double c = objective.forward(u);
        if (gradient != null) {
            if (problem.selfAdjoint()) {
                // K̄ = −uuᵀ: the pullback of uuᵀ (scale 1, so no extra scaling pass over Ē), negated here
                if (complianceCotangent == null) complianceCotangent = RankOne.of(1.0, u, u);
                clock.start(Phase.GRADIENT);
                stiffness.pullback(complianceCotangent, moduliBar);
                negate(moduliBar);
            } else {
                objective.pullback(1.0, objectiveBar);
                RankOne kBar = solve.pullback(objectiveBar, Tangents.NONE);
                clock.start(Phase.GRADIENT);
                stiffness.pullback(kBar, moduliBar);
            }
            simp.pullback(moduliBar, physicalBar);
            filter.pullback(physicalBar, gradient);
        }
        clock.stop();
        return c;
    }

    /** v := −v, in plain code: a kernel called once per iteration allocates (boxes) until C2 compiles it. */
    private static void negate(DenseVector v) {
        for (int i = 0, n = v.length(); i < n; i++) v.set(i, -v.get(i));
    }

    @Override
    public void close() {
        try {
            solve.close();
        } finally {
            stiffness.close();
            assembly.close();
            filter.close();
        }
    }

    /** Times factor and refactor as {@link Phase#FACTOR}, returning the clock to {@link Phase#SOLVE}. */
    private record TimedFactorizer(Factorizer<CscMatrix> inner, PhaseClock clock) implements Factorizer<CscMatrix> {
        @Override
        public Factorization factor(CscMatrix a) {
            clock.start(Phase.FACTOR);
            try {
                return inner.factor(a);
            } finally {
                clock.start(Phase.SOLVE);
            }
        }

        @Override
        public Factorization refactor(CscMatrix a) {
            clock.start(Phase.FACTOR);
            try {
                return inner.refactor(a);
            } finally {
                clock.start(Phase.SOLVE);
            }
        }

        @Override
        public long version(CscMatrix a) {
            return inner.version(a);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}

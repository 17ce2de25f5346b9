package dev.pullback.ad;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Objects;

/**
 * The explicit chain θ → p = φ(θ) → A(p) → x = A(p)⁻¹b → f = g(x), and ∂f/∂θ by pulling back
 * through it node by node:
 * <pre>
 *   x̄ = f̄·∂g/∂x               {@link Objective#pullback}
 *   λ = A⁻ᵀx̄, Ā = −λxᵀ         {@link LinearSolve#pullback} (same factors, lazy Ā)
 *   p̄ₑ = −λᵀAₑx               {@link ParametricMatrix#pullback(RankOne, DenseVector)}, O(Σ nnz(Aₑ))
 *   θ̄ᵢ = φ'(θᵢ)·p̄ᵢ            {@link ElementwiseMap#pullback}
 * </pre>
 * It is nothing more than these calls in order with the intermediate holders it owns; write them
 * out by hand to branch the chain. The right-hand side b is a constant (its cotangent is not
 * formed: {@link Tangents#NONE}). A seed f̄ = 0 is a structural zero: no transposed solve and no
 * pass over the map happen, θ̄ = 0.
 *
 * <p>The chain references its nodes and closes none of them. Allocation-free after the first call.
 */
public final class SolveChain {
    private final ElementwiseMap map;
    private final ParametricMatrix matrix;
    private final LinearSolve<CscMatrix> solve;
    private final DenseVector b;
    private final Objective objective;
    private final DenseVector p;
    private final DenseVector pbar;
    private final DenseVector xbar;
    private boolean forwardDone;

    private SolveChain(ElementwiseMap map, ParametricMatrix matrix, LinearSolve<CscMatrix> solve, DenseVector b,
            Objective objective) {
        this.map = map;
        this.matrix = Objects.requireNonNull(matrix, "matrix");
        this.solve = Objects.requireNonNull(solve, "solve");
        this.b = Objects.requireNonNull(b, "b");
        this.objective = Objects.requireNonNull(objective, "objective");
        int n = matrix.pattern().rows();
        if (matrix.pattern().cols() != n) {
            throw new IllegalArgumentException("SolveChain: A(p) is " + n + "x" + matrix.pattern().cols() + ", not square");
        }
        if (b.length() != n) throw new IllegalArgumentException("SolveChain: b has length " + b.length() + ", A is " + n + "x" + n);
        if (objective.length() != n) {
            throw new IllegalArgumentException("SolveChain: the objective takes x of length " + objective.length()
                    + ", A is " + n + "x" + n);
        }
        int np = matrix.parameters();
        if (map != null && map.length() != np) {
            throw new IllegalArgumentException("SolveChain: the map has length " + map.length() + ", A(p) has " + np
                    + " parameters");
        }
        this.p = map == null ? null : DenseVector.heap(np);
        this.pbar = map == null ? null : DenseVector.heap(np);
        this.xbar = DenseVector.heap(n);
    }

    /** f(θ) = g(A(φ(θ))⁻¹b). */
    public static SolveChain of(ElementwiseMap map, ParametricMatrix matrix, LinearSolve<CscMatrix> solve,
            DenseVector b, Objective objective) {
        return new SolveChain(Objects.requireNonNull(map, "map"), matrix, solve, b, objective);
    }

    /** f(p) = g(A(p)⁻¹b), without a map (θ = p). */
    public static SolveChain of(ParametricMatrix matrix, LinearSolve<CscMatrix> solve, DenseVector b, Objective objective) {
        return new SolveChain(null, matrix, solve, b, objective);
    }

    /** Number of inputs θ (= parameters of A(p)). */
    public int inputs() {
        return matrix.parameters();
    }

    /** Forward through the chain: p = φ(θ), assemble A(p), refactor, solve, f = g(x). Returns f. */
    public double value(DenseVector theta) {
        forwardDone = false;
        DenseVector params = theta;
        if (map != null) {
            map.forward(theta, p);
            params = p;
        }
        CscMatrix a = matrix.forward(params);
        DenseVector x = solve.forward(a, b);
        double f = objective.forward(x);
        forwardDone = true;
        return f;
    }

    /**
     * θ̄ = f̄·∂f/∂θ at the θ of the last {@link #value} call, written into thetaBar (length
     * {@link #inputs()}). One transposed solve and one pass over the assembly map.
     */
    public void gradient(double fbar, DenseVector thetaBar) {
        if (!forwardDone) throw new IllegalStateException("SolveChain.gradient: call value(theta) first");
        if (!Double.isFinite(fbar)) throw new IllegalArgumentException("SolveChain.gradient: fbar must be finite, got " + fbar);
        Tangents.checkHolder("SolveChain.gradient", "thetaBar", thetaBar, matrix.parameters());
        DenseVector xb = Tangents.ZERO;
        if (fbar != 0) {
            objective.pullback(fbar, xbar);
            xb = xbar;
        }
        RankOne abar = solve.pullback(xb, Tangents.NONE);
        if (map == null) {
            matrix.pullback(abar, thetaBar);
        } else {
            matrix.pullback(abar, pbar);
            map.pullback(abar.isZero() ? Tangents.ZERO : pbar, thetaBar);
        }
    }

    /** f(θ) and θ̄ = ∂f/∂θ in one call (f̄ = 1). */
    public double valueAndGradient(DenseVector theta, DenseVector thetaBar) {
        double f = value(theta);
        gradient(1.0, thetaBar);
        return f;
    }

    /** The state x of the last forward (the solve node's workspace). */
    public DenseVector state() {
        return solve.x();
    }
}

package dev.pullback.ad;

import dev.pullback.factor.Factorization;
import dev.pullback.solvers.Factorizer;
import dev.pullback.storage.DenseVector;
import java.util.Objects;

/**
 * The node x* = the solution of F(x) = 0 near a starting point, by Newton's method on a Jacobian of
 * fixed structure, and its pullback through the implicit function theorem.
 *
 * <p>Forward: x ← x − t·J(x)⁻¹F(x), with J factored at the first iteration and refactored (same
 * structure, new values, no allocation) at every later one, and t the first of 1, ½, ¼, … with
 * ‖F(x − t·Δx)‖₂ ≤ (1 − 10⁻⁴t)·‖F(x)‖₂ (backtracking: it keeps Newton from overshooting where F is
 * steep, as a diode's exponential is). Converged when ‖F(x)‖∞ ≤ the residual tolerance, or after a
 * full step with ‖Δx‖∞ ≤ the step tolerance·max(1, ‖x‖∞) (rounding in F may not allow a smaller
 * residual). Defaults: 1e-10, 1e-12, 50 iterations.
 *
 * <p>Pullback: F(x*(p), p) = 0 for every p gives J·(dx*(p) / dp) = −∂F/∂p, so for f = g(x*)
 * <pre>
 *   λ = J(x*)⁻ᵀ x̄         one transposed solve, with J refactored at x* itself
 *   ∂f/∂p = −λᵀ ∂F/∂p     the caller's product with its own ∂F/∂p
 * </pre>
 * Where F is linear in a matrix, F = A(p)·x + …, the A-part of that product is −λx*ᵀ: {@link
 * #matrixCotangent()} returns it as a lazy {@link RankOne}, whose {@link RankOne#dotEach} or
 * {@link ParametricMatrix#pullback} gives every −λᵀAₑx* in one pass. The refactor at x* costs one
 * Jacobian evaluation and one numeric factorization per solve that is pulled back (Newton's last
 * factorization is at the previous iterate); none when the solve converged on its first residual.
 *
 * <p>Errors: no convergence within the iteration limit, or a line search that finds no decrease,
 * throws {@link NoConvergenceException} with the iterations and the residual; a singular Jacobian
 * throws the factorizer's {@link dev.pullback.factor.SingularMatrixException}. The node then holds
 * no solution (pullback refused) until the next successful solve.
 *
 * <p>Lifetimes and threads: x, λ and the rank-1 cotangent live in this node's workspaces (heap
 * vectors, sized at the first solve) and are valid until the next solve or pullback. Not
 * thread-safe: one node per thread.
 *
 * @param <M> the Jacobian's matrix type, as the factorizer takes it
 */
public final class NewtonSolve<M> implements AutoCloseable {
    private static final double ARMIJO = 1e-4;
    private static final int MAX_HALVINGS = 40;

    private final Factorizer<M> factorizer;
    private final M jacobian;
    private double residualTolerance = 1e-10;
    private double stepTolerance = 1e-12;
    private int maxIterations = 50;

    private Factorization factors;
    private NonlinearSystem<M> system;
    private int n = -1;
    private DenseVector x, f, step, trial, trialF, lambda;
    private RankOne xbarCotangent;
    private boolean solved;
    private boolean factoredAtSolution;
    private int iterations;
    private double residualNorm = Double.NaN;
    private boolean closed;

    /**
     * A Newton node that takes ownership of the factorizer (closing the node closes it) and uses
     * {@code jacobian} (still the caller's) as the storage {@link NonlinearSystem#jacobian} fills.
     */
    public NewtonSolve(Factorizer<M> factorizer, M jacobian) {
        this.factorizer = Objects.requireNonNull(factorizer, "factorizer");
        this.jacobian = Objects.requireNonNull(jacobian, "jacobian");
    }

    /**
     * Sets the convergence test: ‖F(x)‖∞ ≤ {@code residual}, or a full step with ‖Δx‖∞ ≤
     * {@code step}·max(1, ‖x‖∞). Either may be 0 to disable it (not both).
     *
     * @return this
     */
    public NewtonSolve<M> tolerances(double residual, double step) {
        if (!(residual >= 0) || !(step >= 0) || residual == Double.POSITIVE_INFINITY
                || step == Double.POSITIVE_INFINITY || (residual == 0 && step == 0)) {
            throw new IllegalArgumentException("NewtonSolve.tolerances: need finite residual >= 0 and step >= 0, not both 0; got "
                    + residual + ", " + step);
        }
        residualTolerance = residual;
        stepTolerance = step;
        return this;
    }

    /** Sets the most Newton steps one solve may take (default 50). @return this */
    public NewtonSolve<M> maxIterations(int iterations) {
        if (iterations < 1) throw new IllegalArgumentException("NewtonSolve.maxIterations: need >= 1, got " + iterations);
        maxIterations = iterations;
        return this;
    }

    /**
     * Solves F(x) = 0 from {@code x0} (not modified). Returns this node's x*, valid until the next solve.
     *
     * @throws IllegalArgumentException if x0 or F(x0) holds a NaN or an infinity, or x0's length is
     *     not the Jacobian's order
     * @throws NoConvergenceException if Newton does not converge (see the class comment)
     */
    public DenseVector solve(NonlinearSystem<M> system, DenseVector x0) {
        checkOpen();
        Objects.requireNonNull(system, "NewtonSolve.solve: system is null");
        Objects.requireNonNull(x0, "NewtonSolve.solve: x0 is null");
        solved = false;
        this.system = system;
        if (x0.length() != n) resize(x0.length());
        int bad = x0.firstNonFinite();
        if (bad >= 0) throw new IllegalArgumentException("NewtonSolve.solve: x0[" + bad + "] = " + x0.get(bad));
        x.copyFrom(x0);
        system.residual(x, f);
        bad = f.firstNonFinite();
        if (bad >= 0) throw new IllegalArgumentException("NewtonSolve.solve: F(x0)[" + bad + "] = " + f.get(bad));
        iterations = 0;
        factoredAtSolution = false;
        double[] xa = x.heapArray(), fa = f.heapArray(), sa = step.heapArray(), ta = trial.heapArray();
        double fNorm2 = norm2(fa);
        while (true) {
            double fInf = normInf(fa);
            if (fInf <= residualTolerance) break;
            if (iterations == maxIterations) {
                throw new NoConvergenceException("NewtonSolve: no convergence in " + iterations + " iterations: ‖F(x)‖∞ = "
                        + fInf + " > " + residualTolerance, iterations, fInf);
            }
            factorAt(system);
            factors.solve(f, step);
            double t = 1, trialNorm2 = Double.NaN;
            for (int halving = 0; ; halving++) {
                for (int i = 0; i < n; i++) ta[i] = xa[i] - t * sa[i];
                system.residual(trial, trialF);
                trialNorm2 = norm2(trialF.heapArray());
                if (trialNorm2 <= (1 - ARMIJO * t) * fNorm2) break; // false for NaN: shorten the step
                if (halving == MAX_HALVINGS) {
                    throw new NoConvergenceException("NewtonSolve: no decrease of ‖F‖₂ along the Newton step at iteration "
                            + (iterations + 1) + " (‖F(x)‖∞ = " + fInf + "): J may be singular or F not differentiable there",
                            iterations, fInf);
                }
                t *= 0.5;
            }
            x.copyFrom(trial);
            f.copyFrom(trialF);
            fNorm2 = trialNorm2;
            iterations++;
            factoredAtSolution = false;
            if (t == 1 && stepTolerance > 0 && normInf(sa) <= stepTolerance * Math.max(1, normInf(xa))) break;
        }
        residualNorm = normInf(fa);
        solved = true;
        return x;
    }

    /**
     * The pullback of the last solve: λ = J(x*)⁻ᵀx̄, one transposed solve with J refactored at x*
     * (see the class comment). Then ∂f/∂p = −λᵀ∂F/∂p; {@link #matrixCotangent()} gives −λx*ᵀ.
     *
     * @param xbar ∂f/∂x*, length n, or {@link Tangents#ZERO} (then λ = 0 and nothing is solved)
     * @return this node's λ, valid until the next solve or pullback
     * @throws IllegalStateException without a successful solve
     */
    public DenseVector pullback(DenseVector xbar) {
        checkOpen();
        if (!solved) throw new IllegalStateException("NewtonSolve.pullback: no converged solve to pull back (call solve first)");
        Tangents.checkCotangent("NewtonSolve.pullback", "xbar", xbar, n);
        if (Tangents.isZero(xbar)) {
            lambda.zero();
            return lambda;
        }
        if (!factoredAtSolution) {
            system.jacobian(x, jacobian);
            factors = factors == null ? factorizer.factor(jacobian) : factorizer.refactor(jacobian);
            factoredAtSolution = true;
        }
        factors.solveTransposed(xbar, lambda);
        return lambda;
    }

    /**
     * −λx*ᵀ of the last pullback, lazily (16n bytes): the cotangent of A where F = A·x + …, so
     * that ∂f/∂Aᵢⱼ = −λᵢx*ⱼ and, for A(p) = A₀ + Σ pₑAₑ, {@code matrixCotangent().dotEach(groups,
     * pbar)} gives every −λᵀAₑx*. Valid until the next solve or pullback.
     */
    public RankOne matrixCotangent() {
        checkOpen();
        if (!solved) throw new IllegalStateException("NewtonSolve.matrixCotangent: no converged solve (call solve first)");
        return xbarCotangent;
    }

    /** x* of the last solve (this node's workspace; do not modify it), or null before the first. */
    public DenseVector x() {
        return x;
    }

    /** λ of the last pullback (this node's workspace), or null before the first solve. */
    public DenseVector lambda() {
        return lambda;
    }

    /** Newton steps the last solve took (0 when x0 already satisfied the residual tolerance). */
    public int iterations() {
        return iterations;
    }

    /** ‖F(x*)‖∞ of the last successful solve. */
    public double residualNorm() {
        return residualNorm;
    }

    /** The factorization of the last Jacobian factored (owned by the factorizer), or null before it. */
    public Factorization factorization() {
        return factors;
    }

    /** Closes the factorizer and its factors (the Jacobian matrix stays the caller's). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        solved = false;
        factors = null;
        system = null;
        factorizer.close();
    }

    private void factorAt(NonlinearSystem<M> system) {
        system.jacobian(x, jacobian);
        if (factors == null) {
            factors = factorizer.factor(jacobian);
            if (factors.n() != n) {
                throw new IllegalArgumentException("NewtonSolve.solve: x0 has length " + n + ", the Jacobian is "
                        + factors.n() + "x" + factors.n());
            }
        } else {
            factors = factorizer.refactor(jacobian);
        }
        factoredAtSolution = true;
    }

    private void resize(int order) {
        if (factors != null && factors.n() != order) {
            throw new IllegalArgumentException("NewtonSolve.solve: x0 has length " + order + ", the Jacobian is "
                    + factors.n() + "x" + factors.n());
        }
        n = order;
        x = DenseVector.heap(order);
        f = DenseVector.heap(order);
        step = DenseVector.heap(order);
        trial = DenseVector.heap(order);
        trialF = DenseVector.heap(order);
        lambda = DenseVector.heap(order);
        xbarCotangent = RankOne.of(-1.0, lambda, x);
    }

    private static double norm2(double[] v) {
        double scale = 0;
        for (double e : v) scale = Math.max(scale, Math.abs(e));
        if (scale == 0 || !Double.isFinite(scale)) return Double.isNaN(scale) ? Double.NaN : scale;
        double s = 0;
        for (double e : v) {
            double q = e / scale;
            s += q * q;
        }
        return scale * Math.sqrt(s);
    }

    private static double normInf(double[] v) {
        double m = 0;
        for (double e : v) {
            if (Double.isNaN(e)) return Double.NaN;
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("NewtonSolve is closed");
    }
}

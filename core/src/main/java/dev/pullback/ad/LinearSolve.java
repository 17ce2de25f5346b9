package dev.pullback.ad;

import dev.pullback.solvers.Factorizer;

import dev.pullback.factor.Factorization;
import dev.pullback.factor.SolveReport;
import dev.pullback.storage.DenseVector;
import java.util.Objects;

/**
 * The node x = A⁻¹b and its pullback (Giles 2008): given x̄ = ∂f/∂x,
 * <pre>
 *   λ  = A⁻ᵀ x̄         one transposed solve with the SAME factors as the forward solve
 *   b̄  = λ
 *   Ā  = −λ xᵀ         returned lazily as a {@link RankOne} referencing this node's λ and x
 * </pre>
 * The pullback never factors anything: it calls {@link Factorization#solveTransposed} on the
 * factorization the forward used. Accuracy: that of the factorization's two solves, relative error
 * about cond(A)·ε in x and in λ. With {@link #refine(SolveReport, SolveReport)} both solves refine
 * iteratively and report their backward error and the condition estimate (off by default: it costs a
 * product with A per solve, and the estimate about five solves after each refactor).
 *
 * <p>Refactor policy: {@link #forward} asks the {@link Factorizer} for a full factorization the first
 * time and whenever it is given a different matrix object, and for a refactor (same structure, new
 * values, no allocation) when the same matrix's version counter moved since the last call. Keep
 * passing the same matrix object and update its values in place (as {@link ParametricMatrix} does)
 * for the allocation-free path.
 *
 * <p>Lifetimes: the x returned by forward, {@link #lambda()} and the RankOne returned by the pullback
 * live in this node's workspaces (heap vectors, where the rank-1 kernels can gather from them) and
 * are valid until the next forward or pullback; {@link RankOne#copy()} keeps one. Workspaces are
 * sized at the first forward and resized only when n changes. Not thread-safe.
 *
 * @param <M> the matrix type the factorizer takes
 */
public final class LinearSolve<M> implements AutoCloseable {
    private final Factorizer<M> factorizer;
    private Factorization factors;
    private M factored;
    private long factoredVersion;
    private int n = -1;
    private DenseVector x;
    private DenseVector lambda;
    private RankOne abar;
    private boolean forwardDone;
    private boolean closed;
    private SolveReport forwardReport;
    private SolveReport adjointReport;

    /** A solve node that takes ownership of the factorizer (closing this node closes it). */
    public LinearSolve(Factorizer<M> factorizer) {
        this.factorizer = Objects.requireNonNull(factorizer, "factorizer");
    }

    /**
     * x = A⁻¹b. Factors or refactors A when needed (see the class comment), then one solve. Returns
     * this node's x, valid until the next forward; b is not modified and may be any vector of length n.
     */
    public DenseVector forward(M a, DenseVector b) {
        checkOpen();
        Objects.requireNonNull(a, "LinearSolve.forward: A is null");
        Objects.requireNonNull(b, "LinearSolve.forward: b is null");
        forwardDone = false;
        updateFactors(a);
        if (b.length() != n) {
            throw new IllegalArgumentException("LinearSolve.forward: b has length " + b.length() + ", A is " + n + "x" + n);
        }
        if (forwardReport != null) factors.solve(b, x, forwardReport);
        else factors.solve(b, x);
        forwardDone = true;
        return x;
    }

    /**
     * The pullback of the last forward: λ = A⁻ᵀx̄ (one transposed solve, same factors), b̄ = λ written
     * into {@code bbar}, and Ā = −λxᵀ returned as a RankOne referencing this node's λ and x.
     *
     * @param xbar ∂f/∂x, length n, or {@link Tangents#ZERO}: then nothing is solved, λ = 0, b̄ = 0 and
     *     the returned RankOne {@link RankOne#isZero() is zero}
     * @param bbar holder for ∂f/∂b (length n; may be xbar itself), or {@link Tangents#NONE}
     * @return ∂f/∂A, valid until the next forward or pullback of this node
     * @throws IllegalStateException without a forward, or when A changed since the forward (its factors
     *     then no longer describe the A that produced x: call forward again)
     */
    public RankOne pullback(DenseVector xbar, DenseVector bbar) {
        checkOpen();
        if (!forwardDone) throw new IllegalStateException("LinearSolve.pullback: no forward to pull back (call forward first)");
        Tangents.checkCotangent("LinearSolve.pullback", "xbar", xbar, n);
        Tangents.checkHolder("LinearSolve.pullback", "bbar", bbar, n);
        if (factorizer.version(factored) != factoredVersion) {
            throw new IllegalStateException("LinearSolve.pullback: A changed since the forward solve (version "
                    + factoredVersion + " -> " + factorizer.version(factored) + "); call forward again");
        }
        if (Tangents.isZero(xbar)) {
            lambda.zero();
            if (Tangents.wanted(bbar)) bbar.zero();
            abar.rescale(0.0);
            return abar;
        }
        if (adjointReport != null) factors.solveTransposed(xbar, lambda, adjointReport);
        else factors.solveTransposed(xbar, lambda);
        if (Tangents.wanted(bbar)) bbar.copyFrom(lambda);
        abar.rescale(-1.0);
        return abar;
    }

    /**
     * Makes the forward and the adjoint solve refining solves ({@link Factorization#solve(DenseVector,
     * DenseVector, SolveReport)}) that write their findings into these reports (kept by the caller and
     * reused, so nothing is allocated); read them after each call, e.g. {@link SolveReport#requireAccurate()}.
     * Nulls turn refinement off again. The factorizer's factorizations must offer refining solves (every
     * one of this library does).
     *
     * @return this
     */
    public LinearSolve<M> refine(SolveReport forward, SolveReport adjoint) {
        if ((forward == null) != (adjoint == null)) {
            throw new IllegalArgumentException("LinearSolve.refine: give both reports, or neither to turn refinement off");
        }
        forwardReport = forward;
        adjointReport = adjoint;
        return this;
    }

    /** The x of the last forward (this node's workspace; do not modify it). Null before the first forward. */
    public DenseVector x() {
        return x;
    }

    /** The λ = A⁻ᵀx̄ of the last pullback (this node's workspace; do not modify it). */
    public DenseVector lambda() {
        return lambda;
    }

    /** The factorization the last forward used (owned by the factorizer), or null before it. */
    public Factorization factorization() {
        return factors;
    }

    /** Order n of the last factored A, or -1 before the first forward. */
    public int n() {
        return n;
    }

    /** Closes the factorizer and its factors. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        factors = null;
        factored = null;
        factorizer.close();
    }

    private void updateFactors(M a) {
        long v = factorizer.version(a);
        if (factors == null || a != factored) {
            factored = null; // a failed factor must not leave stale factors looking current
            factors = factorizer.factor(a);
            factored = a;
        } else if (v != factoredVersion) {
            factored = null;
            factors = factorizer.refactor(a);
            factored = a;
        } else {
            return;
        }
        factoredVersion = v;
        if (factors.n() != n) resize(factors.n());
    }

    private void resize(int order) {
        n = order;
        x = DenseVector.heap(order);
        lambda = DenseVector.heap(order);
        abar = RankOne.of(-1.0, lambda, x);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("LinearSolve is closed");
    }
}

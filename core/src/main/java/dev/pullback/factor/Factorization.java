package dev.pullback.factor;

import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;

/**
 * A factorization of a square matrix A that solves with A and with Aᵀ from the same factors.
 * Implemented by the dense LU and the sparse factorizations ({@link SparseFactorization}); consumed
 * by the pullback layer, whose adjoint solve
 * is {@link #solveTransposed} on the factorization its forward solve used.
 *
 * <p>Contract: solves write into caller-provided vectors and allocate nothing after the
 * factorization exists; {@code b} is not modified; {@code b} and {@code x} may be the same vector.
 * A factorization whose matrix changed since it was computed (its version counter moved) refuses to
 * solve with an {@link IllegalStateException} until it is refactored.
 *
 * <p>Threads: the factors are read-only between (re)factorizations, so any number of threads may
 * solve with one factorization at once (each solve runs in a workspace of its own: the
 * factorization's, or its thread's spare once two overlap; neither allocates in steady state). A
 * refactor or close while a solve runs in another thread is refused with an
 * {@link IllegalStateException} (the factors stay as they were), and so is a solve while a refactor
 * or close runs: nothing is torn. Coordinate refactors with solves yourself (the library never waits).
 */
public interface Factorization extends AutoCloseable {
    /** Order of A. */
    int n();

    /** x = A⁻¹b. */
    void solve(DenseVector b, DenseVector x);

    /** x = A⁻ᵀb, with the same factors. */
    void solveTransposed(DenseVector b, DenseVector x);

    /** X = A⁻¹B for several right-hand sides (B and X n×k; they may be the same matrix). */
    void solve(DenseMatrix b, DenseMatrix x);

    /** X = A⁻ᵀB for several right-hand sides, with the same factors. */
    void solveTransposed(DenseMatrix b, DenseMatrix x);

    /**
     * Estimated reciprocal condition number 1/(‖A‖₁·‖A⁻¹‖₁): ‖A‖₁ from A, ‖A⁻¹‖₁ by Hager and Higham's
     * estimator from a few solves with these factors. An upper bound on the true value up to rounding,
     * usually within a factor 3 of it; below {@link SolveReport#ILL_CONDITIONED_RCOND} A is numerically
     * singular. Computed on the first call after a (re)factor and kept; thread-safe; allocation-free
     * after the first call.
     *
     * @throws UnsupportedOperationException if this factorization has no estimate (every one of this library has)
     */
    default double rcond() {
        throw new UnsupportedOperationException(getClass().getName() + " has no condition estimate");
    }

    /**
     * x = A⁻¹b, then iterative refinement as {@code report} says, which receives the backward error,
     * the steps and (if asked) the condition estimate: see {@link SolveReport}. b is not modified and
     * may be x; allocates nothing in steady state.
     *
     * @throws UnsupportedOperationException if this factorization cannot refine (every one of this library can)
     */
    default void solve(DenseVector b, DenseVector x, SolveReport report) {
        throw new UnsupportedOperationException(getClass().getName() + " has no refining solve");
    }

    /** x = A⁻ᵀb with refinement against Aᵀ, as {@link #solve(DenseVector, DenseVector, SolveReport)}. */
    default void solveTransposed(DenseVector b, DenseVector x, SolveReport report) {
        throw new UnsupportedOperationException(getClass().getName() + " has no refining solve");
    }

    /** Frees the factors; later solves are an IllegalStateException. */
    @Override
    void close();
}

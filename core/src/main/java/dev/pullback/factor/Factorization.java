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

    /** Frees the factors; later solves are an IllegalStateException. */
    @Override
    void close();
}

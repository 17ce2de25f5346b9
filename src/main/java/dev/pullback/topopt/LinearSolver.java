package dev.pullback.topopt;

import dev.pullback.factor.Factorization;

/**
 * A factorization that follows one matrix whose values change on a fixed pattern: the stiffness
 * matrix K(x) of a topology optimisation, re-assembled in place every iteration. The sparse LU
 * behind it analyzes the pattern once (when the solver is opened), factors on the first
 * {@link #factor()} and refactors on every later one, reusing the pivot order and allocating nothing.
 */
public interface LinearSolver extends AutoCloseable {
    /** A short description for progress output, e.g. "sparse LU (AMD)". */
    String name();

    /**
     * Brings the factorization up to date with the matrix's current values and returns it; its
     * {@link Factorization#solve} and {@link Factorization#solveTransposed} then use the same
     * factors. The returned object is the same on every call.
     */
    Factorization factor();

    @Override
    void close();
}

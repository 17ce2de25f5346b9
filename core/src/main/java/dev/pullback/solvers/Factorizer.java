package dev.pullback.solvers;

import dev.pullback.factor.Factorization;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;

/**
 * Something that factors a square matrix and refactors it after its values changed in place on the
 * same structure: the refactor policy a {@code dev.pullback.ad.LinearSolve} needs when A = A(p) changes at every p.
 * The sparse LU (symbolic analysis and pivot order kept, numeric refactor without allocation) and the
 * dense LU (factor in place into the same storage) both plug in through this interface.
 *
 * <p>The factorizer owns the factorization it returns: {@link #factor} and {@link #refactor} may
 * return the same object again, updated; {@link #close()} frees it.
 *
 * @param <M> the matrix type ({@link CscMatrix} or {@link DenseMatrix})
 */
public interface Factorizer<M> extends AutoCloseable {
    /**
     * Factors {@code a} from scratch (analysis and numeric factorization): the first call, or a
     * matrix whose structure may differ from the last one. May allocate. Replaces (and frees) any
     * factorization this factorizer held.
     *
     * @throws IllegalArgumentException if a is not square or holds a NaN or infinite value
     * @throws dev.pullback.factor.SingularMatrixException if a is singular (the column is named)
     */
    Factorization factor(M a);

    /**
     * Recomputes the numeric factors from {@code a}'s current values; a must have the structure of the
     * matrix last given to {@link #factor} (for the sparse LU, the same pattern: the analysis and the
     * pivot order are reused). Allocates nothing in steady state. An implementation may fall back to a
     * full {@link #factor} when the kept pivot order has become inaccurate (pivot growth); it says so in
     * its documentation.
     *
     * @throws IllegalStateException if nothing was factored yet
     * @throws IllegalArgumentException if a's structure differs from the factored one, or holds a NaN
     * @throws dev.pullback.factor.SingularMatrixException if a is singular (the column is named)
     */
    Factorization refactor(M a);

    /** a's version counter: a {@code dev.pullback.ad.LinearSolve} refactors when it moved since the last (re)factor. */
    long version(M a);

    /** Frees the factorization; later solves with it are an IllegalStateException. */
    @Override
    void close();

    /** A factorizer of sparse matrices; the version is {@link CscMatrix#version()}. */
    interface OfCsc extends Factorizer<CscMatrix> {
        @Override
        default long version(CscMatrix a) {
            return a.version();
        }
    }

    /** A factorizer of dense matrices; the version is {@link DenseMatrix#version()}. */
    interface OfDense extends Factorizer<DenseMatrix> {
        @Override
        default long version(DenseMatrix a) {
            return a.version();
        }
    }
}

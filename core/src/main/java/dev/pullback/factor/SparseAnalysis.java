package dev.pullback.factor;

import dev.pullback.storage.CscMatrix;

/**
 * The analysis of one sparse pattern for one factorization method: the fill-reducing order and
 * whatever symbolic structure the method needs. It reads the pattern only (no values), holds no
 * native memory, and is immutable: compute it once and call {@link #factor} for every matrix with
 * that pattern (a design sweep, Newton steps, a batch), from any thread.
 */
public interface SparseAnalysis {
    /** Order of the matrices this analysis is for. */
    int n();

    /** nnz of the pattern analysed. */
    int nnz();

    /** The method {@link #factor} uses (an adaptive analysis may still switch at factor time; see {@link SparseFactorization#method()}). */
    Method method();

    /** Why this method was chosen, for reports; empty when it was named explicitly. */
    String methodReason();

    /** The ordering applied ({@link Ordering#AUTO} resolved). */
    Ordering ordering();

    /** A copy of the column order Q: {@code columnOrder()[k]} is the original column eliminated k-th. */
    int[] columnOrder();

    /**
     * Factors A, whose pattern must be the one analysed.
     *
     * @throws SingularMatrixException  A is structurally or numerically singular (the column named)
     * @throws IllegalArgumentException A's shape or nnz differs from the analysis, or a value is NaN/infinite
     */
    SparseFactorization factor(CscMatrix a);
}

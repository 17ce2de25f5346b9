package dev.pullback.factor;

import dev.pullback.storage.CscMatrix;

/**
 * A factorization of a sparse square matrix, P·R⁻¹·A·Q = L·U (R a diagonal row scaling), made from
 * a {@link SparseAnalysis} and refactorable for new values on the same pattern.
 *
 * <p>Contract beyond {@link Factorization}: {@link #refactor} computes the factors for A's current
 * values without allocating (the analysis is reused); afterwards {@link #reciprocalPivotGrowth()}
 * says whether the kept pivot order still suits the values (see {@code Factorizers} for the policy
 * that factors afresh when it does not). Solves after A's values changed without a refactor are an
 * IllegalStateException.
 */
public interface SparseFactorization extends Factorization {
    /** The analysis these factors were computed with (reusable for other matrices of the pattern). */
    SparseAnalysis analysis();

    /**
     * New values on the factored pattern: recomputes the factors, allocating nothing.
     *
     * @throws IllegalArgumentException a different pattern, or a NaN/infinite value (factors unchanged)
     * @throws SingularMatrixException  a pivot became zero (the factors are unusable until a
     *                                  successful refactor or a fresh factorization)
     */
    void refactor(CscMatrix a);

    /**
     * Reciprocal pivot growth min_j (max_i |a_ij| / max_i |u_ij|) over the columns of the scaled,
     * permuted A, as in KLU: near 1 stable; much smaller, the solution may have lost about log10 of its
     * reciprocal in digits.
     */
    double reciprocalPivotGrowth();

    /**
     * Estimated reciprocal 1-norm condition number, as KLU's condest: see {@link Factorization#rcond()}.
     * About five solves on the first call after a (re)factor, then kept (no allocation after the first call).
     */
    @Override
    double rcond();

    /**
     * Whether {@link #rcond()} is below ε·min(n, pivot growth) ({@link SolveReport#illConditionedBelow(int, double)}):
     * A is numerically singular, and solutions may carry no correct digit.
     */
    default boolean isIllConditioned() {
        return rcond() < SolveReport.illConditionedBelow(n(), reciprocalPivotGrowth());
    }

    /** min |u_jj| / max |u_jj| over the pivots: a cheap indicator of ill-conditioning (not an estimate of it). */
    double pivotRatio();

    /** A copy of the row permutation: row k of L·U is row {@code rowPermutation()[k]} of A. */
    int[] rowPermutation();

    /** A copy of the column permutation: column k of L·U is column {@code columnPermutation()[k]} of A. */
    int[] columnPermutation();

    /** nnz(L) + nnz(U) with the diagonal counted once (explicit zeros of supernodes included). */
    long factorNonzeros();

    /** The method holding the factors now. */
    Method method();

    /** Why this method holds the factors (the rule or a fallback), for reports; empty when named explicitly. */
    String methodReason();
}

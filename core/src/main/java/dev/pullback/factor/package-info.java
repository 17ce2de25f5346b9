/**
 * The factorization contract, which every solver implements and the pullback layer consumes.
 * {@link dev.pullback.factor.Factorization}: solve and solveTransposed for one or several right-hand
 * sides, with the same factors. {@link dev.pullback.factor.SparseAnalysis}: the analysis of a sparse
 * pattern, computed once and reused for every matrix of that pattern; its {@code factor(A)} gives a
 * {@link dev.pullback.factor.SparseFactorization}, which refactors new values without allocating and
 * reports pivot growth, permutations, nnz of the factors and which {@link dev.pullback.factor.Method}
 * holds them and why. Options: {@link dev.pullback.factor.SparseOptions}. Singular input is a
 * {@link dev.pullback.factor.SingularMatrixException} naming the column (a Cholesky factorization's
 * non-positive pivot: its subclass {@link dev.pullback.factor.NotPositiveDefiniteException}); every factorization also
 * estimates its condition ({@code rcond()}) and offers refining solves that report their backward
 * error and whether A is numerically singular ({@link dev.pullback.factor.SolveReport}). The implementations are in
 * {@code dev.pullback.dense} and {@code dev.pullback.sparse}; choose one by name with
 * {@code dev.pullback.solvers.Solvers}.
 */
package dev.pullback.factor;

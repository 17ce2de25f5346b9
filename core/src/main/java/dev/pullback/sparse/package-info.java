/**
 * Sparse direct solvers: fill-reducing orderings ({@link dev.pullback.sparse.Amd},
 * {@link dev.pullback.sparse.Colamd}), symbolic analysis ({@link dev.pullback.sparse.Symbolic}) and
 * the KLU-class sparse LU ({@link dev.pullback.sparse.SparseLu}: analyze → factor → refactor →
 * solve / solveTransposed). Depends only on {@code dev.pullback.storage} and the
 * {@link dev.pullback.factor.Factorization} contract.
 */
package dev.pullback.sparse;

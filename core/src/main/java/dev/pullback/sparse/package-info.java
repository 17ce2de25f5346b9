/**
 * Sparse direct solvers, each an analysis ({@link dev.pullback.factor.SparseAnalysis}) and a
 * factorization ({@link dev.pullback.factor.SparseFactorization}): {@link dev.pullback.sparse.SparseLu}
 * (left-looking Gilbert–Peierls with threshold pivoting, KLU class), {@link dev.pullback.sparse.SupernodalLu}
 * (multifrontal, dense fronts on the SIMD kernels), {@link dev.pullback.sparse.BtfLu} (block
 * triangular form, a SparseLu per block), {@link dev.pullback.sparse.SupernodalCholesky} (multifrontal
 * Cholesky of symmetric positive definite matrices, reading the lower triangle) and
 * {@link dev.pullback.sparse.AdaptiveSparseLu}, which chooses among Cholesky, SupernodalLu and SparseLu
 * from the pattern and the values and says why. Orderings: {@link dev.pullback.sparse.Amd},
 * {@link dev.pullback.sparse.Colamd}; structure: {@link dev.pullback.sparse.BlockTriangularForm}.
 * Start with {@code Solvers.get("auto").analyze(pattern)} (dev.pullback.solvers) or
 * {@code AdaptiveSparseLu.factor(A)}. Solves may run concurrently; a refactor or close while one
 * runs is refused.
 */
package dev.pullback.sparse;

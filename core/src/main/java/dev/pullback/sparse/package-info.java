/**
 * Sparse direct solvers, each an analysis ({@link dev.pullback.factor.SparseAnalysis}) and a
 * factorization ({@link dev.pullback.factor.SparseFactorization}): {@link dev.pullback.sparse.SparseLu}
 * (left-looking Gilbert–Peierls with threshold pivoting, KLU class), {@link dev.pullback.sparse.SupernodalLu}
 * (multifrontal, dense fronts on the SIMD kernels), {@link dev.pullback.sparse.BtfLu} (block
 * triangular form, a SparseLu per block) and {@link dev.pullback.sparse.AdaptiveSparseLu}, which
 * chooses between the first two from the pattern and says why. Orderings: {@link dev.pullback.sparse.Amd},
 * {@link dev.pullback.sparse.Colamd}; structure: {@link dev.pullback.sparse.BlockTriangularForm}.
 * Start with {@code Solvers.get("auto").analyze(pattern)} (dev.pullback.solvers) or
 * {@code AdaptiveSparseLu.factor(A)}. Solves may run concurrently; a refactor or close while one
 * runs is refused.
 */
package dev.pullback.sparse;

/**
 * Dense factorizations: {@link dev.pullback.dense.DenseLu} (recursive blocked LU with partial
 * pivoting on the SIMD GEMM; rcond, determinant) and {@link dev.pullback.dense.CscDenseLu}, the
 * dense LU of a matrix stored sparse, as a {@link dev.pullback.factor.SparseFactorization}. Solves
 * may run concurrently; a refactor or close while one runs is refused.
 */
package dev.pullback.dense;

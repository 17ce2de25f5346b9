/**
 * Internal (not exported by the module): the dense GEMM/TRSM kernels the factorizations use, their
 * scalar implementation, the choice of implementation ({@link dev.pullback.kernel.gemm.Gemms}), the
 * fused-multiply-add policy ({@link dev.pullback.kernel.gemm.Fma}) and the runtime gate for the Vector
 * API ({@link dev.pullback.kernel.gemm.VectorGate}). A {@link dev.pullback.kernel.gemm.GemmWorkspace}
 * holds one caller's packing buffers: one per thread.
 */
package dev.pullback.kernel.gemm;

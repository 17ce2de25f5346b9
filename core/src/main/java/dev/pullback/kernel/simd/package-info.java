/**
 * Internal (not exported by the module): the Vector API implementations of the kernels and of the
 * GEMM — the only code in Pullback that imports {@code jdk.incubator.vector}, loaded by name so
 * that the rest runs without the incubator module. Every species is a {@code static final}
 * constant of its class, which C2 needs to keep vectors in registers.
 */
package dev.pullback.kernel.simd;

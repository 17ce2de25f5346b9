/**
 * The kernels: BLAS-1, gemv, sparse matrix–vector products Ax and Aᵀx, and the rank-1·sparse dot
 * product uᵀAv ({@link dev.pullback.kernel.Kernels}). {@link dev.pullback.kernel.KernelProvider#kernels()}
 * gives the argument-checking facade over this JVM's implementation: the Vector API one when
 * {@code --add-modules=jdk.incubator.vector} is given on a tested JDK with C2, else the scalar twin
 * (one log line says why). {@link dev.pullback.kernel.ParallelSparseKernels} splits large products
 * across a caller-owned pool. Kernels write into caller-provided outputs and allocate nothing;
 * they are stateless and thread-safe.
 */
package dev.pullback.kernel;

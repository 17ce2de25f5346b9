package dev.pullback.kernel;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.lang.foreign.MemorySegment;

/**
 * The compute kernels every higher layer calls. Two implementations: {@link ScalarKernels} and a
 * Vector API one in {@code dev.pullback.kernel.simd}, chosen by {@link KernelProvider}.
 *
 * <p>Contract for every method: outputs are caller-provided, nothing is allocated, arguments are
 * checked by the caller-facing facade ({@link KernelProvider#kernels()} returns an implementation
 * that checks shapes and names them in its messages). Dense operands are segments of doubles with
 * element offsets; the two paths agree to within a size-scaled rounding tolerance (their summation
 * order may differ) and exactly for index results.
 */
public interface Kernels {
    /** Name of the implementation, e.g. "scalar" or "simd-512". */
    String name();

    // ---- BLAS-1 on n doubles at element offsets ----

    /** Σ xᵢyᵢ. */
    double dot(int n, MemorySegment x, long xOff, MemorySegment y, long yOff);

    /** y ← αx + y. */
    void axpy(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff);

    /** x ← αx. */
    void scal(int n, double alpha, MemorySegment x, long xOff);

    /** y ← x. */
    void copy(int n, MemorySegment x, long xOff, MemorySegment y, long yOff);

    /** ‖x‖₂, without overflow or underflow for entries near the double range limits. */
    double nrm2(int n, MemorySegment x, long xOff);

    /** Smallest index of max |xᵢ|; -1 when n = 0; a NaN entry wins (it is reported, not skipped). */
    int iamax(int n, MemorySegment x, long xOff);

    // ---- dense matrix-vector, column-major A (m×n, leading dimension lda) ----

    /** y ← αAx + βy (transpose false; x has n, y has m) or y ← αAᵀx + βy (x has m, y has n). */
    void gemv(boolean transpose, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
            MemorySegment x, long xOff, double beta, MemorySegment y, long yOff);

    // ---- sparse ----

    /** y ← αAx + βy for a CSC matrix A (m×n), x of length n, y of length m. */
    void spmv(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y);

    /** y ← αAᵀx + βy, x of length m, y of length n. */
    void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y);

    /** uᵀAv = Σ over stored (i, j) of uᵢAᵢⱼvⱼ: the dot of the rank-1 matrix uvᵀ with A. */
    double rank1Dot(DenseVector u, CscMatrix a, DenseVector v);

    /**
     * The columns [from, to) of {@link #spmvTransposed}: yⱼ ← α·A[:, j]·x + βyⱼ for from ≤ j &lt; to,
     * the other entries of y untouched. Disjoint column ranges can run on different threads
     * ({@link ParallelSparseKernels}).
     */
    void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y, int from, int to);

    /**
     * y ← y + α·Σ_{from ≤ j &lt; to} A[:, j]·xⱼ: the columns [from, to) of Ax added into y (so the
     * column ranges of one product, summed into separate vectors, add up to Ax).
     */
    void spmvAdd(double alpha, CscMatrix a, DenseVector x, DenseVector y, int from, int to);

    /** Σ over stored (i, j) with from ≤ j &lt; to of uᵢAᵢⱼvⱼ: the columns [from, to) of {@link #rank1Dot}. */
    double rank1Dot(DenseVector u, CscMatrix a, DenseVector v, int from, int to);

    /**
     * out[g] = Σ over entries t of group g of coef[t]·u[row[t]]·v[col[t]] = uᵀAₘv, for every group
     * in one pass. This is ∂f/∂pₑ = −λᵀAₑx with u = −λ, v = x.
     */
    void rank1DotGrouped(DenseVector u, PatternGroups groups, DenseVector v, DenseVector out);
}

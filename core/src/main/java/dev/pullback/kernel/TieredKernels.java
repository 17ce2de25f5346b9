package dev.pullback.kernel;

import dev.pullback.kernel.gemm.KernelTier;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.lang.foreign.MemorySegment;

/**
 * The Vector API kernels once their group runs compiled ({@link KernelTier}), the scalar twins
 * until then: what {@code auto} hands out, so that no call boxes vectors on its way to the steady
 * state ({@link KernelWarmUp} decides when each group switches). Both paths compute the same
 * thing (to rounding), so a caller sees the switch only in the time a call takes. Stateless and
 * thread-safe as both delegates are.
 */
final class TieredKernels implements Kernels {
    private final Kernels vector;
    private final Kernels scalar;

    TieredKernels(Kernels vector, Kernels scalar) {
        this.vector = vector;
        this.scalar = scalar;
    }

    /** The Vector API kernels this one switches to. */
    Kernels vector() {
        return vector;
    }

    @Override
    public String name() {
        return vector.name();
    }

    @Override
    public double dot(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        return KernelTier.vector(KernelTier.BLAS1) ? vector.dot(n, x, xOff, y, yOff) : scalar.dot(n, x, xOff, y, yOff);
    }

    @Override
    public void axpy(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        if (KernelTier.vector(KernelTier.BLAS1)) vector.axpy(n, alpha, x, xOff, y, yOff);
        else scalar.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void scal(int n, double alpha, MemorySegment x, long xOff) {
        if (KernelTier.vector(KernelTier.BLAS1)) vector.scal(n, alpha, x, xOff);
        else scalar.scal(n, alpha, x, xOff);
    }

    @Override
    public void copy(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        vector.copy(n, x, xOff, y, yOff);
    }

    @Override
    public double nrm2(int n, MemorySegment x, long xOff) {
        return KernelTier.vector(KernelTier.BLAS1) ? vector.nrm2(n, x, xOff) : scalar.nrm2(n, x, xOff);
    }

    @Override
    public int iamax(int n, MemorySegment x, long xOff) {
        return KernelTier.vector(KernelTier.BLAS1) ? vector.iamax(n, x, xOff) : scalar.iamax(n, x, xOff);
    }

    @Override
    public void gemv(boolean transpose, int m, int n, double alpha, MemorySegment a, long aOff, int lda, MemorySegment x, long xOff, double beta, MemorySegment y, long yOff) {
        if (KernelTier.vector(KernelTier.GEMV)) vector.gemv(transpose, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        else scalar.gemv(transpose, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    @Override
    public void spmv(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        if (KernelTier.vector(KernelTier.SPARSE)) vector.spmv(alpha, a, x, beta, y);
        else scalar.spmv(alpha, a, x, beta, y);
    }

    @Override
    public void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        if (KernelTier.vector(KernelTier.SPARSE)) vector.spmvTransposed(alpha, a, x, beta, y);
        else scalar.spmvTransposed(alpha, a, x, beta, y);
    }

    @Override
    public double rank1Dot(DenseVector u, CscMatrix a, DenseVector v) {
        return KernelTier.vector(KernelTier.SPARSE) ? vector.rank1Dot(u, a, v) : scalar.rank1Dot(u, a, v);
    }

    @Override
    public void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y, int from, int to) {
        if (KernelTier.vector(KernelTier.SPARSE)) vector.spmvTransposed(alpha, a, x, beta, y, from, to);
        else scalar.spmvTransposed(alpha, a, x, beta, y, from, to);
    }

    @Override
    public void spmvAdd(double alpha, CscMatrix a, DenseVector x, DenseVector y, int from, int to) {
        if (KernelTier.vector(KernelTier.SPARSE)) vector.spmvAdd(alpha, a, x, y, from, to);
        else scalar.spmvAdd(alpha, a, x, y, from, to);
    }

    @Override
    public double rank1Dot(DenseVector u, CscMatrix a, DenseVector v, int from, int to) {
        return KernelTier.vector(KernelTier.SPARSE) ? vector.rank1Dot(u, a, v, from, to) : scalar.rank1Dot(u, a, v, from, to);
    }

    @Override
    public void rank1DotGrouped(DenseVector u, PatternGroups groups, DenseVector v, DenseVector out) {
        if (KernelTier.vector(KernelTier.GROUPED)) vector.rank1DotGrouped(u, groups, v, out);
        else scalar.rank1DotGrouped(u, groups, v, out);
    }
}

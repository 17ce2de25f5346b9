package dev.pullback.kernel.gemm;

import java.lang.foreign.MemorySegment;

/**
 * The Vector API GEMM once {@link KernelTier#GEMM} says it runs compiled, the scalar one until then
 * (see {@link KernelTier}). While it runs the scalar one it grows the caller's workspace as the
 * vector one will need it ({@link Gemm#reserve}), so the switch allocates nothing. Stateless and
 * thread-safe as both delegates are.
 */
public final class TieredGemm implements Gemm {
    private final Gemm vector;
    private final Gemm scalar;

    TieredGemm(Gemm vector, Gemm scalar) {
        this.vector = vector;
        this.scalar = scalar;
    }

    /** The Vector API implementation this one switches to. */
    public Gemm vector() {
        return vector;
    }

    @Override
    public String name() {
        return vector.name();
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, MemorySegment a, long aOff,
            int lda, MemorySegment b, long bOff, int ldb, double beta, MemorySegment c, long cOff, int ldc,
            GemmWorkspace ws) {
        if (KernelTier.vector(KernelTier.GEMM)) {
            vector.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
        } else {
            scalar.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
            if (ws != null) vector.reserve(m, n, k, ws);
        }
    }

    @Override
    public void trsm(boolean lower, boolean transT, boolean unitDiagonal, int m, int n, MemorySegment t, long tOff,
            int ldt, MemorySegment x, long xOff, int ldx, GemmWorkspace ws) {
        if (KernelTier.vector(KernelTier.GEMM)) {
            vector.trsm(lower, transT, unitDiagonal, m, n, t, tOff, ldt, x, xOff, ldx, ws);
        } else {
            scalar.trsm(lower, transT, unitDiagonal, m, n, t, tOff, ldt, x, xOff, ldx, ws);
            if (ws != null) vector.reserve(m, n, m, ws);
        }
    }

    @Override
    public int factorPanel(int m, int w, MemorySegment a, long off, int lda, int[] ipiv, int pivOff, GemmWorkspace ws) {
        if (KernelTier.vector(KernelTier.GEMM)) return vector.factorPanel(m, w, a, off, lda, ipiv, pivOff, ws);
        int zero = scalar.factorPanel(m, w, a, off, lda, ipiv, pivOff, ws);
        if (ws != null && m > 0 && w > 0) vector.reservePanel(m, w, ws);
        return zero;
    }

    @Override
    public void reserve(int m, int n, int k, GemmWorkspace ws) {
        vector.reserve(m, n, k, ws);
    }

    @Override
    public void reservePanel(int m, int w, GemmWorkspace ws) {
        vector.reservePanel(m, w, ws);
    }
}

package dev.pullback.ad;

import dev.pullback.kernel.KernelProvider;
import dev.pullback.kernel.Kernels;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Objects;

/**
 * f = xᵀMx for a square sparse M, with ∂f/∂x = (M + Mᵀ)x and ∂f/∂M = x xᵀ (a {@link RankOne}).
 * Forward copies x and keeps Mx; the pullback adds Mᵀx (one transposed SpMV). M is referenced: do
 * not change it between a forward and its pullback. Rounding: that of SpMV and the dot, about
 * nnz·ε·|x|ᵀ|M||x|.
 */
public final class QuadraticForm implements Objective {
    private final CscMatrix m;
    private final DenseVector x;
    private final DenseVector mx;
    private final RankOne mbar;
    private boolean forwardDone;

    public QuadraticForm(CscMatrix m) {
        this.m = Objects.requireNonNull(m, "M");
        if (m.rows() != m.cols()) {
            throw new IllegalArgumentException("QuadraticForm needs a square M, got " + m.rows() + "x" + m.cols());
        }
        this.x = DenseVector.heap(m.rows());
        this.mx = DenseVector.heap(m.rows());
        this.mbar = RankOne.of(1.0, x, x);
    }

    public CscMatrix matrix() {
        return m;
    }

    @Override
    public int length() {
        return m.rows();
    }

    @Override
    public double forward(DenseVector xIn) {
        if (xIn == null) throw new NullPointerException("QuadraticForm.forward: x is null");
        if (xIn.length() != m.rows()) {
            throw new IllegalArgumentException("QuadraticForm.forward: x has length " + xIn.length() + ", M is "
                    + m.rows() + "x" + m.cols());
        }
        x.copyFrom(xIn);
        Kernels k = KernelProvider.kernels();
        k.spmv(1.0, m, x, 0.0, mx);
        forwardDone = true;
        return k.dot(x.length(), x.segment(), 0, mx.segment(), 0);
    }

    /** x̄ = f̄·(Mx + Mᵀx). */
    @Override
    public void pullback(double fbar, DenseVector xbar) {
        if (!forwardDone) throw new IllegalStateException("QuadraticForm.pullback: no forward to pull back");
        int n = m.rows();
        Tangents.checkHolder("QuadraticForm.pullback", "xbar", xbar, n);
        if (!Tangents.wanted(xbar)) return;
        if (fbar == 0) {
            xbar.zero();
            return;
        }
        Kernels k = KernelProvider.kernels();
        k.spmvTransposed(fbar, m, x, 0.0, xbar);
        k.axpy(n, fbar, mx.segment(), 0, xbar.segment(), 0);
    }

    /**
     * ∂f/∂M = f̄·x xᵀ at the x of the last forward, as a RankOne referencing this node's copy of x
     * (valid until the next forward or call of this method).
     */
    public RankOne matrixCotangent(double fbar) {
        if (!forwardDone) throw new IllegalStateException("QuadraticForm.matrixCotangent: no forward to pull back");
        if (!Double.isFinite(fbar)) throw new IllegalArgumentException("fbar must be finite, got " + fbar);
        mbar.rescale(fbar);
        return mbar;
    }
}

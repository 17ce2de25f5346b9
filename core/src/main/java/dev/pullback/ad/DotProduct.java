package dev.pullback.ad;

import dev.pullback.kernel.KernelProvider;
import dev.pullback.storage.DenseVector;
import java.util.Objects;

/**
 * f = aᵀx, with ∂f/∂x = a and ∂f/∂a = x. Compliance c = fᵀu and a compliant mechanism's output
 * lᵀu are this objective. The weights a are referenced, not copied (they are usually a constant load
 * vector): do not change them between a forward and its pullback. Forward copies x (O(n)), so ∂f/∂a
 * is available even if x changes afterwards. Rounding: that of the dot kernel, n·ε·Σ|aᵢxᵢ|.
 */
public final class DotProduct implements Objective {
    private final DenseVector a;
    private final DenseVector x;
    private boolean forwardDone;

    /** f = aᵀx with the given weights (referenced). */
    public DotProduct(DenseVector a) {
        this.a = Objects.requireNonNull(a, "a");
        this.x = DenseVector.heap(a.length());
    }

    /** The weights a (referenced). */
    public DenseVector weights() {
        return a;
    }

    @Override
    public int length() {
        return a.length();
    }

    @Override
    public double forward(DenseVector xIn) {
        if (xIn == null) throw new NullPointerException("DotProduct.forward: x is null");
        if (xIn.length() != a.length()) {
            throw new IllegalArgumentException("DotProduct.forward: x has length " + xIn.length() + ", a has " + a.length());
        }
        x.copyFrom(xIn);
        forwardDone = true;
        return KernelProvider.kernels().dot(a.length(), a.segment(), 0, x.segment(), 0);
    }

    /** x̄ = f̄·a. */
    @Override
    public void pullback(double fbar, DenseVector xbar) {
        pullback(fbar, xbar, Tangents.NONE);
    }

    /**
     * x̄ = f̄·a and ā = f̄·x (x of the last forward); either holder may be {@link Tangents#NONE}.
     */
    public void pullback(double fbar, DenseVector xbar, DenseVector abar) {
        if (!forwardDone) throw new IllegalStateException("DotProduct.pullback: no forward to pull back");
        int n = a.length();
        Tangents.checkHolder("DotProduct.pullback", "xbar", xbar, n);
        Tangents.checkHolder("DotProduct.pullback", "abar", abar, n);
        if (Tangents.wanted(xbar)) scaled(fbar, a, xbar);
        if (Tangents.wanted(abar)) scaled(fbar, x, abar);
    }

    /** out = s·v without reading out (so NaN in out does not survive). */
    private static void scaled(double s, DenseVector v, DenseVector out) {
        if (s == 0) {
            out.zero();
            return;
        }
        out.copyFrom(v);
        if (s != 1) KernelProvider.kernels().scal(v.length(), s, out.segment(), 0);
    }
}

package dev.pullback.ad;

import dev.pullback.storage.DenseVector;

/**
 * A scalar function f = g(x) at the end of a chain, with its pullback x̄ = f̄·∂g/∂x. Implementations:
 * {@link DotProduct} (f = aᵀx, e.g. compliance fᵀu or a mechanism's output lᵀu) and
 * {@link QuadraticForm} (f = xᵀMx). Forward keeps what the pullback needs; the pullback writes into
 * the caller's holder and allocates nothing.
 */
public interface Objective {
    /** Length n of x. */
    int length();

    /** f = g(x). */
    double forward(DenseVector x);

    /**
     * x̄ = f̄·∂g/∂x at the x of the last forward, written into xbar (length n, or
     * {@link Tangents#NONE}). f̄ = 0 writes zeros.
     */
    void pullback(double fbar, DenseVector xbar);
}

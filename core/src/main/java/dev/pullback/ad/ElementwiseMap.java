package dev.pullback.ad;

import dev.pullback.storage.DenseVector;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * The node yᵢ = φ(xᵢ) for a {@link ScalarFunction} φ, and its pullback x̄ᵢ = φ'(xᵢ)·ȳᵢ (the Jacobian
 * is diagonal). Forward stores φ'(xᵢ) in a workspace of n doubles, so the pullback is one multiply
 * per entry and the input may change after the forward.
 */
public final class ElementwiseMap {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final ScalarFunction phi;
    private final int n;
    private final double[] slope;
    private boolean forwardDone;

    /** A map of vectors of length n. */
    public ElementwiseMap(ScalarFunction phi, int n) {
        this.phi = Objects.requireNonNull(phi, "phi");
        if (n < 0) throw new IllegalArgumentException("ElementwiseMap length must be >= 0, got " + n);
        this.n = n;
        this.slope = new double[n];
    }

    public ScalarFunction function() {
        return phi;
    }

    public int length() {
        return n;
    }

    /**
     * yᵢ = φ(xᵢ); x and y may be the same vector. A non-finite φ(xᵢ) or φ'(xᵢ) (x outside φ's domain,
     * overflow) is reported with its index instead of being passed on.
     */
    public void forward(DenseVector x, DenseVector y) {
        check("forward", "x", x);
        check("forward", "y", y);
        forwardDone = false;
        MemorySegment xs = x.segment(), ys = y.segment();
        for (int i = 0; i < n; i++) {
            double xi = xs.getAtIndex(D, i);
            double v = phi.value(xi);
            double d = phi.derivative(xi);
            if (!Double.isFinite(v) || !Double.isFinite(d)) {
                throw new IllegalArgumentException("ElementwiseMap.forward: " + phi + " at x[" + i + "] = " + xi
                        + " gives value " + v + ", derivative " + d);
            }
            slope[i] = d;
            ys.setAtIndex(D, i, v);
        }
        forwardDone = true;
    }

    /**
     * x̄ᵢ = φ'(xᵢ)·ȳᵢ at the x of the last forward; ybar and xbar may be the same vector. ȳ =
     * {@link Tangents#ZERO} writes zeros; xbar = {@link Tangents#NONE} does nothing.
     */
    public void pullback(DenseVector ybar, DenseVector xbar) {
        if (!forwardDone) throw new IllegalStateException("ElementwiseMap.pullback: no forward to pull back");
        Tangents.checkCotangent("ElementwiseMap.pullback", "ybar", ybar, n);
        Tangents.checkHolder("ElementwiseMap.pullback", "xbar", xbar, n);
        if (!Tangents.wanted(xbar)) return;
        if (Tangents.isZero(ybar)) {
            xbar.zero();
            return;
        }
        MemorySegment ys = ybar.segment(), xs = xbar.segment();
        for (int i = 0; i < n; i++) xs.setAtIndex(D, i, slope[i] * ys.getAtIndex(D, i));
    }

    private void check(String op, String role, DenseVector v) {
        if (v == null) throw new NullPointerException("ElementwiseMap." + op + ": " + role + " is null");
        if (v.length() != n) {
            throw new IllegalArgumentException("ElementwiseMap." + op + ": " + role + " has length " + v.length()
                    + ", expected " + n);
        }
    }
}

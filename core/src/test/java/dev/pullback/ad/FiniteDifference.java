package dev.pullback.ad;

import java.util.function.DoubleUnaryOperator;

/**
 * Central differences for gradient checks.
 *
 * <p>For φ(t) = f(θ + t·d), D(h) = (φ(h) − φ(−h)) / 2h = φ'(0) + h²φ'''(ξ)/6 + O(δ/h), where δ is the
 * rounding error in evaluating φ (a few ε·|f|·cond for a solve). The step that balances the two is
 * h ≈ (3δ/|φ'''|)^{1/3} ≈ ε^{1/3}·scale ≈ 6e-6·scale, where scale is the size of θ along d over which
 * f changes by O(1) relative (the entries of θ, of A). The total error is then about ε^{2/3} ≈ 4e-11
 * relative to |φ'|·scale, so bounds of 1e-6 have margin of four orders while still catching any
 * wrong term (a missing transpose or sign gives an O(1) relative error).
 */
final class FiniteDifference {
    static final double EPS_CBRT = Math.cbrt(Math.ulp(1.0));

    private FiniteDifference() {}

    /** The step for a quantity whose natural scale is {@code scale}. */
    static double step(double scale) {
        return EPS_CBRT * scale;
    }

    /** (φ(h) − φ(−h)) / 2h. */
    static double central(DoubleUnaryOperator phi, double h) {
        return (phi.applyAsDouble(h) - phi.applyAsDouble(-h)) / (2 * h);
    }
}

package dev.pullback.topopt;

import dev.pullback.storage.DenseVector;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The optimality-criteria update of top88 for min c(x) subject to mean(x̃) ≤ volfrac, 0 ≤ x ≤ 1,
 * with the volume measured on the filtered design x̃ = Hx/Hs (ft = 2):
 *
 * <pre>
 *   Bₑ   = max(floor, −(∂c/∂xₑ) / (∂V/∂xₑ) / Λ)
 *   xₑ'  = clamp(xₑ·Bₑ^η, [max(0, xₑ − move), min(1, xₑ + move)])
 * </pre>
 *
 * and bisection on the multiplier Λ ∈ (0, 10⁹) until (Λ₂ − Λ₁)/(Λ₁ + Λ₂) ≤ 10⁻³, raising Λ while
 * Σ x̃' &gt; volfrac·nel. ∂V/∂x = H(1/Hs) is constant and computed once.
 *
 * <p>Compliance (top88): η = 1/2, move 0.2, floor 0; its ∂c/∂x is never positive (the filter's
 * weights are non-negative), so the floor never acts and the update is top88's.
 * Mechanisms (Sigmund 1997 and the mechanism variant of the 99-line code): η = 0.3 damps the
 * oscillation, move 0.1, and ∂c/∂x changes sign: an element whose extra material would increase
 * u_out has ∂c/∂x &gt; 0, a negative ratio, which is clamped to floor = 10⁻¹⁰ as in the published
 * code, so such an element moves down by the full move limit.
 *
 * <p>Evaluation, algebraically identical to the formulas above but cheap inside the bisection:
 * with aₑ = −(∂c/∂xₑ)/(∂V/∂xₑ) and η &gt; 0, Bₑ^η = max(floor^η, max(aₑ, 0)^η·Λ^−η), so xₑ·max(aₑ,0)^η
 * and xₑ·floor^η are computed once per update and each bisection step costs a multiply, a max
 * and a clamp per element; and since H is symmetric, Σₑ x̃'ₑ = Σₑ (Hx')ₑ/Hsₑ = (H(1/Hs))ᵀx' =
 * ∂Vᵀx', a dot product instead of a filter application. Results agree with the direct formulas to
 * rounding, which can move Λ within the bisection tolerance.
 */
public final class OptimalityCriteria {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final DensityFilter filter;
    private final double volfrac;
    private final double move;
    private final double damping;
    private final double floor;
    private final double[] volumeGradient;
    private final double[] scaled;
    private final double[] floored;
    private final double[] lower;
    private final double[] upper;

    /**
     * @param volfrac the allowed mean density, in (0, 1]
     * @param move    the move limit per iteration, in (0, 1]
     * @param damping the exponent η, in (0, 1]
     * @param floor   the lower clamp of B, ≥ 0
     */
    public OptimalityCriteria(DensityFilter filter, double volfrac, double move, double damping, double floor) {
        if (!(volfrac > 0 && volfrac <= 1)) throw new IllegalArgumentException("volfrac must lie in (0, 1], got " + volfrac);
        if (!(move > 0 && move <= 1)) throw new IllegalArgumentException("move must lie in (0, 1], got " + move);
        if (!(damping > 0 && damping <= 1)) throw new IllegalArgumentException("damping exponent must lie in (0, 1], got " + damping);
        if (!(floor >= 0)) throw new IllegalArgumentException("floor must be >= 0, got " + floor);
        this.filter = filter;
        this.volfrac = volfrac;
        this.move = move;
        this.damping = damping;
        this.floor = floor;
        int nel = filter.elements();
        volumeGradient = new double[nel];
        DenseVector ones = DenseVector.heap(nel);
        ones.fill(1.0);
        filter.pullback(ones, DenseVector.wrap(volumeGradient));
        scaled = new double[nel];
        floored = new double[nel];
        lower = new double[nel];
        upper = new double[nel];
    }

    public double volfrac() {
        return volfrac;
    }

    /**
     * Writes the updated design into {@code next} and its filtered densities into {@code nextPhysical};
     * returns the change max |x' − x|. {@code x} and {@code dc} are not modified; {@code next} must
     * be distinct from both. Allocates nothing.
     */
    public double update(DenseVector x, DenseVector dc, DenseVector next, DenseVector nextPhysical) {
        int nel = volumeGradient.length;
        if (x.length() != nel || dc.length() != nel || next.length() != nel || nextPhysical.length() != nel) {
            throw new IllegalArgumentException("OptimalityCriteria.update: every vector must have " + nel + " entries");
        }
        MemorySegment xs = x.segment(), gs = dc.segment(), ns = next.segment();
        double floorPow = Math.pow(floor, damping);
        for (int e = 0; e < nel; e++) {
            double xe = xs.getAtIndex(D, e);
            double a = Math.max(0.0, -gs.getAtIndex(D, e) / volumeGradient[e]);
            scaled[e] = xe * (damping == 0.5 ? Math.sqrt(a) : Math.pow(a, damping));
            floored[e] = xe * floorPow;
            lower[e] = Math.max(0.0, xe - move);
            upper[e] = Math.min(1.0, xe + move);
        }
        double target = volfrac * nel;
        // Λ → 0⁺: every element with aₑ > 0 rises to its upper bound. If even that design stays within
        // the volume, the constraint is inactive (it happens in a mechanism's first iterations) and
        // that limit is the update; bisecting would only drive Λ to underflow.
        double limitVolume = 0;
        for (int e = 0; e < nel; e++) limitVolume += volumeGradient[e] * limitTrial(e);
        double change = 0;
        if (limitVolume <= target) {
            for (int e = 0; e < nel; e++) {
                double t = limitTrial(e);
                ns.setAtIndex(D, e, t);
                change = Math.max(change, Math.abs(t - xs.getAtIndex(D, e)));
            }
        } else {
            double l1 = 0, l2 = 1e9, lmid = 0.5 * (l1 + l2);
            while ((l2 - l1) / (l1 + l2) > 1e-3) {
                lmid = 0.5 * (l1 + l2);
                double s = damping == 0.5 ? 1 / Math.sqrt(lmid) : Math.pow(lmid, -damping);
                double volume = 0;
                for (int e = 0; e < nel; e++) volume += volumeGradient[e] * trial(e, s);
                if (volume > target) l1 = lmid;
                else l2 = lmid;
            }
            // the last multiplier tried, as top88 keeps the xnew of its last bisection step
            double s = damping == 0.5 ? 1 / Math.sqrt(lmid) : Math.pow(lmid, -damping);
            for (int e = 0; e < nel; e++) {
                double t = trial(e, s);
                ns.setAtIndex(D, e, t);
                change = Math.max(change, Math.abs(t - xs.getAtIndex(D, e)));
            }
        }
        filter.apply(next, nextPhysical);
        return change;
    }

    /** The update in the limit Λ → 0⁺. */
    private double limitTrial(int e) {
        return scaled[e] > 0 ? upper[e] : Math.max(lower[e], Math.min(upper[e], floored[e]));
    }

    /** clamp(xₑ·Bₑ^η) at Λ^−η = s. */
    private double trial(int e, double s) {
        return Math.max(lower[e], Math.min(upper[e], Math.max(floored[e], scaled[e] * s)));
    }
}

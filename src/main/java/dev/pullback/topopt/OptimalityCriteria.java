package dev.pullback.topopt;

import dev.pullback.storage.DenseVector;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The optimality-criteria update of top88 for min c(x) subject to mean(x̃) ≤ volfrac, 0 ≤ x ≤ 1,
 * with the volume measured on the filtered design x̃ = Hx/Hs (ft = 2):
 *
 * <pre>
 *   Bₑ   = max(floor, −(∂c/∂xₑ) / (Λ·∂V/∂xₑ))
 *   xₑ'  = clamp(xₑ·Bₑ^η, [max(0, xₑ − move), min(1, xₑ + move)])
 * </pre>
 *
 * and bisection on the multiplier Λ ∈ (0, 10⁹) until (Λ₂ − Λ₁)/(Λ₁ + Λ₂) ≤ 10⁻³, raising Λ while
 * Σ x̃' &gt; volfrac·nel. ∂V/∂x = H(1/Hs) is constant and computed once.
 *
 * <p>Compliance (top88): η = 1/2, move 0.2, floor 0; its ∂c/∂x is never positive (the filter's
 * weights are non-negative), so the floor never acts and the update is top88's exactly.
 * Mechanisms (Sigmund 1997 and the mechanism variant of the 99-line code): η = 0.3 damps the
 * oscillation, move 0.1, and ∂c/∂x changes sign — an element whose extra material would increase
 * u_out has −∂c/∂x &lt; 0 — so Bₑ is clamped to floor = 10⁻¹⁰ as in the published code: that element
 * moves down by the full move limit.
 */
public final class OptimalityCriteria {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final DensityFilter filter;
    private final double volfrac;
    private final double move;
    private final double damping;
    private final double floor;
    private final double[] volumeGradient;
    private final DenseVector candidatePhysical;

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
        candidatePhysical = DenseVector.heap(nel);
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
        MemorySegment xs = x.segment(), gs = dc.segment(), ns = next.segment(), ps = nextPhysical.segment();
        double target = volfrac * nel;
        double l1 = 0, l2 = 1e9;
        while ((l2 - l1) / (l1 + l2) > 1e-3) {
            double lmid = 0.5 * (l1 + l2);
            for (int e = 0; e < nel; e++) {
                double xe = xs.getAtIndex(D, e);
                double b = Math.max(floor, -gs.getAtIndex(D, e) / volumeGradient[e] / lmid);
                double trial = damping == 0.5 ? xe * Math.sqrt(b) : xe * Math.pow(b, damping);
                double lo = Math.max(0.0, xe - move), hi = Math.min(1.0, xe + move);
                ns.setAtIndex(D, e, Math.max(lo, Math.min(hi, trial)));
            }
            filter.apply(next, candidatePhysical);
            double sum = 0;
            MemorySegment cs = candidatePhysical.segment();
            for (int e = 0; e < nel; e++) sum += cs.getAtIndex(D, e);
            if (sum > target) l1 = lmid;
            else l2 = lmid;
        }
        nextPhysical.copyFrom(candidatePhysical);
        double change = 0;
        for (int e = 0; e < nel; e++) change = Math.max(change, Math.abs(ns.getAtIndex(D, e) - xs.getAtIndex(D, e)));
        return change;
    }
}

package dev.pullback.topopt;

import dev.pullback.ad.ScalarFunction;

/**
 * Parameters of a topology optimisation run.
 *
 * @param volfrac  allowed mean density of the filtered design, in (0, 1]
 * @param simp     the SIMP modulus E(x̃) = Emin + x̃ᵖ(E0 − Emin)
 * @param rmin     density-filter radius in element widths
 * @param move     OC move limit per iteration
 * @param damping  OC exponent η (1/2 for compliance, 0.3 for mechanisms)
 * @param floor    OC lower clamp of the update ratio (0 for compliance, 1e-10 for mechanisms)
 * @param maxIter  iteration limit, ≥ 0
 * @param tol      stop when max |x' − x| &lt; tol
 */
public record Settings(double volfrac, ScalarFunction.Simp simp, double rmin, double move, double damping, double floor,
        int maxIter, double tol) {
    public Settings {
        if (!(volfrac > 0 && volfrac <= 1)) throw new IllegalArgumentException("volfrac must lie in (0, 1], got " + volfrac);
        if (!(rmin > 0)) throw new IllegalArgumentException("rmin must be > 0, got " + rmin);
        if (maxIter < 0) throw new IllegalArgumentException("maxIter must be >= 0, got " + maxIter);
        if (!(tol > 0)) throw new IllegalArgumentException("tol must be > 0, got " + tol);
    }

    /** top88's compliance settings: Emin 1e-9, E0 1, move 0.2, η = 1/2. */
    public static Settings compliance(double volfrac, double penal, double rmin, int maxIter, double tol) {
        return new Settings(volfrac, new ScalarFunction.Simp(1e-9, 1.0, penal), rmin, 0.2, 0.5, 0.0, maxIter, tol);
    }

    /** Mechanism settings: Emin 1e-9, E0 1, move 0.1, η = 0.3, floor 1e-10 (see {@link OptimalityCriteria}). */
    public static Settings mechanism(double volfrac, double penal, double rmin, int maxIter, double tol) {
        return new Settings(volfrac, new ScalarFunction.Simp(1e-9, 1.0, penal), rmin, 0.1, 0.3, 1e-10, maxIter, tol);
    }

    /** The settings that fit a problem: {@link #compliance} when it is self-adjoint, else {@link #mechanism}. */
    public static Settings forProblem(Problem p, double volfrac, double penal, double rmin, int maxIter, double tol) {
        return p.selfAdjoint() ? compliance(volfrac, penal, rmin, maxIter, tol) : mechanism(volfrac, penal, rmin, maxIter, tol);
    }
}

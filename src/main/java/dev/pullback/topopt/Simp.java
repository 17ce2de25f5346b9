package dev.pullback.topopt;

/**
 * The SIMP interpolation of Young's modulus (solid isotropic material with penalization):
 * E(x) = Emin + xᵖ·(E0 − Emin) for a density x in [0, 1], as in top88 (Andreassen et al. 2011).
 * Emin &gt; 0 keeps the stiffness matrix non-singular where the design is void; the penalty p &gt; 1
 * makes intermediate densities uneconomical, which drives the design towards 0/1.
 *
 * @param penal the penalty exponent p (top88: 3)
 * @param emin  the modulus of void, Emin (top88: 1e-9)
 * @param e0    the modulus of solid, E0 (top88: 1)
 */
public record Simp(double penal, double emin, double e0) {
    public Simp {
        if (!(penal >= 1 && penal <= 10)) throw new IllegalArgumentException("penal must lie in [1, 10], got " + penal);
        if (!(emin >= 0 && emin < e0)) {
            throw new IllegalArgumentException("Emin must satisfy 0 <= Emin < E0, got Emin = " + emin + ", E0 = " + e0);
        }
        if (!Double.isFinite(e0)) throw new IllegalArgumentException("E0 must be finite, got " + e0);
    }

    /** E(x) = Emin + xᵖ(E0 − Emin). */
    public double modulus(double x) {
        return emin + Math.pow(x, penal) * (e0 - emin);
    }

    /** E'(x) = p·xᵖ⁻¹(E0 − Emin). */
    public double derivative(double x) {
        return penal * Math.pow(x, penal - 1) * (e0 - emin);
    }
}

package dev.pullback.topopt;

/** The phases of one optimisation iteration, in the order they run. */
public enum Phase {
    /** Filter the design (x̃ = Hx/Hs), interpolate the moduli and write K(x̃)'s values in place. */
    ASSEMBLY("assembly"),
    /** Factor K (first iteration) or refactor it on the same pattern (later ones). */
    FACTOR("factor"),
    /** The forward solve K u = f and, for a non-self-adjoint objective, the adjoint Kᵀλ = l. */
    SOLVE("solve"),
    /** ∂c/∂x̃ₑ = −E'(x̃ₑ)·λᵀKₑu for every element, then the chain rule through the filter. */
    GRADIENT("gradient"),
    /** The optimality-criteria update with its bisection on the volume multiplier. */
    UPDATE("update");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** The lower-case name used in progress lines and JSON keys. */
    public String label() {
        return label;
    }
}

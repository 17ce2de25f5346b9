package dev.pullback.ad;

/**
 * An iteration ({@link NewtonSolve}) stopped without meeting its tolerance: the iteration limit was
 * reached, or its line search found no decrease. Carries the iterations taken and the residual
 * norm ‖F(x)‖∞ where it stopped, so the caller can decide to retry (another starting point, a
 * continuation in a parameter, smaller time steps).
 */
public class NoConvergenceException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int iterations;
    private final double residualNorm;

    /** A message that names the iterations and the residual, and those two values. */
    public NoConvergenceException(String message, int iterations, double residualNorm) {
        super(message);
        this.iterations = iterations;
        this.residualNorm = residualNorm;
    }

    /** The steps taken before the iteration stopped. */
    public int iterations() {
        return iterations;
    }

    /** ‖F(x)‖∞ at the last accepted iterate. */
    public double residualNorm() {
        return residualNorm;
    }
}

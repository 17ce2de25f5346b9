package dev.pullback.factor;

/**
 * A solution that cannot be trusted: A is numerically singular ({@link SolveReport.Status#ILL_CONDITIONED})
 * or the backward error stayed above the tolerance ({@link SolveReport.Status#INACCURATE}). Thrown by
 * {@link SolveReport#requireAccurate()}; carries the figures behind the verdict.
 */
public class InaccurateSolutionException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final SolveReport.Status status;
    private final double backwardError;
    private final double rcond;

    /**
     * @param message       the whole message (it should name the figures)
     * @param status        {@link SolveReport.Status#ILL_CONDITIONED} or {@link SolveReport.Status#INACCURATE}
     * @param backwardError the backward error of the answer
     * @param rcond         the reciprocal condition estimate, NaN when none was made
     */
    public InaccurateSolutionException(String message, SolveReport.Status status, double backwardError, double rcond) {
        super(message);
        this.status = status;
        this.backwardError = backwardError;
        this.rcond = rcond;
    }

    /** Why the answer is not trusted. */
    public SolveReport.Status status() {
        return status;
    }

    /** The normwise backward error of the answer. */
    public double backwardError() {
        return backwardError;
    }

    /** The reciprocal condition estimate (NaN when none was made). */
    public double rcond() {
        return rcond;
    }
}

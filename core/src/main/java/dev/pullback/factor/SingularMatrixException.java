package dev.pullback.factor;

/**
 * A factorization met a singular matrix: a column with no usable (nonzero) pivot, numerically or
 * structurally. {@link #column()} names that column, 0-based, in the original numbering of the
 * matrix the caller passed in, so the caller can tell which unknown is undetermined.
 *
 * <p>Shared by the dense and the sparse LU. A pivot that is tiny but not zero is not this
 * exception: it shows up in the factorization's reciprocal condition estimate or pivot growth.
 */
public class SingularMatrixException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int column;

    /** A full message (it must name the column) and the column. */
    public SingularMatrixException(String message, int column) {
        super(message);
        this.column = column;
    }

    /**
     * The standard exception for an exactly zero pivot (a factory rather than a second constructor,
     * so that the (message, column) constructor cannot be confused with it).
     *
     * @param column 0-based column whose pivot is exactly zero
     * @param detail what was factored, e.g. "dense LU of a 5x5 matrix" (may be empty)
     */
    public static SingularMatrixException zeroPivot(int column, String detail) {
        return new SingularMatrixException("singular matrix: no nonzero pivot in column " + column
                + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"), column);
    }

    /** The 0-based column (original numbering) at which the factorization found no pivot. */
    public int column() {
        return column;
    }
}

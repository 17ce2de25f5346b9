package dev.pullback.factor;

/**
 * A factorization met a singular matrix: a column with no usable pivot. {@link #column()} is the
 * offending column in the original numbering of the matrix the caller passed in.
 */
public class SingularMatrixException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int column;

    public SingularMatrixException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** The column (original numbering) at which the factorization found no pivot. */
    public int column() {
        return column;
    }
}

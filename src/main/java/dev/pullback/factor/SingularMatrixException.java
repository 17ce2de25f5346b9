package dev.pullback.factor;

/**
 * A factorization met a pivot that is exactly zero: the matrix is singular (numerically or
 * structurally) and no solve is possible. {@link #column()} names the first column, 0-based, in
 * which no nonzero pivot was available, so the caller can tell which unknown is undetermined.
 *
 * <p>Shared by the dense and the sparse LU. A pivot that is tiny but not zero is not this
 * exception: it shows up in the factorization's reciprocal condition estimate instead.
 */
public class SingularMatrixException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int column;

    /**
     * @param column 0-based column whose pivot is exactly zero
     * @param detail what was factored, e.g. "dense LU of a 5x5 matrix" (may be empty)
     */
    public SingularMatrixException(int column, String detail) {
        super("singular matrix: no nonzero pivot in column " + column
                + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        this.column = column;
    }

    /** The 0-based column in which the factorization found only zero pivot candidates. */
    public int column() {
        return column;
    }
}

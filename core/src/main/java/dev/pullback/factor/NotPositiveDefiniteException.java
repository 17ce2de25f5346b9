package dev.pullback.factor;

/**
 * A Cholesky factorization met a pivot that is not positive (or not finite): A is not symmetric
 * positive definite. {@link #column()} names that column in the original numbering of the matrix
 * passed in, {@link #pivot()} gives the pivot's value: the diagonal entry that was left after
 * eliminating the columns before it, d = a_jj − Σ l_jp², which is ≤ 0 (or NaN, infinite).
 *
 * <p>It extends {@link SingularMatrixException} (hence ArithmeticException): a caller that handles
 * "no usable pivot, this column" handles this case too (a zero pivot of a singular matrix is one of
 * them), and one that wants to try an indefinite or unsymmetric factorization instead catches this
 * type (the adaptive solver does so and falls back to its LU).
 */
public class NotPositiveDefiniteException extends SingularMatrixException {
    private static final long serialVersionUID = 1L;

    private final double pivot;
    private final int step;

    /**
     * @param column 0-based column of A (original numbering) whose pivot is not positive
     * @param step   the elimination step at which it appeared (position in the fill-reducing order)
     * @param pivot  the pivot's value
     * @param detail what was factored, e.g. "supernodal Cholesky of a 500x500 matrix" (may be empty)
     */
    public NotPositiveDefiniteException(int column, int step, double pivot, String detail) {
        super("matrix is not positive definite: the pivot of column " + column + " is " + pivot + " (elimination step "
                + step + (detail == null || detail.isEmpty() ? "" : ", " + detail) + ")", column);
        this.pivot = pivot;
        this.step = step;
    }

    /** The pivot's value: ≤ 0, NaN or infinite. */
    public double pivot() {
        return pivot;
    }

    /** The elimination step (0-based position in the fill-reducing order) of that column. */
    public int step() {
        return step;
    }
}

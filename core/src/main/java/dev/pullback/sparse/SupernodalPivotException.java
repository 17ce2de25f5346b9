package dev.pullback.sparse;

/**
 * {@link SupernodalLu} found no acceptable pivot inside a supernode: in the named column, every
 * row of the supernode's pivot block is below τ times the largest candidate, and the only good
 * pivots lie in rows outside the block, which the supernodal structure cannot take (the row would
 * change the factors' pattern). Factor the matrix with {@link SparseLu} instead, whose threshold
 * pivoting may take any row; {@link AdaptiveSparseLu} does so by itself.
 */
public final class SupernodalPivotException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int column;

    SupernodalPivotException(int column, int step, double best, double columnMax, double tau) {
        super("supernodal LU: no acceptable pivot for column " + column + " (step " + step + ") within its supernode:"
                + " the best in-block candidate " + best + " is below " + tau + " times the column's largest "
                + columnMax + "; factor with SparseLu (Gilbert-Peierls, pivoting on any row)");
        this.column = column;
    }

    /** The column of A (original numbering) whose pivot failed the threshold test. */
    public int column() {
        return column;
    }
}

package dev.pullback.sparse;

/**
 * {@link SupernodalLu} could not place the named column's pivot: every fully summed row of its
 * front failed the threshold test at a root of the supernodal tree, or the pivots delayed to
 * ancestor fronts grew the factors past {@link SupernodalLu}'s limit (twice the analysed size),
 * where the supernodal structure no longer describes them. Factor the matrix with
 * {@link SparseLu} instead, whose threshold pivoting may take any row; {@link AdaptiveSparseLu}
 * does so by itself.
 */
public final class SupernodalPivotException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int column;

    SupernodalPivotException(int column, int step, double best, double columnMax, double tau) {
        super("supernodal LU: no acceptable pivot for column " + column + " (step " + step + ") at a root front:"
                + " the best fully summed candidate " + best + " is below " + tau + " times the column's largest "
                + columnMax + "; factor with SparseLu (Gilbert-Peierls, pivoting on any row)");
        this.column = column;
    }

    /** Delayed pivots (column {@code column}'s the latest) made the factors too large to pay: {@code why}. */
    SupernodalPivotException(int column, String why) {
        super("supernodal LU: " + why + " (the latest delayed: column " + column
                + "); factor with SparseLu (Gilbert-Peierls, pivoting on any row)");
        this.column = column;
    }

    /** The column of A (original numbering) whose pivot failed the threshold test. */
    public int column() {
        return column;
    }
}

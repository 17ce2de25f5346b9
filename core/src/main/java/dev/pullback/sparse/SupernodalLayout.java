package dev.pullback.sparse;

/**
 * Where every entry of {@link SupernodalLu}'s factors lies. L and U are two arrays in supernode
 * order; a supernode with k pivot columns and r further rows owns, starting at its offset lo in L
 * and uo in U ({@link SupernodalStructure#lOff}, {@link SupernodalStructure#uOff}):
 * <pre>
 *   L: L11's strict lower triangle packed by columns (k(k−1)/2), then L21 as an r×k column-major panel
 *   U: U11's upper triangle with its diagonal packed by columns (k(k+1)/2), then U12ᵀ likewise (r×k)
 * </pre>
 * so each sweep of a solve reads one array in one direction and no entry of the other triangle.
 * These formulas are the only place the layout is written down: the analysis sizes the arrays
 * with them, the numeric factor stores into them, the solves read them.
 */
final class SupernodalLayout {
    private SupernodalLayout() {}

    /** Doubles a supernode of k columns and r further rows takes in L. */
    static long lowerSize(int k, int r) {
        return (long) k * (k - 1) / 2 + (long) r * k;
    }

    /** Doubles it takes in U. */
    static long upperSize(int k, int r) {
        return (long) k * (k + 1) / 2 + (long) r * k;
    }

    /**
     * Where L11(i, j), i &gt; j, of the supernode whose L share starts at {@code lo} lies: at the
     * returned offset + i (column j is packed from lo + j(2k−j−1)/2, starting with row j + 1).
     */
    static long lowerColumn(long lo, int k, int j) {
        return lo + (long) j * (2 * k - j - 1) / 2 - j - 1;
    }

    /** L11(i, j), i &gt; j: {@link #lowerColumn} + i (constant-folded where k, i, j are literals). */
    static long lower(long lo, int k, int i, int j) {
        return lowerColumn(lo, k, j) + i;
    }

    /** Where U11(i, j), i ≤ j, lies: at the returned offset + i (column j is packed from uo + j(j+1)/2). */
    static long upperColumn(long uo, int j) {
        return uo + (long) j * (j + 1) / 2;
    }

    /** U11(i, j), i ≤ j: {@link #upperColumn} + i. */
    static long upper(long uo, int i, int j) {
        return upperColumn(uo, j) + i;
    }

    /** Where a k-column supernode's L21 panel starts in L, after L11's k(k−1)/2 packed entries. */
    static long lowerPanel(long lo, int k) {
        return lo + (long) k * (k - 1) / 2;
    }

    /** Where its U12ᵀ panel starts in U, after U11's k(k+1)/2 packed entries. */
    static long upperPanel(long uo, int k) {
        return uo + (long) k * (k + 1) / 2;
    }
}

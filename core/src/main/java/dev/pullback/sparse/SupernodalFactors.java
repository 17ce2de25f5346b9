package dev.pullback.sparse;

import java.lang.foreign.MemorySegment;

/**
 * What the supernodal solves ({@link SupernodalSolves}) read, in elimination-step numbering: per
 * supernode s the steps {@code first[s] .. first[s+1]−1} it eliminated and the r rows of its
 * panels ({@code rowPtr[s] .. rowPtr[s+1]−1}), each panel row named by the step that eliminates
 * it — as a row of L ({@code lRows}) and as a column of U ({@code uRows}); the panels' offsets in
 * L's and U's storage ({@link SupernodalLayout}); and the permutations that take b in and x out:
 * step g pivots on row {@code rowOrder[g]} and column {@code colOrder[g]} of A.
 *
 * <p>For {@link SupernodalCholesky}, and for {@link SupernodalLu} when no pivot was delayed and no
 * row interchanged, this is the analysis's structure itself (lRows = uRows = its rows, both orders
 * = Q). With delayed pivots the steps of a supernode, its panel rows and the factor sizes are
 * value-dependent: the LU fills its own arrays at each (re)factor and replaces an array only when
 * a factorization needs more than it holds (then the solves pick up the new one on their next call:
 * they read these fields, never a copy).
 */
final class SupernodalFactors {
    int count;
    int[] first;
    int[] rowPtr;
    int[] lRows;
    int[] uRows;
    long[] lOff;
    long[] uOff;
    long lSize;
    long uSize;
    /** Largest panel row count r over the supernodes (the solves' gather buffer). */
    int maxRows;
    int[] rowOrder;
    int[] colOrder;
    MemorySegment lx;
    MemorySegment ux;
    /** R's reciprocal row maxima, by A's row (null: no row scaling). */
    double[] rowScale;

    /** The analysis's own structure with these factor arrays (no delays, no interchanges). */
    static SupernodalFactors of(SupernodalStructure st, MemorySegment lx, MemorySegment ux, double[] rowScale) {
        SupernodalFactors f = new SupernodalFactors();
        f.count = st.count;
        f.first = st.first;
        f.rowPtr = st.rowPtr;
        f.lRows = st.rows;
        f.uRows = st.rows;
        f.lOff = st.lOff;
        f.uOff = st.uOff;
        f.lSize = st.lSize;
        f.uSize = st.uSize;
        f.maxRows = st.maxRows;
        f.rowOrder = st.q;
        f.colOrder = st.q;
        f.lx = lx;
        f.ux = ux;
        f.rowScale = rowScale;
        return f;
    }
}

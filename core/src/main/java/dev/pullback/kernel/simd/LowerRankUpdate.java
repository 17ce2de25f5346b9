package dev.pullback.kernel.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link dev.pullback.kernel.gemm.Gemm#lowerRankUpdate} on the preferred species: D = C − A·Aᵀ on
 * the lower trapezoid of a block, with A read where it lies (no packing). Register tiles of four
 * columns of C by two vectors of rows: per p, the tile's rows of A(:, p) as vectors and the four
 * a(j, p) broadcast, one fused multiply-add per vector and column; C read and D written once per
 * tile. The tiles that cross the diagonal, and the last rows, are loaded and stored under masks,
 * so nothing above the diagonal or past the last row is touched. Each lane forms its sum over p
 * in increasing order, as the scalar loops do.
 */
final class LowerRankUpdate {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Columns of C per register tile. */
    private static final int NC = 4;

    private LowerRankUpdate() {}

    static void update(int rows, int cols, int depth, double[] a, int aOff, int lda, double[] c, int cOff, int ldc,
            double[] d, int dOff, int ldd) {
        int j = 0;
        for (; j + NC <= cols; j += NC) fourColumns(j, rows, depth, a, aOff, lda, c, cOff, ldc, d, dOff, ldd);
        for (; j < cols; j++) oneColumn(j, rows, depth, a, aOff, lda, c, cOff, ldc, d, dOff, ldd);
    }

    /** Columns j..j+3, rows from j down: masked tiles across the diagonal, then two vectors of rows at a time. */
    private static void fourColumns(int j, int rows, int depth, double[] a, int aOff, int lda, double[] c, int cOff, int ldc,
            double[] d, int dOff, int ldd) {
        int i = j;
        for (; i < j + NC && i < rows; i += V) maskedTile(i, j, rows, depth, a, aOff, lda, c, cOff, ldc, d, dOff, ldd);
        for (; i + 2 * V <= rows; i += 2 * V) twoVectorTile(i, j, depth, a, aOff, lda, c, cOff, ldc, d, dOff, ldd);
        for (; i < rows; i += V) maskedTile(i, j, rows, depth, a, aOff, lda, c, cOff, ldc, d, dOff, ldd);
    }

    /**
     * Rows i..i+V−1 of columns j..j+3; in column j+q only the lanes with j+q ≤ row &lt; rows are
     * stored (and A's rows past {@code rows} are not read).
     */
    private static void maskedTile(int i, int j, int rows, int depth, double[] a, int aOff, int lda, double[] c, int cOff,
            int ldc, double[] d, int dOff, int ldd) {
        VectorMask<Double> inRows = VectorMask.fromLong(S, lanes(0, rows - i));
        DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S), s2 = DoubleVector.zero(S), s3 = DoubleVector.zero(S);
        for (int p = 0, ap = aOff; p < depth; p++, ap += lda) {
            DoubleVector x = DoubleVector.fromArray(S, a, ap + i, inRows);
            s0 = x.fma(DoubleVector.broadcast(S, a[ap + j]), s0);
            s1 = x.fma(DoubleVector.broadcast(S, a[ap + j + 1]), s1);
            s2 = x.fma(DoubleVector.broadcast(S, a[ap + j + 2]), s2);
            s3 = x.fma(DoubleVector.broadcast(S, a[ap + j + 3]), s3);
        }
        // vectors stay inside this method (one passed to a call that is not inlined would be boxed)
        int cj = cOff + i + j * ldc, dj = dOff + i + j * ldd;
        VectorMask<Double> m = VectorMask.fromLong(S, lanes(j - i, rows - i));
        DoubleVector.fromArray(S, c, cj, m).sub(s0).intoArray(d, dj, m);
        m = VectorMask.fromLong(S, lanes(j + 1 - i, rows - i));
        DoubleVector.fromArray(S, c, cj + ldc, m).sub(s1).intoArray(d, dj + ldd, m);
        m = VectorMask.fromLong(S, lanes(j + 2 - i, rows - i));
        DoubleVector.fromArray(S, c, cj + 2 * ldc, m).sub(s2).intoArray(d, dj + 2 * ldd, m);
        m = VectorMask.fromLong(S, lanes(j + 3 - i, rows - i));
        DoubleVector.fromArray(S, c, cj + 3 * ldc, m).sub(s3).intoArray(d, dj + 3 * ldd, m);
    }

    /** The bits of the lanes l with from ≤ l &lt; to (either bound may lie outside 0..V). */
    private static long lanes(int from, int to) {
        int lo = Math.clamp(from, 0, V), hi = Math.clamp(to, lo, V);
        return ((1L << hi) - 1) & -(1L << lo);
    }

    /** Rows i..i+2V−1 of columns j..j+3, all below the diagonal and inside the block. */
    private static void twoVectorTile(int i, int j, int depth, double[] a, int aOff, int lda, double[] c, int cOff, int ldc,
            double[] d, int dOff, int ldd) {
        DoubleVector s00 = DoubleVector.zero(S), s01 = DoubleVector.zero(S), s02 = DoubleVector.zero(S), s03 = DoubleVector.zero(S);
        DoubleVector s10 = DoubleVector.zero(S), s11 = DoubleVector.zero(S), s12 = DoubleVector.zero(S), s13 = DoubleVector.zero(S);
        for (int p = 0, ap = aOff; p < depth; p++, ap += lda) {
            DoubleVector x0 = DoubleVector.fromArray(S, a, ap + i);
            DoubleVector x1 = DoubleVector.fromArray(S, a, ap + i + V);
            DoubleVector b = DoubleVector.broadcast(S, a[ap + j]);
            s00 = x0.fma(b, s00);
            s10 = x1.fma(b, s10);
            b = DoubleVector.broadcast(S, a[ap + j + 1]);
            s01 = x0.fma(b, s01);
            s11 = x1.fma(b, s11);
            b = DoubleVector.broadcast(S, a[ap + j + 2]);
            s02 = x0.fma(b, s02);
            s12 = x1.fma(b, s12);
            b = DoubleVector.broadcast(S, a[ap + j + 3]);
            s03 = x0.fma(b, s03);
            s13 = x1.fma(b, s13);
        }
        int cj = cOff + i + j * ldc, dj = dOff + i + j * ldd;
        DoubleVector.fromArray(S, c, cj).sub(s00).intoArray(d, dj);
        DoubleVector.fromArray(S, c, cj + V).sub(s10).intoArray(d, dj + V);
        cj += ldc;
        dj += ldd;
        DoubleVector.fromArray(S, c, cj).sub(s01).intoArray(d, dj);
        DoubleVector.fromArray(S, c, cj + V).sub(s11).intoArray(d, dj + V);
        cj += ldc;
        dj += ldd;
        DoubleVector.fromArray(S, c, cj).sub(s02).intoArray(d, dj);
        DoubleVector.fromArray(S, c, cj + V).sub(s12).intoArray(d, dj + V);
        cj += ldc;
        dj += ldd;
        DoubleVector.fromArray(S, c, cj).sub(s03).intoArray(d, dj);
        DoubleVector.fromArray(S, c, cj + V).sub(s13).intoArray(d, dj + V);
    }

    /** Column j alone, rows from j down, a vector of rows at a time (the last one masked). */
    private static void oneColumn(int j, int rows, int depth, double[] a, int aOff, int lda, double[] c, int cOff, int ldc,
            double[] d, int dOff, int ldd) {
        int cj = cOff + j * ldc, dj = dOff + j * ldd;
        for (int i = j; i < rows; i += V) {
            VectorMask<Double> inRows = VectorMask.fromLong(S, lanes(0, rows - i));
            DoubleVector s = DoubleVector.zero(S);
            for (int p = 0, ap = aOff; p < depth; p++, ap += lda) {
                s = DoubleVector.fromArray(S, a, ap + i, inRows).fma(DoubleVector.broadcast(S, a[ap + j]), s);
            }
            DoubleVector.fromArray(S, c, cj + i, inRows).sub(s).intoArray(d, dj + i, inRows);
        }
    }
}

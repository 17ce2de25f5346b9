package dev.pullback.kernel.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link dev.pullback.kernel.gemm.Gemm#panelProduct}, {@link dev.pullback.kernel.gemm.Gemm#panelTransposedProduct},
 * {@link dev.pullback.kernel.gemm.Gemm#columnDots} and {@link dev.pullback.kernel.gemm.Gemm#columnsUpdate}
 * on 8-lane vectors: the products of the supernodal solves, which stream each factor panel and
 * diagonal block once per sweep. t = P·x goes four columns
 * per pass over t (a vector of rows of four columns, then four fused multiply-adds per lane, each
 * row's chain in increasing column order as the scalar loops form it). y −= Pᵀ·g takes four
 * columns at once as four vector sums sharing each load of g; lane l of a sum is the scalar loops'
 * partial sum p_l, and the lanes are combined in their fixed order. Only for a preferred species of
 * 8 lanes ({@link #APPLIES}); elsewhere the scalar loops run, which give the same values.
 */
final class PanelProducts {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Whether this machine's preferred species has the 8 lanes the partial sums' order is defined on. */
    static final boolean APPLIES = V == 8;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private PanelProducts() {}

    static void product(int m, int k, MemorySegment a, long off, double[] x, int xOff, double[] t) {
        int j = 0;
        if (k >= 4) {
            fourColumns(m, a, off, off + m, off + 2L * m, off + 3L * m, x[xOff], x[xOff + 1], x[xOff + 2], x[xOff + 3], t, 0, true);
            j = 4;
        } else {
            Arrays.fill(t, 0, m, 0.0);
        }
        for (; j + 4 <= k; j += 4) {
            long c = off + (long) j * m;
            fourColumns(m, a, c, c + m, c + 2L * m, c + 3L * m, x[xOff + j], x[xOff + j + 1], x[xOff + j + 2], x[xOff + j + 3],
                    t, 0, false);
        }
        for (; j < k; j++) oneColumn(m, a, off + (long) j * m, x[xOff + j], t);
    }

    /**
     * t[tOff + i] = fma(a[c3+i], x3, fma(a[c2+i], x2, fma(a[c1+i], x1, fma(a[c0+i], x0, t[tOff + i])))), i &lt; m;
     * t taken as 0 when {@code fromZero}.
     */
    static void fourColumns(int m, MemorySegment a, long c0, long c1, long c2, long c3, double x0, double x1, double x2,
            double x3, double[] t, int tOff, boolean fromZero) {
        long b0 = c0 * Double.BYTES, b1 = c1 * Double.BYTES, b2 = c2 * Double.BYTES, b3 = c3 * Double.BYTES;
        DoubleVector v0 = DoubleVector.broadcast(S, x0), v1 = DoubleVector.broadcast(S, x1);
        DoubleVector v2 = DoubleVector.broadcast(S, x2), v3 = DoubleVector.broadcast(S, x3);
        int mv = S.loopBound(m), i = 0;
        for (; i < mv; i += V) {
            long o = (long) i * Double.BYTES;
            DoubleVector s = fromZero ? DoubleVector.zero(S) : DoubleVector.fromArray(S, t, tOff + i);
            s = DoubleVector.fromMemorySegment(S, a, b0 + o, NATIVE).fma(v0, s);
            s = DoubleVector.fromMemorySegment(S, a, b1 + o, NATIVE).fma(v1, s);
            s = DoubleVector.fromMemorySegment(S, a, b2 + o, NATIVE).fma(v2, s);
            s = DoubleVector.fromMemorySegment(S, a, b3 + o, NATIVE).fma(v3, s);
            s.intoArray(t, tOff + i);
        }
        for (; i < m; i++) {
            double s = fromZero ? 0.0 : t[tOff + i];
            s = Math.fma(a.getAtIndex(D, c0 + i), x0, s);
            s = Math.fma(a.getAtIndex(D, c1 + i), x1, s);
            s = Math.fma(a.getAtIndex(D, c2 + i), x2, s);
            t[tOff + i] = Math.fma(a.getAtIndex(D, c3 + i), x3, s);
        }
    }

    private static void oneColumn(int m, MemorySegment a, long c, double x, double[] t) {
        DoubleVector v = DoubleVector.broadcast(S, x);
        long b = c * Double.BYTES;
        int mv = S.loopBound(m), i = 0;
        for (; i < mv; i += V) {
            DoubleVector.fromMemorySegment(S, a, b + (long) i * Double.BYTES, NATIVE).fma(v, DoubleVector.fromArray(S, t, i)).intoArray(t, i);
        }
        for (; i < m; i++) t[i] = Math.fma(a.getAtIndex(D, c + i), x, t[i]);
    }

    static void transposedProduct(int m, int k, MemorySegment a, long off, double[] g, double[] y, int yOff) {
        int j = 0;
        for (; j + 4 <= k; j += 4) {
            long c = off + (long) j * m;
            fourDots(m, a, c, c + m, c + 2L * m, c + 3L * m, g, 0, y, yOff + j);
        }
        for (; j < k; j++) oneDot(m, a, off + (long) j * m, g, y, yOff + j);
    }

    /** y[yj + q] −= Σ_{i&lt;m} a[c_q + i]·g[gOff + i], q &lt; 4. */
    static void fourDots(int m, MemorySegment a, long c0, long c1, long c2, long c3, double[] g, int gOff, double[] y, int yj) {
        long b0 = c0 * Double.BYTES, b1 = c1 * Double.BYTES, b2 = c2 * Double.BYTES, b3 = c3 * Double.BYTES;
        DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S), s2 = DoubleVector.zero(S), s3 = DoubleVector.zero(S);
        int m8 = m & ~7;
        for (int i = 0; i < m8; i += V) {
            long o = (long) i * Double.BYTES;
            DoubleVector gv = DoubleVector.fromArray(S, g, gOff + i);
            s0 = DoubleVector.fromMemorySegment(S, a, b0 + o, NATIVE).fma(gv, s0);
            s1 = DoubleVector.fromMemorySegment(S, a, b1 + o, NATIVE).fma(gv, s1);
            s2 = DoubleVector.fromMemorySegment(S, a, b2 + o, NATIVE).fma(gv, s2);
            s3 = DoubleVector.fromMemorySegment(S, a, b3 + o, NATIVE).fma(gv, s3);
        }
        // vectors stay inside this method (one passed to a call that is not inlined would be boxed)
        double d0 = lanesInOrder(s0.lane(0), s0.lane(1), s0.lane(2), s0.lane(3), s0.lane(4), s0.lane(5), s0.lane(6), s0.lane(7));
        double d1 = lanesInOrder(s1.lane(0), s1.lane(1), s1.lane(2), s1.lane(3), s1.lane(4), s1.lane(5), s1.lane(6), s1.lane(7));
        double d2 = lanesInOrder(s2.lane(0), s2.lane(1), s2.lane(2), s2.lane(3), s2.lane(4), s2.lane(5), s2.lane(6), s2.lane(7));
        double d3 = lanesInOrder(s3.lane(0), s3.lane(1), s3.lane(2), s3.lane(3), s3.lane(4), s3.lane(5), s3.lane(6), s3.lane(7));
        for (int i = m8; i < m; i++) {
            double gi = g[gOff + i];
            d0 = Math.fma(a.getAtIndex(D, c0 + i), gi, d0);
            d1 = Math.fma(a.getAtIndex(D, c1 + i), gi, d1);
            d2 = Math.fma(a.getAtIndex(D, c2 + i), gi, d2);
            d3 = Math.fma(a.getAtIndex(D, c3 + i), gi, d3);
        }
        y[yj] -= d0;
        y[yj + 1] -= d1;
        y[yj + 2] -= d2;
        y[yj + 3] -= d3;
    }

    private static void oneDot(int m, MemorySegment a, long c, double[] g, double[] y, int yj) {
        long b = c * Double.BYTES;
        DoubleVector s = DoubleVector.zero(S);
        int m8 = m & ~7;
        for (int i = 0; i < m8; i += V) {
            s = DoubleVector.fromMemorySegment(S, a, b + (long) i * Double.BYTES, NATIVE).fma(DoubleVector.fromArray(S, g, i), s);
        }
        double d = lanesInOrder(s.lane(0), s.lane(1), s.lane(2), s.lane(3), s.lane(4), s.lane(5), s.lane(6), s.lane(7));
        for (int i = m8; i < m; i++) d = Math.fma(a.getAtIndex(D, c + i), g[i], d);
        y[yj] -= d;
    }

    /** The partial sums combined in the order the scalar loops use. */
    private static double lanesInOrder(double p0, double p1, double p2, double p3, double p4, double p5, double p6, double p7) {
        return ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7));
    }
}

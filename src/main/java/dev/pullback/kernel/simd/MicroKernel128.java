package dev.pullback.kernel.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 128-bit micro-kernel: a 4×6 tile of C = 2 vectors of 2 doubles × 6 columns, 12 accumulators.
 *
 * <p>Why 2 vectors × 6: a machine whose widest doubles vector is 128 bits may have only 16 vector
 * registers (AVX2); 12 accumulators + 2 loaded A vectors + 1 broadcast = 15 fit. On this project's
 * AVX-512 machine it serves to test the narrow path.
 *
 * <p>Accumulation: per k step, the tile's rows of A are loaded as vectors and each B entry
 * is broadcast; the accumulators stay in registers across the k loop, one fused multiply-add per
 * vector per step. Every accumulator is a local of its own because C2 keeps locals, not arrays of
 * vectors, in registers. See {@link MicroKernel} for the contract.
 *
 * <p>The triangular block broadcasts a lane with {@code lane(p)}: a rearrange of two doubles is
 * not intrinsified on x86 (measured: 6 KB boxed per call, 50× slower).
 */
final class MicroKernel128 extends MicroKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_128;
    private static final int V = 2;
    private static final int MR = 4;
    private static final int NR = 6;
    private static final ByteOrder O = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    @Override
    int mr() {
        return MR;
    }

    @Override
    int nr() {
        return NR;
    }

    @Override
    int lanes() {
        return V;
    }

    @Override
    int bits() {
        return S.vectorBitSize();
    }

    @Override
    void multiply(int kc, double[] ap, int ai, double[] bp, int bi, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c02 = DoubleVector.zero(S);
        DoubleVector c03 = DoubleVector.zero(S), c04 = DoubleVector.zero(S), c05 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S), c12 = DoubleVector.zero(S);
        DoubleVector c13 = DoubleVector.zero(S), c14 = DoubleVector.zero(S), c15 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int a = ai + p * MR;
            int b = bi + p * NR;
            DoubleVector a0 = DoubleVector.fromArray(S, ap, a);
            DoubleVector a1 = DoubleVector.fromArray(S, ap, a + 2);
            DoubleVector bj = DoubleVector.broadcast(S, bp[b]);
            c00 = a0.fma(bj, c00); c10 = a1.fma(bj, c10);
            bj = DoubleVector.broadcast(S, bp[b + 1]);
            c01 = a0.fma(bj, c01); c11 = a1.fma(bj, c11);
            bj = DoubleVector.broadcast(S, bp[b + 2]);
            c02 = a0.fma(bj, c02); c12 = a1.fma(bj, c12);
            bj = DoubleVector.broadcast(S, bp[b + 3]);
            c03 = a0.fma(bj, c03); c13 = a1.fma(bj, c13);
            bj = DoubleVector.broadcast(S, bp[b + 4]);
            c04 = a0.fma(bj, c04); c14 = a1.fma(bj, c14);
            bj = DoubleVector.broadcast(S, bp[b + 5]);
            c05 = a0.fma(bj, c05); c15 = a1.fma(bj, c15);
        }
        c00.intoArray(tile, 0); c10.intoArray(tile, 2);
        c01.intoArray(tile, 4); c11.intoArray(tile, 6);
        c02.intoArray(tile, 8); c12.intoArray(tile, 10);
        c03.intoArray(tile, 12); c13.intoArray(tile, 14);
        c04.intoArray(tile, 16); c14.intoArray(tile, 18);
        c05.intoArray(tile, 20); c15.intoArray(tile, 22);
    }

    @Override
    void merge(double[] tile, double alpha, double beta, MemorySegment c, long cOff, int ldc) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        for (int j = 0; j < NR; j++) {
            long col = (cOff + (long) j * ldc) * Double.BYTES;
            for (int i = 0; i < MR; i += V) {
                DoubleVector t = DoubleVector.fromArray(S, tile, j * MR + i);
                long off = col + (long) i * Double.BYTES;
                if (beta == 0) {
                    t.mul(va).intoMemorySegment(c, off, O);
                } else {
                    t.fma(va, DoubleVector.fromMemorySegment(S, c, off, O).mul(beta)).intoMemorySegment(c, off, O);
                }
            }
        }
    }

    @Override
    void mergeEdge(double[] tile, int rows, int cols, double alpha, double beta, MemorySegment c, long cOff, int ldc) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        for (int j = 0; j < cols; j++) {
            long col = (cOff + (long) j * ldc) * Double.BYTES;
            for (int i = 0; i < rows; i += V) {
                VectorMask<Double> m = S.indexInRange(i, rows);
                DoubleVector t = DoubleVector.fromArray(S, tile, j * MR + i);
                long off = col + (long) i * Double.BYTES;
                if (beta == 0) {
                    t.mul(va).intoMemorySegment(c, off, O, m);
                } else {
                    t.fma(va, DoubleVector.fromMemorySegment(S, c, off, O, m).mul(beta)).intoMemorySegment(c, off, O, m);
                }
            }
        }
    }

    @Override
    void packColumns(MemorySegment a, long off, int lda, int kc, int rows, double[] ap, int dst) {
        if (rows == MR) {
            for (int p = 0; p < kc; p++) {
                long src = (off + (long) p * lda) * Double.BYTES;
                int d = dst + p * MR;
                DoubleVector.fromMemorySegment(S, a, src, O).intoArray(ap, d);
                DoubleVector.fromMemorySegment(S, a, src + 16, O).intoArray(ap, d + 2);
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            long src = (off + (long) p * lda) * Double.BYTES;
            int d = dst + p * MR;
            for (int i = 0; i < MR; i += V) {
                VectorMask<Double> m = S.indexInRange(i, rows);
                DoubleVector.fromMemorySegment(S, a, src + (long) i * Double.BYTES, O, m).intoArray(ap, d + i);
            }
        }
    }

    @Override
    void axpy(int len, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        long xb = xOff * Double.BYTES, yb = yOff * Double.BYTES;
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += V) {
            long o = (long) i * Double.BYTES;
            DoubleVector.fromMemorySegment(S, x, xb + o, O).fma(va, DoubleVector.fromMemorySegment(S, y, yb + o, O))
                    .intoMemorySegment(y, yb + o, O);
        }
        for (; i < len; i++) {
            y.setAtIndex(D, yOff + i, Math.fma(alpha, x.getAtIndex(D, xOff + i), y.getAtIndex(D, yOff + i)));
        }
    }

    @Override
    double dot(int len, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        long xb = xOff * Double.BYTES, yb = yOff * Double.BYTES;
        DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S);
        int i = 0;
        for (int bound = len - 2 * V + 1; i < bound; i += 2 * V) {
            long o = (long) i * Double.BYTES;
            s0 = DoubleVector.fromMemorySegment(S, x, xb + o, O).fma(DoubleVector.fromMemorySegment(S, y, yb + o, O), s0);
            s1 = DoubleVector.fromMemorySegment(S, x, xb + o + V * Double.BYTES, O)
                    .fma(DoubleVector.fromMemorySegment(S, y, yb + o + V * Double.BYTES, O), s1);
        }
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) s = Math.fma(x.getAtIndex(D, xOff + i), y.getAtIndex(D, yOff + i), s);
        return s;
    }

    @Override
    void triangularBlock(boolean forward, boolean scale, int s, double[] tri, MemorySegment x, long xOff, int ldx, int n) {
        VectorMask<Double> rows = S.indexInRange(0, s);
        boolean full = s == V;
        DoubleVector d = DoubleVector.fromArray(S, tri, V * V);
        for (int j = 0; j < n; j++) {
            long off = (xOff + (long) j * ldx) * Double.BYTES;
            DoubleVector v = full ? DoubleVector.fromMemorySegment(S, x, off, O)
                    : DoubleVector.fromMemorySegment(S, x, off, O, rows);
            if (scale) v = v.div(d);
            if (forward) {
                for (int p = 0; p < s - 1; p++) v = DoubleVector.fromArray(S, tri, p * V).fma(DoubleVector.broadcast(S, v.lane(p)), v);
            } else {
                for (int p = s - 1; p > 0; p--) v = DoubleVector.fromArray(S, tri, p * V).fma(DoubleVector.broadcast(S, v.lane(p)), v);
            }
            if (full) v.intoMemorySegment(x, off, O);
            else v.intoMemorySegment(x, off, O, rows);
        }
    }
}

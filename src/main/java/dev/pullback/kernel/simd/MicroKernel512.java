package dev.pullback.kernel.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 512-bit micro-kernel: a 32×6 tile of C = 4 vectors of 8 doubles × 6 columns, 24 accumulators.
 *
 * <p>Why 32×6: AVX-512 has 32 vector registers; 24 accumulators + 4 loaded A vectors + 1 broadcast
 * B value = 29 fit without spilling. Per k step the kernel issues 4 vector loads and 6 broadcasts for
 * 24 FMAs, so the two FMA pipes, not the load ports, are the limit. Measured on the project's Zen 5
 * machine, packed operands in cache (kc = 256): 32×6 ≈ 131–138 GFLOP/s, 16×14 ≈ 121–130, 24×8 ≈ 100–109,
 * 8×24 ≈ 80–115 (noisy, shared machine); 32×6 was the fastest and the steadiest.
 *
 * <p>Accumulation: per k step, the tile's rows of A are loaded as vectors and each B entry
 * is broadcast; the accumulators stay in registers across the k loop, one fused multiply-add per
 * vector per step. Every accumulator is a local of its own because C2 keeps locals, not arrays of
 * vectors, in registers. See {@link MicroKernel} for the contract.
 */
final class MicroKernel512 extends MicroKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_512;
    private static final int V = 8;
    private static final int MR = 32;
    private static final int NR = 6;
    private static final ByteOrder O = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    /** Lane broadcasts for the triangular block: rearrange compiles to one permute at this width. */
    private static final VectorShuffle<Double>[] LANE = laneBroadcasts(S);

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
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S), c22 = DoubleVector.zero(S);
        DoubleVector c23 = DoubleVector.zero(S), c24 = DoubleVector.zero(S), c25 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S), c32 = DoubleVector.zero(S);
        DoubleVector c33 = DoubleVector.zero(S), c34 = DoubleVector.zero(S), c35 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int a = ai + p * MR;
            int b = bi + p * NR;
            DoubleVector a0 = DoubleVector.fromArray(S, ap, a);
            DoubleVector a1 = DoubleVector.fromArray(S, ap, a + 8);
            DoubleVector a2 = DoubleVector.fromArray(S, ap, a + 16);
            DoubleVector a3 = DoubleVector.fromArray(S, ap, a + 24);
            DoubleVector bj = DoubleVector.broadcast(S, bp[b]);
            c00 = a0.fma(bj, c00); c10 = a1.fma(bj, c10); c20 = a2.fma(bj, c20); c30 = a3.fma(bj, c30);
            bj = DoubleVector.broadcast(S, bp[b + 1]);
            c01 = a0.fma(bj, c01); c11 = a1.fma(bj, c11); c21 = a2.fma(bj, c21); c31 = a3.fma(bj, c31);
            bj = DoubleVector.broadcast(S, bp[b + 2]);
            c02 = a0.fma(bj, c02); c12 = a1.fma(bj, c12); c22 = a2.fma(bj, c22); c32 = a3.fma(bj, c32);
            bj = DoubleVector.broadcast(S, bp[b + 3]);
            c03 = a0.fma(bj, c03); c13 = a1.fma(bj, c13); c23 = a2.fma(bj, c23); c33 = a3.fma(bj, c33);
            bj = DoubleVector.broadcast(S, bp[b + 4]);
            c04 = a0.fma(bj, c04); c14 = a1.fma(bj, c14); c24 = a2.fma(bj, c24); c34 = a3.fma(bj, c34);
            bj = DoubleVector.broadcast(S, bp[b + 5]);
            c05 = a0.fma(bj, c05); c15 = a1.fma(bj, c15); c25 = a2.fma(bj, c25); c35 = a3.fma(bj, c35);
        }
        c00.intoArray(tile, 0); c10.intoArray(tile, 8); c20.intoArray(tile, 16); c30.intoArray(tile, 24);
        c01.intoArray(tile, 32); c11.intoArray(tile, 40); c21.intoArray(tile, 48); c31.intoArray(tile, 56);
        c02.intoArray(tile, 64); c12.intoArray(tile, 72); c22.intoArray(tile, 80); c32.intoArray(tile, 88);
        c03.intoArray(tile, 96); c13.intoArray(tile, 104); c23.intoArray(tile, 112); c33.intoArray(tile, 120);
        c04.intoArray(tile, 128); c14.intoArray(tile, 136); c24.intoArray(tile, 144); c34.intoArray(tile, 152);
        c05.intoArray(tile, 160); c15.intoArray(tile, 168); c25.intoArray(tile, 176); c35.intoArray(tile, 184);
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
                DoubleVector.fromMemorySegment(S, a, src + 64, O).intoArray(ap, d + 8);
                DoubleVector.fromMemorySegment(S, a, src + 128, O).intoArray(ap, d + 16);
                DoubleVector.fromMemorySegment(S, a, src + 192, O).intoArray(ap, d + 24);
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
                for (int p = 0; p < s - 1; p++) v = DoubleVector.fromArray(S, tri, p * V).fma(v.rearrange(LANE[p]), v);
            } else {
                for (int p = s - 1; p > 0; p--) v = DoubleVector.fromArray(S, tri, p * V).fma(v.rearrange(LANE[p]), v);
            }
            if (full) v.intoMemorySegment(x, off, O);
            else v.intoMemorySegment(x, off, O, rows);
        }
    }
}

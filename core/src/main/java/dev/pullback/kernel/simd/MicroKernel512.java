package dev.pullback.kernel.simd;

import dev.pullback.kernel.gemm.Gemm;
import dev.pullback.kernel.gemm.ScalarGemm;
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
 * 24 FMAs, so the two FMA pipes, not the load ports, are the limit. Of the tiles that fit (32×6,
 * 16×14, 24×8, 8×24) it was the fastest and the steadiest (docs/PERFORMANCE.md, 2026-12-01
 * 'micro-kernel tile').
 *
 * <p>Accumulation: per k step, the tile's rows of A are loaded as vectors and each B entry is
 * broadcast; the accumulators stay in registers across the k loop, one fused multiply-add per
 * vector per step. Every accumulator is a local of its own because C2 keeps locals, not arrays of
 * vectors, in registers. Ragged edges (partial tiles and panels, a triangle of fewer rows than
 * lanes) run in scalar code: masked vector accesses fell off C2's intrinsics onto a boxing slow
 * path in some JIT states (measured: kilobytes allocated per call that never went away).
 * See {@link MicroKernel} for the contract.
 */
final class MicroKernel512 extends MicroKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_512;
    private static final int V = 8;
    private static final int MR = 32;
    private static final int NR = 6;
    private static final ByteOrder O = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    /** Lane broadcasts for the triangular block: a rearrange is one permute at this width. */
    private static final VectorShuffle<Double>[] LANE = laneBroadcasts(S);
    /** −1 in the lanes below lane p, 0 elsewhere, at [p·V]: a column's strict lower part, negated. */
    private static final double[] BELOW = strictPart(V, true);
    /** −1 in the lanes above lane p, 0 elsewhere, at [p·V]: a column's strict upper part, negated. */
    private static final double[] ABOVE = strictPart(V, false);

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
    void sweep(int mc, int nc, int kc, double[] ap, double[] bp, double alpha, double beta,
            MemorySegment src, long srcOff, int lds, MemorySegment c, long cOff, int ldc, double[] tile, int diag) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            for (int ir = firstTileRow(jr, diag, MR); ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                long cij = cOff + ir + (long) jr * ldc;
                long sij = srcOff + ir + (long) jr * lds;
                multiply(kc, ap, ir * kc, bp, jr * kc, tile);
                if (rows == MR && cols == NR && ir + diag >= jr + NR - 1) {
                    // C ← α·tile + β·Src, a vector at a time; β = 0 does not read Src.
                    for (int j = 0; j < NR; j++) {
                        long col = (cij + (long) j * ldc) * Double.BYTES;
                        long from = (sij + (long) j * lds) * Double.BYTES;
                        for (int i = 0; i < MR; i += V) {
                            DoubleVector t = DoubleVector.fromArray(S, tile, j * MR + i);
                            long off = col + (long) i * Double.BYTES;
                            if (beta == 0) {
                                t.mul(va).intoMemorySegment(c, off, O);
                            } else {
                                t.fma(va, DoubleVector.fromMemorySegment(S, src, from + (long) i * Double.BYTES, O).mul(beta))
                                        .intoMemorySegment(c, off, O);
                            }
                        }
                    }
                } else {
                    // A ragged edge tile, or one across the line i + diag = j: its rows×cols
                    // corner, the entries on or below the line.
                    for (int j = 0; j < cols; j++) {
                        long cj = cij + (long) j * ldc, sj = sij + (long) j * lds;
                        for (int i = Math.max(0, jr + j - ir - diag); i < rows; i++) {
                            double v = alpha * tile[j * MR + i];
                            c.setAtIndex(D, cj + i, beta == 0 ? v : Math.fma(beta, src.getAtIndex(D, sj + i), v));
                        }
                    }
                }
            }
        }
    }

    /** tile ← Σₚ A(:, p)·B(p, :) for one A and one B micro-panel (MR×NR, column-major). */
    private static void multiply(int kc, double[] ap, int ai, double[] bp, int bi, double[] tile) {
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
    void packA(boolean trans, MemorySegment a, long off, int lda, int mc, int kc, double[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (trans) {
                // op(A)(i, p) = A[p + i·lda]: row i of op(A) is contiguous in memory.
                for (int i = 0; i < rows; i++) {
                    long src = off + (long) (ir + i) * lda;
                    for (int p = 0; p < kc; p++) ap[base + p * MR + i] = a.getAtIndex(D, src + p);
                }
                for (int i = rows; i < MR; i++) {
                    for (int p = 0; p < kc; p++) ap[base + p * MR + i] = 0.0;
                }
            } else if (rows == MR) {
                // op(A)(i, p) = A[i + p·lda]: column segments, copied a vector at a time.
                for (int p = 0; p < kc; p++) {
                    long src = (off + ir + (long) p * lda) * Double.BYTES;
                    int d = base + p * MR;
                    DoubleVector.fromMemorySegment(S, a, src, O).intoArray(ap, d);
                    DoubleVector.fromMemorySegment(S, a, src + 64, O).intoArray(ap, d + 8);
                    DoubleVector.fromMemorySegment(S, a, src + 128, O).intoArray(ap, d + 16);
                    DoubleVector.fromMemorySegment(S, a, src + 192, O).intoArray(ap, d + 24);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    long src = off + ir + (long) p * lda;
                    int d = base + p * MR;
                    for (int i = 0; i < MR; i++) ap[d + i] = i < rows ? a.getAtIndex(D, src + i) : 0.0;
                }
            }
        }
    }

    @Override
    void triangularBlock(boolean forward, boolean scale, int s, double[] tri, MemorySegment x, long xOff, int ldx, int n) {
        if (s < V) {
            // Fewer rows than lanes: scalar, the same operations in the same order.
            for (int j = 0; j < n; j++) {
                long col = xOff + (long) j * ldx;
                if (scale) {
                    for (int i = 0; i < s; i++) x.setAtIndex(D, col + i, x.getAtIndex(D, col + i) / tri[V * V + i]);
                }
                for (int k = 0; k < s; k++) {
                    int p = forward ? k : s - 1 - k;
                    double xp = x.getAtIndex(D, col + p);
                    int from = forward ? p + 1 : 0, to = forward ? s : p;
                    for (int i = from; i < to; i++) x.setAtIndex(D, col + i, Math.fma(tri[p * V + i], xp, x.getAtIndex(D, col + i)));
                }
            }
            return;
        }
        DoubleVector d = DoubleVector.fromArray(S, tri, V * V);
        for (int j = 0; j < n; j++) {
            long off = (xOff + (long) j * ldx) * Double.BYTES;
            DoubleVector v = DoubleVector.fromMemorySegment(S, x, off, O);
            if (scale) v = v.div(d);
            if (forward) {
                for (int p = 0; p < V - 1; p++) v = DoubleVector.fromArray(S, tri, p * V).fma(v.rearrange(LANE[p]), v);
            } else {
                for (int p = V - 1; p > 0; p--) v = DoubleVector.fromArray(S, tri, p * V).fma(v.rearrange(LANE[p]), v);
            }
            v.intoMemorySegment(x, off, O);
        }
    }

    /**
     * Three columns at a time: their rows interchanged (scalar), their tops solved with L11 one
     * vector each ({@link #solveTops}), then the rows of L21 stream past while the 24 entries of
     * −U12 are broadcast from {@code u}, each vector of L21 loaded once for the three columns. The
     * rest of the columns, one at a time. {@code u}: [0, 56) the negated columns of L11 below the
     * diagonal, [64, 88) −U12 of the current columns.
     */
    @Override
    void panelUpdate(int m, int cols, MemorySegment a, long panel, int lda, int[] ipiv, int pivOff, double[] u) {
        for (int p = 0; p < V - 1; p++) {
            for (int i = 0; i < V; i++) u[p * V + i] = i > p ? -a.getAtIndex(D, panel + i + (long) p * lda) : 0.0;
        }
        long lower = panel + Gemm.PANEL;
        int c = 0;
        for (; c + 3 <= cols; c += 3) {
            long col = panel + (long) (Gemm.PANEL + c) * lda;
            ScalarGemm.swapPanelRows(a, col, ipiv, pivOff);
            ScalarGemm.swapPanelRows(a, col + lda, ipiv, pivOff);
            ScalarGemm.swapPanelRows(a, col + 2L * lda, ipiv, pivOff);
            solveTops(3, a, col, lda, u);
            updateThree(m, a, lower, lda, col, u);
        }
        long sl = (long) lda * Double.BYTES, lb = lower * Double.BYTES;
        for (; c < cols; c++) {
            long col = panel + (long) (Gemm.PANEL + c) * lda;
            ScalarGemm.swapPanelRows(a, col, ipiv, pivOff);
            solveTops(1, a, col, lda, u);
            DoubleVector u0 = DoubleVector.broadcast(S, u[64]), u1 = DoubleVector.broadcast(S, u[65]);
            DoubleVector u2 = DoubleVector.broadcast(S, u[66]), u3 = DoubleVector.broadcast(S, u[67]);
            DoubleVector u4 = DoubleVector.broadcast(S, u[68]), u5 = DoubleVector.broadcast(S, u[69]);
            DoubleVector u6 = DoubleVector.broadcast(S, u[70]), u7 = DoubleVector.broadcast(S, u[71]);
            long yb = (col + Gemm.PANEL) * Double.BYTES;
            int i = 0;
            for (int bound = S.loopBound(m); i < bound; i += V) {
                long o = (long) i * Double.BYTES, l = lb + o;
                DoubleVector y = DoubleVector.fromMemorySegment(S, a, yb + o, O);
                y = DoubleVector.fromMemorySegment(S, a, l, O).fma(u0, y);
                y = DoubleVector.fromMemorySegment(S, a, l + sl, O).fma(u1, y);
                y = DoubleVector.fromMemorySegment(S, a, l + 2 * sl, O).fma(u2, y);
                y = DoubleVector.fromMemorySegment(S, a, l + 3 * sl, O).fma(u3, y);
                y = DoubleVector.fromMemorySegment(S, a, l + 4 * sl, O).fma(u4, y);
                y = DoubleVector.fromMemorySegment(S, a, l + 5 * sl, O).fma(u5, y);
                y = DoubleVector.fromMemorySegment(S, a, l + 6 * sl, O).fma(u6, y);
                y = DoubleVector.fromMemorySegment(S, a, l + 7 * sl, O).fma(u7, y);
                y.intoMemorySegment(a, yb + o, O);
            }
            panelUpdateRows(i, m, a, lower, lda, col);
        }
    }

    /**
     * U12 = L11⁻¹·a(0:8, c) for {@code count} columns from element {@code col} on, each top one
     * vector: for p = 0..6, v += (−l(:, p) below p)·vₚ, the same fused multiply-adds in the same
     * order as the scalar substitution. Stores U12 in the matrix and −U12 in u[64 + 8q].
     */
    private static void solveTops(int count, MemorySegment a, long col, int lda, double[] u) {
        DoubleVector l0 = DoubleVector.fromArray(S, u, 0), l1 = DoubleVector.fromArray(S, u, 8);
        DoubleVector l2 = DoubleVector.fromArray(S, u, 16), l3 = DoubleVector.fromArray(S, u, 24);
        DoubleVector l4 = DoubleVector.fromArray(S, u, 32), l5 = DoubleVector.fromArray(S, u, 40);
        DoubleVector l6 = DoubleVector.fromArray(S, u, 48);
        for (int q = 0; q < count; q++) {
            long top = (col + (long) q * lda) * Double.BYTES;
            DoubleVector v = DoubleVector.fromMemorySegment(S, a, top, O);
            v = l0.fma(v.rearrange(LANE[0]), v);
            v = l1.fma(v.rearrange(LANE[1]), v);
            v = l2.fma(v.rearrange(LANE[2]), v);
            v = l3.fma(v.rearrange(LANE[3]), v);
            v = l4.fma(v.rearrange(LANE[4]), v);
            v = l5.fma(v.rearrange(LANE[5]), v);
            v = l6.fma(v.rearrange(LANE[6]), v);
            v.intoMemorySegment(a, top, O);
            v.neg().intoArray(u, 64 + q * V);
        }
    }

    /**
     * a(8:8+m, c..c+2) −= L21·U12(:, c..c+2) for the three columns from element {@code col} on, with
     * −U12 in {@code u} (column q at u[8q]). The broadcasts are written inside the loop (C2 hoists
     * them): 24 of them live across the loop made C1 give up ("out of virtual registers"), and the
     * method then never reached C2.
     */
    private static void updateThree(int m, MemorySegment a, long lower, int lda, long col, double[] u) {
        long c1 = col + lda, c2 = c1 + lda;
        long sl = (long) lda * Double.BYTES, lb = lower * Double.BYTES;
        long y0 = (col + Gemm.PANEL) * Double.BYTES, y1 = y0 + sl, y2 = y1 + sl;
        int i = 0;
        for (int bound = S.loopBound(m); i < bound; i += V) {
            long o = (long) i * Double.BYTES, l = lb + o;
            DoubleVector r0 = DoubleVector.fromMemorySegment(S, a, y0 + o, O);
            DoubleVector r1 = DoubleVector.fromMemorySegment(S, a, y1 + o, O);
            DoubleVector r2 = DoubleVector.fromMemorySegment(S, a, y2 + o, O);
            DoubleVector x = DoubleVector.fromMemorySegment(S, a, l, O);
            r0 = x.fma(DoubleVector.broadcast(S, u[64]), r0);
            r1 = x.fma(DoubleVector.broadcast(S, u[72]), r1);
            r2 = x.fma(DoubleVector.broadcast(S, u[80]), r2);
            x = DoubleVector.fromMemorySegment(S, a, l + sl, O);
            r0 = x.fma(DoubleVector.broadcast(S, u[65]), r0);
            r1 = x.fma(DoubleVector.broadcast(S, u[73]), r1);
            r2 = x.fma(DoubleVector.broadcast(S, u[81]), r2);
            x = DoubleVector.fromMemorySegment(S, a, l + 2 * sl, O);
            r0 = x.fma(DoubleVector.broadcast(S, u[66]), r0);
            r1 = x.fma(DoubleVector.broadcast(S, u[74]), r1);
            r2 = x.fma(DoubleVector.broadcast(S, u[82]), r2);
            x = DoubleVector.fromMemorySegment(S, a, l + 3 * sl, O);
            r0 = x.fma(DoubleVector.broadcast(S, u[67]), r0);
            r1 = x.fma(DoubleVector.broadcast(S, u[75]), r1);
            r2 = x.fma(DoubleVector.broadcast(S, u[83]), r2);
            x = DoubleVector.fromMemorySegment(S, a, l + 4 * sl, O);
            r0 = x.fma(DoubleVector.broadcast(S, u[68]), r0);
            r1 = x.fma(DoubleVector.broadcast(S, u[76]), r1);
            r2 = x.fma(DoubleVector.broadcast(S, u[84]), r2);
            x = DoubleVector.fromMemorySegment(S, a, l + 5 * sl, O);
            r0 = x.fma(DoubleVector.broadcast(S, u[69]), r0);
            r1 = x.fma(DoubleVector.broadcast(S, u[77]), r1);
            r2 = x.fma(DoubleVector.broadcast(S, u[85]), r2);
            x = DoubleVector.fromMemorySegment(S, a, l + 6 * sl, O);
            r0 = x.fma(DoubleVector.broadcast(S, u[70]), r0);
            r1 = x.fma(DoubleVector.broadcast(S, u[78]), r1);
            r2 = x.fma(DoubleVector.broadcast(S, u[86]), r2);
            x = DoubleVector.fromMemorySegment(S, a, l + 7 * sl, O);
            r0 = x.fma(DoubleVector.broadcast(S, u[71]), r0);
            r1 = x.fma(DoubleVector.broadcast(S, u[79]), r1);
            r2 = x.fma(DoubleVector.broadcast(S, u[87]), r2);
            r0.intoMemorySegment(a, y0 + o, O);
            r1.intoMemorySegment(a, y1 + o, O);
            r2.intoMemorySegment(a, y2 + o, O);
        }
        panelUpdateRows(i, m, a, lower, lda, col);
        panelUpdateRows(i, m, a, lower, lda, c1);
        panelUpdateRows(i, m, a, lower, lda, c2);
    }

    /**
     * A vector per step and a scalar tail per column, each entry also added as 0·aᵢⱼ into a running
     * vector (NaN once an entry is NaN or infinite), reduced once at the end.
     */
    @Override
    boolean copyPadded(int m, int n, MemorySegment src, long srcOff, int lds, MemorySegment dst, long dstOff, int ldd) {
        DoubleVector zero = DoubleVector.zero(S), z = zero;
        double tail = 0;
        int body = S.loopBound(m);
        for (int j = 0; j < n; j++) {
            long s = (srcOff + (long) j * lds) * Double.BYTES, d = (dstOff + (long) j * ldd) * Double.BYTES;
            for (int i = 0; i < body; i += V) {
                long o = (long) i * Double.BYTES;
                DoubleVector v = DoubleVector.fromMemorySegment(S, src, s + o, O);
                v.intoMemorySegment(dst, d + o, O);
                z = v.fma(zero, z);
            }
            long sj = srcOff + (long) j * lds, dj = dstOff + (long) j * ldd;
            for (int i = body; i < m; i++) {
                double v = src.getAtIndex(D, sj + i);
                dst.setAtIndex(D, dj + i, v);
                tail += 0 * v;
            }
            for (int i = m; i < ldd; i++) dst.setAtIndex(D, dj + i, 0.0);
        }
        return zero.add(z).reduceLanes(VectorOperators.ADD) + tail == 0;
    }

    /**
     * Two columns per pass, four accumulators each (a running sum is one add per vector: its
     * latency, not the loads, would set the pace), then a one-vector loop and a scalar tail.
     */
    @Override
    void absColumnSums(int m, int n, MemorySegment a, long off, int lda, double[] sums) {
        int j = 0;
        for (; j < n; j += 2) {
            boolean pair = j + 1 < n;
            long c0 = (off + (long) j * lda) * Double.BYTES, c1 = pair ? c0 + (long) lda * Double.BYTES : c0;
            DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0, t0 = s0, t1 = s0, t2 = s0, t3 = s0;
            int i = 0;
            for (int bound = m - 4 * V + 1; i < bound; i += 4 * V) {
                long o = (long) i * Double.BYTES, w = V * Double.BYTES;
                s0 = s0.add(DoubleVector.fromMemorySegment(S, a, c0 + o, O).abs());
                s1 = s1.add(DoubleVector.fromMemorySegment(S, a, c0 + o + w, O).abs());
                s2 = s2.add(DoubleVector.fromMemorySegment(S, a, c0 + o + 2 * w, O).abs());
                s3 = s3.add(DoubleVector.fromMemorySegment(S, a, c0 + o + 3 * w, O).abs());
                t0 = t0.add(DoubleVector.fromMemorySegment(S, a, c1 + o, O).abs());
                t1 = t1.add(DoubleVector.fromMemorySegment(S, a, c1 + o + w, O).abs());
                t2 = t2.add(DoubleVector.fromMemorySegment(S, a, c1 + o + 2 * w, O).abs());
                t3 = t3.add(DoubleVector.fromMemorySegment(S, a, c1 + o + 3 * w, O).abs());
            }
            for (int bound = S.loopBound(m); i < bound; i += V) {
                long o = (long) i * Double.BYTES;
                s0 = s0.add(DoubleVector.fromMemorySegment(S, a, c0 + o, O).abs());
                t0 = t0.add(DoubleVector.fromMemorySegment(S, a, c1 + o, O).abs());
            }
            double x = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
            double y = t0.add(t1).add(t2.add(t3)).reduceLanes(VectorOperators.ADD);
            long e0 = off + (long) j * lda, e1 = pair ? e0 + lda : e0;
            for (; i < m; i++) {
                x += Math.abs(a.getAtIndex(D, e0 + i));
                y += Math.abs(a.getAtIndex(D, e1 + i));
            }
            sums[j] = x;
            if (pair) sums[j + 1] = y;
        }
    }

    @Override
    int factorPanel(int m, int w, MemorySegment seg, long off, int lda, int[] ipiv, int pivOff, double[] a) {
        // Work on a contiguous heap copy (column j at a[j·m]): the panel is read and written dozens of
        // times, and vector loops over an array beat those over a segment (profile-proof, fewer checks).
        for (int c = 0; c < w; c++) MemorySegment.copy(seg, D, (off + (long) c * lda) * Double.BYTES, a, c * m, m);
        int zero = -1;
        for (int j = 0; j < Math.min(m, w); j++) {
            int p = pivotColumn(a, m, w, j);
            if (p < 0) {
                zero = j;
                break;
            }
            ipiv[pivOff + j] = p;
            // a(j+1 : m, c) −= l·u(j, c) for the panel's remaining columns.
            int lb = j * m + j + 1;
            int rest = m - j - 1;
            for (int c = j + 1; c < w; c++) {
                int ub = c * m + j + 1;
                double u = a[ub - 1];
                if (u == 0) continue;
                DoubleVector vu = DoubleVector.broadcast(S, -u);
                int i = 0;
                for (int bound = S.loopBound(rest); i < bound; i += V) {
                    DoubleVector.fromArray(S, a, lb + i).fma(vu, DoubleVector.fromArray(S, a, ub + i)).intoArray(a, ub + i);
                }
                for (; i < rest; i++) a[ub + i] = Math.fma(-u, a[lb + i], a[ub + i]);
            }
        }
        for (int c = 0; c < w; c++) MemorySegment.copy(a, c * m, seg, D, (off + (long) c * lda) * Double.BYTES, m);
        return zero;
    }

    /**
     * Step j of the panel factorization on the heap copy: finds the pivot row p ≥ j (first largest
     * |a(p, j)|, a NaN first of all), swaps rows j and p across the w columns and scales a(j+1 : m, j)
     * by the pivot. Returns p, or −1 when every candidate is zero. A method of its own so that each
     * compiled graph stays small (see MicroKernel).
     */
    private static int pivotColumn(double[] a, int m, int w, int j) {
        int col = j * m;
        int len = m - j;
        // Four running maxima: Java's max (NaN-propagating) compiles to a chain of several
        // instructions, so one accumulator ran at a quarter of the speed (measured).
        DoubleVector m0 = DoubleVector.zero(S), m1 = m0, m2 = m0, m3 = m0;
        int i = 0;
        for (int bound = len - 4 * V + 1; i < bound; i += 4 * V) {
            int b = col + j + i;
            m0 = m0.max(DoubleVector.fromArray(S, a, b).abs());
            m1 = m1.max(DoubleVector.fromArray(S, a, b + V).abs());
            m2 = m2.max(DoubleVector.fromArray(S, a, b + 2 * V).abs());
            m3 = m3.max(DoubleVector.fromArray(S, a, b + 3 * V).abs());
        }
        for (int bound = S.loopBound(len); i < bound; i += V) m0 = m0.max(DoubleVector.fromArray(S, a, col + j + i).abs());
        double max = m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) max = Math.max(max, Math.abs(a[col + j + i]));
        int p = -1;
        if (max != max) {
            for (i = 0; i < len && p < 0; i++) if (Double.isNaN(a[col + j + i])) p = j + i;
        } else {
            i = 0;
            for (int bound = S.loopBound(len); i < bound && p < 0; i += V) {
                VectorMask<Double> hit = DoubleVector.fromArray(S, a, col + j + i).abs().compare(VectorOperators.EQ, max);
                if (hit.anyTrue()) p = j + i + hit.firstTrue();
            }
            for (; i < len && p < 0; i++) if (Math.abs(a[col + j + i]) == max) p = j + i;
        }
        double pivot = a[col + p];
        if (pivot == 0) return -1;
        if (p != j) {
            for (int c = 0; c < w; c++) {
                double t = a[c * m + j];
                a[c * m + j] = a[c * m + p];
                a[c * m + p] = t;
            }
        }
        // l(j+1 : m) = a(j+1 : m, j) / pivot, by a reciprocal only where it cannot overflow.
        int lb = col + j + 1;
        int rest = len - 1;
        if (Math.abs(pivot) >= Double.MIN_NORMAL) {
            double r = 1.0 / pivot;
            i = 0;
            for (int bound = S.loopBound(rest); i < bound; i += V) DoubleVector.fromArray(S, a, lb + i).mul(r).intoArray(a, lb + i);
            for (; i < rest; i++) a[lb + i] *= r;
        } else {
            for (i = 0; i < rest; i++) a[lb + i] /= pivot;
        }
        return p;
    }

    /**
     * By blocks of V rows, each block of x one vector at an aligned offset, two whole blocks per
     * pass (16 rows: each column's two cache lines read together, each broadcast of x serving
     * both). Forward: x(r:r+2V) −= L(r:r+2V, 0:r)·x(0:r) with four accumulators per block, then the
     * first block's unit lower triangle by lane broadcasts, its columns applied to the second block,
     * the second's triangle. Backward the same from the bottom with U, times the pivots' inverses,
     * and the triangles of D⁻¹U.
     *
     * <p>Vector code runs only in methods whose vector operations all run on every call: the pairs
     * of whole blocks (one method per direction) and the partial block's product; the rest of what
     * depends on n (an odd block, the partial block's triangles, the columns past the last group
     * of four) is scalar. Vector code on a path that some orders take and others not was compiled
     * in some JVMs into calls that box (docs/PERFORMANCE.md, 2026-12-08 'blocked LU solve').
     */
    @Override
    void luSolve(int n, MemorySegment t, long tOff, int ldt, double[] pivotInverses, MemorySegment x, long xOff) {
        long sl = (long) ldt * Double.BYTES;
        int whole = n / V * V, rest = n - whole;
        boolean odd = (n / V) % 2 == 1;
        // Forward: an odd first block by scalar substitution (its rows need no product), the pairs,
        // the partial block's product, then its triangle in scalar code.
        int r = 0;
        if (odd) {
            unitLowerRows(V, t, tOff, ldt, x, xOff);
            r = V;
        }
        for (; r < whole; r += 2 * V) forwardPair(r, t, tOff, sl, x, xOff);
        if (rest > 0) {
            forwardBlockProduct(whole, t, tOff, sl, x, xOff);
            unitLowerRows(rest, t, tOff + whole + (long) whole * ldt, ldt, x, xOff + whole);
        }
        // Backward: the partial block and an odd last whole block (whose product spans at most
        // seven columns) in scalar code, then the pairs.
        if (rest > 0) upperRows(rest, t, tOff + whole + (long) whole * ldt, ldt, pivotInverses, whole, x, xOff + whole);
        r = whole;
        if (odd) {
            r -= V;
            ScalarGemm.subtractColumns(V, whole, n, t, tOff + r, ldt, x, xOff, r);
            upperRows(V, t, tOff + r + (long) r * ldt, ldt, pivotInverses, r, x, xOff + r);
        }
        for (r -= 2 * V; r >= 0; r -= 2 * V) backwardPair(r, n, t, tOff, sl, pivotInverses, x, xOff);
    }

    /** x(0:rows) ← L⁻¹x(0:rows), L the unit lower triangle of at most V rows whose diagonal starts at element d: scalar, by columns. */
    private static void unitLowerRows(int rows, MemorySegment t, long d, int ldt, MemorySegment x, long x0) {
        for (int p = 0; p < rows - 1; p++) {
            double xp = x.getAtIndex(D, x0 + p);
            long col = d + (long) p * ldt;
            for (int i = p + 1; i < rows; i++) x.setAtIndex(D, x0 + i, Math.fma(-xp, t.getAtIndex(D, col + i), x.getAtIndex(D, x0 + i)));
        }
    }

    /**
     * x(0:rows) ← (D⁻¹U)⁻¹D⁻¹x(0:rows) for the upper triangle of at most V rows whose diagonal starts
     * at element d, D⁻¹ in inverses[at …]: scalar, each xᵢ times its inverse, then from the last
     * column up xᵢ −= (uᵢₚ·inverseᵢ)·xₚ, as the vector triangles do.
     */
    private static void upperRows(int rows, MemorySegment t, long d, int ldt, double[] inverses, int at, MemorySegment x, long x0) {
        for (int i = 0; i < rows; i++) x.setAtIndex(D, x0 + i, x.getAtIndex(D, x0 + i) * inverses[at + i]);
        for (int p = rows - 1; p > 0; p--) {
            double xp = x.getAtIndex(D, x0 + p);
            long col = d + (long) p * ldt;
            for (int i = 0; i < p; i++) {
                x.setAtIndex(D, x0 + i, Math.fma(-xp * inverses[at + i], t.getAtIndex(D, col + i), x.getAtIndex(D, x0 + i)));
            }
        }
    }

    /**
     * x(r:r+V) −= L(r:r+V, 0:r)·x(0:r) for the partial last block (its rows past n, up to ld, are read
     * and written as well), eight columns per step into eight accumulators (r is a multiple of 8).
     */
    private static void forwardBlockProduct(int r, MemorySegment t, long tOff, long sl, MemorySegment x, long xOff) {
        long top = (tOff + r) * Double.BYTES, xr = (xOff + r) * Double.BYTES;
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int j = 0; j < r; j += 8) {
            long c = top + j * sl;
            s0 = DoubleVector.fromMemorySegment(S, t, c, O).fma(DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j)), s0);
            s1 = DoubleVector.fromMemorySegment(S, t, c + sl, O).fma(DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j + 1)), s1);
            s2 = DoubleVector.fromMemorySegment(S, t, c + 2 * sl, O).fma(DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j + 2)), s2);
            s3 = DoubleVector.fromMemorySegment(S, t, c + 3 * sl, O).fma(DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j + 3)), s3);
            s4 = DoubleVector.fromMemorySegment(S, t, c + 4 * sl, O).fma(DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j + 4)), s4);
            s5 = DoubleVector.fromMemorySegment(S, t, c + 5 * sl, O).fma(DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j + 5)), s5);
            s6 = DoubleVector.fromMemorySegment(S, t, c + 6 * sl, O).fma(DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j + 6)), s6);
            s7 = DoubleVector.fromMemorySegment(S, t, c + 7 * sl, O).fma(DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j + 7)), s7);
        }
        DoubleVector.fromMemorySegment(S, x, xr, O).sub(s0).sub(s1).sub(s2).sub(s3).sub(s4).sub(s5).sub(s6).sub(s7)
                .intoMemorySegment(x, xr, O);
    }

    /**
     * Blocks r and r + V forward: x(r:r+2V) −= L(r:r+2V, 0:r)·x(0:r), then block r's unit lower
     * triangle, its columns applied to block r + V, that block's triangle.
     */
    private static void forwardPair(int r, MemorySegment t, long tOff, long sl, MemorySegment x, long xOff) {
        long top = (tOff + r) * Double.BYTES, xr = (xOff + r) * Double.BYTES, w = V * Double.BYTES;
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0, q0 = s0, q1 = s0, q2 = s0, q3 = s0;
        for (int j = 0; j < r; j += 4) {
            long c = top + j * sl;
            DoubleVector x0 = DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j));
            DoubleVector x1 = DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j + 1));
            DoubleVector x2 = DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j + 2));
            DoubleVector x3 = DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j + 3));
            s0 = DoubleVector.fromMemorySegment(S, t, c, O).fma(x0, s0);
            q0 = DoubleVector.fromMemorySegment(S, t, c + w, O).fma(x0, q0);
            s1 = DoubleVector.fromMemorySegment(S, t, c + sl, O).fma(x1, s1);
            q1 = DoubleVector.fromMemorySegment(S, t, c + sl + w, O).fma(x1, q1);
            s2 = DoubleVector.fromMemorySegment(S, t, c + 2 * sl, O).fma(x2, s2);
            q2 = DoubleVector.fromMemorySegment(S, t, c + 2 * sl + w, O).fma(x2, q2);
            s3 = DoubleVector.fromMemorySegment(S, t, c + 3 * sl, O).fma(x3, s3);
            q3 = DoubleVector.fromMemorySegment(S, t, c + 3 * sl + w, O).fma(x3, q3);
        }
        DoubleVector v = DoubleVector.fromMemorySegment(S, x, xr, O).sub(s0).sub(s1).sub(s2).sub(s3);
        DoubleVector y = DoubleVector.fromMemorySegment(S, x, xr + w, O).sub(q0).sub(q1).sub(q2).sub(q3);
        long d = top + r * sl; // element (r, r)
        for (int p = 0; p < V - 1; p++) {
            v = DoubleVector.fromMemorySegment(S, t, d + p * sl, O).mul(DoubleVector.fromArray(S, BELOW, p * V)).fma(v.rearrange(LANE[p]), v);
        }
        v.intoMemorySegment(x, xr, O);
        DoubleVector minusV = v.neg();
        for (int p = 0; p < V; p++) y = DoubleVector.fromMemorySegment(S, t, d + p * sl + w, O).fma(minusV.rearrange(LANE[p]), y);
        long e = d + V * sl + w; // element (r + V, r + V)
        for (int p = 0; p < V - 1; p++) {
            y = DoubleVector.fromMemorySegment(S, t, e + p * sl, O).mul(DoubleVector.fromArray(S, BELOW, p * V)).fma(y.rearrange(LANE[p]), y);
        }
        y.intoMemorySegment(x, xr + w, O);
    }

    /**
     * Blocks u and u + V backward: x(u:u+2V) −= U(u:u+2V, u+2V:n)·x(u+2V:n) (whole groups of four
     * columns, the last ones in scalar code), then block u + V times the inverses and its triangle
     * of D⁻¹U, its columns applied to block u, block u the same.
     */
    private static void backwardPair(int u, int n, MemorySegment t, long tOff, long sl, double[] inverses, MemorySegment x, long xOff) {
        long top = (tOff + u) * Double.BYTES, xu = (xOff + u) * Double.BYTES, w = V * Double.BYTES;
        int from = u + 2 * V, end = from + (n - from) / 4 * 4;
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0, q0 = s0, q1 = s0, q2 = s0, q3 = s0;
        for (int j = from; j < end; j += 4) {
            long c = top + j * sl;
            DoubleVector x0 = DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j));
            DoubleVector x1 = DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j + 1));
            DoubleVector x2 = DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j + 2));
            DoubleVector x3 = DoubleVector.broadcast(S, x.getAtIndex(D, xOff + j + 3));
            s0 = DoubleVector.fromMemorySegment(S, t, c, O).fma(x0, s0);
            q0 = DoubleVector.fromMemorySegment(S, t, c + w, O).fma(x0, q0);
            s1 = DoubleVector.fromMemorySegment(S, t, c + sl, O).fma(x1, s1);
            q1 = DoubleVector.fromMemorySegment(S, t, c + sl + w, O).fma(x1, q1);
            s2 = DoubleVector.fromMemorySegment(S, t, c + 2 * sl, O).fma(x2, s2);
            q2 = DoubleVector.fromMemorySegment(S, t, c + 2 * sl + w, O).fma(x2, q2);
            s3 = DoubleVector.fromMemorySegment(S, t, c + 3 * sl, O).fma(x3, s3);
            q3 = DoubleVector.fromMemorySegment(S, t, c + 3 * sl + w, O).fma(x3, q3);
        }
        DoubleVector.fromMemorySegment(S, x, xu, O).sub(s0).sub(s1).sub(s2).sub(s3).intoMemorySegment(x, xu, O);
        DoubleVector.fromMemorySegment(S, x, xu + w, O).sub(q0).sub(q1).sub(q2).sub(q3).intoMemorySegment(x, xu + w, O);
        ScalarGemm.subtractColumns(2 * V, end, n, t, tOff + u, (int) (sl / Double.BYTES), x, xOff, u);
        int r = u + V;
        long c = top + r * sl; // element (u, r): the lower block's columns
        long e = c + w; // element (r, r)
        DoubleVector lower = DoubleVector.fromArray(S, inverses, r);
        DoubleVector y = DoubleVector.fromMemorySegment(S, x, xu + w, O).mul(lower);
        for (int p = V - 1; p > 0; p--) {
            y = DoubleVector.fromMemorySegment(S, t, e + p * sl, O).mul(lower.mul(DoubleVector.fromArray(S, ABOVE, p * V))).fma(y.rearrange(LANE[p]), y);
        }
        y.intoMemorySegment(x, xu + w, O);
        DoubleVector v = DoubleVector.fromMemorySegment(S, x, xu, O);
        DoubleVector minusY = y.neg();
        for (int p = 0; p < V; p++) v = DoubleVector.fromMemorySegment(S, t, c + p * sl, O).fma(minusY.rearrange(LANE[p]), v);
        DoubleVector upper = DoubleVector.fromArray(S, inverses, u);
        v = upper.mul(v);
        long d = top + u * sl; // element (u, u)
        for (int p = V - 1; p > 0; p--) {
            v = DoubleVector.fromMemorySegment(S, t, d + p * sl, O).mul(upper.mul(DoubleVector.fromArray(S, ABOVE, p * V))).fma(v.rearrange(LANE[p]), v);
        }
        v.intoMemorySegment(x, xu, O);
    }

    @Override
    void substitute(boolean lower, boolean transT, boolean unit, int m, MemorySegment t, long tOff, int ldt, MemorySegment x, long xOff) {
        if (m <= V) {
            // A triangle of at most one vector: scalar substitution, in the same order.
            for (int k = 0; k < m; k++) {
                int p = lower != transT ? k : m - 1 - k;
                long col = tOff + (long) p * ldt;
                if (!transT) {
                    double xp = x.getAtIndex(D, xOff + p);
                    if (!unit) x.setAtIndex(D, xOff + p, xp /= t.getAtIndex(D, col + p));
                    int from = lower ? p + 1 : 0, to = lower ? m : p;
                    for (int i = from; i < to; i++) {
                        x.setAtIndex(D, xOff + i, Math.fma(-xp, t.getAtIndex(D, col + i), x.getAtIndex(D, xOff + i)));
                    }
                } else {
                    int from = lower ? p + 1 : 0, to = lower ? m : p;
                    double s = 0;
                    for (int i = from; i < to; i++) s = Math.fma(t.getAtIndex(D, col + i), x.getAtIndex(D, xOff + i), s);
                    double r = x.getAtIndex(D, xOff + p) - s;
                    x.setAtIndex(D, xOff + p, unit ? r : r / t.getAtIndex(D, col + p));
                }
            }
            return;
        }
        if (transT) {
            substituteDots(lower, unit, m, t, tOff, ldt, x, xOff);
            return;
        }
        int k = substituteFours(lower, unit, m, t, tOff, ldt, x, xOff);
        // Columns of T: x(rest) −= xₚ·t(rest, p), the rest below p (T lower) or above it (T upper).
        long xb = xOff * Double.BYTES;
        for (; k < m; k++) {
            int p = lower ? k : m - 1 - k;
            long col = tOff + (long) p * ldt;
            double xp = x.getAtIndex(D, xOff + p);
            if (!unit) {
                xp /= t.getAtIndex(D, col + p);
                x.setAtIndex(D, xOff + p, xp);
            }
            if (xp == 0) continue;
            int from = lower ? p + 1 : 0, len = lower ? m - p - 1 : p;
            long tb = (col + from) * Double.BYTES, yb = xb + (long) from * Double.BYTES;
            DoubleVector va = DoubleVector.broadcast(S, -xp);
            int i = 0;
            for (int bound = S.loopBound(len); i < bound; i += V) {
                long o = (long) i * Double.BYTES;
                DoubleVector.fromMemorySegment(S, t, tb + o, O).fma(va, DoubleVector.fromMemorySegment(S, x, yb + o, O))
                        .intoMemorySegment(x, yb + o, O);
            }
            for (; i < len; i++) {
                long xi = xOff + from + i;
                x.setAtIndex(D, xi, Math.fma(-xp, t.getAtIndex(D, col + from + i), x.getAtIndex(D, xi)));
            }
        }
    }

    /**
     * The columns of T four at a time, in elimination order c0..c3: their 4×4 triangle by scalar
     * substitution, then x(rest) −= T(rest, c0..c3)·x(c0..c3) with each vector of x loaded and stored
     * once per four columns (a single column's axpy moves x through the registers once per column).
     * Every xᵢ receives the same fused multiply-adds in the same column order as one column at a
     * time. Returns the number of columns done (a multiple of 4); the caller does the rest.
     */
    private static int substituteFours(boolean lower, boolean unit, int m, MemorySegment t, long tOff, int ldt,
            MemorySegment x, long xOff) {
        int step = lower ? 1 : -1, k = 0;
        long xb = xOff * Double.BYTES, sl = (long) step * ldt;
        for (; k + 4 <= m; k += 4) {
            int c0 = lower ? k : m - 1 - k, c3 = c0 + 3 * step;
            long t0 = tOff + (long) c0 * ldt;
            fourPivots(unit, t, t0, sl, c0, step, x, xOff);
            double x0 = x.getAtIndex(D, xOff + c0), x1 = x.getAtIndex(D, xOff + c0 + step);
            double x2 = x.getAtIndex(D, xOff + c0 + 2 * step), x3 = x.getAtIndex(D, xOff + c3);
            int from = lower ? c3 + 1 : 0, len = lower ? m - c3 - 1 : c3;
            long o0 = (t0 + from) * Double.BYTES, ob = sl * Double.BYTES, yb = xb + (long) from * Double.BYTES;
            DoubleVector v0 = DoubleVector.broadcast(S, -x0), v1 = DoubleVector.broadcast(S, -x1);
            DoubleVector v2 = DoubleVector.broadcast(S, -x2), v3 = DoubleVector.broadcast(S, -x3);
            int i = 0;
            for (int bound = S.loopBound(len); i < bound; i += V) {
                long o = (long) i * Double.BYTES, c = o0 + o;
                DoubleVector y = DoubleVector.fromMemorySegment(S, x, yb + o, O);
                y = DoubleVector.fromMemorySegment(S, t, c, O).fma(v0, y);
                y = DoubleVector.fromMemorySegment(S, t, c + ob, O).fma(v1, y);
                y = DoubleVector.fromMemorySegment(S, t, c + 2 * ob, O).fma(v2, y);
                y = DoubleVector.fromMemorySegment(S, t, c + 3 * ob, O).fma(v3, y);
                y.intoMemorySegment(x, yb + o, O);
            }
            fourColumnRows(i, len, from, t, t0, sl, x0, x1, x2, x3, x, xOff);
        }
        return k;
    }

    /**
     * Tᵀ's rows (T's columns) four at a time, in elimination order c0..c3: the four dot products over
     * the rows all four have already solved (below c0 for T lower, above it for T upper) in one pass
     * sharing each load of x, one accumulator per column; then the 4×4 triangle in scalar code.
     * Returns the number of columns done (a multiple of 4); the caller does the rest.
     */
    private static int dotFours(boolean lower, boolean unit, int m, MemorySegment t, long tOff, int ldt,
            MemorySegment x, long xOff) {
        int step = lower ? -1 : 1, k = 0;
        long xb = xOff * Double.BYTES, sl = (long) step * ldt;
        for (; k + 4 <= m; k += 4) {
            int c0 = lower ? m - 1 - k : k;
            long t0 = tOff + (long) c0 * ldt;
            int from = lower ? c0 + 1 : 0, len = lower ? m - c0 - 1 : c0;
            long o0 = (t0 + from) * Double.BYTES, ob = sl * Double.BYTES, yb = xb + (long) from * Double.BYTES;
            DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            int i = 0;
            for (int bound = S.loopBound(len); i < bound; i += V) {
                long o = (long) i * Double.BYTES, c = o0 + o;
                DoubleVector y = DoubleVector.fromMemorySegment(S, x, yb + o, O);
                s0 = DoubleVector.fromMemorySegment(S, t, c, O).fma(y, s0);
                s1 = DoubleVector.fromMemorySegment(S, t, c + ob, O).fma(y, s1);
                s2 = DoubleVector.fromMemorySegment(S, t, c + 2 * ob, O).fma(y, s2);
                s3 = DoubleVector.fromMemorySegment(S, t, c + 3 * ob, O).fma(y, s3);
            }
            finishFourDots(unit, t, t0, sl, c0, step, i, len, from, s0.reduceLanes(VectorOperators.ADD),
                    s1.reduceLanes(VectorOperators.ADD), s2.reduceLanes(VectorOperators.ADD),
                    s3.reduceLanes(VectorOperators.ADD), x, xOff);
        }
        return k;
    }

    /**
     * x ← op(T)⁻¹x for op(T) = Tᵀ: columns of T as rows of Tᵀ, xₚ = (xₚ − t(rest, p)·x(rest)) / tₚₚ.
     * A method of its own so that each compiled graph stays small (see MicroKernel).
     */
    private static void substituteDots(boolean lower, boolean unit, int m, MemorySegment t, long tOff, int ldt, MemorySegment x, long xOff) {
        long xb = xOff * Double.BYTES;
        for (int k = dotFours(lower, unit, m, t, tOff, ldt, x, xOff); k < m; k++) {
            int p = lower ? m - 1 - k : k;
            long col = tOff + (long) p * ldt;
            int from = lower ? p + 1 : 0, len = lower ? m - p - 1 : p;
            long tb = (col + from) * Double.BYTES, yb = xb + (long) from * Double.BYTES;
            // Four accumulators hide the FMA latency of the running sums.
            DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            int i = 0;
            for (int bound = len - 4 * V + 1; i < bound; i += 4 * V) {
                long o = (long) i * Double.BYTES;
                s0 = DoubleVector.fromMemorySegment(S, t, tb + o, O).fma(DoubleVector.fromMemorySegment(S, x, yb + o, O), s0);
                o += V * Double.BYTES;
                s1 = DoubleVector.fromMemorySegment(S, t, tb + o, O).fma(DoubleVector.fromMemorySegment(S, x, yb + o, O), s1);
                o += V * Double.BYTES;
                s2 = DoubleVector.fromMemorySegment(S, t, tb + o, O).fma(DoubleVector.fromMemorySegment(S, x, yb + o, O), s2);
                o += V * Double.BYTES;
                s3 = DoubleVector.fromMemorySegment(S, t, tb + o, O).fma(DoubleVector.fromMemorySegment(S, x, yb + o, O), s3);
            }
            double s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
            for (; i < len; i++) s = Math.fma(t.getAtIndex(D, col + from + i), x.getAtIndex(D, xOff + from + i), s);
            double r = x.getAtIndex(D, xOff + p) - s;
            x.setAtIndex(D, xOff + p, unit ? r : r / t.getAtIndex(D, col + p));
        }
    }
}

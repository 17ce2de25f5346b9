package dev.pullback.kernel.simd;

import dev.pullback.kernel.gemm.Gemm;
import dev.pullback.kernel.gemm.ScalarGemm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Every loop of {@link SimdGemm} that touches a vector, for one vector width. One subclass per width
 * because the Vector API compiles to machine vectors only when the species is a compile-time
 * constant (a {@code static final}); a species held in an instance field boxes every vector
 * (docs/PERFORMANCE.md, 2026-12-01 'species in an instance field').
 *
 * <p>Why whole loops rather than per-tile calls, and why these method sizes: C2 must compile each
 * method that holds vector code with every Vector API call inlined, or the vectors are boxed
 * (allocations, a hundredfold slowdown). Two things break that:
 * <ul>
 *   <li>small kernel methods were inlined into {@link SimdGemm}'s driver, and where two widths had
 *       been used in one JVM (as in the tests) the inlined vector code lost its intrinsics. So each
 *       method here is larger than 325 bytecodes (C2's FreqInlineSize): it is compiled on its own,
 *       and the driver calls it once per block, not per tile;</li>
 *   <li>a method with too many vector operations crossed C2's NodeCountInliningCutoff (18000
 *       nodes) while it was compiled, and after a recompilation the panel factorization boxed every
 *       vector in some JVMs (docs/PERFORMANCE.md, 2026-12-01 'panel past the inlining cutoff'). So
 *       the panel step and the transposed substitution are methods of their own, each compiled into
 *       a small graph.</li>
 * </ul>
 * {@code GemmInliningTest} checks the sizes; the steady-state allocation tests check the outcome.
 *
 * <p>Packed operands: an A micro-panel holds MR rows × kc, column p at {@code ap[panel·MR·kc + p·MR]};
 * a B micro-panel holds kc × NR, row p at {@code bp[panel·NR·kc + p·NR]}; both zero-padded.
 */
abstract class MicroKernel {
    /** Rows of the register tile (a multiple of {@link #lanes()}). */
    abstract int mr();

    /** Columns of the register tile. */
    abstract int nr();

    /** Doubles per vector. */
    abstract int lanes();

    /** Vector width in bits. */
    abstract int bits();

    /** {@code diag} of a {@link #sweep} that writes every entry of its block. */
    static final int ALL = Integer.MAX_VALUE / 4;

    /**
     * C ← α·A·B + β·Src for one packed mc×kc block of A and one packed kc×nc slab of B, tile by tile
     * (Src the block at {@code srcOff} of {@code src}, leading dimension lds; C itself or another
     * block of the same shape): each MR×NR product goes to {@code tile} and is then merged into C
     * (vectors for a full tile, scalars for a ragged edge). β = 0 does not read Src. Only the
     * entries (i, j) of the block with i + diag ≥ j are written (a lower trapezoid; {@link #ALL}:
     * all of them): tiles wholly above that line are not computed, tiles across it are merged by
     * scalars.
     */
    abstract void sweep(int mc, int nc, int kc, double[] ap, double[] bp, double alpha, double beta,
            MemorySegment src, long srcOff, int lds, MemorySegment c, long cOff, int ldc, double[] tile, int diag);

    /** The first row, a multiple of mr, of a tile in columns jr … that reaches the line i + diag = j. */
    static int firstTileRow(int jr, int diag, int mr) {
        int lowest = jr - diag - mr + 1;
        return lowest <= 0 ? 0 : (lowest + mr - 1) / mr * mr;
    }

    /**
     * Packs the mc×kc block of op(a) whose entry (0, 0) is element {@code off} of a (column stride
     * lda; op(a) = aᵀ when {@code trans}) into micro-panels of MR rows, rows past mc zero.
     */
    abstract void packA(boolean trans, MemorySegment a, long off, int lda, int mc, int kc, double[] ap);

    /**
     * Solves a unit triangular block of s ≤ lanes() rows for n columns of X, a column per vector:
     * x ← D⁻¹x when {@code scale} (D in {@code tri[V·V ...]}, padded with ones), then for each pivot p
     * (ascending when {@code forward}, else descending) x ← x + tri(:, p)·xₚ, where
     * {@code tri[p·V + i]} holds −(D⁻¹T)ᵢₚ on the strict triangle and zero elsewhere.
     */
    abstract void triangularBlock(boolean forward, boolean scale, int s, double[] tri,
            MemorySegment x, long xOff, int ldx, int n);

    /**
     * x ← op(T)⁻¹x for one right-hand side by substitution down the columns of T: vector axpys for
     * op(T) = T, vector dots for op(T) = Tᵀ. T is streamed once, which is all one right-hand side
     * allows (packing would only add traffic).
     */
    abstract void substitute(boolean lower, boolean transT, boolean unit, int m,
            MemorySegment t, long tOff, int ldt, MemorySegment x, long xOff);

    /**
     * {@link Gemm#luSolve}, arguments checked. Here the two substitutions of {@link #substitute},
     * dividing by the pivots; a width may override it with a blocked form that multiplies by
     * {@code pivotInverses} and reads the rows up to a multiple of its lanes (within ld).
     */
    void luSolve(int n, MemorySegment t, long tOff, int ldt, double[] pivotInverses, MemorySegment x, long xOff) {
        substitute(true, false, true, n, t, tOff, ldt, x, xOff);
        substitute(false, false, false, n, t, tOff, ldt, x, xOff);
    }

    /** For each lane p, −1 in the lanes below p ({@code below}) or above it, 0 elsewhere, at [p·v]. */
    static double[] strictPart(int v, boolean below) {
        double[] out = new double[v * v];
        for (int p = 0; p < v; p++) {
            for (int i = 0; i < v; i++) out[p * v + i] = (below ? i > p : i < p) ? -1.0 : 0.0;
        }
        return out;
    }

    /** {@link dev.pullback.kernel.Gemm#factorPanel}, arguments checked, on a heap copy in {@code work} (m·w doubles). */
    abstract int factorPanel(int m, int w, MemorySegment a, long off, int lda, int[] ipiv, int pivOff, double[] work);

    /** {@link Gemm#panelUpdate}, arguments checked; {@code u} holds at least 12·{@value Gemm#PANEL} doubles of scratch. */
    abstract void panelUpdate(int m, int cols, MemorySegment a, long panel, int lda, int[] ipiv, int pivOff, double[] u);

    /**
     * {@link Gemm#copyPadded}, arguments checked: here the scalar twin's
     * {@link ScalarGemm#copyPaddedColumns}; a width may override it with vector loops.
     */
    boolean copyPadded(int m, int n, MemorySegment src, long srcOff, int lds, MemorySegment dst, long dstOff, int ldd) {
        return ScalarGemm.copyPaddedColumns(m, n, src, srcOff, lds, dst, dstOff, ldd);
    }

    /** {@link Gemm#absColumnSums}, arguments checked. */
    abstract void absColumnSums(int m, int n, MemorySegment a, long off, int lda, double[] sums);

    /** For each lane p, the shuffle that copies lane p to every lane. */
    @SuppressWarnings("unchecked")
    static VectorShuffle<Double>[] laneBroadcasts(VectorSpecies<Double> s) {
        int v = s.length();
        VectorShuffle<Double>[] out = new VectorShuffle[v];
        int[] idx = new int[v];
        for (int p = 0; p < v; p++) {
            java.util.Arrays.fill(idx, p);
            out[p] = VectorShuffle.fromArray(s, idx, 0);
        }
        return out;
    }

    // ---- the scalar parts of the four-column substitutions, the same for every species ----

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    /**
     * The 4×4 triangle of the columns c0, c0+step, c0+2·step, c0+3·step of T (elimination order,
     * column c at {@code t0 + (c − c0)/step · sl}): each xᵢ solved, divided by its diagonal unless
     * unit, and the later ones updated, in column order; the four results stay in x.
     */
    static void fourPivots(boolean unit, MemorySegment t, long t0, long sl, int c0, int step, MemorySegment x, long xOff) {
        int c1 = c0 + step, c2 = c1 + step, c3 = c2 + step;
        long t1 = t0 + sl, t2 = t1 + sl, t3 = t2 + sl;
        double x0 = pivot(unit, t, t0 + c0, x, xOff + c0, x.getAtIndex(D, xOff + c0));
        double x1 = pivot(unit, t, t1 + c1, x, xOff + c1, Math.fma(-x0, t.getAtIndex(D, t0 + c1), x.getAtIndex(D, xOff + c1)));
        double x2 = pivot(unit, t, t2 + c2, x, xOff + c2, Math.fma(-x1, t.getAtIndex(D, t1 + c2),
                Math.fma(-x0, t.getAtIndex(D, t0 + c2), x.getAtIndex(D, xOff + c2))));
        pivot(unit, t, t3 + c3, x, xOff + c3, Math.fma(-x2, t.getAtIndex(D, t2 + c3), Math.fma(-x1,
                t.getAtIndex(D, t1 + c3), Math.fma(-x0, t.getAtIndex(D, t0 + c3), x.getAtIndex(D, xOff + c3)))));
    }

    /**
     * Rows from + i … from + len − 1 of x(rest) −= T(rest, c0..c3)·x(c0..c3) in scalar code (what the
     * vector loop leaves), each row's four fused multiply-adds in column order.
     */
    static void fourColumnRows(int i, int len, int from, MemorySegment t, long t0, long sl, double x0, double x1,
            double x2, double x3, MemorySegment x, long xOff) {
        long t1 = t0 + sl, t2 = t1 + sl, t3 = t2 + sl;
        for (; i < len; i++) {
            long xi = xOff + from + i, r = from + i;
            double y = Math.fma(-x0, t.getAtIndex(D, t0 + r), x.getAtIndex(D, xi));
            y = Math.fma(-x1, t.getAtIndex(D, t1 + r), y);
            y = Math.fma(-x2, t.getAtIndex(D, t2 + r), y);
            x.setAtIndex(D, xi, Math.fma(-x3, t.getAtIndex(D, t3 + r), y));
        }
    }

    /**
     * The transposed form's end: the four dots d0..d3 over rows from … from + i − 1 are completed over
     * the rows the vector loop left (up to from + len), then the 4×4 triangle of Tᵀ solved in scalar
     * code, each xᵢ = (xᵢ − dᵢ − the earlier three's terms) / tᵢᵢ, stored in x.
     */
    static void finishFourDots(boolean unit, MemorySegment t, long t0, long sl, int c0, int step, int i, int len,
            int from, double d0, double d1, double d2, double d3, MemorySegment x, long xOff) {
        int c1 = c0 + step, c2 = c1 + step, c3 = c2 + step;
        long t1 = t0 + sl, t2 = t1 + sl, t3 = t2 + sl;
        for (; i < len; i++) {
            long r = from + i;
            double y = x.getAtIndex(D, xOff + r);
            d0 = Math.fma(t.getAtIndex(D, t0 + r), y, d0);
            d1 = Math.fma(t.getAtIndex(D, t1 + r), y, d1);
            d2 = Math.fma(t.getAtIndex(D, t2 + r), y, d2);
            d3 = Math.fma(t.getAtIndex(D, t3 + r), y, d3);
        }
        double x0 = pivot(unit, t, t0 + c0, x, xOff + c0, x.getAtIndex(D, xOff + c0) - d0);
        d1 = Math.fma(t.getAtIndex(D, t1 + c0), x0, d1);
        double x1 = pivot(unit, t, t1 + c1, x, xOff + c1, x.getAtIndex(D, xOff + c1) - d1);
        d2 = Math.fma(t.getAtIndex(D, t2 + c1), x1, Math.fma(t.getAtIndex(D, t2 + c0), x0, d2));
        double x2 = pivot(unit, t, t2 + c2, x, xOff + c2, x.getAtIndex(D, xOff + c2) - d2);
        d3 = Math.fma(t.getAtIndex(D, t3 + c2), x2, Math.fma(t.getAtIndex(D, t3 + c1), x1,
                Math.fma(t.getAtIndex(D, t3 + c0), x0, d3)));
        pivot(unit, t, t3 + c3, x, xOff + c3, x.getAtIndex(D, xOff + c3) - d3);
    }

    /**
     * Rows i … m − 1 below the panel of {@link Gemm#panelUpdate} in scalar code (what the vector loop
     * leaves), for the column at element {@code col}: each entry's eight fused multiply-adds in
     * panel-column order, as the vector loop and the scalar twin apply them.
     */
    static void panelUpdateRows(int i, int m, MemorySegment a, long lower, int lda, long col) {
        for (; i < m; i++) {
            long ci = col + Gemm.PANEL + i, li = lower + i;
            double y = a.getAtIndex(D, ci);
            for (int p = 0; p < Gemm.PANEL; p++) y = Math.fma(-a.getAtIndex(D, col + p), a.getAtIndex(D, li + (long) p * lda), y);
            a.setAtIndex(D, ci, y);
        }
    }

    /** {@code value} as xₚ, divided by tₚₚ unless the diagonal is unit, stored at x(at) and returned. */
    private static double pivot(boolean unit, MemorySegment t, long diagonal, MemorySegment x, long at, double value) {
        double v = unit ? value : value / t.getAtIndex(D, diagonal);
        x.setAtIndex(D, at, v);
        return v;
    }
}

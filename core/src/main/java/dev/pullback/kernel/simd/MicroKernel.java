package dev.pullback.kernel.simd;

import dev.pullback.kernel.gemm.Gemm;

import java.lang.foreign.MemorySegment;
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

    /**
     * C ← α·A·B + β·C for one packed mc×kc block of A and one packed kc×nc slab of B, tile by tile:
     * each MR×NR product goes to {@code tile} and is then merged into C (vectors for a full tile,
     * scalars for a ragged edge). β = 0 does not read C.
     */
    abstract void sweep(int mc, int nc, int kc, double[] ap, double[] bp, double alpha, double beta,
            MemorySegment c, long cOff, int ldc, double[] tile);

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

    /** {@link dev.pullback.kernel.Gemm#factorPanel}, arguments checked, on a heap copy in {@code work} (m·w doubles). */
    abstract int factorPanel(int m, int w, MemorySegment a, long off, int lda, int[] ipiv, int pivOff, double[] work);

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
}

package dev.pullback.kernel.simd;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The innermost GEMM and TRSM loops for one vector width. One subclass per width because the Vector
 * API compiles to machine vectors only when the species is a compile-time constant (a
 * {@code static final}); a species held in an instance field runs about 100× slower.
 *
 * <p>Packed operands (see {@link SimdGemm}): an A micro-panel holds MR rows × kc, column p at
 * {@code ap[ai + p·MR ...]}; a B micro-panel holds kc × NR, row p at {@code bp[bi + p·NR ...]}.
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
     * tile ← Σₚ A(:, p)·B(p, :) for one A and one B micro-panel: the MR×NR tile, column-major. The
     * accumulators go to the tile buffer rather than straight into C so that this method stays
     * small enough for C2 to inline every vector operation in it (with the C update inlined too, the
     * inlining budget ran out and the accumulators were boxed: 2.3 KB allocated per tile).
     */
    abstract void multiply(int kc, double[] ap, int ai, double[] bp, int bi, double[] tile);

    /** C ← α·tile + β·C for a full MR×NR tile at element {@code cOff} of c; β = 0 does not read C. */
    abstract void merge(double[] tile, double alpha, double beta, MemorySegment c, long cOff, int ldc);

    /**
     * Solves a unit triangular block of s ≤ lanes() rows for n columns of X, one column per vector:
     * x ← D⁻¹x when {@code scale} (D in {@code tri[V·V ...]}, padded with ones), then for each pivot p
     * (ascending when {@code forward}, else descending) x ← x + tri(:, p)·xₚ, where
     * {@code tri[p·V + i]} holds −(D⁻¹T)ᵢₚ on the strict triangle and zero elsewhere.
     */
    abstract void triangularBlock(boolean forward, boolean scale, int s, double[] tri,
            MemorySegment x, long xOff, int ldx, int n);

    /** As {@link #merge} for the top-left rows×cols corner of the tile only (a ragged edge of C). */
    abstract void mergeEdge(double[] tile, int rows, int cols, double alpha, double beta, MemorySegment c, long cOff, int ldc);

    /**
     * Packs rows ≤ MR consecutive rows of kc columns, starting at element {@code off} of a (column
     * stride lda), into one A micro-panel at {@code ap[dst ...]}: column p at {@code dst + p·MR},
     * rows past {@code rows} zero.
     */
    abstract void packColumns(MemorySegment a, long off, int lda, int kc, int rows, double[] ap, int dst);

    /** y(0:len) ← αx(0:len) + y(0:len), at element offsets. */
    abstract void axpy(int len, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff);

    /** Σ x(i)·y(i) over len elements at element offsets. */
    abstract double dot(int len, MemorySegment x, long xOff, MemorySegment y, long yOff);

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

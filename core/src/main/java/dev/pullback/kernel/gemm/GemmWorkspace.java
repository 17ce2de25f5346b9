package dev.pullback.kernel.gemm;

/**
 * Scratch space of the {@link Gemm} kernels: the packed panels of A and B, a micro-tile for the
 * ragged edges of C and a small triangle for TRSM. Grow-only: a buffer is reallocated only when a
 * call needs more than it holds, so after the first call of a given size no call allocates.
 *
 * <p>The buffers are heap arrays on purpose: the Vector API loads from a {@code double[]} with one
 * hoisted range check and no liveness check, the cheapest access there is, and packed panels are
 * private to one call. One workspace serves one thread at a time; it is not thread-safe.
 */
public final class GemmWorkspace {
    private static final double[] EMPTY = new double[0];

    private double[] a = EMPTY;
    private double[] b = EMPTY;
    private double[] tile = EMPTY;
    private double[] triangle = EMPTY;
    private double[] block = EMPTY;
    private java.lang.foreign.MemorySegment blockSegment = java.lang.foreign.MemorySegment.ofArray(EMPTY);

    /** The buffer for packed panels of A (and for the panel factorization's heap copy), at least {@code length} long. */
    public double[] packA(int length) {
        if (a.length < length) a = new double[length];
        return a;
    }

    /** The buffer for packed panels of B, at least {@code length} long. */
    public double[] packB(int length) {
        if (b.length < length) b = new double[length];
        return b;
    }

    /** The buffer for one micro-tile of C, at least {@code length} long. */
    public double[] tile(int length) {
        if (tile.length < length) tile = new double[length];
        return tile;
    }

    /** The buffer for a small copied triangle, at least {@code length} long. */
    public double[] triangle(int length) {
        if (triangle.length < length) triangle = new double[length];
        return triangle;
    }

    /**
     * A heap block for a kernel's intermediate product (SYRK's diagonal blocks, POTRF's transposed
     * panel), at least {@code length} doubles, as a segment over the array (kept with it, so that a
     * call allocates no segment either).
     */
    public java.lang.foreign.MemorySegment block(int length) {
        if (block.length < length) {
            block = new double[length];
            blockSegment = java.lang.foreign.MemorySegment.ofArray(block);
        }
        return blockSegment;
    }

    /** Doubles currently held, for tests and for sizing. */
    public long capacity() {
        return (long) a.length + b.length + tile.length + triangle.length + block.length;
    }
}

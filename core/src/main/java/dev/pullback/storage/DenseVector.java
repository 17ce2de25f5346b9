package dev.pullback.storage;

import dev.pullback.internal.Checks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A vector of doubles held in one {@link MemorySegment}: either off-heap (64-byte aligned, owned by
 * this vector or by a caller's arena) or a view of a heap {@code double[]}.
 *
 * <p>Why both: the Vector API can gather and scatter only through heap arrays (see PLATFORM.md), so
 * a vector that a kernel indexes through a sparse pattern (the x of y = Aᵀx, the u and v of
 * uᵀAv) is fastest on the heap; a vector that is only streamed is as fast either way.
 * {@link #heapArray()} tells a kernel which case it has. Closing an off-heap vector that owns its
 * memory frees it; any later access is an {@link IllegalStateException}.
 */
public final class DenseVector implements AutoCloseable {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final MemorySegment segment;
    private final int length;
    private final double[] heap;
    private final Arena owned;

    private DenseVector(MemorySegment segment, int length, double[] heap, Arena owned) {
        this.segment = segment;
        this.length = length;
        this.heap = heap;
        this.owned = owned;
    }

    /** A zero vector of length n in off-heap memory that this vector owns; {@link MemoryLimit} applies. */
    public static DenseVector offHeap(int n) {
        checkLength(n);
        Arena arena = NativeMemory.openArena();
        return new DenseVector(NativeMemory.doubles(arena, n), n, null, arena);
    }

    /** A zero vector of length n in off-heap memory of the caller's arena; {@link MemoryLimit} applies. */
    public static DenseVector offHeap(Arena arena, int n) {
        checkLength(n);
        return new DenseVector(NativeMemory.doubles(arena, n), n, null, null);
    }

    /** A zero vector of length n backed by a new heap array; {@link MemoryLimit} applies. */
    public static DenseVector heap(int n) {
        checkLength(n);
        return wrap(new double[n]);
    }

    private static void checkLength(int n) {
        Checks.nonNegative("vector length", n);
        if (!MemoryLimit.allows((long) n * Double.BYTES)) {
            MemoryLimit.check("a vector of length " + n, (long) n * Double.BYTES);
        }
    }

    /**
     * A view of the caller's array, without copying: the vector reads and writes {@code values}
     * itself, so a write through either shows on the other, and {@link #heapArray()} returns that
     * same array. The array stays alive while either is reachable; {@link #close()} does nothing.
     */
    public static DenseVector wrap(double[] values) {
        return new DenseVector(MemorySegment.ofArray(values), values.length, values, null);
    }

    /** A heap vector holding a copy of the given values. */
    public static DenseVector of(double... values) {
        return wrap(values.clone());
    }

    /**
     * A view of an existing segment of doubles (for example a mapped file or Chronicle Bytes) that
     * this vector does not own. Its length is {@code segment.byteSize() / 8}.
     */
    public static DenseVector view(MemorySegment segment) {
        long n = segment.byteSize() / Double.BYTES;
        if (segment.byteSize() % Double.BYTES != 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment of " + segment.byteSize()
                    + " bytes is not a whole number of doubles below 2^31");
        }
        double[] heap = segment.heapBase().orElse(null) instanceof double[] a
                && a.length == n && segment.address() == 0 ? a : null;
        return new DenseVector(segment, (int) n, heap, null);
    }

    /** The index of the first NaN or infinite entry, or −1 when every entry is finite. */
    public int firstNonFinite() {
        return Checks.firstNonFinite(this);
    }

    public int length() {
        return length;
    }

    /** The segment holding the values: {@code length()} doubles, native byte order. */
    public MemorySegment segment() {
        return segment;
    }

    /** The backing heap array when this vector is a whole-array heap view, else null. */
    public double[] heapArray() {
        return heap;
    }

    public boolean isOffHeap() {
        return segment.isNative() || segment.isMapped();
    }

    public double get(int i) {
        Checks.index("vector index", i, length);
        return segment.getAtIndex(D, i);
    }

    public void set(int i, double v) {
        Checks.index("vector index", i, length);
        segment.setAtIndex(D, i, v);
    }

    public void fill(double v) {
        for (int i = 0; i < length; i++) segment.setAtIndex(D, i, v);
    }

    /** Sets every entry to zero; allocates nothing. */
    public void zero() {
        segment.fill((byte) 0);
    }

    /** Copies {@code other} into this vector; the lengths must agree. */
    public void copyFrom(DenseVector other) {
        Checks.sameLength("copyFrom", length, other.length);
        MemorySegment.copy(other.segment, 0, segment, 0, (long) length * Double.BYTES);
    }

    /** Copies the values of {@code src} into this vector. */
    public void copyFrom(double[] src) {
        Checks.sameLength("copyFrom", length, src.length);
        MemorySegment.copy(src, 0, segment, D, 0, length);
    }

    /** A new heap array holding these values. */
    public double[] toArray() {
        double[] a = new double[length];
        MemorySegment.copy(segment, D, 0, a, 0, length);
        return a;
    }

    @Override
    public void close() {
        if (owned != null) owned.close();
    }

    @Override
    public String toString() {
        return length <= 16 ? "DenseVector" + Arrays.toString(toArray()) : "DenseVector[n=" + length + "]";
    }
}

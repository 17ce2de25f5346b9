package dev.pullback.chronicle;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import net.openhft.chronicle.bytes.BytesStore;

/**
 * Pullback matrices and vectors over Chronicle Bytes, without copying.
 *
 * <p>Which memory can be viewed: direct memory whose address cannot change while the view is open:
 * {@code Bytes.allocateDirect(n)} (fixed capacity), {@code BytesStore.nativeStoreWithFixedCapacity},
 * {@code MappedBytes.singleMappedBytes(file, size)} (one contiguous mapping), a wrapped direct
 * {@code ByteBuffer}. Refused with an {@link IllegalArgumentException} that says why: on-heap Bytes
 * (the GC moves them), elastic Bytes ({@code allocateElasticDirect}, {@code allocateElasticOnHeap}:
 * they reallocate when they grow) and chunked {@code MappedBytes.mappedBytes} (one chunk mapped at a
 * time). For those, copy with {@link MatrixCodec}. The test is on capacities, not on
 * {@code isElastic()}: in Chronicle 2026.4 {@code Bytes.allocateDirect(n)} reports itself elastic,
 * yet its {@code realCapacity()} already equals its {@code capacity()}, so it can never grow.
 *
 * <p>Offsets are in the handle's own coordinates (the ones {@code readInt(offset)} and
 * {@code addressForRead(offset)} take; from {@code start()}, usually 0). The region must lie inside
 * the memory that exists ({@code [start(), start() + realCapacity())}), the doubles must be 8-byte
 * and the ints 4-byte aligned in memory, or the call is refused: Pullback reads with aligned
 * layouts, and a misaligned access would fail at its first read. {@code Bytes.allocateDirect} memory
 * is at least 16-byte aligned and a mapping is page aligned, so any offset that is a multiple of 8
 * works for them.
 *
 * <p>Data are in the platform's byte order, as Chronicle's own {@code writeDouble} writes them. Making a view is O(1) for dense matrices and vectors; a CSC view validates its pattern
 * (O(nnz + cols) reads, no copy). Lifetimes: see {@link BytesView}.
 */
public final class ChronicleViews {
    private ChronicleViews() {}

    /** {@code length} raw bytes at {@code offset}, as a segment. */
    public static BytesView<MemorySegment> region(BytesStore<?, ?> bytes, long offset, long length) {
        Pin pin = Pin.open(bytes, offset, length, 1, true);
        return new BytesView<>(pin, pin.segment());
    }

    /** Bytes a column-major rows×cols matrix with leading dimension ld occupies: 8·(ld·(cols−1) + rows), 0 if it has no entries. */
    public static long denseBytes(int rows, int cols, int ld) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape must be non-negative, got " + rows + "x" + cols);
        }
        if (ld < Math.max(rows, 1)) throw new IllegalArgumentException("leading dimension " + ld + " < rows " + rows);
        return rows == 0 || cols == 0 ? 0 : ((long) ld * (cols - 1) + rows) * Double.BYTES;
    }

    /**
     * Bytes of the packed CSC layout {@link #csc} reads: nnz doubles (values), then cols+1 ints
     * (colPtr), then nnz ints (rowIdx): 12·nnz + 4·(cols+1).
     */
    public static long cscBytes(int cols, long nnz) {
        if (cols < 0 || nnz < 0) throw new IllegalArgumentException("negative cols " + cols + " or nnz " + nnz);
        return nnz * (Double.BYTES + Integer.BYTES) + (cols + 1L) * Integer.BYTES;
    }

    /** A rows×cols column-major matrix at {@code offset}, leading dimension {@code max(rows, 1)}. */
    public static BytesView<DenseMatrix> dense(BytesStore<?, ?> bytes, long offset, int rows, int cols) {
        return dense(bytes, offset, rows, cols, Math.max(rows, 1));
    }

    /**
     * A rows×cols column-major matrix at {@code offset} with leading dimension {@code ld}: entry (i, j)
     * is the double at {@code offset + 8·(i + j·ld)}. The region must hold {@link #denseBytes} bytes.
     */
    public static BytesView<DenseMatrix> dense(BytesStore<?, ?> bytes, long offset, int rows, int cols, int ld) {
        long size = denseBytes(rows, cols, ld);
        Pin pin = Pin.open(bytes, offset, size, Double.BYTES, true);
        try {
            return new BytesView<>(pin, DenseMatrix.view(pin.segment(), rows, cols, ld));
        } catch (RuntimeException | Error e) {
            pin.close();
            throw e;
        }
    }

    /** A vector of n doubles at {@code offset} (8·n bytes). */
    public static BytesView<DenseVector> vector(BytesStore<?, ?> bytes, long offset, int n) {
        if (n < 0) throw new IllegalArgumentException("vector length must be >= 0, got " + n);
        Pin pin = Pin.open(bytes, offset, (long) n * Double.BYTES, Double.BYTES, true);
        return new BytesView<>(pin, DenseVector.view(pin.segment()));
    }

    /**
     * A rows×cols CSC matrix with nnz stored entries in the packed layout at {@code offset}: values
     * (nnz doubles), colPtr (cols+1 ints), rowIdx (nnz ints), {@link #cscBytes} bytes in all. The
     * pattern is validated as {@link CscPattern#view} does, and colPtr[cols] must equal nnz.
     */
    public static BytesView<CscMatrix> csc(BytesStore<?, ?> bytes, long offset, int rows, int cols, int nnz) {
        if (rows < 0 || cols < 0 || nnz < 0) {
            throw new IllegalArgumentException("CSC shape and nnz must be non-negative, got " + rows + "x" + cols
                    + " with nnz " + nnz);
        }
        Pin pin = Pin.open(bytes, offset, cscBytes(cols, nnz), Double.BYTES, true);
        try {
            return new BytesView<>(pin, packedCsc(pin.segment(), rows, cols, nnz));
        } catch (RuntimeException | Error e) {
            pin.close();
            throw e;
        }
    }

    /** Views the packed CSC layout in {@code s}; the caller has checked its size and alignment. */
    static CscMatrix packedCsc(MemorySegment s, int rows, int cols, int nnz) {
        long valuesBytes = (long) nnz * Double.BYTES;
        long colPtrBytes = (cols + 1L) * Integer.BYTES;
        MemorySegment values = s.asSlice(0, valuesBytes);
        MemorySegment colPtr = s.asSlice(valuesBytes, colPtrBytes);
        MemorySegment rowIdx = s.asSlice(valuesBytes + colPtrBytes, (long) nnz * Integer.BYTES);
        int last = colPtr.getAtIndex(ValueLayout.JAVA_INT, cols);
        if (last != nnz) {
            throw new IllegalArgumentException("colPtr[" + cols + "] = " + last + " but the layout holds nnz = " + nnz);
        }
        CscPattern pattern = CscPattern.view(rows, cols, colPtr, rowIdx);
        return CscMatrix.view(pattern, values);
    }
}

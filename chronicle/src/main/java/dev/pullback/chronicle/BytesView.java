package dev.pullback.chronicle;

import java.lang.foreign.MemorySegment;

/**
 * A Pullback object (a {@link dev.pullback.storage.DenseMatrix}, {@link dev.pullback.storage.CscMatrix},
 * {@link dev.pullback.storage.DenseVector} or a raw {@link MemorySegment}) whose memory is a region
 * of Chronicle Bytes, shared without copying: a write through either side is seen by the other.
 *
 * <p>Lifetime. The view owns an arena (counted by {@link dev.pullback.storage.NativeMemory}) and a
 * reservation on the Chronicle store behind the Bytes. It ends at whichever comes first:
 * <ul>
 *   <li>{@link #close()}: the arena closes, then the reservation is released (if it was the last one,
 *       Chronicle frees or unmaps the memory then);</li>
 *   <li>the Bytes it was made from are released by their owner ({@code releaseLast()}): the view
 *       closes itself, before Chronicle frees the memory. Its {@code close()} is then a no-op, still
 *       to be called (it is harmless).</li>
 * </ul>
 * After either, {@link #get()} and every access through the Pullback object throw
 * {@link IllegalStateException}; freed memory is never read. The Pullback object itself must not be
 * closed to end the view (its {@code close()} does nothing, as for any view): close this.
 *
 * <p>Writes made through Chronicle are not seen by the matrices' version counters: call
 * {@code markModified()} after changing values behind a matrix's back. Views of a read-only mapping
 * (and of a bare {@code MappedBytesStore}, which does not say how its file was mapped) are read-only:
 * writing through them throws the FFM API's {@link IllegalArgumentException} ("Attempt to write a
 * read-only segment"), never a crash.
 *
 * <p>Thread safety: reads and writes follow the usual rules for shared memory. Closing (or the
 * release) may happen in any thread; a read racing with it fails with IllegalStateException.
 *
 * @param <T> the Pullback type seen through this view
 */
public final class BytesView<T> implements AutoCloseable {
    private final Pin pin;
    private final T content;
    private final MemorySegment segment;

    BytesView(Pin pin, T content) {
        this(pin, content, pin.segment());
    }

    BytesView(Pin pin, T content, MemorySegment segment) {
        this.pin = pin;
        this.content = content;
        this.segment = segment;
    }

    /**
     * The Pullback object over the Chronicle memory.
     *
     * @throws IllegalStateException if the view was closed or its Bytes were released
     */
    public T get() {
        Pin.Closed why = pin.closedBy();
        if (why != null) {
            throw new IllegalStateException("view over " + pin.handle().getClass().getSimpleName() + " is closed: "
                    + (why == Pin.Closed.BY_RELEASE ? "its Bytes were released" : "close() was called"));
        }
        return content;
    }

    /**
     * The viewed bytes as one segment: the whole region (values, colPtr and rowIdx of a CSC view), or
     * the whole record (header and payload) of a {@link MatrixCodec} view.
     */
    public MemorySegment segment() {
        return segment;
    }

    public boolean isOpen() {
        return pin.isOpen();
    }

    /** Whether the memory may not be written through this view (a read-only mapping). */
    public boolean isReadOnly() {
        return pin.segment().isReadOnly();
    }

    /** Ends the view: closes its arena, then releases its reservation on the Chronicle memory. Idempotent. */
    @Override
    public void close() {
        pin.close();
    }

    @Override
    public String toString() {
        return "BytesView[" + content.getClass().getSimpleName() + " over " + pin + "]";
    }
}

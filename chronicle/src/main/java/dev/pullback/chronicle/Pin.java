package dev.pullback.chronicle;

import dev.pullback.storage.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.core.io.ClosedIllegalStateException;
import net.openhft.chronicle.core.io.ReferenceOwner;

/**
 * A contiguous byte range of Chronicle memory, held in place and seen as a {@link MemorySegment}.
 *
 * <p>Why it is safe: the pin holds a reservation (a reference count) on the {@link BytesStore} that
 * owns the memory, so Chronicle cannot free or unmap it while the pin is open; the segment belongs to
 * an arena the pin owns, so once the pin closes every access through the segment is an
 * {@link IllegalStateException}. Closing does the two in that order (arena, then reservation), so
 * the memory is never freed while the segment can still reach it.
 *
 * <p>A watched pin (a view) comes from {@link NativeMemory#openArena()}, so the test suite's leak
 * check sees it, and it is registered with {@link ReleaseWatch}: when the user releases the handle it
 * was made from, the pin closes itself. A temporary pin (inside one codec call) uses a confined arena
 * and no watch.
 */
final class Pin implements ReferenceOwner, AutoCloseable {
    /** Why a pin is no longer open; null while it is. */
    enum Closed { BY_CLOSE, BY_RELEASE }

    private final Object handle;
    private final BytesStore<?, ?> store;
    private final Arena arena;
    private final MemorySegment segment;
    private final boolean watched;
    private final AtomicReference<Closed> closed = new AtomicReference<>();

    private Pin(Object handle, BytesStore<?, ?> store, Arena arena, MemorySegment segment, boolean watched) {
        this.handle = handle;
        this.store = store;
        this.arena = arena;
        this.segment = segment;
        this.watched = watched;
    }

    /**
     * Pins {@code [offset, offset + length)} of {@code bytes} (offsets in the handle's own coordinates,
     * the ones {@code addressForRead} takes). {@code alignment} is what the caller will store there:
     * 8 for doubles, 4 for ints, 1 for raw bytes.
     *
     * @throws IllegalArgumentException if the memory is on-heap, elastic, too small or misaligned
     * @throws IllegalStateException if {@code bytes} was already released
     */
    static Pin open(BytesStore<?, ?> bytes, long offset, long length, long alignment, boolean watched) {
        checkPinnable(bytes);
        if (length < 0) throw new IllegalArgumentException("negative region length " + length);
        long start = bytes.start();
        long end = start + bytes.realCapacity();
        if (offset < start || offset > end || length > end - offset) {
            throw new IllegalArgumentException("region [" + offset + ", " + (offset + length) + ") of " + length
                    + " bytes is outside " + describe(bytes) + ", which holds [" + start + ", " + end + ")");
        }
        // The setup reservation keeps the handle alive until the pin's own reservation and its watch
        // are in place; if the user released the handle meanwhile, the release of the setup
        // reservation is the last one, and the watch closes the pin at once.
        ReferenceOwner setup = ReferenceOwner.temporary("pullback-pin");
        try {
            bytes.reserve(setup);
        } catch (ClosedIllegalStateException e) {
            throw new IllegalStateException(describe(bytes) + " was already released: cannot view its memory", e);
        }
        Pin pin;
        try {
            pin = reserve(bytes, offset, length, alignment, watched);
        } finally {
            bytes.release(setup);
        }
        if (!pin.isOpen()) {
            throw new IllegalStateException(describe(bytes) + " was released while a view of it was being made");
        }
        return pin;
    }

    private static Pin reserve(BytesStore<?, ?> bytes, long offset, long length, long alignment, boolean watched) {
        BytesStore<?, ?> store = bytes instanceof Bytes<?> b ? b.bytesStore() : bytes;
        long address = bytes.addressForRead(offset);
        if (address % alignment != 0) {
            throw new IllegalArgumentException("offset " + offset + " of " + describe(bytes) + " is at address 0x"
                    + Long.toHexString(address) + ", not " + alignment + "-byte aligned (address % " + alignment
                    + " = " + address % alignment + "); " + (alignment == 8 ? "doubles" : "ints")
                    + " need that: choose an offset that makes the address a multiple of " + alignment);
        }
        Arena arena = watched ? NativeMemory.openArena() : Arena.ofConfined();
        Pin pin;
        try {
            MemorySegment seg = MemorySegment.ofAddress(address).reinterpret(length, arena, null);
            if (!isWritable(bytes, store)) seg = seg.asReadOnly();
            pin = new Pin(bytes, store, arena, seg, watched);
            store.reserve(pin);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
        if (watched) {
            try {
                ReleaseWatch.register(bytes, store == bytes, pin);
            } catch (RuntimeException | Error e) {
                pin.shut(Closed.BY_CLOSE);
                throw e;
            }
        }
        return pin;
    }

    /** Whether {@link #open} accepts this memory: direct, and not able to grow (and so move). */
    static boolean isPinnable(BytesStore<?, ?> bytes) {
        return bytes.isDirectMemory() && !(bytes instanceof Bytes<?> b && b.realCapacity() < b.capacity());
    }

    /** Refuses memory whose address is not fixed for the pin's lifetime. */
    static void checkPinnable(BytesStore<?, ?> bytes) {
        if (!bytes.isDirectMemory()) {
            throw new IllegalArgumentException(describe(bytes) + " is on-heap memory, which the garbage collector moves:"
                    + " there is no fixed address to view. Use Bytes.allocateDirect(n), a BytesStore.nativeStore"
                    + " or MappedBytes.singleMappedBytes, or copy with MatrixCodec.read*");
        }
        if (bytes instanceof Bytes<?> b && b.realCapacity() < b.capacity()) {
            String fix = bytes instanceof MappedBytes
                    ? "chunked MappedBytes map one chunk at a time; use MappedBytes.singleMappedBytes(file, size)"
                    : "use Bytes.allocateDirect(n), whose capacity is fixed";
            throw new IllegalArgumentException(describe(bytes) + " is elastic (" + b.realCapacity() + " bytes allocated,"
                    + " may grow to " + b.capacity() + "): its memory moves when it grows, so no view can stay valid; "
                    + fix);
        }
    }

    /**
     * Whether writes through the segment are safe. A read-only mapping would crash the JVM on a write,
     * so anything not known to be writable is viewed read-only.
     */
    private static boolean isWritable(BytesStore<?, ?> bytes, BytesStore<?, ?> store) {
        if (bytes instanceof MappedBytes mb) return !mb.isBackingFileReadOnly();
        if (store instanceof MappedBytesStore) return false; // a bare store does not say how its file was mapped
        return !(store.underlyingObject() instanceof ByteBuffer bb && bb.isReadOnly());
    }

    static String describe(BytesStore<?, ?> bytes) {
        return bytes.getClass().getSimpleName();
    }

    MemorySegment segment() {
        return segment;
    }

    boolean isOpen() {
        return closed.get() == null;
    }

    /** Null while open, else why it closed. */
    Closed closedBy() {
        return closed.get();
    }

    Object handle() {
        return handle;
    }

    /** Closes the arena, then gives the memory back to Chronicle. Idempotent. */
    @Override
    public void close() {
        if (watched) ReleaseWatch.unregister(this);
        shut(Closed.BY_CLOSE);
    }

    /** Called by the watch when the handle was released: the pin is already unregistered. */
    void closeBecauseReleased() {
        shut(Closed.BY_RELEASE);
    }

    private void shut(Closed why) {
        if (!closed.compareAndSet(null, why)) return;
        // A shared arena's close fails only while a segment is acquired (a downcall using it); then the
        // reservation stays, the memory stays valid, and a later close() finishes the job.
        try {
            arena.close();
        } catch (IllegalStateException e) {
            closed.set(null);
            throw e;
        }
        store.release(this);
    }

    @Override
    public String referenceName() {
        return "pullback-view-" + Integer.toHexString(System.identityHashCode(this));
    }

    @Override
    public String toString() {
        return "Pin[" + segment.byteSize() + " bytes of " + handle.getClass().getSimpleName()
                + (isOpen() ? "" : ", closed " + closed.get()) + "]";
    }
}

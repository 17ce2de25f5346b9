package dev.pullback.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Allocation of Pullback's off-heap memory, and the accounting that lets tests catch leaks.
 *
 * <p>Every arena that a Pullback object owns comes from {@link #openArena()} and is counted until
 * it is closed. {@link #liveArenas()} is what the leak-checking test extension compares before and
 * after each test. Segments are {@value #ALIGNMENT}-byte aligned, the width of one cache line and of
 * one 512-bit vector, so SIMD loads of whole vectors never straddle two lines.
 */
public final class NativeMemory {
    /** Alignment of every segment Pullback allocates, in bytes. */
    public static final long ALIGNMENT = 64;

    private static final AtomicLong LIVE_ARENAS = new AtomicLong();
    private static final AtomicLong LIVE_BYTES = new AtomicLong();

    private NativeMemory() {}

    /** Opens a shared arena that is counted as live until it is closed. */
    public static Arena openArena() {
        LIVE_ARENAS.incrementAndGet();
        return new CountedArena(Arena.ofShared());
    }

    /** Number of arenas opened by {@link #openArena()} and not yet closed. */
    public static long liveArenas() {
        return LIVE_ARENAS.get();
    }

    /** Bytes allocated in counted arenas that are still open. */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }

    /** Allocates {@code count} zeroed doubles, 64-byte aligned. */
    public static MemorySegment doubles(Arena arena, long count) {
        if (count < 0) throw new IllegalArgumentException("negative length " + count);
        return arena.allocate(Math.multiplyExact(count, Double.BYTES), ALIGNMENT);
    }

    /** Allocates {@code count} zeroed ints, 64-byte aligned. */
    public static MemorySegment ints(Arena arena, long count) {
        if (count < 0) throw new IllegalArgumentException("negative length " + count);
        return arena.allocate(Math.multiplyExact(count, Integer.BYTES), ALIGNMENT);
    }

    /** An arena that keeps the live counters true. */
    private static final class CountedArena implements Arena {
        private final Arena delegate;
        private final AtomicLong bytes = new AtomicLong();
        private boolean closed;

        CountedArena(Arena delegate) {
            this.delegate = delegate;
        }

        @Override
        public MemorySegment allocate(long byteSize, long byteAlignment) {
            MemorySegment s = delegate.allocate(byteSize, byteAlignment);
            bytes.addAndGet(byteSize);
            LIVE_BYTES.addAndGet(byteSize);
            return s;
        }

        @Override
        public MemorySegment.Scope scope() {
            return delegate.scope();
        }

        @Override
        public synchronized void close() {
            if (closed) return; // idempotent, as AutoCloseable users expect
            delegate.close();
            closed = true;
            LIVE_ARENAS.decrementAndGet();
            LIVE_BYTES.addAndGet(-bytes.get());
        }
    }
}

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
 * one 512-bit vector, so SIMD loads of whole vectors never straddle two lines. Arrays of doubles
 * of at least {@value #HUGE_PAGE_MIN} bytes go on transparent huge pages where the platform allows
 * it ({@link #hugePages()}): the factors that solves stream end to end.
 */
public final class NativeMemory {
    /** Alignment of every segment Pullback allocates, in bytes. */
    public static final long ALIGNMENT = 64;
    /**
     * Arrays of doubles from this many bytes (16 MiB) up are mapped for huge pages when
     * {@link #hugePages()}: the rounding up to whole 2 MiB pages then wastes at most an eighth.
     */
    public static final long HUGE_PAGE_MIN = 16L << 20;

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

    /**
     * Whether large arrays of doubles go on transparent huge pages in this JVM: Linux, THP not
     * "never", and native access enabled for Pullback's module ({@code --enable-native-access}, as in
     * jvm.config). Without it they are allocated through the arena like every other segment.
     */
    public static boolean hugePages() {
        return HugePageMemory.available();
    }

    /**
     * Allocates {@code count} zeroed doubles, 64-byte aligned; from {@value #HUGE_PAGE_MIN} bytes up
     * 2 MiB aligned on huge pages where {@link #hugePages()} (released when the arena closes).
     */
    public static MemorySegment doubles(Arena arena, long count) {
        if (count < 0) throw new IllegalArgumentException("negative length " + count);
        long bytes = Math.multiplyExact(count, Double.BYTES);
        if (bytes >= HUGE_PAGE_MIN && HugePageMemory.available()) {
            MemorySegment s = HugePageMemory.allocate(bytes, arena);
            if (s != null) {
                if (arena instanceof CountedArena counted) counted.count(bytes);
                return s;
            }
        }
        return arena.allocate(bytes, ALIGNMENT);
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
            count(byteSize);
            return s;
        }

        /** Counts bytes tied to this arena that it did not allocate itself (huge-page mappings). */
        void count(long byteSize) {
            bytes.addAndGet(byteSize);
            LIVE_BYTES.addAndGet(byteSize);
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

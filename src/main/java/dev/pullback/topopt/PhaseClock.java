package dev.pullback.topopt;

import java.lang.management.ManagementFactory;

/**
 * Wall time and heap allocation per {@link Phase}, measured on the calling thread: nanoseconds
 * from {@link System#nanoTime()} and bytes from {@code com.sun.management.ThreadMXBean
 * #getCurrentThreadAllocatedBytes()} (the JVM's per-thread TLAB counter; reading it allocates
 * nothing). Where the JVM does not count allocations the byte figures are -1. Accumulates until
 * {@link #reset()}; not thread-safe.
 */
public final class PhaseClock {
    private static final com.sun.management.ThreadMXBean THREADS = threadBean();

    private final long[] nanos = new long[Phase.values().length];
    private final long[] bytes = new long[Phase.values().length];
    private Phase running;
    private long startNanos;
    private long startBytes;

    /** Starts timing a phase; a phase already running is stopped first. */
    public void start(Phase phase) {
        if (running != null) stop();
        running = phase;
        startBytes = allocatedBytes();
        startNanos = System.nanoTime();
    }

    /** Stops the running phase and adds its time and allocation to its totals. */
    public void stop() {
        long t = System.nanoTime();
        long b = allocatedBytes();
        if (running == null) throw new IllegalStateException("PhaseClock.stop: no phase is running");
        nanos[running.ordinal()] += t - startNanos;
        bytes[running.ordinal()] += b < 0 ? 0 : b - startBytes;
        running = null;
    }

    public void reset() {
        java.util.Arrays.fill(nanos, 0);
        java.util.Arrays.fill(bytes, 0);
        running = null;
    }

    public long nanos(Phase p) {
        return nanos[p.ordinal()];
    }

    /** Heap bytes allocated by this thread during the phase, or -1 when the JVM does not count them. */
    public long bytes(Phase p) {
        return THREADS == null ? -1 : bytes[p.ordinal()];
    }

    /** Whether allocation is being measured. */
    public static boolean countsAllocation() {
        return THREADS != null;
    }

    private static long allocatedBytes() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            if (!t.isThreadAllocatedMemoryEnabled()) t.setThreadAllocatedMemoryEnabled(true);
            return t;
        }
        return null;
    }
}

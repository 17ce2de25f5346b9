package dev.pullback.topopt;

import java.lang.management.ManagementFactory;

/**
 * Wall time, CPU time and heap allocation per {@link Phase}, measured on the calling thread:
 * nanoseconds from {@link System#nanoTime()}, CPU nanoseconds of this thread and allocated bytes
 * from {@code com.sun.management.ThreadMXBean} ({@code getCurrentThreadCpuTime()},
 * {@code getCurrentThreadAllocatedBytes()}: the JVM's per-thread counters; reading them allocates
 * nothing). CPU time is what a shared, loaded machine cannot inflate (for single-threaded work).
 * Where the JVM counts neither, those figures are -1. Accumulates until {@link #reset()}; not
 * thread-safe.
 */
public final class PhaseClock {
    private static final com.sun.management.ThreadMXBean THREADS = threadBean();

    private final long[] nanos = new long[Phase.values().length];
    private final long[] bytes = new long[Phase.values().length];
    private final long[] cpu = new long[Phase.values().length];
    private Phase running;
    private long startNanos;
    private long startBytes;
    private long startCpu;

    /** Starts timing a phase; a phase already running is stopped first. */
    public void start(Phase phase) {
        if (running != null) stop();
        running = phase;
        startBytes = allocatedBytes();
        startCpu = cpuNanos();
        startNanos = System.nanoTime();
    }

    /** Stops the running phase and adds its time and allocation to its totals. */
    public void stop() {
        long t = System.nanoTime();
        long c = cpuNanos();
        long b = allocatedBytes();
        if (running == null) throw new IllegalStateException("PhaseClock.stop: no phase is running");
        nanos[running.ordinal()] += t - startNanos;
        bytes[running.ordinal()] += b < 0 ? 0 : b - startBytes;
        cpu[running.ordinal()] += c < 0 ? 0 : c - startCpu;
        running = null;
    }

    public void reset() {
        java.util.Arrays.fill(nanos, 0);
        java.util.Arrays.fill(bytes, 0);
        java.util.Arrays.fill(cpu, 0);
        running = null;
    }

    public long nanos(Phase p) {
        return nanos[p.ordinal()];
    }

    /** CPU time of this thread in the phase, or -1 when the JVM does not measure it. */
    public long cpuNanos(Phase p) {
        return THREADS == null ? -1 : cpu[p.ordinal()];
    }

    /** Heap bytes allocated by this thread during the phase, or -1 when the JVM does not count them. */
    public long bytes(Phase p) {
        return THREADS == null ? -1 : bytes[p.ordinal()];
    }

    /** Whether allocation is being measured. */
    public static boolean countsAllocation() {
        return THREADS != null;
    }

    private static long cpuNanos() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadCpuTime();
    }

    private static long allocatedBytes() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isCurrentThreadCpuTimeSupported()) {
            if (!t.isThreadAllocatedMemoryEnabled()) t.setThreadAllocatedMemoryEnabled(true);
            if (!t.isThreadCpuTimeEnabled()) t.setThreadCpuTimeEnabled(true);
            return t;
        }
        return null;
    }
}

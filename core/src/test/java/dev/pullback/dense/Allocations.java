package dev.pullback.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;

/** A functional check (not a measurement: JMH -prof gc is that) that steady-state code allocates nothing. */
public final class Allocations {
    private Allocations() {}

    /**
     * Runs {@code work} until five rounds in a row allocate 0 bytes on this thread, failing after 30 s.
     * Early rounds allocate while the code is interpreted (the Vector API boxes there), so the bound
     * is time rather than a round count: a loaded machine's compile queue can take seconds.
     */
    public static void assertSteadyStateAllocatesNothing(String what, Runnable work) {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + 30_000_000_000L;
        int zeroRounds = 0;
        long last = -1;
        while (zeroRounds < 5 && System.nanoTime() < deadline) {
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10; i++) work.run();
            last = bean.getCurrentThreadAllocatedBytes() - before;
            zeroRounds = last == 0 ? zeroRounds + 1 : 0;
        }
        assertEquals(5, zeroRounds, what + " still allocates " + last + " bytes per 10 rounds");
    }
}

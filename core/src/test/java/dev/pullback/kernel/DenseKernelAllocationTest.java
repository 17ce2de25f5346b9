package dev.pullback.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dense kernels whose SIMD loops run in blocks (gemv in both forms, iamax on a finite maximum
 * and on a NaN) allocate nothing in steady state, on a tall operand of 10^5 rows (many blocks and a
 * remainder) and six columns (a group of four and two single columns). A functional check, not a
 * measurement: a vector boxed in their C2 code (a mask chosen by a conditional, a vector live
 * across an uncommon trap) fails it.
 */
@Tag("allocation")
class DenseKernelAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private double sink;

    static Stream<Named<Kernels>> paths() {
        return KernelPaths.all();
    }

    @ParameterizedTest
    @MethodSource("paths")
    void steadyStateAllocatesNothing(Kernels k) {
        int m = 100_003, n = 6;
        SplittableRandom rnd = new SplittableRandom(41);
        MemorySegment a = MemorySegment.ofArray(KernelPaths.random(rnd, m * n));
        MemorySegment xn = MemorySegment.ofArray(KernelPaths.random(rnd, n)), ym = MemorySegment.ofArray(new double[m]);
        MemorySegment xm = MemorySegment.ofArray(KernelPaths.random(rnd, m)), yn = MemorySegment.ofArray(new double[n]);
        double[] withNaN = KernelPaths.random(rnd, m);
        withNaN[m - 17] = Double.NaN;
        MemorySegment nan = MemorySegment.ofArray(withNaN);
        Runnable work = () -> {
            k.gemv(false, m, n, 0.5, a, 0, m, xn, 0, 0.0, ym, 0);
            k.gemv(true, m, n, 0.5, a, 0, m, xm, 0, 0.0, yn, 0);
            sink += k.iamax(m, ym, 0) + k.iamax(m, nan, 0);
        };
        // until C2 has compiled the kernels (the interpreter and C1 box vectors); bounded by time
        long deadline = System.nanoTime() + 30_000_000_000L;
        int zeroRounds = 0;
        long last = -1;
        while (zeroRounds < 5 && System.nanoTime() < deadline) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            work.run();
            last = THREADS.getCurrentThreadAllocatedBytes() - before;
            zeroRounds = last == 0 ? zeroRounds + 1 : 0;
        }
        assertEquals(5, zeroRounds, k.name() + " still allocates " + last + " bytes per round");
    }
}

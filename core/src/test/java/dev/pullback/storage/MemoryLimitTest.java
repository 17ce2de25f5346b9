package dev.pullback.storage;

import dev.pullback.internal.Checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.dense.DenseLu;
import dev.pullback.testing.SystemProperty;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** pullback.maxBytes: its parsing and default, and the dense factories that check it before allocating. */
class MemoryLimitTest {
    @Test
    void theLimitIsTheMaximumHeapUnlessThePropertySaysOtherwise() {
        assertEquals(null, System.getProperty(MemoryLimit.PROPERTY), "the test run sets no limit");
        assertEquals(Runtime.getRuntime().maxMemory(), MemoryLimit.maxBytes());
        String[][] cases = {{"12345", "12345"}, {"1k", "1024"}, {" 3M ", "3145728"}, {"20g", "21474836480"},
            {"2T", "2199023255552"}, {"0", "0"}};
        for (String[] c : cases) {
            try (var p = SystemProperty.set(MemoryLimit.PROPERTY, c[0])) {
                assertEquals(Long.parseLong(c[1]), MemoryLimit.maxBytes(), c[0]);
            }
        }
        for (String bad : new String[] {"", "lots", "-1", "1.5g", "9223372036854775808", "10000000000t", "g"}) {
            try (var p = SystemProperty.set(MemoryLimit.PROPERTY, bad)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, MemoryLimit::maxBytes, bad);
                assertTrue(e.getMessage().contains(MemoryLimit.PROPERTY) && e.getMessage().contains("'" + bad + "'"),
                        e.getMessage());
            }
        }
    }

    /** Every dense factory refuses a request above the limit at once, and says how much and how to raise it. */
    @Test
    void denseFactoriesCheckTheLimitBeforeAllocating() {
        long arenas = NativeMemory.liveArenas();
        try (var p = SystemProperty.set(MemoryLimit.PROPERTY, "1m")) {
            // At the limit is allowed: 1 MiB = 128 x 1024 doubles.
            DenseMatrix.zeros(128, 1024).close();
            DenseVector.offHeap(1 << 17).close();
            assertRefused(() -> DenseMatrix.zeros(129, 1024), "a dense 129x1024 matrix", 129 * 1024 * 8L);
            assertRefused(() -> DenseMatrix.zeros(0, 131073), "a dense 0x131073 matrix", 131073 * 8L);
            try (Arena arena = Arena.ofConfined()) {
                assertRefused(() -> DenseMatrix.zeros(arena, 1000, 1000), "a dense 1000x1000 matrix", 8_000_000L);
                assertRefused(() -> DenseVector.offHeap(arena, 200_000), "a vector of length 200000", 1_600_000L);
            }
            assertRefused(() -> DenseVector.offHeap(200_000), "a vector of length 200000", 1_600_000L);
            assertRefused(() -> DenseVector.heap(200_000), "a vector of length 200000", 1_600_000L);
            // ld rounds 400 up to 400 (a multiple of 8): 400·400 + 400 doubles.
            assertRefused(() -> DenseLu.workspace(400), "the factors of a dense LU of order 400", (400L * 400 + 400) * 8);
            DenseMatrix a = DenseMatrix.view(MemorySegment.ofArray(new double[380 * 380]), 380, 380, 380);
            assertRefused(() -> DenseLu.factor(a), "the factors of a dense LU of order 380", (384L * 380 + 380) * 8);
        }
        assertEquals(arenas, NativeMemory.liveArenas(), "a refused request allocates nothing");
    }

    private static void assertRefused(Runnable r, String what, long bytes) {
        MemoryLimitException e = assertThrows(MemoryLimitException.class, r::run);
        assertEquals(bytes, e.bytes());
        assertEquals(1L << 20, e.limit());
        String m = e.getMessage();
        assertTrue(m.startsWith(what + " needs " + bytes + " bytes"), m);
        assertTrue(m.contains("-D" + MemoryLimit.PROPERTY + "="), m);
        assertTrue(m.contains("1048576 bytes (1.0 MiB)"), m);
    }

    @Test
    void finiteChecksNameTheFirstBadEntry() {
        try (DenseVector off = DenseVector.offHeap(5); DenseMatrix m = DenseMatrix.zeros(3, 2)) {
            DenseVector heap = DenseVector.heap(5);
            for (DenseVector v : new DenseVector[] {heap, off}) {
                assertEquals(-1, Checks.firstNonFinite(v));
                Checks.finite("solve", "b", v);
                v.set(3, Double.NEGATIVE_INFINITY);
                v.set(4, Double.NaN);
                assertEquals(3, Checks.firstNonFinite(v));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checks.finite("solve", "b", v));
                assertTrue(e.getMessage().startsWith("solve: b[3] is -Infinity"), e.getMessage());
                v.set(3, Double.MAX_VALUE);
                assertEquals(4, Checks.firstNonFinite(v));
            }
            Checks.finite("solve", "B", m);
            m.set(2, 1, Double.NaN);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checks.finite("solve", "B", m));
            assertTrue(e.getMessage().startsWith("solve: B(2, 1) is NaN"), e.getMessage());
        }
    }
}

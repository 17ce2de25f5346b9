package dev.pullback.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Large arrays of doubles on huge-page mappings: zeroed, aligned, counted, and gone with their arena. */
class HugePageMemoryTest {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    /** The test JVM runs with jvm.config (native access): on Linux with THP on, the mappings must be used. */
    @Test
    void hugePagesAreUsedWhereThePlatformAllowsThem() throws Exception {
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean expected = System.getProperty("os.name").startsWith("Linux")
                && NativeMemory.class.getModule().isNativeAccessEnabled()
                && Files.isReadable(thp) && !Files.readString(thp).contains("[never]");
        assertEquals(expected, NativeMemory.hugePages());
    }

    @Test
    void aLargeArrayIsZeroedAlignedCountedAndReleasedWithItsArena() {
        long count = NativeMemory.HUGE_PAGE_MIN / Double.BYTES + 3; // not a whole number of huge pages
        long bytesBefore = NativeMemory.liveBytes(), mappingsBefore = HugePageMemory.liveMappings();
        MemorySegment s;
        try (Arena arena = NativeMemory.openArena()) {
            s = NativeMemory.doubles(arena, count);
            assertEquals(count * Double.BYTES, s.byteSize());
            assertEquals(count * Double.BYTES, NativeMemory.liveBytes() - bytesBefore);
            if (NativeMemory.hugePages()) {
                assertEquals(0, s.address() % HugePageMemory.HUGE_PAGE, "2 MiB aligned");
                assertEquals(mappingsBefore + 1, HugePageMemory.liveMappings());
            } else {
                assertEquals(0, s.address() % NativeMemory.ALIGNMENT);
            }
            for (long i = 0; i < count; i += 509) assertEquals(0.0, s.getAtIndex(D, i), "zeroed at " + i);
            assertEquals(0.0, s.getAtIndex(D, count - 1));
            for (long i = 0; i < count; i += 7) s.setAtIndex(D, i, i);
            s.setAtIndex(D, count - 1, -1.0);
            for (long i = 0; i < count - 1; i += 7 * 97) assertEquals(i, s.getAtIndex(D, i));
            assertEquals(-1.0, s.getAtIndex(D, count - 1));
            assertThrows(IndexOutOfBoundsException.class, () -> s.getAtIndex(D, count));
        }
        assertEquals(bytesBefore, NativeMemory.liveBytes());
        assertEquals(mappingsBefore, HugePageMemory.liveMappings(), "unmapped when the arena closed");
        assertThrows(IllegalStateException.class, () -> s.getAtIndex(D, 0), "use after close");
    }

    /** A caller's own arena (not counted by Pullback) gets the same mapping and releases it on close. */
    @Test
    void aCallersConfinedArenaReleasesTheMappingToo() {
        long mappingsBefore = HugePageMemory.liveMappings();
        MemorySegment s;
        try (Arena arena = Arena.ofConfined()) {
            s = NativeMemory.doubles(arena, NativeMemory.HUGE_PAGE_MIN / Double.BYTES);
            s.setAtIndex(D, 12345, 2.5);
            assertEquals(2.5, s.getAtIndex(D, 12345));
            assertEquals(0.0, s.getAtIndex(D, 12346));
        }
        assertEquals(mappingsBefore, HugePageMemory.liveMappings());
        assertThrows(IllegalStateException.class, () -> s.getAtIndex(D, 0));
    }

    /** A closed arena is refused as the JDK's arenas refuse it, and nothing stays mapped. */
    @Test
    void aClosedArenaIsRefusedAndLeavesNothingMapped() {
        long mappingsBefore = HugePageMemory.liveMappings();
        Arena arena = Arena.ofConfined();
        arena.close();
        assertThrows(IllegalStateException.class, () -> NativeMemory.doubles(arena, NativeMemory.HUGE_PAGE_MIN / Double.BYTES));
        assertEquals(mappingsBefore, HugePageMemory.liveMappings());
    }

    @Test
    void smallArraysStayOnTheArena() {
        long mappingsBefore = HugePageMemory.liveMappings();
        try (Arena arena = NativeMemory.openArena()) {
            MemorySegment s = NativeMemory.doubles(arena, NativeMemory.HUGE_PAGE_MIN / Double.BYTES - 1);
            assertEquals(mappingsBefore, HugePageMemory.liveMappings());
            assertEquals(0, s.address() % NativeMemory.ALIGNMENT);
        }
    }

    @Test
    void badSizesAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> NativeMemory.doubles(arena, -1));
            assertThrows(ArithmeticException.class, () -> NativeMemory.doubles(arena, Long.MAX_VALUE / 4));
            if (NativeMemory.hugePages()) {
                assertThrows(IllegalArgumentException.class, () -> HugePageMemory.allocate(0, arena));
            } else {
                assertThrows(IllegalStateException.class, () -> HugePageMemory.allocate(1, arena));
            }
        }
    }
}

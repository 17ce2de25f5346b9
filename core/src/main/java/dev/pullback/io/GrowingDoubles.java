package dev.pullback.io;

import dev.pullback.storage.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An off-heap list of doubles that doubles its capacity as values arrive (each growth copies into a
 * new arena and frees the old one): what a reader holds before it trusts a file's declared size.
 */
final class GrowingDoubles implements AutoCloseable {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final long FIRST = 1 << 16;

    private Arena arena = NativeMemory.openArena();
    private MemorySegment values = NativeMemory.doubles(arena, FIRST);
    private long size;

    void add(double v) {
        if (size == values.byteSize() / Double.BYTES) grow();
        values.setAtIndex(D, size++, v);
    }

    double get(long k) {
        return values.getAtIndex(D, k);
    }

    long size() {
        return size;
    }

    private void grow() {
        Arena next = NativeMemory.openArena();
        try {
            MemorySegment bigger = NativeMemory.doubles(next, 2 * size);
            MemorySegment.copy(values, 0, bigger, 0, size * Double.BYTES);
            arena.close();
            arena = next;
            values = bigger;
        } catch (RuntimeException | Error e) {
            next.close();
            throw e;
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}

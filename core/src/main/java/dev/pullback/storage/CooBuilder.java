package dev.pullback.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Collects (row, column, value) triplets in any order and builds a {@link CscMatrix}.
 *
 * <p>Duplicates are summed. Explicit zeros (given, or produced by cancelling duplicates) are kept or
 * dropped by choice: keeping them matters when a pattern must hold positions whose value is zero
 * now but will not be later (a stiffness matrix at p = 0, a Jacobian at a special point).
 * Building is two stable counting sorts (by row, then by column), O(nnz + rows + cols); a
 * dimension far above the triplet count is sorted by comparison instead (O(nnz log nnz), no array of
 * that dimension besides the column pointers).
 */
public final class CooBuilder {
    /** What to do with entries whose (summed) value is exactly zero. */
    public enum Zeros { KEEP, DROP }

    private final int rows;
    private final int cols;
    private int[] ri;
    private int[] ci;
    private double[] v;
    private int size;

    /** An empty rows×cols builder that grows as triplets arrive. */
    public CooBuilder(int rows, int cols) {
        this(rows, cols, 16);
    }

    /**
     * An empty rows×cols builder with room for {@code expectedTriplets} before it grows (the
     * triplet count with duplicates, e.g. 64 per Q4 element): no copying while it fills.
     */
    public CooBuilder(int rows, int cols, int expectedTriplets) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape must be non-negative, got " + rows + "x" + cols);
        }
        if (expectedTriplets < 0 || expectedTriplets > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("expected triplet count must be in [0, 2^31-9], got " + expectedTriplets);
        }
        this.rows = rows;
        this.cols = cols;
        int cap = Math.max(1, expectedTriplets);
        ri = new int[cap];
        ci = new int[cap];
        v = new double[cap];
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Number of triplets added so far (duplicates counted separately). */
    public int size() {
        return size;
    }

    /** Adds value to entry (i, j); a repeated (i, j) is summed at build time. */
    public CooBuilder add(int i, int j, double value) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("entry (" + i + ", " + j + ") outside a " + rows + "x" + cols + " matrix");
        }
        if (size == ri.length) {
            if (size == Integer.MAX_VALUE - 8) throw new IllegalStateException("more than 2^31-9 triplets");
            int cap = (int) Math.min(Integer.MAX_VALUE - 8L, 2L * size);
            ri = Arrays.copyOf(ri, cap);
            ci = Arrays.copyOf(ci, cap);
            v = Arrays.copyOf(v, cap);
        }
        ri[size] = i;
        ci[size] = j;
        v[size] = value;
        size++;
        return this;
    }

    /** Builds the matrix; the builder may be reused afterwards (it keeps its triplets). */
    public CscMatrix build(Zeros zeros) {
        // Counting sort by row, then a stable counting sort by column: rows end up ascending per column.
        int[] byRow = countingOrder(ri, rows, null);
        int[] order = countingOrder(ci, cols, byRow);
        int[] colPtr = new int[cols + 1];
        int[] outRow = new int[size];
        double[] outVal = new double[size];
        int nnz = 0;
        int q = 0;
        for (int j = 0; j < cols; j++) {
            colPtr[j] = nnz;
            int colStartNnz = nnz;
            while (q < size && ci[order[q]] == j) {
                int t = order[q++];
                if (nnz > colStartNnz && outRow[nnz - 1] == ri[t]) {
                    outVal[nnz - 1] += v[t];
                } else {
                    outRow[nnz] = ri[t];
                    outVal[nnz] = v[t];
                    nnz++;
                }
            }
            if (zeros == Zeros.DROP) {
                int w = colStartNnz;
                for (int k = colStartNnz; k < nnz; k++) {
                    if (outVal[k] != 0.0) {
                        outRow[w] = outRow[k];
                        outVal[w] = outVal[k];
                        w++;
                    }
                }
                nnz = w;
            }
        }
        colPtr[cols] = nnz;
        Arena arena = NativeMemory.openArena();
        try {
            MemorySegment cp = NativeMemory.ints(arena, cols + 1L);
            MemorySegment rs = NativeMemory.ints(arena, nnz);
            MemorySegment.copy(colPtr, 0, cp, ValueLayout.JAVA_INT, 0, cols + 1);
            MemorySegment.copy(outRow, 0, rs, ValueLayout.JAVA_INT, 0, nnz);
            CscMatrix m = CscMatrix.owning(CscPattern.adopt(rows, cols, cp, rs, arena));
            MemorySegment.copy(outVal, 0, m.values(), ValueLayout.JAVA_DOUBLE, 0, nnz);
            return m;
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Stable sort of triplet numbers by key[t] in [0, range); visits {@code in} order (or 0..size-1).
     * A counting sort, unless the range dwarfs the triplet count: then a comparison sort, so that a
     * huge, nearly empty matrix (a file's size line claiming 2^31 rows) needs no array of its size.
     */
    private int[] countingOrder(int[] key, int range, int[] in) {
        if (range > 4L * size + 1024) {
            long[] keyed = new long[size]; // key in the high half, position in the low: ties keep their order
            for (int q = 0; q < size; q++) keyed[q] = (long) key[in == null ? q : in[q]] << 32 | q;
            Arrays.sort(keyed);
            int[] out = new int[size];
            for (int q = 0; q < size; q++) {
                int at = (int) keyed[q];
                out[q] = in == null ? at : in[at];
            }
            return out;
        }
        int[] start = new int[range + 1];
        for (int t = 0; t < size; t++) start[key[t] + 1]++;
        for (int r = 0; r < range; r++) start[r + 1] += start[r];
        int[] out = new int[size];
        for (int q = 0; q < size; q++) {
            int t = in == null ? q : in[q];
            out[start[key[t]]++] = t;
        }
        return out;
    }
}

package dev.pullback.storage;

import dev.pullback.internal.Checks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The structure of a compressed-sparse-column matrix: {@code colPtr} (cols+1 ints) and
 * {@code rowIdx} (nnz ints). Column j holds the stored entries at positions
 * {@code colPtr[j] .. colPtr[j+1]-1}, whose rows are strictly increasing.
 *
 * <p>A pattern is immutable and is a value of its own: K(p) at every p, A and its refactored
 * factors, and the matrices of a parametric family all share one. Limits: rows, cols and nnz are
 * below 2^31 (indices are 32-bit, which is also what keeps SpMV at 12 bytes per nonzero).
 *
 * <p>Construction validates everything: monotone colPtr starting at 0, rows in range, strictly
 * increasing within a column. The message names the column and position at fault.
 */
public final class CscPattern implements AutoCloseable {
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;

    private final int rows;
    private final int cols;
    private final int nnz;
    private final MemorySegment colPtr;
    private final MemorySegment rowIdx;
    private final Arena owned;
    private volatile int[] rowIdxMirror;
    private volatile int[] columnBlocks;
    private volatile int[] columnRuns;
    private volatile int emptyColumns = -1;

    /** Columns of at most this many entries are short: {@link #columnRuns()} groups them by count. */
    public static final int SHORT_COLUMN_MAX = 8;
    /** {@link #columnRuns()} is kept only when its runs average at least this many columns. */
    public static final int RUN_MIN_AVERAGE = 16;

    private CscPattern(int rows, int cols, int nnz, MemorySegment colPtr, MemorySegment rowIdx, Arena owned) {
        this.rows = rows;
        this.cols = cols;
        this.nnz = nnz;
        this.colPtr = colPtr;
        this.rowIdx = rowIdx;
        this.owned = owned;
    }

    /** Validates and copies heap arrays into off-heap memory that the pattern owns. */
    public static CscPattern of(int rows, int cols, int[] colPtr, int[] rowIdx) {
        checkShape(rows, cols);
        if (colPtr.length != cols + 1L) {
            throw new IllegalArgumentException("colPtr has length " + colPtr.length + ", expected cols+1 = " + (cols + 1L));
        }
        int nnz = colPtr[cols];
        if (nnz > rowIdx.length) {
            throw new IllegalArgumentException("colPtr[" + cols + "] = " + nnz + " exceeds rowIdx length " + rowIdx.length);
        }
        validate(rows, cols, MemorySegment.ofArray(colPtr), MemorySegment.ofArray(rowIdx));
        Arena arena = NativeMemory.openArena();
        MemorySegment cp = NativeMemory.ints(arena, cols + 1L);
        MemorySegment ri = NativeMemory.ints(arena, nnz);
        MemorySegment.copy(colPtr, 0, cp, I, 0, cols + 1);
        MemorySegment.copy(rowIdx, 0, ri, I, 0, nnz);
        return new CscPattern(rows, cols, nnz, cp, ri, arena);
    }

    /**
     * Validates and wraps caller-owned segments without copying (a mapped file, Chronicle Bytes).
     * The pattern does not own them; it is usable while their scope is alive.
     */
    public static CscPattern view(int rows, int cols, MemorySegment colPtr, MemorySegment rowIdx) {
        checkShape(rows, cols);
        if (colPtr.byteSize() < (cols + 1L) * Integer.BYTES) {
            throw new IllegalArgumentException("colPtr segment holds " + colPtr.byteSize() / Integer.BYTES
                    + " ints, expected cols+1 = " + (cols + 1L));
        }
        int nnz = validate(rows, cols, colPtr, rowIdx);
        return new CscPattern(rows, cols, nnz, colPtr.asSlice(0, (cols + 1L) * Integer.BYTES),
                rowIdx.asSlice(0, (long) nnz * Integer.BYTES), null);
    }

    /** Adopts already-validated segments in an arena this pattern will own (package builders only). */
    static CscPattern adopt(int rows, int cols, MemorySegment colPtr, MemorySegment rowIdx, Arena arena) {
        int nnz = colPtr.getAtIndex(I, cols);
        assert validate(rows, cols, colPtr, rowIdx) == nnz;
        return new CscPattern(rows, cols, nnz, colPtr, rowIdx.asSlice(0, (long) nnz * Integer.BYTES), arena);
    }

    private static int validate(int rows, int cols, MemorySegment colPtr, MemorySegment rowIdx) {
        if (colPtr.getAtIndex(I, 0) != 0) {
            throw new IllegalArgumentException("colPtr[0] must be 0, got " + colPtr.getAtIndex(I, 0));
        }
        long available = rowIdx.byteSize() / Integer.BYTES;
        for (int j = 0; j < cols; j++) {
            int start = colPtr.getAtIndex(I, j);
            int end = colPtr.getAtIndex(I, j + 1);
            if (end < start) {
                throw new IllegalArgumentException("colPtr is not monotone at column " + j
                        + ": colPtr[" + j + "] = " + start + " > colPtr[" + (j + 1) + "] = " + end);
            }
            if (end > available) {
                throw new IllegalArgumentException("colPtr[" + (j + 1) + "] = " + end
                        + " exceeds the " + available + " row indices given");
            }
            int prev = -1;
            for (int k = start; k < end; k++) {
                int i = rowIdx.getAtIndex(I, k);
                if (i < 0 || i >= rows) {
                    throw new IllegalArgumentException("row index " + i + " at position " + k + " (column " + j
                            + ") out of range [0, " + rows + ")");
                }
                if (i <= prev) {
                    throw new IllegalArgumentException("rows in column " + j + " are not strictly increasing: "
                            + prev + " then " + i + " at position " + k);
                }
                prev = i;
            }
        }
        return colPtr.getAtIndex(I, cols);
    }

    private static void checkShape(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape must be non-negative, got " + rows + "x" + cols);
        }
        if (cols == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cols must be below 2^31-1 (colPtr needs cols+1 entries)");
        }
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int nnz() {
        return nnz;
    }

    /** cols+1 ints. */
    public MemorySegment colPtr() {
        return colPtr;
    }

    /** nnz ints. */
    public MemorySegment rowIdx() {
        return rowIdx;
    }

    /** First position of column j. */
    public int colStart(int j) {
        return colPtr.getAtIndex(I, j);
    }

    /** One past the last position of column j. */
    public int colEnd(int j) {
        return colPtr.getAtIndex(I, j + 1);
    }

    /** Row of the entry stored at position k. */
    public int row(int k) {
        return rowIdx.getAtIndex(I, k);
    }

    /** Position of entry (i, j) in the pattern, or -1 when it is not stored. O(log nnz(column j)). */
    public int find(int i, int j) {
        Checks.index("row", i, rows);
        Checks.index("column", j, cols);
        int lo = colStart(j);
        int hi = colEnd(j) - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int r = row(mid);
            if (r < i) lo = mid + 1;
            else if (r > i) hi = mid - 1;
            else return mid;
        }
        return -1;
    }

    /** Number of stored entries in column j. */
    public int colCount(int j) {
        return colEnd(j) - colStart(j);
    }

    /** Whether both patterns describe the same structure (same shape, same colPtr and rowIdx). */
    public boolean sameStructure(CscPattern other) {
        if (other == this) return true;
        if (other.rows != rows || other.cols != cols || other.nnz != nnz) return false;
        return MemorySegment.mismatch(colPtr, 0, (cols + 1L) * Integer.BYTES,
                        other.colPtr, 0, (cols + 1L) * Integer.BYTES) == -1
                && MemorySegment.mismatch(rowIdx, 0, (long) nnz * Integer.BYTES,
                        other.rowIdx, 0, (long) nnz * Integer.BYTES) == -1;
    }

    /** A heap copy of colPtr. */
    public int[] colPtrArray() {
        int[] a = new int[cols + 1];
        MemorySegment.copy(colPtr, I, 0, a, 0, cols + 1);
        return a;
    }

    /** A heap copy of rowIdx. */
    public int[] rowIdxArray() {
        int[] a = new int[nnz];
        MemorySegment.copy(rowIdx, I, 0, a, 0, nnz);
        return a;
    }

    /**
     * A heap copy of rowIdx that this pattern keeps for the Vector API kernels, built on first call
     * (4 bytes per nonzero of heap) and then shared: the Vector API gathers only through a heap
     * {@code int[]} index map (see PLATFORM.md). Read-only by contract: writing into it corrupts
     * every kernel that uses this pattern.
     */
    public int[] rowIdxMirror() {
        int[] m = rowIdxMirror;
        if (m == null) {
            m = rowIdxArray(); // racing threads build equal copies; any one of them may win
            rowIdxMirror = m;
        }
        return m;
    }

    /**
     * The columns cut into blocks of one or two, two where consecutive columns have the same rows:
     * block b is the columns {@code blocks[b] .. blocks[b+1]-1}, {@code blocks[0] = 0} and the last
     * entry is {@code cols}. Scanning left to right, column j starts a pair with j+1 when both hold
     * the same rows (same count, same indices) and j is not already the second of a pair. In a
     * finite-element matrix with several unknowns per node (the x and y displacements of a Q4 node)
     * nearly every column has such a twin; the sparse kernels then read the shared row indices, and
     * gather the operand at them, once for both columns. Built on first call in one pass over
     * rowIdx (4 bytes of heap per block), then shared. Read-only by contract.
     */
    public int[] columnBlocks() {
        int[] b = columnBlocks;
        if (b == null) {
            b = findColumnBlocks(); // racing threads build equal arrays; any one of them may win
            columnBlocks = b;
        }
        return b;
    }

    /** The index b of the block of {@link #columnBlocks()} holding column j (0 ≤ j &lt; cols). */
    public int blockOf(int j) {
        int b = Arrays.binarySearch(columnBlocks(), j);
        return b >= 0 ? b : -b - 2; // not a block start: the block before the insertion point
    }

    private int[] findColumnBlocks() {
        int[] starts = new int[cols + 1];
        int blocks = 0, j = 0;
        while (j < cols) {
            starts[blocks++] = j;
            j += j + 1 < cols && sameRows(j, j + 1) ? 2 : 1;
        }
        starts[blocks] = cols;
        return Arrays.copyOf(starts, blocks + 1);
    }

    /**
     * The columns cut into runs of equal short length, when they come that way, else an empty array.
     * A run is a maximal range of consecutive columns that all hold the same number c ≤
     * {@link #SHORT_COLUMN_MAX} of entries, or a maximal range of consecutive columns that all hold
     * more; run r is the columns {@code runs[r] .. runs[r+1]-1}, {@code runs[0] = 0} and the last
     * entry is {@code cols}; the count of a run is that of its first column. A stencil matrix is
     * made of such runs (the 5-point Laplacian on an n×n grid: runs of n − 2 five-entry columns
     * between the four-entry boundary columns), and a sparse kernel then sums each run with
     * straight-line code for its count, with no per-column loop set-up. The table is kept (4 bytes
     * of heap per run) only when the runs average at least {@link #RUN_MIN_AVERAGE} columns; for
     * columns of scattered lengths (a circuit matrix) it is empty, which is the kernels' sign to take
     * their other loops. Built on first call in one pass over colPtr, then shared. Read-only by
     * contract.
     */
    public int[] columnRuns() {
        int[] r = columnRuns;
        if (r == null) {
            r = findColumnRuns(); // racing threads build equal arrays; any one of them may win
            columnRuns = r;
        }
        return r;
    }

    /** The number of columns without entries; counted on first call, then kept. */
    public int emptyColumns() {
        int e = emptyColumns;
        if (e < 0) {
            e = 0;
            for (int j = 0; j < cols; j++) if (colCount(j) == 0) e++;
            emptyColumns = e;
        }
        return e;
    }

    /** The index r of the run of {@link #columnRuns()} holding column j (0 ≤ j &lt; cols; runs not empty). */
    public int runOf(int j) {
        int r = Arrays.binarySearch(columnRuns(), j);
        return r >= 0 ? r : -r - 2;
    }

    private int[] findColumnRuns() {
        int[] starts = new int[cols / RUN_MIN_AVERAGE + 2];
        int runs = 0, j = 0;
        while (j < cols) {
            if (runs == starts.length - 1) return new int[0]; // too many runs: not worth a table
            starts[runs++] = j;
            int c = runClass(j);
            for (j++; j < cols && runClass(j) == c; j++) {
                // extend the run
            }
        }
        starts[runs] = cols;
        return Arrays.copyOf(starts, runs + 1);
    }

    /** A column's count when short, else one class for every longer column. */
    private int runClass(int j) {
        int c = colCount(j);
        return c <= SHORT_COLUMN_MAX ? c : SHORT_COLUMN_MAX + 1;
    }

    /** Whether columns j and j + 1 hold the same rows. */
    private boolean sameRows(int j, int next) {
        long s0 = colPtr.getAtIndex(I, j), s1 = colPtr.getAtIndex(I, next), e1 = colPtr.getAtIndex(I, next + 1);
        long len = s1 - s0;
        return e1 - s1 == len && MemorySegment.mismatch(rowIdx, s0 * Integer.BYTES, s1 * Integer.BYTES,
                rowIdx, s1 * Integer.BYTES, e1 * Integer.BYTES) == -1;
    }

    /** Whether this pattern owns its memory (and frees it on close). */
    public boolean ownsMemory() {
        return owned != null;
    }

    public boolean isClosed() {
        return !colPtr.scope().isAlive();
    }

    @Override
    public void close() {
        if (owned != null) owned.close();
    }

    @Override
    public String toString() {
        return "CscPattern[" + rows + "x" + cols + ", nnz=" + nnz + "]";
    }
}

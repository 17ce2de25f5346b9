package dev.pullback.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A dense rows×cols matrix of doubles, column-major with leading dimension {@code ld >= rows}:
 * entry (i, j) lives at element {@code i + j·ld} of {@link #segment()}.
 *
 * <p>Off-heap and 64-byte aligned when Pullback allocates it; a view over a caller's segment (a
 * mapped file, Chronicle Bytes) otherwise. Every write through this class bumps {@link #version()},
 * so a factorization can tell that it no longer describes this matrix. Whoever writes into
 * {@link #segment()} directly calls {@link #markModified()}.
 */
public final class DenseMatrix implements AutoCloseable {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final int rows;
    private final int cols;
    private final int ld;
    private final MemorySegment segment;
    private final Arena owned;
    private long version;

    private DenseMatrix(int rows, int cols, int ld, MemorySegment segment, Arena owned) {
        this.rows = rows;
        this.cols = cols;
        this.ld = ld;
        this.segment = segment;
        this.owned = owned;
    }

    /**
     * A zero matrix that owns its off-heap memory. The leading dimension is {@code max(rows, 1)}.
     *
     * @throws MemoryLimitException if its 8·max(rows, 1)·cols bytes exceed {@link MemoryLimit}
     */
    public static DenseMatrix zeros(int rows, int cols) {
        checkShape(rows, cols);
        checkLimit(rows, cols);
        Arena arena = NativeMemory.openArena();
        int ld = Math.max(rows, 1);
        try {
            return new DenseMatrix(rows, cols, ld, NativeMemory.doubles(arena, (long) ld * cols), arena);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** A zero matrix in the caller's arena (freed when that arena closes); {@link MemoryLimit} applies. */
    public static DenseMatrix zeros(Arena arena, int rows, int cols) {
        checkShape(rows, cols);
        checkLimit(rows, cols);
        int ld = Math.max(rows, 1);
        return new DenseMatrix(rows, cols, ld, NativeMemory.doubles(arena, (long) ld * cols), null);
    }

    /** A view of a caller's segment in column-major order with the given leading dimension. */
    public static DenseMatrix view(MemorySegment segment, int rows, int cols, int ld) {
        checkShape(rows, cols);
        if (ld < Math.max(rows, 1)) {
            throw new IllegalArgumentException("leading dimension " + ld + " < rows " + rows);
        }
        long need = rows == 0 || cols == 0 ? 0 : ((long) ld * (cols - 1) + rows) * Double.BYTES;
        if (segment.byteSize() < need) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is too small for a "
                    + rows + "x" + cols + " matrix with ld " + ld + " (" + need + " bytes)");
        }
        return new DenseMatrix(rows, cols, ld, segment, null);
    }

    /** Copies a row-major {@code double[rows][cols]}; rows must all have the same length. */
    public static DenseMatrix of(double[][] a) {
        int rows = a.length;
        int cols = rows == 0 ? 0 : a[0].length;
        DenseMatrix m = zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            if (a[i].length != cols) {
                m.close();
                throw new IllegalArgumentException("row " + i + " has " + a[i].length + " entries, row 0 has " + cols);
            }
            for (int j = 0; j < cols; j++) m.segment.setAtIndex(D, i + (long) j * m.ld, a[i][j]);
        }
        return m;
    }

    /** Copies a column-major array of rows·cols values. */
    public static DenseMatrix ofColumnMajor(int rows, int cols, double[] values) {
        checkValues(rows, cols, values);
        DenseMatrix m = zeros(rows, cols);
        for (int j = 0; j < cols; j++) {
            MemorySegment.copy(values, j * rows, m.segment, D, (long) j * m.ld * Double.BYTES, rows);
        }
        return m;
    }

    /**
     * Copies a row-major array of rows·cols values (entry (i, j) at {@code values[i·cols + j]}, the
     * layout of a C array or EJML's {@code DMatrixRMaj}) into a new column-major matrix.
     *
     * @throws IllegalArgumentException naming the shape when the length is not rows·cols
     */
    public static DenseMatrix ofRowMajor(int rows, int cols, double[] values) {
        checkValues(rows, cols, values);
        // A row-major A is the column-major Aᵀ with leading dimension cols: transpose a view of it.
        return view(MemorySegment.ofArray(values), cols, rows, Math.max(cols, 1)).transpose();
    }

    public static DenseMatrix identity(int n) {
        DenseMatrix m = zeros(n, n);
        for (int i = 0; i < n; i++) m.segment.setAtIndex(D, i + (long) i * m.ld, 1.0);
        return m;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Leading dimension: the distance, in elements, between the starts of two columns. */
    public int ld() {
        return ld;
    }

    public MemorySegment segment() {
        return segment;
    }

    public long version() {
        return version;
    }

    /** Records that values were changed through {@link #segment()}. */
    public void markModified() {
        version++;
    }

    public double get(int i, int j) {
        checkIndex(i, j);
        return segment.getAtIndex(D, i + (long) j * ld);
    }

    public void set(int i, int j, double v) {
        checkIndex(i, j);
        segment.setAtIndex(D, i + (long) j * ld, v);
        version++;
    }

    /** Copies {@code other}'s values into this matrix; the shapes must agree. */
    public void copyFrom(DenseMatrix other) {
        if (other.rows != rows || other.cols != cols) {
            throw new IllegalArgumentException("copyFrom: shape " + other.rows + "x" + other.cols
                    + " does not match " + rows + "x" + cols);
        }
        for (int j = 0; j < cols; j++) {
            MemorySegment.copy(other.segment, (long) j * other.ld * Double.BYTES,
                    segment, (long) j * ld * Double.BYTES, (long) rows * Double.BYTES);
        }
        version++;
    }

    /** A new matrix (owning its memory) holding a copy of this one. */
    public DenseMatrix copy() {
        DenseMatrix m = zeros(rows, cols);
        m.copyFrom(this);
        return m;
    }

    /** Aᵀ, as a new matrix. */
    public DenseMatrix transpose() {
        DenseMatrix t = zeros(cols, rows);
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                t.segment.setAtIndex(D, j + (long) i * t.ld, segment.getAtIndex(D, i + (long) j * ld));
            }
        }
        return t;
    }

    /** A new row-major {@code double[rows][cols]} copy. */
    public double[][] toArray() {
        double[][] a = new double[rows][cols];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) a[i][j] = segment.getAtIndex(D, i + (long) j * ld);
        }
        return a;
    }

    /** A new column-major {@code double[rows·cols]} copy. */
    public double[] toColumnMajor() {
        double[] a = new double[Math.multiplyExact(rows, cols)];
        for (int j = 0; j < cols; j++) {
            MemorySegment.copy(segment, D, (long) j * ld * Double.BYTES, a, j * rows, rows);
        }
        return a;
    }

    /** Whether the memory behind this matrix can no longer be read (its arena closed). */
    public boolean isClosed() {
        return !segment.scope().isAlive();
    }

    @Override
    public void close() {
        if (owned != null) owned.close();
    }

    @Override
    public String toString() {
        return "DenseMatrix[" + rows + "x" + cols + ", ld=" + ld + "]";
    }

    private void checkIndex(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("entry (" + i + ", " + j + ") outside a " + rows + "x" + cols + " matrix");
        }
    }

    private static void checkLimit(int rows, int cols) {
        long bytes = (long) Math.max(rows, 1) * cols * Double.BYTES;
        if (!MemoryLimit.allows(bytes)) MemoryLimit.check("a dense " + rows + "x" + cols + " matrix", bytes);
    }

    private static void checkValues(int rows, int cols, double[] values) {
        checkShape(rows, cols);
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs " + (long) rows * cols
                    + " values, got " + values.length);
        }
    }

    private static void checkShape(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape must be non-negative, got " + rows + "x" + cols);
        }
        if ((long) Math.max(rows, 1) * cols > Integer.MAX_VALUE) {
            // Element offsets are long, but heap exports (toColumnMajor) and most callers index with int.
            throw new IllegalArgumentException("a dense " + rows + "x" + cols + " matrix exceeds 2^31-1 entries");
        }
    }
}

package dev.pullback.storage;

import dev.pullback.internal.Checks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A sparse matrix in compressed-sparse-column form: a {@link CscPattern} plus one double per stored
 * entry, in the pattern's order.
 *
 * <p>The values live off-heap (64-byte aligned) or in a caller's segment. Values may change in place
 * on a fixed pattern; each change through this class, or a {@link #markModified()} after writing
 * {@link #values()} directly, bumps {@link #version()}, which is how factorizations detect that they
 * are stale. A matrix closes its values and, when it was built with its own pattern, that pattern;
 * a matrix made with {@link #withPattern(CscPattern)} shares the caller's pattern and leaves it open.
 */
public final class CscMatrix implements AutoCloseable {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final CscPattern pattern;
    private final boolean ownsPattern;
    private final MemorySegment values;
    private final Arena owned;
    private long version;

    private CscMatrix(CscPattern pattern, boolean ownsPattern, MemorySegment values, Arena owned) {
        this.pattern = pattern;
        this.ownsPattern = ownsPattern;
        this.values = values;
        this.owned = owned;
    }

    /** Validates and copies heap CSC arrays (rows sorted and unique within each column). */
    public static CscMatrix of(int rows, int cols, int[] colPtr, int[] rowIdx, double[] values) {
        CscPattern p = CscPattern.of(rows, cols, colPtr, rowIdx);
        if (values.length < p.nnz()) {
            p.close();
            throw new IllegalArgumentException("values has length " + values.length + ", pattern has nnz " + p.nnz());
        }
        CscMatrix m = owning(p);
        MemorySegment.copy(values, 0, m.values, D, 0, p.nnz());
        return m;
    }

    /**
     * The rows×cols matrix holding v[k] at (i[k], j[k]) for every k, from triplets in any order:
     * repeated positions are summed, explicit zeros are kept (a {@link CooBuilder} with
     * {@link CooBuilder.Zeros#DROP} drops them). Copies the arrays.
     *
     * @throws IllegalArgumentException  when the shape is negative or i, j and v differ in length
     * @throws IndexOutOfBoundsException naming the triplet k and the shape when (i[k], j[k]) lies outside
     */
    public static CscMatrix fromTriplets(int rows, int cols, int[] i, int[] j, double[] v) {
        if (i.length != j.length || i.length != v.length) {
            throw new IllegalArgumentException("fromTriplets: i, j and v must have one length, got "
                    + i.length + ", " + j.length + " and " + v.length);
        }
        CooBuilder b = new CooBuilder(rows, cols, i.length);
        for (int k = 0; k < i.length; k++) {
            if (i[k] < 0 || i[k] >= rows || j[k] < 0 || j[k] >= cols) {
                throw new IndexOutOfBoundsException("fromTriplets: triplet " + k + " is entry (" + i[k] + ", " + j[k]
                        + "), outside a " + rows + "x" + cols + " matrix");
            }
            b.add(i[k], j[k], v[k]);
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    /** A matrix with zero values on a shared pattern; closing it leaves the pattern open. */
    public static CscMatrix withPattern(CscPattern pattern) {
        Arena arena = NativeMemory.openArena();
        return new CscMatrix(pattern, false, NativeMemory.doubles(arena, pattern.nnz()), arena);
    }

    /** A view of caller-owned values on a pattern, without copying; owns neither. */
    public static CscMatrix view(CscPattern pattern, MemorySegment values) {
        if (values.byteSize() < (long) pattern.nnz() * Double.BYTES) {
            throw new IllegalArgumentException("values segment holds " + values.byteSize() / Double.BYTES
                    + " doubles, pattern has nnz " + pattern.nnz());
        }
        return new CscMatrix(pattern, false, values.asSlice(0, (long) pattern.nnz() * Double.BYTES), null);
    }

    /** Takes ownership of a fresh pattern and allocates zero values for it. */
    static CscMatrix owning(CscPattern pattern) {
        Arena arena = NativeMemory.openArena();
        return new CscMatrix(pattern, true, NativeMemory.doubles(arena, pattern.nnz()), arena);
    }

    /** The n×n identity. */
    public static CscMatrix identity(int n) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        return diagonal(ones);
    }

    /** The square matrix with d on its diagonal; every diagonal entry is stored, zeros included. */
    public static CscMatrix diagonal(double[] d) {
        int n = d.length;
        int[] colPtr = new int[n + 1];
        int[] rowIdx = new int[n];
        for (int j = 0; j < n; j++) {
            colPtr[j + 1] = j + 1;
            rowIdx[j] = j;
        }
        return of(n, n, colPtr, rowIdx, d);
    }

    /** The stored entries of a dense matrix; exact zeros are dropped unless {@code keepZeros}. */
    public static CscMatrix fromDense(DenseMatrix a, boolean keepZeros) {
        CooBuilder b = new CooBuilder(a.rows(), a.cols());
        for (int j = 0; j < a.cols(); j++) {
            for (int i = 0; i < a.rows(); i++) {
                double v = a.get(i, j);
                if (keepZeros || v != 0.0) b.add(i, j, v);
            }
        }
        return b.build(keepZeros ? CooBuilder.Zeros.KEEP : CooBuilder.Zeros.DROP);
    }

    public int rows() {
        return pattern.rows();
    }

    public int cols() {
        return pattern.cols();
    }

    public int nnz() {
        return pattern.nnz();
    }

    public CscPattern pattern() {
        return pattern;
    }

    /** nnz doubles, in pattern order. */
    public MemorySegment values() {
        return values;
    }

    public long version() {
        return version;
    }

    /** Records that values were changed through {@link #values()}. */
    public void markModified() {
        version++;
    }

    /** The value stored at position k. */
    public double value(int k) {
        Checks.index("position", k, pattern.nnz());
        return values.getAtIndex(D, k);
    }

    /** Sets the value stored at position k. */
    public void setValue(int k, double v) {
        Checks.index("position", k, pattern.nnz());
        values.setAtIndex(D, k, v);
        version++;
    }

    /** Entry (i, j): the stored value, or 0 when (i, j) is not in the pattern. */
    public double get(int i, int j) {
        int k = pattern.find(i, j);
        return k < 0 ? 0.0 : values.getAtIndex(D, k);
    }

    /** Copies another matrix's values; both must have the same structure. */
    public void copyValuesFrom(CscMatrix other) {
        if (!pattern.sameStructure(other.pattern)) {
            throw new IllegalArgumentException("copyValuesFrom: pattern " + other.pattern + " differs from " + pattern);
        }
        MemorySegment.copy(other.values, 0, values, 0, (long) nnz() * Double.BYTES);
        version++;
    }

    /** Copies nnz values from a heap array. */
    public void setValues(double[] v) {
        Checks.sameLength("setValues", nnz(), v.length);
        MemorySegment.copy(v, 0, values, D, 0, v.length);
        version++;
    }

    /** Sets every stored value to zero (the pattern stays). */
    public void zeroValues() {
        values.fill((byte) 0);
        version++;
    }

    /** A heap copy of the values. */
    public double[] valuesArray() {
        double[] a = new double[nnz()];
        MemorySegment.copy(values, D, 0, a, 0, a.length);
        return a;
    }

    /** A new matrix with its own pattern and values, equal to this one. */
    public CscMatrix copy() {
        return of(rows(), cols(), pattern.colPtrArray(), pattern.rowIdxArray(), valuesArray());
    }

    /** Aᵀ as a new CSC matrix (rows of the result come out sorted: a counting sort by row). */
    public CscMatrix transpose() {
        int m = rows();
        int n = cols();
        int nnz = nnz();
        int[] tp = new int[m + 1];
        for (int k = 0; k < nnz; k++) tp[pattern.row(k) + 1]++;
        for (int i = 0; i < m; i++) tp[i + 1] += tp[i];
        int[] next = java.util.Arrays.copyOf(tp, m);
        int[] ti = new int[nnz];
        double[] tv = new double[nnz];
        for (int j = 0; j < n; j++) {
            for (int k = pattern.colStart(j); k < pattern.colEnd(j); k++) {
                int q = next[pattern.row(k)]++;
                ti[q] = j;
                tv[q] = values.getAtIndex(D, k);
            }
        }
        return of(n, m, tp, ti, tv);
    }

    /** A new dense copy. */
    public DenseMatrix toDense() {
        DenseMatrix d = DenseMatrix.zeros(rows(), cols());
        MemorySegment s = d.segment();
        long ld = d.ld();
        for (int j = 0; j < cols(); j++) {
            for (int k = pattern.colStart(j); k < pattern.colEnd(j); k++) {
                s.setAtIndex(D, pattern.row(k) + j * ld, values.getAtIndex(D, k));
            }
        }
        return d;
    }

    public boolean isReadOnly() {
        return values.isReadOnly();
    }

    public boolean isClosed() {
        return !values.scope().isAlive() || pattern.isClosed();
    }

    @Override
    public void close() {
        if (owned != null) owned.close();
        if (ownsPattern) pattern.close();
    }

    @Override
    public String toString() {
        return "CscMatrix[" + rows() + "x" + cols() + ", nnz=" + nnz() + "]";
    }
}

package dev.pullback.ejml;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;

/**
 * Conversions between EJML's matrices ({@link DMatrixSparseCSC}, {@link DMatrixRMaj}) and Pullback's
 * ({@link CscMatrix}, {@link DenseMatrix}, {@link DenseVector}).
 *
 * <p>Which conversions copy and which share memory:
 * <table>
 *   <caption>Memory of each conversion</caption>
 *   <tr><th>method</th><th>result</th><th>memory</th></tr>
 *   <tr><td>{@link #toCsc(DMatrixSparseCSC)}</td><td>CscMatrix</td><td>copy, off-heap; close it</td></tr>
 *   <tr><td>{@link #toEjml(CscMatrix)}</td><td>DMatrixSparseCSC</td><td>copy</td></tr>
 *   <tr><td>{@link #toDense(DMatrixRMaj)}</td><td>DenseMatrix</td><td>copy (row- to column-major), off-heap; close it</td></tr>
 *   <tr><td>{@link #toEjml(DenseMatrix)}</td><td>DMatrixRMaj</td><td>copy (column- to row-major)</td></tr>
 *   <tr><td>{@link #toVector(DMatrixRMaj)}</td><td>DenseVector</td><td>copy, on the heap</td></tr>
 *   <tr><td>{@link #toEjml(DenseVector)}</td><td>DMatrixRMaj n×1</td><td>copy</td></tr>
 *   <tr><td>{@link #vectorView(DMatrixRMaj)}</td><td>DenseVector</td><td>shares EJML's {@code data}</td></tr>
 *   <tr><td>{@link #columnView(DenseVector)}</td><td>DMatrixRMaj n×1</td><td>shares the vector's heap array</td></tr>
 *   <tr><td>{@link #transposedView(DMatrixRMaj)}</td><td>DenseMatrix holding Aᵀ</td><td>shares EJML's {@code data}</td></tr>
 * </table>
 *
 * <p>Sharing means that both objects read and write one {@code double[]}: a write through either is
 * seen by the other (on the same thread at once; across threads, under the caller's own
 * synchronization). Nothing is freed on either side: the array lives while either object is
 * reachable, closing the Pullback side does nothing, and a view never becomes invalid. Sharing ends
 * when EJML gives the matrix a new array ({@code reshape} to more elements, {@code setData}): the
 * view keeps the old array. Writes through EJML do not move a {@link DenseMatrix}'s
 * {@link DenseMatrix#version() version}: call {@link DenseMatrix#markModified()} before asking a
 * factorization of the view to refactor.
 *
 * <p>CSC matrices are always copied: a Pullback pattern is validated once and immutable, while
 * EJML's structure changes in place (a {@code set} outside the pattern shifts {@code nz_rows}).
 * EJML may leave the rows of a column unsorted ({@code indicesSorted}); Pullback needs them sorted
 * and unique, so {@link #toCsc} sorts unsorted columns of its copy (the EJML matrix is not touched)
 * and refuses a row stored twice in one column.
 */
public final class Ejml {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private Ejml() {}

    /**
     * A Pullback copy of an EJML sparse matrix: the same shape, the same stored entries (explicit
     * zeros and empty columns included), rows sorted within each column.
     *
     * @throws IllegalArgumentException naming the column and EJML positions when the EJML structure
     *                                  is inconsistent, a row is out of range, or a column holds a row twice
     */
    public static CscMatrix toCsc(DMatrixSparseCSC a) {
        int rows = a.numRows, cols = a.numCols;
        int[] colPtr = a.col_idx;
        if (rows < 0 || cols < 0 || colPtr.length < cols + 1L) {
            throw new IllegalArgumentException("EJML matrix " + rows + "x" + cols + " has col_idx of length "
                    + colPtr.length + ", expected numCols+1 = " + (cols + 1L));
        }
        int nnz = colPtr[cols];
        if (colPtr[0] != 0 || nnz != a.nz_length || a.nz_rows.length < nnz || a.nz_values.length < nnz) {
            throw new IllegalArgumentException("EJML matrix " + rows + "x" + cols + " is inconsistent: col_idx[0] = "
                    + colPtr[0] + ", col_idx[numCols] = " + nnz + ", nz_length = " + a.nz_length + ", nz_rows holds "
                    + a.nz_rows.length + " and nz_values " + a.nz_values.length);
        }
        int[] rowIdx = a.nz_rows;
        double[] values = a.nz_values;
        boolean copied = false;
        for (int j = 0; j < cols; j++) {
            int start = colPtr[j], end = colPtr[j + 1];
            if (end < start || end > nnz) {
                throw new IllegalArgumentException("EJML col_idx is not monotone at column " + j + ": col_idx[" + j
                        + "] = " + start + ", col_idx[" + (j + 1) + "] = " + end + ", nz_length = " + nnz);
            }
            boolean sorted = true;
            for (int k = start; k < end; k++) {
                if (rowIdx[k] < 0 || rowIdx[k] >= rows) {
                    throw new IllegalArgumentException("EJML matrix " + rows + "x" + cols + ": row " + rowIdx[k]
                            + " at nz position " + k + " (column " + j + ") is out of range");
                }
                if (k > start && rowIdx[k] <= rowIdx[k - 1]) sorted = false;
            }
            if (!sorted) {
                if (!copied) { // sort a copy: never the caller's arrays
                    rowIdx = Arrays.copyOf(rowIdx, nnz);
                    values = Arrays.copyOf(values, nnz);
                    copied = true;
                }
                sortColumn(j, rowIdx, values, start, end);
            }
        }
        return CscMatrix.of(rows, cols, colPtr.length == cols + 1 ? colPtr : Arrays.copyOf(colPtr, cols + 1),
                rowIdx, values);
    }

    /**
     * Sorts the entries start..end-1 of column j by row, carrying the values; a row present twice is
     * an error (EJML's positions of both are named: Pullback stores each entry once).
     */
    private static void sortColumn(int j, int[] rowIdx, double[] values, int start, int end) {
        int len = end - start;
        long[] keys = new long[len]; // row in the high half, offset within the column in the low half
        for (int k = 0; k < len; k++) keys[k] = ((long) rowIdx[start + k] << 32) | k;
        Arrays.sort(keys);
        double[] v = Arrays.copyOfRange(values, start, end);
        for (int k = 0; k < len; k++) {
            int row = (int) (keys[k] >>> 32);
            if (k > 0 && row == rowIdx[start + k - 1]) {
                throw new IllegalArgumentException("EJML matrix: column " + j + " holds row " + row
                        + " twice (nz positions " + (start + (int) keys[k - 1]) + " and " + (start + (int) keys[k])
                        + "); sum the duplicates before converting");
            }
            rowIdx[start + k] = row;
            values[start + k] = v[(int) keys[k]];
        }
    }

    /** An EJML copy of a Pullback sparse matrix: the same shape and stored entries, {@code indicesSorted} set. */
    public static DMatrixSparseCSC toEjml(CscMatrix a) {
        int cols = a.cols(), nnz = a.nnz();
        CscPattern p = a.pattern();
        DMatrixSparseCSC e = new DMatrixSparseCSC(a.rows(), cols, nnz);
        MemorySegment.copy(p.colPtr(), ValueLayout.JAVA_INT, 0, e.col_idx, 0, cols + 1);
        MemorySegment.copy(p.rowIdx(), ValueLayout.JAVA_INT, 0, e.nz_rows, 0, nnz);
        MemorySegment.copy(a.values(), D, 0, e.nz_values, 0, nnz);
        e.nz_length = nnz;
        e.indicesSorted = true;
        return e;
    }

    /** A column-major, off-heap copy of an EJML dense matrix; the caller closes it. */
    public static DenseMatrix toDense(DMatrixRMaj a) {
        try (DenseMatrix t = transposedView(a)) {
            return t.transpose();
        }
    }

    /** A row-major EJML copy of a Pullback dense matrix. */
    public static DMatrixRMaj toEjml(DenseMatrix a) {
        int rows = a.rows(), cols = a.cols();
        long ld = a.ld();
        MemorySegment s = a.segment();
        DMatrixRMaj e = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) e.data[i * cols + j] = s.getAtIndex(D, i + j * ld);
        }
        return e;
    }

    /**
     * A view of A's row-major data as the column-major matrix Aᵀ (cols×rows, leading dimension
     * cols), without copying: entry (j, i) of the view is entry (i, j) of A, and writes show both
     * ways. Solve A x = b with it by factoring the view and calling {@code solveTransposed}.
     *
     * @throws IllegalArgumentException naming the shape when {@code data} is shorter than rows·cols
     */
    public static DenseMatrix transposedView(DMatrixRMaj a) {
        checkData(a);
        return DenseMatrix.view(MemorySegment.ofArray(a.data), a.numCols, a.numRows, Math.max(a.numCols, 1));
    }

    /**
     * A heap copy of an EJML vector (one column or one row), laid out as Pullback's sparse kernels
     * gather fastest (a whole-array heap vector).
     *
     * @throws IllegalArgumentException when A has neither one row nor one column
     */
    public static DenseVector toVector(DMatrixRMaj a) {
        return DenseVector.wrap(Arrays.copyOf(a.data, vectorLength(a)));
    }

    /**
     * A view of an EJML vector (one column or one row) over its {@code data}, without copying. When
     * {@code data} holds exactly the vector's entries the view is {@link DenseVector#wrap} of it (its
     * {@link DenseVector#heapArray()} is EJML's array); when EJML kept a longer array (after a
     * reshape to fewer elements) it is a view of the first n doubles, which the sparse kernels read
     * without gathering (slower): {@link #toVector} then gives the faster layout.
     *
     * @throws IllegalArgumentException when A has neither one row nor one column
     */
    public static DenseVector vectorView(DMatrixRMaj a) {
        int n = vectorLength(a);
        return a.data.length == n ? DenseVector.wrap(a.data)
                : DenseVector.view(MemorySegment.ofArray(a.data).asSlice(0, (long) n * Double.BYTES));
    }

    /** An n×1 EJML copy of a Pullback vector. */
    public static DMatrixRMaj toEjml(DenseVector v) {
        return DMatrixRMaj.wrap(v.length(), 1, v.toArray());
    }

    /**
     * An n×1 EJML matrix over the vector's heap array, without copying: a solve into the vector is
     * then read through EJML at once.
     *
     * @throws IllegalArgumentException when the vector is not a whole-array heap vector (an off-heap
     *                                  or sliced vector has no array to share: {@link #toEjml(DenseVector)} copies)
     */
    public static DMatrixRMaj columnView(DenseVector v) {
        double[] heap = v.heapArray();
        if (heap == null) {
            throw new IllegalArgumentException("columnView shares a heap array, and this vector of length "
                    + v.length() + " has none (off-heap or a slice): use toEjml(v) for a copy");
        }
        return DMatrixRMaj.wrap(v.length(), 1, heap);
    }

    private static int vectorLength(DMatrixRMaj a) {
        if (a.numRows != 1 && a.numCols != 1) {
            throw new IllegalArgumentException("a vector needs one row or one column, got a " + a.numRows + "x"
                    + a.numCols + " DMatrixRMaj");
        }
        checkData(a);
        return a.numRows * a.numCols;
    }

    private static void checkData(DMatrixRMaj a) {
        if (a.numRows < 0 || a.numCols < 0 || a.data.length < (long) a.numRows * a.numCols) {
            throw new IllegalArgumentException("DMatrixRMaj " + a.numRows + "x" + a.numCols + " needs "
                    + (long) a.numRows * a.numCols + " values, its data holds " + a.data.length);
        }
    }
}

package dev.pullback.io;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import java.util.Arrays;

/**
 * The fast path for coordinate files whose entries come in column-major order with rows strictly
 * increasing within a column (as Pullback, MATLAB and most tools write them): such entries are
 * already CSC, so they are appended straight into CSC arrays sized from the size line (12 bytes
 * per entry, no sort). The first entry out of that order (or a duplicate) hands everything
 * collected so far to a {@link CooBuilder}, which then takes the rest; the matrix built is the
 * same either way (with strictly ordered input there is nothing to sum).
 */
final class ColumnOrderedTriplets {
    private final int rows;
    private final int cols;
    private int[] colPtr;
    private int[] rowIdx;
    private double[] vals;
    private int size;
    private int lastRow = -1;
    private int lastCol;
    private CooBuilder coo;

    ColumnOrderedTriplets(int rows, int cols, long expected) {
        this.rows = rows;
        this.cols = cols;
        int cap = (int) Math.min(Math.max(expected, 0), MatrixMarket.MAX_ENTRIES);
        colPtr = new int[cols + 1];
        rowIdx = new int[cap];
        vals = new double[cap];
    }

    void add(int i, int j, double v) {
        if (coo != null) {
            coo.add(i, j, v);
            return;
        }
        if (j < lastCol || (j == lastCol && i <= lastRow) || size == rowIdx.length) {
            spill();
            coo.add(i, j, v);
            return;
        }
        while (lastCol < j) colPtr[++lastCol] = size; // columns lastCol+1 .. j start here
        rowIdx[size] = i;
        vals[size] = v;
        size++;
        lastRow = i;
    }

    /** Moves the ordered prefix into a CooBuilder, which takes every later entry. */
    private void spill() {
        coo = new CooBuilder(rows, cols);
        int k = 0;
        for (int j = 0; j <= lastCol && j < cols; j++) {
            int end = j < lastCol ? colPtr[j + 1] : size;
            for (; k < end; k++) coo.add(rowIdx[k], j, vals[k]);
        }
        colPtr = null;
        rowIdx = null;
        vals = null;
    }

    CscMatrix build() {
        if (coo != null) return coo.build(CooBuilder.Zeros.KEEP);
        while (lastCol < cols) colPtr[++lastCol] = size;
        return CscMatrix.of(rows, cols, colPtr, size == rowIdx.length ? rowIdx : Arrays.copyOf(rowIdx, size),
                size == vals.length ? vals : Arrays.copyOf(vals, size));
    }
}

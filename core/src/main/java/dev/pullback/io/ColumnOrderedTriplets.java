package dev.pullback.io;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import java.util.Arrays;

/**
 * The fast path for coordinate files whose entries come in column-major order with rows strictly
 * increasing within a column (as Pullback, MATLAB and most tools write them): such entries are
 * already CSC, so they are appended straight into CSC arrays sized from the size line (12 bytes
 * per entry, no sort; at most {@link #FIRST_CAPACITY} entries are reserved before the entries are
 * seen, so that a size line claiming billions of entries in a short file cannot exhaust the heap). The first entry out of that order (or a duplicate) hands everything
 * collected so far to a {@link CooBuilder}, which then takes the rest; the matrix built is the
 * same either way (with strictly ordered input there is nothing to sum).
 */
final class ColumnOrderedTriplets {
    /** The most entries reserved up front (48 MB); beyond it the arrays double as entries arrive. */
    static final int FIRST_CAPACITY = 1 << 22;

    private final int rows;
    private final int cols;
    private int[] colPtr;
    private int[] rowIdx;
    private double[] vals;
    private int size;
    private int lastRow = -1;
    private int lastCol;
    private CooBuilder coo;
    private final int total;

    /**
     * @param expected  entries expected in column order (the ordered buffer's capacity)
     * @param total     entries expected in all (the CooBuilder's first capacity if the order breaks)
     */
    ColumnOrderedTriplets(int rows, int cols, long expected, long total) {
        this.rows = rows;
        this.cols = cols;
        this.total = (int) Math.min(Math.max(total, 0), FIRST_CAPACITY);
        int cap = (int) Math.min(Math.max(expected, 0), FIRST_CAPACITY);
        colPtr = new int[cols + 1];
        rowIdx = new int[cap];
        vals = new double[cap];
    }

    void add(int i, int j, double v) {
        if (coo != null) {
            coo.add(i, j, v);
            return;
        }
        if (j < lastCol || (j == lastCol && i <= lastRow)) {
            spill();
            coo.add(i, j, v);
            return;
        }
        if (size == rowIdx.length) grow();
        while (lastCol < j) colPtr[++lastCol] = size; // columns lastCol+1 .. j start here
        rowIdx[size] = i;
        vals[size] = v;
        size++;
        lastRow = i;
    }

    private void grow() {
        int cap = (int) Math.min(MatrixMarket.MAX_ENTRIES, Math.max(16L, 2L * size));
        if (cap == size) throw new IllegalStateException("more than " + MatrixMarket.MAX_ENTRIES + " entries");
        rowIdx = Arrays.copyOf(rowIdx, cap);
        vals = Arrays.copyOf(vals, cap);
    }

    /** Moves the ordered prefix into a CooBuilder, which takes every later entry. */
    private void spill() {
        coo = new CooBuilder(rows, cols, Math.max(total, size));
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

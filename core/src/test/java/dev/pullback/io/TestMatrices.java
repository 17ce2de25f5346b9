package dev.pullback.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import java.util.Random;
import java.util.TreeMap;

/** Random matrices and exact comparisons for the io tests. */
final class TestMatrices {
    private TestMatrices() {}

    /** Values that stress a text round trip: subnormals, ±0, extremes, NaN, ±Inf, and random bit patterns. */
    static final double[] SPECIAL = {
        0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
        Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 1e300, 0.1, 1.0 / 3, Math.PI, 1e23, 9007199254740993.0,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 4.9e-324 * 3, 2.2250738585072011e-308,
    };

    static double value(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> SPECIAL[r.nextInt(SPECIAL.length)];
            case 1 -> r.nextInt(21) - 10;
            case 2 -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            default -> {
                double v = Double.longBitsToDouble(r.nextLong());
                yield Double.isNaN(v) ? 1.5 : v;
            }
        };
    }

    /** A random rows×cols CSC matrix with the given fill; stored values may be zero (explicit zeros). */
    static CscMatrix sparse(Random r, int rows, int cols, double fill) {
        TreeMap<Long, Double> entries = new TreeMap<>();
        long cells = (long) rows * cols;
        long want = Math.round(cells * fill);
        for (long t = 0; t < want; t++) {
            int i = r.nextInt(rows);
            int j = r.nextInt(cols);
            entries.put((long) j * rows + i, value(r));
        }
        return fromMap(rows, cols, entries);
    }

    /** A random square matrix with a symmetric pattern whose values are symmetric (skew = false) or skew. */
    static CscMatrix symmetric(Random r, int n, double fill, boolean skew) {
        TreeMap<Long, Double> entries = new TreeMap<>();
        long want = Math.round((long) n * n * fill / 2);
        for (long t = 0; t < want; t++) {
            int i = r.nextInt(n);
            int j = r.nextInt(i + 1);
            double v = value(r);
            if (Double.isNaN(v)) v = 2.5;
            if (i == j) {
                entries.put((long) j * n + i, skew ? 0.0 : v);
            } else {
                entries.put((long) j * n + i, v);
                entries.put((long) i * n + j, skew ? -v : v);
            }
        }
        return fromMap(n, n, entries);
    }

    /** Entries keyed by column-major position j·rows + i. */
    static CscMatrix fromMap(int rows, int cols, TreeMap<Long, Double> entries) {
        int[] colPtr = new int[cols + 1];
        int[] rowIdx = new int[entries.size()];
        double[] vals = new double[entries.size()];
        int k = 0;
        for (var e : entries.entrySet()) {
            int j = (int) (e.getKey() / rows);
            rowIdx[k] = (int) (e.getKey() % rows);
            vals[k] = e.getValue();
            colPtr[j + 1]++;
            k++;
        }
        for (int j = 0; j < cols; j++) colPtr[j + 1] += colPtr[j];
        return CscMatrix.of(rows, cols, colPtr, rowIdx, vals);
    }

    static DenseMatrix dense(Random r, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int k = 0; k < v.length; k++) v[k] = value(r);
        return DenseMatrix.ofColumnMajor(rows, cols, v);
    }

    /** Same pattern and bit-identical values (NaN payloads compared as canonical NaN when {@code text}). */
    static void assertSameMatrix(CscMatrix want, CscMatrix got, boolean text) {
        assertEquals(want.rows(), got.rows(), "rows");
        assertEquals(want.cols(), got.cols(), "cols");
        assertArrayEquals(want.pattern().colPtrArray(), got.pattern().colPtrArray(), "colPtr");
        assertArrayEquals(want.pattern().rowIdxArray(), got.pattern().rowIdxArray(), "rowIdx");
        assertBits(want.valuesArray(), got.valuesArray(), text);
    }

    static void assertSameMatrix(DenseMatrix want, DenseMatrix got, boolean text) {
        assertEquals(want.rows(), got.rows(), "rows");
        assertEquals(want.cols(), got.cols(), "cols");
        assertBits(want.toColumnMajor(), got.toColumnMajor(), text);
    }

    static void assertBits(double[] want, double[] got, boolean text) {
        assertEquals(want.length, got.length, "length");
        for (int k = 0; k < want.length; k++) {
            long w = text ? Double.doubleToLongBits(want[k]) : Double.doubleToRawLongBits(want[k]);
            long g = text ? Double.doubleToLongBits(got[k]) : Double.doubleToRawLongBits(got[k]);
            int at = k;
            assertEquals(w, g, () -> "value " + at + ": expected " + want[at] + ", got " + got[at]);
        }
    }
}

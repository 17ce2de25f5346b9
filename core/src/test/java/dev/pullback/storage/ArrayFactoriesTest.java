package dev.pullback.storage;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The factories from plain Java arrays: triplets, row-major arrays, wrapped vectors. */
class ArrayFactoriesTest {
    @Test
    void fromTripletsAgreesWithDenseAccumulation() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 60; trial++) {
            int m = rnd.nextInt(8), n = rnd.nextInt(8);
            int count = m * n == 0 ? 0 : rnd.nextInt(3 * m * n + 1);
            int[] ti = new int[count], tj = new int[count];
            double[] tv = new double[count];
            double[][] ref = new double[m][n];
            boolean[][] given = new boolean[m][n];
            for (int t = 0; t < count; t++) {
                ti[t] = rnd.nextInt(m);
                tj[t] = rnd.nextInt(n);
                tv[t] = rnd.nextInt(5) - 2; // small integers: duplicates cancel to exact zeros often
                ref[ti[t]][tj[t]] += tv[t];
                given[ti[t]][tj[t]] = true;
            }
            try (CscMatrix a = CscMatrix.fromTriplets(m, n, ti, tj, tv)) {
                assertEquals(m, a.rows());
                assertEquals(n, a.cols());
                int stored = 0;
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < m; i++) {
                        int k = a.pattern().find(i, j);
                        // Every given position is stored, summed, explicit zeros included; nothing else is.
                        assertEquals(given[i][j], k >= 0, "(" + i + ", " + j + ")");
                        if (k >= 0) {
                            assertEquals(ref[i][j], a.value(k), 0.0);
                            stored++;
                        }
                    }
                }
                assertEquals(stored, a.nnz());
            }
        }
    }

    @Test
    void fromTripletsHandlesEmptyShapes() {
        for (int[] shape : new int[][] {{0, 0}, {3, 0}, {0, 3}, {2, 2}}) {
            try (CscMatrix a = CscMatrix.fromTriplets(shape[0], shape[1], new int[0], new int[0], new double[0])) {
                assertEquals(shape[0], a.rows());
                assertEquals(shape[1], a.cols());
                assertEquals(0, a.nnz());
                assertArrayEquals(new int[shape[1] + 1], a.pattern().colPtrArray());
            }
        }
    }

    @Test
    void fromTripletsNamesTheBadTriplet() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> CscMatrix.fromTriplets(3, 2, new int[] {0, 1, 3}, new int[] {0, 1, 1}, new double[3]));
        assertTrue(e.getMessage().contains("triplet 2") && e.getMessage().contains("(3, 1)")
                && e.getMessage().contains("3x2"), e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class,
                () -> CscMatrix.fromTriplets(3, 2, new int[] {0}, new int[] {-1}, new double[1]));
        assertTrue(e.getMessage().contains("triplet 0") && e.getMessage().contains("(0, -1)"), e.getMessage());
        IllegalArgumentException l = assertThrows(IllegalArgumentException.class,
                () -> CscMatrix.fromTriplets(3, 2, new int[2], new int[2], new double[1]));
        assertTrue(l.getMessage().contains("2, 2 and 1"), l.getMessage());
        l = assertThrows(IllegalArgumentException.class,
                () -> CscMatrix.fromTriplets(-1, 2, new int[0], new int[0], new double[0]));
        assertTrue(l.getMessage().contains("-1x2"), l.getMessage());
    }

    @Test
    void ofRowMajorPlacesEveryEntry() {
        Random rnd = new Random(5);
        for (int[] shape : new int[][] {{0, 0}, {4, 0}, {0, 4}, {1, 1}, {1, 6}, {6, 1}, {3, 5}, {7, 2}}) {
            int m = shape[0], n = shape[1];
            double[] v = new double[m * n];
            double[][] rowsOf = new double[m][n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) v[i * n + j] = rowsOf[i][j] = rnd.nextGaussian();
            }
            try (DenseMatrix a = DenseMatrix.ofRowMajor(m, n, v); DenseMatrix b = DenseMatrix.of(rowsOf)) {
                assertEquals(m, a.rows());
                assertEquals(n, a.cols());
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) assertEquals(v[i * n + j], a.get(i, j), 0.0);
                }
                if (m > 0) assertArrayEquals(b.toColumnMajor(), a.toColumnMajor(), 0.0); // of(double[0][]) is 0x0
                if (v.length > 0) {
                    v[0] = 99.0;
                    assertNotEquals(99.0, a.get(0, 0), "ofRowMajor copies");
                }
            }
        }
    }

    @Test
    void ofRowMajorNamesTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DenseMatrix.ofRowMajor(3, 4, new double[11]));
        assertTrue(e.getMessage().contains("3x4") && e.getMessage().contains("12") && e.getMessage().contains("11"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DenseMatrix.ofRowMajor(2, -1, new double[0]));
        assertTrue(e.getMessage().contains("2x-1"), e.getMessage());
    }

    @Test
    void wrapSharesTheArray() {
        double[] a = {1, 2, 3};
        DenseVector v = DenseVector.wrap(a);
        assertSame(a, v.heapArray());
        a[1] = 20;
        assertEquals(20, v.get(1), 0.0);
        v.set(2, 30);
        assertEquals(30, a[2], 0.0);
        v.close(); // the caller's array: nothing to free, still readable
        assertEquals(1, v.get(0), 0.0);
    }
}

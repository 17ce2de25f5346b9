package dev.pullback.storage;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CscMatrixTest {
    @Test
    void cooSumsDuplicatesAndSortsRows() {
        CooBuilder b = new CooBuilder(3, 2);
        b.add(2, 0, 1.0).add(0, 0, 2.0).add(2, 0, 3.0).add(1, 1, 5.0).add(1, 1, -5.0);
        try (CscMatrix keep = b.build(CooBuilder.Zeros.KEEP); CscMatrix drop = b.build(CooBuilder.Zeros.DROP)) {
            assertArrayEquals(new int[] {0, 2, 3}, keep.pattern().colPtrArray());
            assertArrayEquals(new int[] {0, 2, 1}, keep.pattern().rowIdxArray());
            assertArrayEquals(new double[] {2.0, 4.0, 0.0}, keep.valuesArray());
            assertArrayEquals(new int[] {0, 2, 2}, drop.pattern().colPtrArray());
            assertArrayEquals(new double[] {2.0, 4.0}, drop.valuesArray());
        }
    }

    @Test
    void cooMatchesDenseAccumulationOnRandomTriplets() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int m = rnd.nextInt(9), n = rnd.nextInt(9);
            double[][] ref = new double[m][n];
            CooBuilder b = new CooBuilder(m, n);
            int count = m * n == 0 ? 0 : rnd.nextInt(3 * m * n + 1);
            for (int t = 0; t < count; t++) {
                int i = rnd.nextInt(m), j = rnd.nextInt(n);
                double v = rnd.nextInt(7) - 3;
                ref[i][j] += v;
                b.add(i, j, v);
            }
            try (CscMatrix a = b.build(CooBuilder.Zeros.DROP); DenseMatrix d = a.toDense()) {
                for (int i = 0; i < m; i++) assertArrayEquals(ref[i], d.toArray()[i], 0.0);
                for (int k = 0; k < a.nnz(); k++) assertNotEquals(0.0, a.value(k));
            }
        }
    }

    @Test
    void rejectsInvalidCsc() {
        IllegalArgumentException e;
        e = assertThrows(IllegalArgumentException.class,
                () -> CscMatrix.of(3, 2, new int[] {0, 2, 3}, new int[] {2, 1, 0}, new double[3]));
        assertTrue(e.getMessage().contains("column 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CscMatrix.of(3, 2, new int[] {0, 1, 2}, new int[] {0, 3}, new double[2]));
        assertTrue(e.getMessage().contains("row index 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CscMatrix.of(3, 2, new int[] {0, 2, 1}, new int[] {0, 1}, new double[2]));
        assertTrue(e.getMessage().contains("not monotone"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CscMatrix.of(3, 2, new int[] {1, 2, 2}, new int[] {0, 1}, new double[2]));
        assertTrue(e.getMessage().contains("colPtr[0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CscMatrix.of(-1, 2, new int[] {0, 0, 0}, new int[0], new double[0]));
        assertTrue(e.getMessage().contains("non-negative"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CscMatrix.of(3, 2, new int[] {0, 1, 1}, new int[] {0, 0}, new double[0]));
        assertTrue(e.getMessage().contains("values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CscMatrix.of(3, 1, new int[] {0, 1, 1}, new int[] {0}, new double[1]));
        assertTrue(e.getMessage().contains("colPtr has length"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CscMatrix.of(3, 1, new int[] {0, 2}, new int[] {0, 0}, new double[2]));
        assertTrue(e.getMessage().contains("strictly increasing"), e.getMessage());
    }

    @Test
    void useAfterCloseIsIllegalState() {
        CscMatrix a = CscMatrix.identity(4);
        DenseMatrix d = DenseMatrix.identity(3);
        DenseVector v = DenseVector.offHeap(5);
        a.close();
        d.close();
        v.close();
        assertThrows(IllegalStateException.class, () -> a.value(0));
        assertThrows(IllegalStateException.class, () -> a.pattern().row(0));
        assertThrows(IllegalStateException.class, () -> d.get(0, 0));
        assertThrows(IllegalStateException.class, () -> v.get(0));
        assertTrue(a.isClosed());
        assertTrue(d.isClosed());
    }

    @Test
    void transposeDenseRoundTripAndVersion() {
        double[][] ref = {{1, 0, 2}, {0, 0, 3}, {4, 5, 0}, {0, 0, 0}};
        try (DenseMatrix d = DenseMatrix.of(ref); CscMatrix a = CscMatrix.fromDense(d, false);
                CscMatrix t = a.transpose(); DenseMatrix td = t.toDense(); DenseMatrix back = a.toDense()) {
            assertEquals(5, a.nnz());
            assertEquals(3, t.rows());
            assertEquals(4, t.cols());
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(ref[i], back.toArray()[i], 0.0);
                for (int j = 0; j < 3; j++) assertEquals(ref[i][j], td.get(j, i), 0.0);
            }
            long v0 = a.version();
            a.setValue(0, 9.0);
            assertEquals(v0 + 1, a.version());
            assertEquals(9.0, a.get(0, 0));
            assertEquals(-1, a.pattern().find(1, 0));
            try (CscMatrix c = a.copy()) {
                assertTrue(a.pattern().sameStructure(c.pattern()));
                assertNotSame(a.pattern(), c.pattern());
            }
        }
    }

    @Test
    void sharedPatternOutlivesItsMatrices() {
        try (CscMatrix a = CscMatrix.identity(3)) {
            CscMatrix b = CscMatrix.withPattern(a.pattern());
            b.setValue(1, 2.0);
            b.close();
            assertFalse(a.pattern().isClosed());
            assertEquals(1.0, a.get(1, 1));
        }
    }

    @Test
    void cooRejectsOutOfRange() {
        CooBuilder b = new CooBuilder(2, 2);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> b.add(2, 0, 1));
        assertTrue(e.getMessage().contains("(2, 0)"));
        assertThrows(IllegalArgumentException.class, () -> new CooBuilder(-1, 0));
    }
}

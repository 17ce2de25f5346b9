package dev.pullback.ejml;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.testing.Generated;
import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** DMatrixRMaj ↔ DenseMatrix and DenseVector: exact copies, and the views that share memory. */
class EjmlDenseTest {
    @Test
    void denseRoundTripsAreExact() {
        Generated.forAll(200, Generated.shapeEdges(0, 30), Generated.shapes(0, 30), c -> {
            DMatrixRMaj e = RandomEjml.dense(c.rows(), c.cols(), new Random(c.seed()));
            try (DenseMatrix a = Ejml.toDense(e)) {
                assertEquals(e.numRows, a.rows());
                assertEquals(e.numCols, a.cols());
                assertTrue(a.segment().isNative(), "an off-heap copy");
                for (int i = 0; i < e.numRows; i++) {
                    for (int j = 0; j < e.numCols; j++) assertEquals(e.get(i, j), a.get(i, j));
                }
                DMatrixRMaj back = Ejml.toEjml(a);
                assertEquals(e.numRows, back.numRows);
                assertEquals(e.numCols, back.numCols);
                assertArrayEquals(Arrays.copyOf(e.data, e.numRows * e.numCols), back.data);
            }
        });
    }

    @Test
    void pullbackMatricesWithALeadingDimensionConvert() {
        Random rnd = new Random(3);
        int rows = 4, cols = 3, ld = 7;
        try (Arena arena = Arena.ofConfined()) {
            DenseMatrix a = DenseMatrix.view(arena.allocate((long) ld * cols * Double.BYTES), rows, cols, ld);
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) a.set(i, j, rnd.nextGaussian());
            DMatrixRMaj e = Ejml.toEjml(a);
            try (DenseMatrix b = Ejml.toDense(e)) {
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        assertEquals(a.get(i, j), e.get(i, j));
                        assertEquals(a.get(i, j), b.get(i, j));
                    }
                }
            }
        }
    }

    @Test
    void copiesAreIndependent() {
        DMatrixRMaj e = new DMatrixRMaj(new double[][] {{1, 2}, {3, 4}});
        DMatrixRMaj col = new DMatrixRMaj(new double[][] {{5}, {6}});
        try (DenseMatrix a = Ejml.toDense(e)) {
            DenseVector v = Ejml.toVector(col);
            e.set(0, 1, -2);
            col.set(1, 0, -6);
            assertEquals(2, a.get(0, 1));
            assertEquals(6, v.get(1));
            DMatrixRMaj back = Ejml.toEjml(a);
            DMatrixRMaj vBack = Ejml.toEjml(v);
            a.set(1, 0, -3);
            v.set(0, -5);
            assertEquals(3, back.get(1, 0));
            assertEquals(5, vBack.get(0, 0));
        }
    }

    @Test
    void vectorsConvertFromColumnsAndRows() {
        Random rnd = new Random(9);
        for (int n : new int[] {0, 1, 2, 17}) {
            for (boolean column : new boolean[] {true, false}) {
                DMatrixRMaj e = column ? RandomEjml.dense(n, 1, rnd) : RandomEjml.dense(1, n, rnd);
                double[] expected = Arrays.copyOf(e.data, n);
                DenseVector copy = Ejml.toVector(e);
                DenseVector view = Ejml.vectorView(e);
                assertArrayEquals(expected, copy.toArray());
                assertArrayEquals(expected, view.toArray());
                assertNotNull(copy.heapArray(), "a copy is a whole-array heap vector");
                DMatrixRMaj back = Ejml.toEjml(copy);
                assertEquals(n, back.numRows);
                assertEquals(1, back.numCols);
                assertArrayEquals(expected, back.data);
            }
        }
        try (DenseVector off = DenseVector.offHeap(3)) {
            off.set(2, 7.5);
            assertArrayEquals(new double[] {0, 0, 7.5}, Ejml.toEjml(off).data);
        }
    }

    @Test
    void vectorViewSharesEjmlsArray() {
        DMatrixRMaj e = new DMatrixRMaj(4, 1);
        DenseVector v = Ejml.vectorView(e);
        assertSame(e.data, v.heapArray());
        e.set(2, 0, 3.5);
        assertEquals(3.5, v.get(2));
        v.set(1, -1.25);
        assertEquals(-1.25, e.get(1, 0));
        // A row vector shares the same way.
        DMatrixRMaj r = new DMatrixRMaj(1, 3);
        DenseVector rv = Ejml.vectorView(r);
        rv.set(2, 8);
        assertEquals(8, r.get(0, 2));
        // EJML replaces its array when it grows: the view keeps the old one and sharing ends.
        e.reshape(10, 1, true);
        e.set(2, 0, 99);
        assertEquals(3.5, v.get(2));
    }

    @Test
    void vectorViewOfALongerArraySharesItsPrefix() {
        DMatrixRMaj e = new DMatrixRMaj(6, 1);
        e.reshape(4, 1, true); // EJML keeps the 6-element array
        assertEquals(6, e.data.length);
        DenseVector v = Ejml.vectorView(e);
        assertEquals(4, v.length());
        assertNull(v.heapArray(), "not a whole-array view");
        v.set(3, 2.5);
        assertEquals(2.5, e.get(3, 0));
        e.set(0, 0, -4);
        assertEquals(-4, v.get(0));
        assertNotNull(Ejml.toVector(e).heapArray());
    }

    @Test
    void columnViewSharesTheVectorsHeapArray() {
        double[] x = {1, 2, 3};
        DenseVector v = DenseVector.wrap(x);
        DMatrixRMaj e = Ejml.columnView(v);
        assertEquals(3, e.numRows);
        assertEquals(1, e.numCols);
        assertSame(x, e.data);
        v.set(0, 10);
        assertEquals(10, e.get(0, 0));
        e.set(2, 0, 30);
        assertEquals(30, v.get(2));
        assertEquals(0, Ejml.columnView(DenseVector.heap(0)).numRows);
    }

    @Test
    void columnViewRefusesVectorsWithoutAHeapArray() {
        try (DenseVector off = DenseVector.offHeap(3)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Ejml.columnView(off));
            assertTrue(x.getMessage().contains("toEjml"), x.getMessage());
        }
    }

    @Test
    void transposedViewSharesAndShowsTheTranspose() {
        DMatrixRMaj e = new DMatrixRMaj(new double[][] {{1, 2, 3}, {4, 5, 6}});
        DenseMatrix t = Ejml.transposedView(e);
        assertEquals(3, t.rows());
        assertEquals(2, t.cols());
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) assertEquals(e.get(i, j), t.get(j, i));
        e.set(1, 2, 60);
        assertEquals(60, t.get(2, 1));
        t.set(0, 1, 40);
        assertEquals(40, e.get(1, 0));
        for (int[] s : new int[][] {{0, 0}, {3, 0}, {0, 3}, {1, 1}}) {
            DenseMatrix z = Ejml.transposedView(new DMatrixRMaj(s[0], s[1]));
            assertEquals(s[1], z.rows());
            assertEquals(s[0], z.cols());
        }
    }

    @Test
    void refusesNonVectorsAndShortData() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> Ejml.vectorView(new DMatrixRMaj(2, 3)));
        assertTrue(x.getMessage().contains("2x3"), x.getMessage());
        x = assertThrows(IllegalArgumentException.class, () -> Ejml.toVector(new DMatrixRMaj(0, 0)));
        assertTrue(x.getMessage().contains("0x0"), x.getMessage());
        DMatrixRMaj bad = new DMatrixRMaj(2, 2);
        bad.data = new double[3];
        x = assertThrows(IllegalArgumentException.class, () -> Ejml.toDense(bad));
        assertTrue(x.getMessage().contains("2x2") && x.getMessage().contains("holds 3"), x.getMessage());
    }
}

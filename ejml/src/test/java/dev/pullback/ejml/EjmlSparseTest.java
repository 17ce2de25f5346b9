package dev.pullback.ejml;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.testing.Generated;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.ejml.data.DMatrixSparseCSC;
import org.junit.jupiter.api.Test;

/** DMatrixSparseCSC ↔ CscMatrix: exact values and patterns both ways, sorting, refusals. */
class EjmlSparseTest {
    @Test
    void ejmlToPullbackKeepsEveryStoredEntryAndSortsRows() {
        Generated.forAll(300, Generated.shapeEdges(0, 40), Generated.shapes(0, 40), c -> {
            DMatrixSparseCSC e = RandomEjml.sparse(c.rows(), c.cols(), new Random(c.seed()));
            DMatrixSparseCSC before = e.copy();
            try (CscMatrix a = Ejml.toCsc(e)) {
                assertEquals(e.numRows, a.rows());
                assertEquals(e.numCols, a.cols());
                assertEquals(e.nz_length, a.nnz());
                CscPattern p = a.pattern();
                for (int j = 0; j < a.cols(); j++) {
                    // Sorted by a TreeMap from EJML's own arrays: rows ascending, bitwise-equal values.
                    TreeMap<Integer, Double> col = RandomEjml.column(e, j);
                    assertEquals(col.size(), p.colCount(j), "column " + j);
                    int k = p.colStart(j);
                    for (Map.Entry<Integer, Double> entry : col.entrySet()) {
                        assertEquals(entry.getKey(), p.row(k), "column " + j);
                        assertEquals(entry.getValue(), a.value(k), "column " + j); // bitwise: -0.0 stays -0.0
                        k++;
                    }
                }
            }
            // The EJML matrix is read, never sorted in place.
            assertArrayEquals(before.col_idx, e.col_idx);
            assertArrayEquals(before.nz_rows, java.util.Arrays.copyOf(e.nz_rows, e.nz_length));
            assertArrayEquals(before.nz_values, java.util.Arrays.copyOf(e.nz_values, e.nz_length));
        });
    }

    @Test
    void roundTripsAreExactBothWays() {
        Generated.forAll(300, Generated.shapeEdges(0, 40), Generated.shapes(0, 40), c -> {
            DMatrixSparseCSC e = RandomEjml.sparse(c.rows(), c.cols(), new Random(c.seed()));
            try (CscMatrix a = Ejml.toCsc(e); CscMatrix b = Ejml.toCsc(Ejml.toEjml(a))) {
                DMatrixSparseCSC back = Ejml.toEjml(a);
                assertEquals(e.numRows, back.numRows);
                assertEquals(e.numCols, back.numCols);
                assertEquals(e.nz_length, back.nz_length);
                assertTrue(back.indicesSorted);
                assertArrayEquals(java.util.Arrays.copyOf(e.col_idx, e.numCols + 1), back.col_idx);
                for (int j = 0; j < e.numCols; j++) {
                    assertEquals(RandomEjml.column(e, j), RandomEjml.column(back, j), "column " + j);
                    for (int k = back.col_idx[j] + 1; k < back.col_idx[j + 1]; k++) {
                        assertTrue(back.nz_rows[k] > back.nz_rows[k - 1], "column " + j + " sorted");
                    }
                }
                // Pullback → EJML → Pullback: the same structure, the same bits.
                assertTrue(a.pattern().sameStructure(b.pattern()));
                assertArrayEquals(a.valuesArray(), b.valuesArray());
            }
        });
    }

    @Test
    void smallShapesRoundTrip() {
        List<DMatrixSparseCSC> cases = new ArrayList<>();
        cases.add(new DMatrixSparseCSC(0, 0, 0));
        cases.add(new DMatrixSparseCSC(5, 0, 0));
        cases.add(new DMatrixSparseCSC(0, 5, 0));
        cases.add(new DMatrixSparseCSC(4, 3, 0)); // every column empty
        DMatrixSparseCSC one = new DMatrixSparseCSC(1, 1, 1);
        one.set(0, 0, 0.0); // an explicit zero is an entry
        cases.add(one);
        cases.add(new DMatrixSparseCSC(1, 1, 0));
        for (DMatrixSparseCSC e : cases) {
            try (CscMatrix a = Ejml.toCsc(e)) {
                assertEquals(e.numRows, a.rows(), e.numRows + "x" + e.numCols);
                assertEquals(e.numCols, a.cols());
                assertEquals(e.nz_length, a.nnz());
                DMatrixSparseCSC back = Ejml.toEjml(a);
                assertEquals(e.numRows, back.numRows);
                assertEquals(e.numCols, back.numCols);
                assertEquals(e.nz_length, back.nz_length);
                assertArrayEquals(java.util.Arrays.copyOf(e.col_idx, e.numCols + 1), back.col_idx);
            }
        }
    }

    @Test
    void refusesARowStoredTwiceNamingTheColumn() {
        DMatrixSparseCSC e = new DMatrixSparseCSC(5, 3, 6);
        e.col_idx = new int[] {0, 1, 4, 5};
        e.nz_rows = new int[] {0, 3, 1, 3, 4};
        e.nz_values = new double[] {1, 2, 3, 4, 5};
        e.nz_length = 5;
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Ejml.toCsc(e));
        assertTrue(x.getMessage().contains("column 1") && x.getMessage().contains("row 3 twice")
                && x.getMessage().contains("1 and 3"), x.getMessage());
        // Also when EJML claims its rows are sorted.
        e.nz_rows = new int[] {0, 1, 3, 3, 4};
        e.indicesSorted = true;
        x = assertThrows(IllegalArgumentException.class, () -> Ejml.toCsc(e));
        assertTrue(x.getMessage().contains("column 1") && x.getMessage().contains("row 3 twice"), x.getMessage());
    }

    @Test
    void refusesAnInconsistentEjmlStructure() {
        DMatrixSparseCSC e = new DMatrixSparseCSC(3, 2, 3);
        e.col_idx = new int[] {0, 2, 3};
        e.nz_rows = new int[] {0, 2, 1};
        e.nz_values = new double[] {1, 2, 3};
        e.nz_length = 2; // disagrees with col_idx[numCols]
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Ejml.toCsc(e));
        assertTrue(x.getMessage().contains("nz_length = 2") && x.getMessage().contains("col_idx[numCols] = 3"),
                x.getMessage());
        e.nz_length = 3;
        e.nz_rows[2] = 3; // outside 3 rows
        x = assertThrows(IllegalArgumentException.class, () -> Ejml.toCsc(e));
        assertTrue(x.getMessage().contains("row 3") && x.getMessage().contains("column 1"), x.getMessage());
        e.nz_rows[2] = 1;
        e.col_idx = new int[] {0, 4, 3};
        x = assertThrows(IllegalArgumentException.class, () -> Ejml.toCsc(e));
        assertTrue(x.getMessage().contains("column 0"), x.getMessage());
        e.col_idx = new int[] {0, 3};
        x = assertThrows(IllegalArgumentException.class, () -> Ejml.toCsc(e));
        assertTrue(x.getMessage().contains("col_idx of length 2"), x.getMessage());
    }
}

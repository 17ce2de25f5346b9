package dev.pullback.sparse;

import static dev.pullback.sparse.LuTesting.assertSameSolutions;
import static dev.pullback.sparse.LuTesting.checkSolves;
import static dev.pullback.sparse.LuTesting.randomVector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.factor.SingularMatrixException;
import dev.pullback.gallery.CircuitMna;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dense trailing block of {@link SparseLu}: circuits whose hub nets fill the last steps take
 * one; the first factorization through it is what a refactor computes, and refactoring through it
 * gives the factors that the sparse column updates give (to rounding: the same pivots, sums in
 * another order), on both kernel paths.
 */
@Tag("kernel-paths")
class DenseTrailingBlockTest {
    @Test
    void circuitRefactorThroughTheBlockMatchesTheSparseColumns() {
        Random rnd = new Random(21);
        int withBlock = 0;
        for (long seed = 1; seed <= 3; seed++) {
            for (int n : new int[] {3000, 12000}) {
                try (CscMatrix a = CircuitMna.generate(n, seed).matrix(); SparseLu lu = SparseLu.factor(a);
                        SparseLu sparse = SparseLu.factor(a); DenseVector b = DenseVector.of(randomVector(rnd, n));
                        DenseVector x1 = DenseVector.heap(n); DenseVector x2 = DenseVector.heap(n)) {
                    int m = lu.trailingBlockOrder();
                    if (m == 0) continue;
                    withBlock++;
                    assertTrue(m >= DenseTrailingBlock.MIN_ORDER && m <= n, "block of " + m + " in " + lu);
                    sparse.dropTrailingBlock();
                    double[] v = a.valuesArray();
                    for (int p = 0; p < v.length; p++) v[p] *= 1 + 0.2 * (rnd.nextDouble() - 0.5);
                    a.setValues(v);
                    lu.refactor(a);
                    sparse.refactor(a);
                    checkSolves(a, lu, rnd, 100, 0, 0);
                    assertSameSolutions(lu, sparse, b, x1, x2, 1e-10);
                    assertEquals(sparse.reciprocalPivotGrowth(), lu.reciprocalPivotGrowth(),
                            1e-9 * sparse.reciprocalPivotGrowth());
                    assertEquals(sparse.pivotRatio(), lu.pivotRatio(), 1e-9 * sparse.pivotRatio());
                }
            }
        }
        assertTrue(withBlock >= 3, "only " + withBlock + " of 6 circuits have a dense trailing block");
    }

    /**
     * The first factorization switches to the block itself (threshold pivoting inside it), and does,
     * entry by entry, the arithmetic of a refactor on the kept pivots: a refactor on the same values
     * gives the same solutions to the last bit.
     */
    @Test
    void theFactorsBlockIsWhatARefactorComputes() {
        Random rnd = new Random(23);
        for (long seed = 1; seed <= 2; seed++) {
            int n = 12000;
            try (CscMatrix a = CircuitMna.generate(n, seed).matrix(); SparseLu lu = SparseLu.factor(a);
                    DenseVector b = DenseVector.of(randomVector(rnd, n)); DenseVector x1 = DenseVector.heap(n);
                    DenseVector x2 = DenseVector.heap(n)) {
                assertTrue(lu.trailingBlockOrder() > 0, "no dense trailing block in " + lu);
                checkSolves(a, lu, rnd, 100, 0, 0);
                lu.solve(b, x1);
                double growth = lu.reciprocalPivotGrowth();
                lu.refactor(a);
                lu.solve(b, x2);
                assertArrayEquals(x1.toArray(), x2.toArray(), 0.0, "refactor on the same values, " + lu);
                assertEquals(growth, lu.reciprocalPivotGrowth());
            }
        }
    }

    /** A kept pivot that becomes zero inside the block is reported by A's column; a later refactor recovers. */
    @Test
    void aZeroPivotInsideTheBlockNamesItsColumnAndLeavesTheWorkClean() {
        Random rnd = new Random(22);
        int n = 12000;
        try (CscMatrix a = CircuitMna.generate(n, 3).matrix(); SparseLu lu = SparseLu.factor(a);
                DenseVector b = DenseVector.of(randomVector(rnd, n)); DenseVector x1 = DenseVector.heap(n);
                DenseVector x2 = DenseVector.heap(n)) {
            int m = lu.trailingBlockOrder();
            assertTrue(m > 0, "no dense trailing block in " + lu);
            lu.refactor(a);
            lu.solve(b, x1);
            double[] original = a.valuesArray();
            int[] colPtr = a.pattern().colPtrArray();
            for (int c : new int[] {0, m / 2, m - 1}) {
                int j = lu.columnPermutation()[n - m + c];
                double[] v = original.clone();
                for (int p = colPtr[j]; p < colPtr[j + 1]; p++) v[p] = 0.0; // A(:,j) = 0: a zero kept pivot
                a.setValues(v);
                SingularMatrixException s = assertThrows(SingularMatrixException.class, () -> lu.refactor(a));
                assertEquals(j, s.column(), s.getMessage());
                a.setValues(original);
                lu.refactor(a);
                lu.solve(b, x2);
                assertArrayEquals(x1.toArray(), x2.toArray(), 0.0, "after a zero pivot at block column " + c);
            }
        }
    }
}

package dev.pullback.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.dense.DenseLu;
import dev.pullback.factor.Factorization;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every public solve refuses a right-hand side holding NaN or ±Inf, naming the entry; and the
 * sparse LUs factor matrices whose rows are subnormal (their row scale 1/max used to overflow).
 */
class NonFiniteAndSubnormalTest {
    private static final List<Function<CscMatrix, Factorization>> SPARSE = List.of(
            SparseLu::factor, SupernodalLu::factor, BtfLu::factor, AdaptiveSparseLu::factor);

    @Test
    void everySolveRefusesANonFiniteRightHandSide() {
        try (CscMatrix a = LuTesting.randomMatrix(new Random(5), 30, 0.1, false); DenseMatrix d = a.toDense()) {
            for (Function<CscMatrix, Factorization> factor : SPARSE) {
                try (Factorization f = factor.apply(a)) {
                    assertRefusesNonFinite(f);
                }
            }
            try (DenseLu f = DenseLu.factor(d)) {
                assertRefusesNonFinite(f);
            }
        }
    }

    private static void assertRefusesNonFinite(Factorization f) {
        int n = f.n();
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            DenseVector b = DenseVector.heap(n);
            b.fill(1.0);
            b.set(7, bad);
            DenseVector x = DenseVector.heap(n);
            x.fill(42.0);
            for (boolean t : new boolean[] {false, true}) {
                String op = t ? "solveTransposed" : "solve";
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                    if (t) f.solveTransposed(b, x);
                    else f.solve(b, x);
                }, f + " " + op);
                assertTrue(e.getMessage().startsWith(op + ": b[7] is " + bad), e.getMessage());
                assertEquals(42.0, x.get(0), "x is left untouched");
            }
            try (DenseMatrix bm = DenseMatrix.zeros(n, 2); DenseMatrix xm = DenseMatrix.zeros(n, 2)) {
                bm.set(3, 1, bad);
                for (boolean t : new boolean[] {false, true}) {
                    String op = t ? "solveTransposed" : "solve";
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> solveBlock(f, t, bm, xm), f + " " + op);
                    assertTrue(e.getMessage().startsWith(op + ": B(3, 1) is " + bad), e.getMessage());
                }
            }
        }
    }

    private static void solveBlock(Factorization f, boolean transposed, DenseMatrix b, DenseMatrix x) {
        if (transposed) f.solveTransposed(b, x);
        else f.solve(b, x);
    }

    /**
     * A = D·B for an integer-valued, diagonally dominant B (|bᵢⱼ| &lt; 2⁹) and a diagonal D of powers
     * of two, so that A's entries and b = A·x for an integer x are exact: every row subnormal (largest
     * entry below 2⁻¹⁰²⁴, where the row scale 1/max used to overflow), and rows mixing deep subnormal
     * (2⁻¹⁰⁷⁰·B: under 13 bits), tiny normal and ordinary. Each sparse LU must factor A and give x
     * back to about cond(B)·ε. Aᵀ only where every row is subnormal: the transposed solve runs on the
     * unscaled right-hand side, whose deep-subnormal entries would carry too few bits, and in the
     * mixed matrix Aᵀ's tiny columns leave those components of its solution undetermined.
     */
    @Test
    void subnormalRowsFactorAndSolve() {
        Random rnd = new Random(11);
        int n = 40;
        double[] allSubnormal = new double[n];
        double[] mixed = new double[n];
        for (int i = 0; i < n; i++) {
            allSubnormal[i] = 0x1p-1034; // entries below 2^-1025, with at least 40 significant bits
            mixed[i] = i % 3 == 0 ? 0x1p-1070 : i % 3 == 1 ? 0x1p-1000 : 1.0;
        }
        try (CscMatrix base = LuTesting.randomMatrix(rnd, n, 0.15, false)) {
            checkScaled(base, allSubnormal, true, SPARSE, rnd);
            // The scale of a row is capped at 2^1023, so a deep-subnormal row stays tiny after scaling:
            // the supernodal LU, which pivots only inside a supernode, refuses its diagonal (a
            // SupernodalPivotException that names the column); the others pivot off it. The adaptive LU
            // with a named ordering: under AUTO this small, filling pattern takes the dense route, whose
            // partial pivoting does not scale rows (docs/guide.md, "Which method").
            checkScaled(base, mixed, false, List.of(SparseLu::factor, BtfLu::factor,
                    a -> AdaptiveSparseLu.factor(a, SparseOptions.defaults().withOrdering(Ordering.AMD))), rnd);
        }
    }

    private static void checkScaled(CscMatrix base, double[] rowScale, boolean transposedToo,
            List<Function<CscMatrix, Factorization>> factorizations, Random rnd) {
        int n = base.rows();
        CooBuilder cb = new CooBuilder(n, n);
        for (int j = 0; j < n; j++) {
            for (int p = base.pattern().colStart(j); p < base.pattern().colEnd(j); p++) {
                int i = base.pattern().row(p);
                cb.add(i, j, Math.rint(64 * base.value(p)) * rowScale[i]); // |B| < 2^9: exact when scaled
            }
        }
        try (CscMatrix a = cb.build(CooBuilder.Zeros.KEEP)) {
            double rowMax = 0;
            for (int p = 0; p < a.nnz(); p++) {
                if (a.pattern().row(p) == 0) rowMax = Math.max(rowMax, Math.abs(a.value(p)));
            }
            assertTrue(rowMax > 0 && rowMax < 0x1p-1024, "row 0 is subnormal, below 2^-1024: " + rowMax);
            for (Function<CscMatrix, Factorization> factor : factorizations) {
                try (Factorization f = factor.apply(a)) {
                    for (boolean t : transposedToo ? new boolean[] {false, true} : new boolean[] {false}) {
                        double[] want = new double[n];
                        for (int i = 0; i < n; i++) want[i] = rnd.nextInt(17) - 8;
                        double[] b = new double[n]; // b = op(A)·want, exact: integer multiples of each row's scale
                        for (int j = 0; j < n; j++) {
                            for (int p = a.pattern().colStart(j); p < a.pattern().colEnd(j); p++) {
                                int i = a.pattern().row(p);
                                if (t) b[j] += a.value(p) * want[i];
                                else b[i] += a.value(p) * want[j];
                            }
                        }
                        DenseVector x = DenseVector.heap(n);
                        if (t) f.solveTransposed(DenseVector.of(b), x);
                        else f.solve(DenseVector.of(b), x);
                        double err = 0;
                        for (int i = 0; i < n; i++) err = Math.max(err, Math.abs(x.get(i) - want[i]));
                        assertTrue(err <= 1e-11 * LuTesting.normInf(want), f + (t ? " transposed" : "")
                                + ": forward error " + err);
                    }
                }
            }
        }
    }
}

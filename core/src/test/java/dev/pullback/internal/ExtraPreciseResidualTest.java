package dev.pullback.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The refinement's residual r = b − op(A)x is the exact residual rounded (to within Dot2's bound,
 * ε|r| + γ²(|b| + |op(A)||x|)), checked against BigDecimal arithmetic on residuals that cancel to
 * the last bits (b = fl(Ax)), where a residual in working precision is off by orders of magnitude
 * more — the check below also shows that.
 */
class ExtraPreciseResidualTest {
    private static final double EPS = 0x1p-52;

    @Test
    void residualIsTheExactResidualRoundedOnCancellingSums() {
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = 5 + rnd.nextInt(60);
            double[][] m = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i == j || rnd.nextDouble() < 0.2) m[i][j] = rnd.nextDouble(-1, 1) * Math.pow(10, rnd.nextInt(-6, 7));
                }
            }
            double[] x = rnd.doubles(n, -1, 1).toArray();
            try (DenseMatrix dm = DenseMatrix.of(m); CscMatrix a = CscMatrix.fromDense(dm, false)) {
                for (boolean transposed : new boolean[] {false, true}) {
                    double[] b = new double[n];
                    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) b[i] += entry(m, transposed, i, j) * x[j];
                    DenseVector r = DenseVector.heap(n), low = DenseVector.heap(n);
                    Refinement.residual(a, transposed, DenseVector.wrap(b), DenseVector.wrap(x), r, low);
                    double worstPlain = 0;
                    for (int i = 0; i < n; i++) {
                        BigDecimal exact = new BigDecimal(b[i]);
                        double plain = b[i], scale = Math.abs(b[i]);
                        int k = 1;
                        for (int j = 0; j < n; j++) {
                            double v = entry(m, transposed, i, j);
                            if (v == 0) continue;
                            exact = exact.subtract(new BigDecimal(v).multiply(new BigDecimal(x[j])));
                            plain -= v * x[j];
                            scale += Math.abs(v * x[j]);
                            k++;
                        }
                        double truth = exact.round(MathContext.DECIMAL128).doubleValue();
                        double bound = EPS * Math.abs(truth) + 2.0 * k * k * EPS * EPS * scale;
                        double error = Math.abs(r.get(i) - truth);
                        assertTrue(error <= bound, "seed " + seed + (transposed ? ", Aᵀ" : ", A") + ", row " + i + ": r = "
                                + r.get(i) + ", exact " + truth + ", error " + error + " > " + bound);
                        worstPlain = Math.max(worstPlain, Math.abs(plain - truth) / bound);
                    }
                    assertTrue(worstPlain > 10, "seed " + seed + ": a plain residual would pass too (" + worstPlain + ")");
                }
            }
        }
    }

    private static double entry(double[][] m, boolean transposed, int i, int j) {
        return transposed ? m[j][i] : m[i][j];
    }
}

import dev.pullback.factor.SparseOptions;
import dev.pullback.gallery.Kkt;
import dev.pullback.gallery.StokesMac;
import dev.pullback.sparse.SupernodalLdlt;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Arrays;

/**
 * SupernodalLdlt with and without its symmetric scaling (SparseOptions.rowScaling) on KKT and Stokes
 * gallery matrices (seed 1): max |x − 1| for b = A·1, delayed and 2×2 pivots, inertia, nnz(L).
 * Counts and errors only (no timings), so the load of the machine does not matter.
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/LdltScaling.java kkt2d:150x150 stokes2d:150x150 kkt3d:16x16x16
 * </pre>
 * Gallery: kkt2d:NXxNY, kkt3d:NXxNYxNZ, stokes2d:NXxNY, stokes3d:NXxNYxNZ.
 */
public class LdltScaling {
    public static void main(String[] args) {
        for (String spec : args) {
            String[] p = spec.split(":");
            int[] d = Arrays.stream(p[1].split("x")).mapToInt(Integer::parseInt).toArray();
            try (CscMatrix a = switch (p[0]) {
                case "kkt2d" -> Kkt.q4(d[0], d[1], 1);
                case "kkt3d" -> Kkt.hex(d[0], d[1], d[2], 1);
                case "stokes2d" -> StokesMac.of2d(d[0], d[1], 1.0, 1);
                case "stokes3d" -> StokesMac.of3d(d[0], d[1], d[2], 1.0, 1);
                default -> throw new IllegalArgumentException("unknown gallery matrix " + spec);
            }) {
                int n = a.cols();
                double[] ones = new double[n];
                for (int j = 0; j < n; j++) {
                    for (int q = a.pattern().colStart(j); q < a.pattern().colEnd(j); q++) ones[a.pattern().row(q)] += a.value(q);
                }
                for (boolean scaling : new boolean[] {true, false}) {
                    SparseOptions o = SparseOptions.defaults().withRowScaling(scaling);
                    try (SupernodalLdlt f = SupernodalLdlt.analyze(a.pattern(), o).factor(a);
                            DenseVector b = DenseVector.of(ones); DenseVector x = DenseVector.heap(n)) {
                        f.solve(b, x);
                        double e = 0;
                        for (int i = 0; i < n; i++) e = Math.max(e, Math.abs(x.get(i) - 1));
                        System.out.printf("%s n=%d scaling=%b max|x-1|=%.3g delayed=%d 2x2=%d inertia=%s nnz(L)=%d%n", spec, n,
                                scaling, e, f.delayedPivots(), f.twoByTwoPivots(), f.inertia(), f.factorNonzeros());
                    }
                }
            }
        }
    }
}

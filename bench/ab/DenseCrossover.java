import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.factor.SparseOptions;
import dev.pullback.gallery.Grids;
import dev.pullback.gallery.Poisson3d;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * The crossover of the adaptive LU's dense route: refactor + solve + solve-t of the sparse LU
 * ({@code lu}, Gilbert–Peierls) beside the dense LU of the copied matrix ({@code dense}), side by side
 * in one JVM, medians, with what {@code auto} chooses and why. Random unsymmetric patterns (dominant
 * diagonal) of n = 50–400 and densities 1–10%, then small grids:
 * {@code java @jvm.config -cp core/target/classes bench/ab/DenseCrossover.java}.
 */
public class DenseCrossover {
    static double time(SparseFactorization f, CscMatrix a, DenseVector b, DenseVector x, int reps) {
        double[] t = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            f.refactor(a);
            f.solve(b, x);
            f.solveTransposed(b, x);
            t[r] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    static CscMatrix random(int n, double density, long seed) {
        Random rnd = new Random(seed);
        double[][] e = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) e[i][j] = i == j ? n * density + 3 : rnd.nextDouble() < density ? rnd.nextGaussian() : 0;
        }
        try (DenseMatrix d = DenseMatrix.of(e)) {
            return CscMatrix.fromDense(d, false);
        }
    }

    static void row(String name, CscMatrix a) {
        int n = a.rows();
        DenseVector b = DenseVector.heap(n), x = DenseVector.heap(n);
        for (int i = 0; i < n; i++) b.set(i, Math.sin(i + 1));
        SparseOptions o = SparseOptions.defaults();
        SparseAnalysis auto = Solvers.get("auto").analyze(a.pattern(), o);
        try (SparseFactorization s = Solvers.get("lu").analyze(a.pattern(), o).factor(a);
                SparseFactorization d = Solvers.get("dense").analyze(a.pattern(), o).factor(a)) {
            int reps = Math.max(31, (int) (2e8 / ((double) n * n * n)));
            for (int w = 0; w < 3; w++) {
                time(s, a, b, x, reps);
                time(d, a, b, x, reps);
            }
            double ts = time(s, a, b, x, reps), td = time(d, a, b, x, reps);
            System.out.printf(Locale.ROOT, "%-22s n=%4d nnz/n²=%.3f nnz(L+U)/n²=%.3f  lu %9.1f us  dense %8.1f us  lu/dense %5.2f  auto: %s (%s)%n",
                    name, n, a.nnz() / (double) n / n, s.factorNonzeros() / (double) n / n, ts / 1e3, td / 1e3, ts / td,
                    auto.method(), auto.methodReason());
        }
    }

    public static void main(String[] args) {
        for (int w = 0; w < 2; w++) row("(warm-up)", random(100, 0.1, 1));
        for (int n : new int[] {50, 100, 200, 400}) {
            for (double d : new double[] {0.01, 0.02, 0.035, 0.05, 0.1}) row("random " + d, random(n, d, n * 31L + (long) (d * 1000)));
        }
        for (int k : new int[] {7, 10, 14, 20}) row("poisson2d " + k + "²", Grids.poisson2d(k, k));
        for (int k : new int[] {4, 5, 7}) row("poisson3d " + k + "³", Poisson3d.laplacian(k, k, k));
    }
}

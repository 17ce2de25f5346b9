import dev.pullback.factor.SparseFactorization;
import dev.pullback.io.MatrixMarket;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Warm solve and solve-t of a registry solver on a Matrix Market file, factored once: {@code reps}
 * untimed calls of each, then {@code reps} timed ones in groups of {@code group} calls; prints the
 * thread CPU medians per call in µs (the groups keep the clock's own cost out of small solves).
 * For old and new builds alternated in fresh JVMs:
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/SolveCpuTime.java /tmp/cascade_20000_6.mtx auto 400 [group]
 * </pre>
 */
public class SolveCpuTime {
    static final com.sun.management.ThreadMXBean T = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        CscMatrix a = MatrixMarket.readSparse(Path.of(args[0]));
        int reps = Integer.parseInt(args[2]);
        int group = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int n = a.rows();
        SparseFactorization f = Solvers.get(args[1]).analyze(a.pattern()).factor(a);
        DenseVector b = DenseVector.heap(n), x = DenseVector.heap(n);
        for (int i = 0; i < n; i++) b.set(i, 1.0 + i % 7);
        for (int r = 0; r < reps; r++) {
            f.solve(b, x);
            f.solveTransposed(b, x);
        }
        int groups = Math.max(1, reps / group);
        double[] so = new double[groups], st = new double[groups];
        for (int g = 0; g < groups; g++) {
            long t0 = T.getCurrentThreadCpuTime();
            for (int r = 0; r < group; r++) f.solve(b, x);
            long t1 = T.getCurrentThreadCpuTime();
            for (int r = 0; r < group; r++) f.solveTransposed(b, x);
            long t2 = T.getCurrentThreadCpuTime();
            so[g] = (t1 - t0) / 1e3 / group;
            st[g] = (t2 - t1) / 1e3 / group;
        }
        System.out.printf("%s %s %s solve %.2f solve-t %.2f us%n", Path.of(args[0]).getFileName(), args[1], f.method(),
                median(so), median(st));
        f.close();
    }

    static double median(double[] t) {
        double[] c = t.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}

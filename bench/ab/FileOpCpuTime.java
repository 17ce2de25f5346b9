import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.io.MatrixMarket;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Thread CPU median of one operation of a registry solver on a Matrix Market file, for old and new
 * builds alternated in fresh JVMs: {@code factor} (the numeric factorization, the analysis made
 * once), {@code refactor}, {@code solve}, {@code solve-t}. {@code reps} untimed calls, then
 * {@code reps} timed ones; prints the median in ms.
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/FileOpCpuTime.java /tmp/powerflow_20000.mtx auto refactor 1000
 * </pre>
 */
public class FileOpCpuTime {
    static final com.sun.management.ThreadMXBean T = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        CscMatrix a = MatrixMarket.readSparse(Path.of(args[0]));
        String op = args[2];
        int reps = Integer.parseInt(args[3]);
        int n = a.rows();
        SparseAnalysis an = Solvers.get(args[1]).analyze(a.pattern());
        SparseFactorization f = an.factor(a);
        DenseVector b = DenseVector.heap(n), x = DenseVector.heap(n);
        for (int i = 0; i < n; i++) b.set(i, 1.0 + i % 7);
        Runnable call = switch (op) {
            case "factor" -> () -> an.factor(a).close();
            case "refactor" -> () -> f.refactor(a);
            case "solve" -> () -> f.solve(b, x);
            case "solve-t" -> () -> f.solveTransposed(b, x);
            default -> throw new IllegalArgumentException("op: factor, refactor, solve or solve-t, not " + op);
        };
        for (int r = 0; r < reps; r++) call.run();
        double[] ms = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = T.getCurrentThreadCpuTime();
            call.run();
            ms[r] = (T.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%s %s %s %.4f ms%n", args[0], args[1], op, ms[reps / 2]);
    }
}

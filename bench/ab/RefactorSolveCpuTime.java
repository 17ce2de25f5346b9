import dev.pullback.factor.*;
import dev.pullback.io.MatrixFiles;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.*;
import java.nio.file.Path;
import java.util.Arrays;
/**
 * Thread-CPU medians of refactor, solve and solve-t repeated on one factorization of a Matrix
 * Market file by a registry solver: three rounds of {@code reps} calls, the medians of the last
 * round (KLU's driver times its ops the same way: repeated on one factorization).
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/RefactorSolveCpuTime.java FILE lu 200
 * </pre>
 */
public class RefactorSolveCpuTime {
    public static void main(String[] args) throws Exception {
        var T = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        CscMatrix a = MatrixFiles.readSparse(Path.of(args[0]));
        String solver = args[1]; int reps = Integer.parseInt(args[2]);
        int n = a.rows();
        DenseVector b = DenseVector.heap(n), x = DenseVector.heap(n); b.fill(1.0);
        SparseFactorization f = Solvers.get(solver).analyze(a.pattern(), SparseOptions.defaults()).factor(a);
        double[] re = new double[reps], so = new double[reps], st = new double[reps];
        for (int round = 0; round < 3; round++) for (int i = 0; i < reps; i++) {
            long t0 = T.getCurrentThreadCpuTime(); f.refactor(a);
            long t1 = T.getCurrentThreadCpuTime(); f.solve(b, x);
            long t2 = T.getCurrentThreadCpuTime(); f.solveTransposed(b, x);
            long t3 = T.getCurrentThreadCpuTime();
            re[i] = (t1 - t0) / 1e3; so[i] = (t2 - t1) / 1e3; st[i] = (t3 - t2) / 1e3;
        }
        Arrays.sort(re); Arrays.sort(so); Arrays.sort(st);
        System.out.printf("%s %s %s refactor %.1f solve %.1f solve-t %.1f us%n", args[0].replaceAll(".*/", ""), solver, f.method(), re[reps/2], so[reps/2], st[reps/2]);
    }
}

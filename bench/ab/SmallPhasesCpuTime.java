import dev.pullback.factor.*;
import dev.pullback.io.MatrixFiles;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.*;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Thread CPU medians of analyze, factor (numeric, after analyze), refactor, solve and solve-t of a
 * registry solver on a Matrix Market file, each round a fresh factorization (so every solve comes
 * right after a factor and a refactor); two passes of {@code reps} rounds, the second timed.
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/SmallPhasesCpuTime.java /tmp/circuit_600_4.mtx auto 3000
 * </pre>
 */
public class SmallPhasesCpuTime {
    static final com.sun.management.ThreadMXBean T = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    public static void main(String[] args) throws Exception {
        CscMatrix a = MatrixFiles.readSparse(Path.of(args[0]));
        String solver = args.length > 1 ? args[1] : "auto";
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        int n = a.rows();
        DenseVector b = DenseVector.heap(n), x = DenseVector.heap(n);
        b.fill(1.0);
        double[] an = new double[reps], fa = new double[reps], re = new double[reps], so = new double[reps], st = new double[reps];
        String method = "";
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < reps; i++) {
                long t0 = T.getCurrentThreadCpuTime();
                SparseAnalysis s = Solvers.get(solver).analyze(a.pattern(), SparseOptions.defaults());
                long t1 = T.getCurrentThreadCpuTime();
                SparseFactorization f = s.factor(a);
                long t2 = T.getCurrentThreadCpuTime();
                f.refactor(a);
                long t3 = T.getCurrentThreadCpuTime();
                f.solve(b, x);
                long t4 = T.getCurrentThreadCpuTime();
                f.solveTransposed(b, x);
                long t5 = T.getCurrentThreadCpuTime();
                an[i] = (t1 - t0) / 1e3; fa[i] = (t2 - t1) / 1e3; re[i] = (t3 - t2) / 1e3; so[i] = (t4 - t3) / 1e3; st[i] = (t5 - t4) / 1e3;
                method = f.method().toString();
                f.close();
            }
        }
        System.out.printf("%s %s n=%d method=%s analyze %.0f factor %.0f (an+fac %.0f) refactor %.0f solve %.1f solve-t %.1f us%n",
                args[0], solver, n, method, med(an), med(fa), med(an) + med(fa), med(re), med(so), med(st));
    }
    static double med(double[] t) { double[] c = t.clone(); Arrays.sort(c); return c[c.length / 2]; }
}

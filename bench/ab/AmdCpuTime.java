import dev.pullback.io.MatrixFiles;
import dev.pullback.sparse.Amd;
import dev.pullback.storage.CscMatrix;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Thread-CPU median of {@code Amd.order} (A + Aᵀ included, as SuiteSparse's {@code amd_order}
 * includes its own) on Matrix Market files: {@code reps} calls after as many untimed ones, and a
 * hash of the permutation (to check that a change kept the order). Beside
 * {@code bench/native/target/klu_compare -c -r REPS -p amd FILE...} on the same files.
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/AmdCpuTime.java 200 FILE...
 * </pre>
 */
public class AmdCpuTime {
    public static void main(String[] args) throws Exception {
        var t = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int reps = Integer.parseInt(args[0]);
        for (int f = 1; f < args.length; f++) {
            CscMatrix a = MatrixFiles.readSparse(Path.of(args[f]));
            long[] ns = new long[reps];
            int[] perm = null;
            for (int round = 0; round < 2; round++) {
                for (int r = 0; r < reps; r++) {
                    long t0 = t.getCurrentThreadCpuTime();
                    perm = Amd.order(a.pattern());
                    ns[r] = t.getCurrentThreadCpuTime() - t0;
                }
            }
            Arrays.sort(ns);
            System.out.printf("%s n=%d order %.3f ms (min %.3f) hash %08x%n", args[f].replaceAll(".*/", ""),
                a.rows(), ns[reps / 2] / 1e6, ns[0] / 1e6, Arrays.hashCode(perm));
        }
    }
}

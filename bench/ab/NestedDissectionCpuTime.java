import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import dev.pullback.gallery.Elasticity3d;
import dev.pullback.gallery.Poisson3d;
import dev.pullback.sparse.NestedDissection;
import dev.pullback.sparse.SupernodalCholesky;
import dev.pullback.storage.CscMatrix;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Thread CPU time of {@code NestedDissection.order} alone on 3D gallery meshes: every one of
 * {@code reps} calls (the first is cold), their median, and nnz(L) of the Cholesky factor in the
 * nested dissection order.
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/NestedDissectionCpuTime.java poisson3d:40x40x40,elasticity3d:27x27x27 3
 * </pre>
 * Gallery: poisson3d:NXxNYxNZ, elasticity3d:NXxNYxNZ.
 */
public class NestedDissectionCpuTime {
    static final com.sun.management.ThreadMXBean T = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int reps = Integer.parseInt(args[1]);
        for (String spec : args[0].split(",")) {
            CscMatrix a = gallery(spec);
            long[] t = new long[reps];
            for (int r = 0; r < reps; r++) {
                long t0 = T.getCurrentThreadCpuTime();
                NestedDissection.order(a.pattern());
                t[r] = T.getCurrentThreadCpuTime() - t0;
            }
            long nnzL = SupernodalCholesky.analyze(a.pattern(), SparseOptions.defaults().withOrdering(Ordering.NESTED_DISSECTION))
                    .choleskyNonzeros();
            long[] sorted = t.clone();
            Arrays.sort(sorted);
            System.out.printf("%s n=%d ND median %.1f ms calls %s nnz(L)=%d%n", spec, a.rows(), sorted[reps / 2] / 1e6,
                    Arrays.toString(Arrays.stream(t).mapToObj(x -> String.format("%.0f", x / 1e6)).toArray()), nnzL);
        }
    }

    static CscMatrix gallery(String spec) {
        String[] p = spec.split(":");
        int[] d = Arrays.stream(p[1].split("x")).mapToInt(Integer::parseInt).toArray();
        return switch (p[0]) {
            case "poisson3d" -> Poisson3d.laplacian(d[0], d[1], d[2]);
            case "elasticity3d" -> new Elasticity3d(d[0], d[1], d[2], 1).assemble();
            default -> throw new IllegalArgumentException(spec);
        };
    }
}

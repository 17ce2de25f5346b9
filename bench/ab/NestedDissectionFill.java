import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import dev.pullback.gallery.Elasticity3d;
import dev.pullback.gallery.Grids;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.gallery.Poisson3d;
import dev.pullback.sparse.NestedDissection;
import dev.pullback.sparse.SupernodalCholesky;
import dev.pullback.storage.CscMatrix;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * nnz(L) of the nested dissection order on gallery meshes (exact: the supernodal analysis in that
 * order) for the shipped seed and for seeds 1..S, with the mean and max over the seeds, and ND's
 * thread CPU time per call (median over all calls, the first cold). The seeds take effect only in
 * a build whose {@code NestedDissection.piece} reads them: for the sweep, replace {@code SEED} in
 * its {@code separate} call by {@code Long.getLong("nd.seed", SEED)} (temporary, not shipped);
 * without it every seed gives the shipped order. The fill of an order depends on its random
 * choices, so a change is judged on the seeds' mean and max, not on one seed.
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/NestedDissectionFill.java poisson3d:40x40x40,elasticity3d:25x25x25:2 5
 * </pre>
 * Gallery: poisson:NXxNY, q4:NXxNY, poisson3d:NXxNYxNZ, elasticity3d:NXxNYxNZ[:SEED].
 */
public class NestedDissectionFill {
    static final com.sun.management.ThreadMXBean T = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int seeds = Integer.parseInt(args[1]);
        for (String spec : args[0].split(",")) {
            CscMatrix a = gallery(spec);
            long[] fill = new long[seeds + 1];
            long[] time = new long[seeds + 1];
            for (int s = 0; s <= seeds; s++) {
                if (s == 0) System.clearProperty("nd.seed");
                else System.setProperty("nd.seed", Integer.toString(s));
                long t0 = T.getCurrentThreadCpuTime();
                NestedDissection.order(a.pattern());
                time[s] = T.getCurrentThreadCpuTime() - t0;
                fill[s] = SupernodalCholesky.analyze(a.pattern(),
                        SparseOptions.defaults().withOrdering(Ordering.NESTED_DISSECTION)).choleskyNonzeros();
            }
            System.clearProperty("nd.seed");
            double mean = 0;
            long max = 0;
            for (int s = 1; s <= seeds; s++) {
                mean += fill[s];
                max = Math.max(max, fill[s]);
            }
            mean /= seeds;
            long[] sorted = time.clone();
            Arrays.sort(sorted);
            StringBuilder each = new StringBuilder();
            for (int s = 1; s <= seeds; s++) each.append(String.format(" %.2f", fill[s] / 1e6));
            System.out.printf("%-24s shipped %.2f | mean %.2f max %.2f |%s | ND %.0f ms%n", spec, fill[0] / 1e6, mean / 1e6,
                    max / 1e6, each, sorted[sorted.length / 2] / 1e6);
        }
    }

    static CscMatrix gallery(String spec) {
        String[] p = spec.split(":");
        int[] d = Arrays.stream(p[1].split("x")).mapToInt(Integer::parseInt).toArray();
        long seed = p.length > 2 ? Long.parseLong(p[2]) : 1;
        return switch (p[0]) {
            case "poisson3d" -> Poisson3d.laplacian(d[0], d[1], d[2]);
            case "elasticity3d" -> new Elasticity3d(d[0], d[1], d[2], seed).assemble();
            case "poisson" -> Grids.poisson2d(d[0], d[1]);
            case "q4" -> {
                PlaneStressQ4 m = new PlaneStressQ4(d[0], d[1], 0.3);
                yield m.assemble(m.mbbFixedDofs()).stiffness();
            }
            default -> throw new IllegalArgumentException(spec);
        };
    }
}

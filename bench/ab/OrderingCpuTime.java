import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import dev.pullback.gallery.Elasticity3d;
import dev.pullback.gallery.Grids;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.gallery.Poisson3d;
import dev.pullback.sparse.Amd;
import dev.pullback.sparse.CholeskyAnalysis;
import dev.pullback.sparse.NestedDissection;
import dev.pullback.sparse.SupernodalCholesky;
import dev.pullback.storage.CscMatrix;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Thread CPU time of the fill-reducing orderings for the supernodal Cholesky on gallery matrices:
 * per ordering (AMD, NESTED_DISSECTION, AUTO), the ordering alone, the Cholesky analysis (ordering,
 * supernodes, maps) and analysis + numeric factor (medians of {@code reps}), nnz(L) exact and as
 * stored (amalgamation zeros included), and under AUTO the decision's reason. Beside CHOLMOD's
 * {@code bench/native/target/klu_compare -c -p cholmod} on the same matrices (written by
 * {@code bench/ab/SolverCpuTime.java SPEC write FILE}).
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/OrderingCpuTime.java poisson3d:40x40x40,elasticity3d:27x27x27 3 AMD,NESTED_DISSECTION,AUTO
 * </pre>
 * Gallery: q4:NXxNY, poisson:NXxNY, poisson3d:NXxNYxNZ, elasticity3d:NXxNYxNZ.
 */
public class OrderingCpuTime {
    static final com.sun.management.ThreadMXBean T = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    public static void main(String[] args) {
        int reps = Integer.parseInt(args[1]);
        for (String spec : args[0].split(",")) {
            CscMatrix a = gallery(spec);
            for (String o : args[2].split(",")) {
                Ordering ord = Ordering.valueOf(o);
                SparseOptions opt = SparseOptions.defaults().withOrdering(ord);
                long[] at = new long[reps], ot = new long[reps];
                CholeskyAnalysis an = null;
                for (int r = 0; r < reps; r++) {
                    long t = T.getCurrentThreadCpuTime();
                    if (ord == Ordering.NESTED_DISSECTION) NestedDissection.order(a.pattern());
                    else if (ord == Ordering.AMD) Amd.order(a.pattern());
                    ot[r] = T.getCurrentThreadCpuTime() - t;
                    t = T.getCurrentThreadCpuTime();
                    an = SupernodalCholesky.analyze(a.pattern(), opt);
                    at[r] = T.getCurrentThreadCpuTime() - t;
                }
                long[] ft = new long[reps];
                for (int r = 0; r < reps; r++) {
                    long t = T.getCurrentThreadCpuTime();
                    CholeskyAnalysis an2 = SupernodalCholesky.analyze(a.pattern(), opt);
                    SupernodalCholesky f = an2.factor(a);
                    ft[r] = T.getCurrentThreadCpuTime() - t;
                    f.close();
                }
                System.out.printf("%s n=%d nnzA=%d %s used=%s nnz(L)=%d (stored %d) order %.1f ms analyze %.1f ms analyze+factor %.1f ms %s%n", spec, a.rows(), a.nnz(), o,
                    an.ordering(), an.choleskyNonzeros(), an.factorNonzeros(), med(ot), med(at), med(ft), an.methodReason());
            }
        }
    }
    static double med(long[] t) { long[] c = t.clone(); Arrays.sort(c); return c[c.length/2]/1e6; }
    static CscMatrix gallery(String spec) {
        String[] p = spec.split(":");
        int[] d = Arrays.stream(p[1].split("x")).mapToInt(Integer::parseInt).toArray();
        return switch (p[0]) {
            case "q4" -> { PlaneStressQ4 m = new PlaneStressQ4(d[0], d[1], 0.3); yield m.assemble(m.mbbFixedDofs()).stiffness(); }
            case "poisson" -> Grids.poisson2d(d[0], d[1]);
            case "poisson3d" -> Poisson3d.laplacian(d[0], d[1], d[2]);
            case "elasticity3d" -> new Elasticity3d(d[0], d[1], d[2], 1).assemble();
            default -> throw new IllegalArgumentException(spec);
        };
    }
}

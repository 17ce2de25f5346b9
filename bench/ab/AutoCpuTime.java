import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.factor.SparseOptions;
import dev.pullback.gallery.Elasticity3d;
import dev.pullback.gallery.Grids;
import dev.pullback.gallery.Poisson3d;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Thread CPU medians of a registry solver (default {@code auto}) on gallery matrices, in the order a
 * user pays them: {@code analyze} (ordering and symbolic analysis), {@code factor} (the first
 * numeric factorization of that analysis: allocation included), their sum {@code an+fac} (CHOLMOD's
 * figure of the same name), and {@code refactor}. Each of {@code reps} rounds analyses afresh; the
 * first round is untimed. Only the public API: it runs against any build.
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/AutoCpuTime.java poisson3d:40x40x40,elasticity3d:24x24x24 3 [auto]
 * </pre>
 * Gallery: poisson:NXxNY, poisson3d:NXxNYxNZ, elasticity3d:NXxNYxNZ.
 */
public class AutoCpuTime {
    static final com.sun.management.ThreadMXBean T = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int reps = Integer.parseInt(args[1]);
        String solver = args.length > 2 ? args[2] : "auto";
        for (String spec : args[0].split(",")) {
            CscMatrix a = gallery(spec);
            double[] an = new double[reps], fa = new double[reps], re = new double[reps];
            long nnzL = 0;
            String reason = "";
            for (int r = -1; r < reps; r++) {
                long t0 = T.getCurrentThreadCpuTime();
                SparseAnalysis s = Solvers.get(solver).analyze(a.pattern(), SparseOptions.defaults());
                long t1 = T.getCurrentThreadCpuTime();
                try (SparseFactorization f = s.factor(a)) {
                    long t2 = T.getCurrentThreadCpuTime();
                    f.refactor(a);
                    long t3 = T.getCurrentThreadCpuTime();
                    if (r < 0) continue;
                    an[r] = (t1 - t0) / 1e6;
                    fa[r] = (t2 - t1) / 1e6;
                    re[r] = (t3 - t2) / 1e6;
                    nnzL = f.factorNonzeros();
                    reason = s.methodReason();
                }
            }
            double[] sum = new double[reps];
            for (int r = 0; r < reps; r++) sum[r] = an[r] + fa[r];
            System.out.printf("%s %s nnz(L)=%d analyze %.1f factor %.1f an+fac %.1f refactor %.1f ms | %s%n", spec, solver,
                    nnzL, med(an), med(fa), med(sum), med(re), reason);
        }
    }

    static double med(double[] t) {
        double[] c = t.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    static CscMatrix gallery(String spec) {
        String[] p = spec.split(":");
        int[] d = Arrays.stream(p[1].split("x")).mapToInt(Integer::parseInt).toArray();
        return switch (p[0]) {
            case "poisson" -> Grids.poisson2d(d[0], d[1]);
            case "poisson3d" -> Poisson3d.laplacian(d[0], d[1], d[2]);
            case "elasticity3d" -> new Elasticity3d(d[0], d[1], d[2], 1).assemble();
            default -> throw new IllegalArgumentException(spec);
        };
    }
}

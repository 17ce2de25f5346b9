import dev.pullback.factor.SparseFactorization;
import dev.pullback.gallery.CircuitMna;
import dev.pullback.gallery.Elasticity3d;
import dev.pullback.gallery.Grids;
import dev.pullback.gallery.Kkt;
import dev.pullback.gallery.StokesMac;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.gallery.Poisson3d;
import dev.pullback.gallery.PowerFlowJacobian;
import dev.pullback.io.MatrixMarket;
import dev.pullback.solvers.Solvers;
import dev.pullback.sparse.SupernodalLdlt;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Thread CPU time per operation (medians) of registry solvers on a gallery matrix — analysis +
 * factor, refactor, solve — beside SuiteSparse's driver run with its CPU clock
 * ({@code bench/native/target/klu_compare -c}), on a shared machine where wall-clock figures swing
 * with the load. {@code write FILE} writes the matrix as Matrix Market for the driver instead.
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/SolverCpuTime.java q4:250x120 cholesky,supernodal 40
 * java @jvm.config -cp core/target/classes bench/ab/SolverCpuTime.java q4:250x120 write /tmp/q4.mtx
 * </pre>
 * Gallery: q4:NXxNY, poisson:NXxNY, kkt2d:NXxNY, kkt3d:NXxNYxNZ, stokes2d:NXxNY, stokes3d:NXxNYxNZ, poisson3d:NXxNYxNZ, elasticity3d:NXxNYxNZ, circuit:N, powerflow:N (seed 1).
 */
public class SolverCpuTime {
    static final com.sun.management.ThreadMXBean T = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        CscMatrix a = gallery(args[0]);
        if (args[1].equals("write")) {
            MatrixMarket.write(Path.of(args[2]), a);
            return;
        }
        int reps = Integer.parseInt(args[2]);
        int n = a.rows();
        DenseVector b = DenseVector.heap(n), x = DenseVector.heap(n);
        b.fill(1.0);
        for (String name : args[1].split(",")) {
            Solvers.Solver s = Solvers.get(name);
            SparseFactorization f = s.analyze(a.pattern()).factor(a);
            for (int i = 0; i < reps; i++) { f.refactor(a); f.solve(b, x); }
            for (int i = 0; i < 20 * reps; i++) f.solve(b, x);
            long[] ft = new long[Math.max(3, reps / 4)], rt = new long[reps], st = new long[reps];
            for (int i = 0; i < ft.length; i++) {
                long t = T.getCurrentThreadCpuTime();
                SparseFactorization g = s.analyze(a.pattern()).factor(a);
                ft[i] = T.getCurrentThreadCpuTime() - t;
                g.close();
            }
            for (int i = 0; i < reps; i++) {
                long t0 = T.getCurrentThreadCpuTime();
                f.refactor(a);
                long t1 = T.getCurrentThreadCpuTime();
                f.solve(b, x);
                rt[i] = t1 - t0;
                st[i] = T.getCurrentThreadCpuTime() - t1;
            }
            System.out.printf("%s %s n=%d nnz(factors)=%d analyze+factor %.2f ms refactor %.2f ms solve %.3f ms method %s%n",
                    args[0], name, n, f.factorNonzeros(), median(ft), median(rt), median(st), f.method().label());
            System.out.printf("  max|x-1| for b = A*1: %.3g%s%n", maxErrorForOnes(a, f),
                    f instanceof SupernodalLdlt l ? ", delayed pivots " + l.delayedPivots() + ", 2x2 pivots "
                            + l.twoByTwoPivots() + ", inertia " + l.inertia() + ", max front " + l.maxFrontOrder() : "");
            f.close();
        }
    }

    static double maxErrorForOnes(CscMatrix a, SparseFactorization f) {
        int n = a.rows();
        DenseVector ones = DenseVector.heap(n), b = DenseVector.heap(n), x = DenseVector.heap(n);
        ones.fill(1.0);
        for (int j = 0; j < n; j++) {
            for (int p = a.pattern().colStart(j); p < a.pattern().colEnd(j); p++) {
                b.set(a.pattern().row(p), b.get(a.pattern().row(p)) + a.value(p));
            }
        }
        f.solve(b, x);
        double e = 0;
        for (int i = 0; i < n; i++) e = Math.max(e, Math.abs(x.get(i) - 1));
        return e;
    }

    static double median(long[] t) {
        long[] c = t.clone();
        Arrays.sort(c);
        return c[c.length / 2] / 1e6;
    }

    static CscMatrix gallery(String spec) {
        String[] p = spec.split(":");
        int[] d = Arrays.stream(p[1].split("x")).mapToInt(Integer::parseInt).toArray();
        return switch (p[0]) {
            case "q4" -> {
                PlaneStressQ4 m = new PlaneStressQ4(d[0], d[1], 0.3);
                yield m.assemble(m.mbbFixedDofs()).stiffness();
            }
            case "poisson" -> Grids.poisson2d(d[0], d[1]);
            case "kkt2d" -> Kkt.q4(d[0], d[1], 1);
            case "kkt3d" -> Kkt.hex(d[0], d[1], d[2], 1);
            case "stokes2d" -> StokesMac.of2d(d[0], d[1], 1.0, 1);
            case "stokes3d" -> StokesMac.of3d(d[0], d[1], d[2], 1.0, 1);
            case "poisson3d" -> Poisson3d.laplacian(d[0], d[1], d[2]);
            case "elasticity3d" -> new Elasticity3d(d[0], d[1], d[2], 1).assemble();
            case "circuit" -> CircuitMna.generate(d[0], 1).matrix();
            case "powerflow" -> PowerFlowJacobian.generate(d[0], 1);
            default -> throw new IllegalArgumentException("unknown gallery matrix " + spec);
        };
    }
}

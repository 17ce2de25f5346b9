import dev.pullback.factor.SparseFactorization;
import dev.pullback.gallery.*;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Thread CPU medians of a registry solver's refactor and solve on a gallery matrix: {@code refactor}
 * times refactors only, {@code solve} three solves per round with the factor in cache, {@code both}
 * one solve right after each refactor (the showcase's case). {@code reps} untimed rounds first.
 * Prints nnz of the factors, the bytes allocated over the timed rounds and max|x − 1| for b = A·1.
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/FactorSolveCpuTime.java q4:180x60 cholesky 60 both [AMD|NESTED_DISSECTION]
 * </pre>
 * Gallery: q4:NXxNY, poisson:NXxNY, convdiff:NXxNY, poisson3d:NXxNYxNZ, elasticity3d:NXxNYxNZ.
 */
public class FactorSolveCpuTime {
    static final com.sun.management.ThreadMXBean T = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    public static void main(String[] args) {
        String[] p = args[0].split(":");
        int[] d = Arrays.stream(p[1].split("x")).mapToInt(Integer::parseInt).toArray();
        CscMatrix a = switch (p[0]) {
            case "q4" -> { PlaneStressQ4 m = new PlaneStressQ4(d[0], d[1], 0.3); yield m.assemble(m.mbbFixedDofs()).stiffness(); }
            case "poisson" -> Grids.poisson2d(d[0], d[1]);
            case "convdiff" -> Grids.convectionDiffusion2d(d[0], d[1], 50.0, 25.0);
            case "poisson3d" -> Poisson3d.laplacian(d[0], d[1], d[2]);
            case "elasticity3d" -> new Elasticity3d(d[0], d[1], d[2], 1).assemble();
            default -> throw new IllegalArgumentException(args[0]);
        };
        int reps = Integer.parseInt(args[2]);
        String what = args.length > 3 ? args[3] : "both";
        int n = a.rows();
        DenseVector b = DenseVector.heap(n), x = DenseVector.heap(n);
        for (int i = 0; i < n; i++) b.set(i, 1.0 + (i % 7) * 0.1);
        dev.pullback.factor.SparseOptions o = dev.pullback.factor.SparseOptions.defaults();
        if (args.length > 4) o = o.withOrdering(dev.pullback.factor.Ordering.valueOf(args[4]));
        SparseFactorization f = Solvers.get(args[1]).analyze(a.pattern(), o).factor(a);
        boolean doR = !what.equals("solve"), doS = !what.equals("refactor");
        for (int i = 0; i < reps; i++) { if (doR) f.refactor(a); if (doS) for (int j = 0; j < 3; j++) f.solve(b, x); }
        long[] rt = new long[reps], st = new long[doR ? reps : reps * 3];
        long a0 = T.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < reps; i++) {
            long t0 = T.getCurrentThreadCpuTime();
            if (doR) f.refactor(a);
            long t1 = T.getCurrentThreadCpuTime();
            rt[i] = t1 - t0;
            if (doS) for (int j = 0; j < (doR ? 1 : 3); j++) { long u = T.getCurrentThreadCpuTime(); f.solve(b, x); st[doR ? i : i * 3 + j] = T.getCurrentThreadCpuTime() - u; }
        }
        long al = T.getCurrentThreadAllocatedBytes() - a0;
        System.out.printf("%s %s nnzL=%d refactor %.3f ms solve %.3f ms (alloc %d B) resid-check %s%n", args[0], args[1], f.factorNonzeros(), med(rt), med(st), al, check(a, f));
    }
    static String check(CscMatrix a, SparseFactorization f) {
        int n = a.rows();
        DenseVector b = DenseVector.heap(n), x = DenseVector.heap(n);
        for (int j = 0; j < n; j++) for (int q = a.pattern().colStart(j); q < a.pattern().colEnd(j); q++) b.set(a.pattern().row(q), b.get(a.pattern().row(q)) + a.value(q));
        f.solve(b, x);
        double e = 0; for (int i = 0; i < n; i++) e = Math.max(e, Math.abs(x.get(i) - 1));
        return String.format("%.2g", e);
    }
    static double med(long[] t) { long[] c = t.clone(); Arrays.sort(c); return c[c.length / 2] / 1e6; }
}

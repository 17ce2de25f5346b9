import dev.pullback.factor.SparseFactorization;
import dev.pullback.gallery.Kkt;
import dev.pullback.gallery.Oseen;
import dev.pullback.gallery.StokesMac;
import dev.pullback.io.MatrixMarket;
import dev.pullback.solvers.Solvers;
import dev.pullback.sparse.AdaptiveSparseLu;
import dev.pullback.sparse.SupernodalLu;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The must-pivot families (kkt2d, kkt3d, stokes2d, stokes3d, oseen2d, oseen3d; the CLI gallery's
 * specs, seed 1) through registry solvers, in thread CPU time (medians): analysis + factor,
 * refactor, solve, solve-t; max |x − 1| for b = A·1, plain and after one refinement step; the
 * supernodal LU's delayed pivots; bytes allocated per refactor and per solve (thread counter, after
 * the warm-up). Beside SuiteSparse's driver with its CPU clock
 * ({@code bench/native/target/klu_compare -c -p umfpack}); {@code write FILE} writes the matrix.
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/DelayedLuCpuTime.java oseen2d:120x120 supernodal,lu 20
 * </pre>
 */
public class DelayedLuCpuTime {
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
        onesProduct(a, b);
        for (String name : args[1].split(",")) {
            Solvers.Solver s = Solvers.get(name);
            SparseFactorization f = s.analyze(a.pattern()).factor(a);
            for (int i = 0; i < 3 * reps; i++) { f.refactor(a); f.solve(b, x); f.solveTransposed(b, x); }
            for (int i = 0; i < 20 * reps; i++) { f.solve(b, x); f.solveTransposed(b, x); }
            for (int i = 0; i < reps; i++) s.analyze(a.pattern()).factor(a).close(); // the analysis warms up too
            long[] ft = new long[Math.max(5, reps / 2)], rt = new long[reps], st = new long[reps], tt = new long[reps];
            for (int i = 0; i < ft.length; i++) {
                long t = T.getCurrentThreadCpuTime();
                SparseFactorization g = s.analyze(a.pattern()).factor(a);
                ft[i] = T.getCurrentThreadCpuTime() - t;
                g.close();
            }
            long alloc0 = T.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < reps; i++) {
                long t0 = T.getCurrentThreadCpuTime();
                f.refactor(a);
                rt[i] = T.getCurrentThreadCpuTime() - t0;
            }
            long refactorBytes = T.getCurrentThreadAllocatedBytes() - alloc0;
            alloc0 = T.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < reps; i++) {
                long t0 = T.getCurrentThreadCpuTime();
                f.solve(b, x);
                long t1 = T.getCurrentThreadCpuTime();
                f.solveTransposed(b, x);
                st[i] = t1 - t0;
                tt[i] = T.getCurrentThreadCpuTime() - t1;
            }
            long solveBytes = T.getCurrentThreadAllocatedBytes() - alloc0;
            f.solve(b, x);
            double plain = maxErr(x);
            refineOnce(a, f, b, x);
            double refined = maxErr(x);
            String delays = f instanceof SupernodalLu sn ? String.valueOf(sn.delayedPivots())
                    : f instanceof AdaptiveSparseLu ad ? ad.method().label() : "-";
            System.out.printf("%s %s n=%d nnz(A)=%d nnz(factors)=%d factor %.2f ms refactor %.2f ms solve %.3f ms"
                            + " solve-t %.3f ms max|x-1| %.1e refined %.1e delays %s B/op refactor %d solve %d%n",
                    args[0], name, n, a.nnz(), f.factorNonzeros(), median(ft), median(rt), median(st), median(tt),
                    plain, refined, delays, refactorBytes / reps, solveBytes / (2L * reps));
            f.close();
        }
    }

    static void onesProduct(CscMatrix a, DenseVector b) {
        CscPattern p = a.pattern();
        b.fill(0.0);
        for (int j = 0; j < a.cols(); j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) b.set(p.row(k), b.get(p.row(k)) + a.value(k));
        }
    }

    /** One step of iterative refinement, x += A⁻¹(b − Ax), the residual in plain double (as UMFPACK's solve refines). */
    static void refineOnce(CscMatrix a, SparseFactorization f, DenseVector b, DenseVector x) {
        int n = a.rows();
        DenseVector r = DenseVector.heap(n);
        CscPattern p = a.pattern();
        for (int i = 0; i < n; i++) r.set(i, b.get(i));
        for (int j = 0; j < n; j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) r.set(p.row(k), r.get(p.row(k)) - a.value(k) * x.get(j));
        }
        f.solve(r, r);
        for (int i = 0; i < n; i++) x.set(i, x.get(i) + r.get(i));
    }

    static double maxErr(DenseVector x) {
        double e = 0;
        for (int i = 0; i < x.length(); i++) e = Math.max(e, Math.abs(x.get(i) - 1));
        return e;
    }

    static double median(long[] t) {
        long[] c = t.clone();
        Arrays.sort(c);
        return c[c.length / 2] / 1e6;
    }

    /** The CLI's specs (seed 1, σ = 1, wind 100 as GalleryMatrices has them). */
    static CscMatrix gallery(String spec) {
        String[] p = spec.split(":");
        int[] d = Arrays.stream(p[1].split("x")).mapToInt(Integer::parseInt).toArray();
        return switch (p[0]) {
            case "kkt2d" -> Kkt.q4(d[0], d[1], 1);
            case "kkt3d" -> Kkt.hex(d[0], d[1], d[2], 1);
            case "stokes2d" -> StokesMac.of2d(d[0], d[1], 1.0, 1);
            case "stokes3d" -> StokesMac.of3d(d[0], d[1], d[2], 1.0, 1);
            case "oseen2d" -> Oseen.of2d(d[0], d[1], 100, 1.0, 1);
            case "oseen3d" -> Oseen.of3d(d[0], d[1], d[2], 100, 1.0, 1);
            default -> throw new IllegalArgumentException("unknown gallery matrix " + spec);
        };
    }
}

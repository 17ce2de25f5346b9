import dev.pullback.gallery.Grids;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.sparse.AdaptiveSparseLu;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Thread CPU time per operation (medians) of the adaptive sparse LU through the public API — factor
 * (analysis included), refactor, solve, solve-t — for A/B comparisons of two builds on a shared machine,
 * where wall-clock figures swing with the load. Run once per build, alternating, in fresh JVMs:
 * {@code java @jvm.config -cp <build>/core/target/classes bench/ab/AdaptiveLuCpuTime.java q4|poisson LABEL}.
 */
public class AdaptiveLuCpuTime {
    static final com.sun.management.ThreadMXBean T = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    public static void main(String[] args) {
        String which = args[0];
        CscMatrix a = which.equals("q4") ? new PlaneStressQ4(300, 100, 0.3).assemble(new PlaneStressQ4(300, 100, 0.3).mbbFixedDofs()).stiffness()
                : Grids.poisson2d(250, 250);
        int n = a.rows();
        DenseVector b = DenseVector.heap(n), x = DenseVector.heap(n);
        b.fill(1.0);
        AdaptiveSparseLu lu = AdaptiveSparseLu.factor(a);
        for (int i = 0; i < 60; i++) { lu.refactor(a); for (int j = 0; j < 10; j++) { lu.solve(b, x); lu.solveTransposed(b, x); } }
        for (int i = 0; i < 8; i++) AdaptiveSparseLu.factor(a).close();
        double[] f = new double[7], r = new double[15], s = new double[60], st = new double[60];
        for (int i = 0; i < f.length; i++) { long t = T.getCurrentThreadCpuTime(); AdaptiveSparseLu g = AdaptiveSparseLu.factor(a); f[i] = (T.getCurrentThreadCpuTime() - t) / 1e6; g.close(); }
        for (int i = 0; i < r.length; i++) { long t = T.getCurrentThreadCpuTime(); lu.refactor(a); r[i] = (T.getCurrentThreadCpuTime() - t) / 1e6; }
        for (int i = 0; i < s.length; i++) { long t = T.getCurrentThreadCpuTime(); lu.solve(b, x); s[i] = (T.getCurrentThreadCpuTime() - t) / 1e6; }
        for (int i = 0; i < st.length; i++) { long t = T.getCurrentThreadCpuTime(); lu.solveTransposed(b, x); st[i] = (T.getCurrentThreadCpuTime() - t) / 1e6; }
        System.out.printf("%s %s factor %.2f refactor %.2f solve %.3f solve-t %.3f ms%n", args[1], which, med(f), med(r), med(s), med(st));
    }
    static double med(double[] v) { double[] c = v.clone(); Arrays.sort(c); return c[c.length / 2]; }
}

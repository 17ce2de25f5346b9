import dev.pullback.kernel.gemm.Gemm;
import dev.pullback.kernel.gemm.GemmWorkspace;
import dev.pullback.kernel.gemm.Gemms;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

/**
 * Thread-CPU medians (5 calls after 5 untimed) of {@code Gemms.get().syrk} in the supernodal
 * Cholesky's form (lower, C −= A·Aᵀ on a front's F22 block, heap segments) on 3D front sizes; beside
 * OpenBLAS's dsyrk from {@code bench/native/syrk_openblas.py}.
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/SyrkCpuTime.java
 * OPENBLAS_NUM_THREADS=1 python3 bench/native/syrk_openblas.py
 * </pre>
 */
public class SyrkCpuTime {
    public static void main(String[] args) {
        var T = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Gemm g = Gemms.get();
        GemmWorkspace ws = g.newWorkspace();
        System.out.println(g.name());
        int[][] sizes = {{500, 200}, {1000, 300}, {1500, 500}, {2000, 800}, {3000, 1000}};
        Random rnd = new Random(1);
        for (int round = 0; round < 2; round++) for (int[] s : sizes) {
            int n = s[0], k = s[1];
            int m = n + k; // like a front: A is the L21 block at row k, C the F22 block
            double[] f = new double[m * m];
            for (int i = 0; i < f.length; i++) f[i] = rnd.nextDouble();
            MemorySegment fs = MemorySegment.ofArray(f);
            double[] t = new double[5];
            for (int r = 0; r < 5; r++) {
                long t0 = T.getCurrentThreadCpuTime();
                g.syrk(true, false, n, k, -1.0, fs, k, m, 1.0, fs, k + (long) k * m, m, ws);
                t[r] = (T.getCurrentThreadCpuTime() - t0) / 1e6;
            }
            Arrays.sort(t);
            if (round == 1) System.out.printf("pullback syrk n=%d k=%d %.2f ms %.1f GFlop/s%n", n, k, t[2], (double) n * n * k / t[2] / 1e6);
        }
    }
}

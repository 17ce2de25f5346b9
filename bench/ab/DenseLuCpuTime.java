import dev.pullback.dense.DenseLu;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

/**
 * Thread-CPU medians of {@code DenseLu.refactor}, {@code solve} and {@code solveTransposed} on a
 * random uniform n×n matrix, after a warm-up of the given seconds (all three in turn), with the
 * bytes the factorization and the two solves together allocated per call over the timed calls;
 * beside OpenBLAS's dgetrf/dgetrs from {@code bench/native/target/dense_lu}. {@code -Dreps=} sets
 * the timed calls (2001).
 * <pre>
 * java @jvm.config -cp core/target/classes bench/ab/DenseLuCpuTime.java 6 50 100 150 200
 * OPENBLAS_NUM_THREADS=1 bench/native/target/dense_lu -c -r 2001 50 100 150 200
 * </pre>
 */
public class DenseLuCpuTime {
    public static void main(String[] args) {
        var clock = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double warmSeconds = Double.parseDouble(args[0]);
        int reps = Integer.getInteger("reps", 2001);
        for (int arg = 1; arg < args.length; arg++) {
            int n = Integer.parseInt(args[arg]);
            Random rnd = new Random(42);
            DenseMatrix a = DenseMatrix.zeros(n, n);
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) a.set(i, j, rnd.nextDouble() * 2 - 1);
            DenseLu lu = DenseLu.workspace(n);
            DenseVector b = DenseVector.offHeap(n), x = DenseVector.offHeap(n);
            b.fill(1);
            long end = System.nanoTime() + (long) (warmSeconds * 1e9);
            while (System.nanoTime() < end) {
                lu.refactor(a);
                lu.solve(b, x);
                lu.solveTransposed(b, x);
            }
            long[] factor = new long[reps], solve = new long[reps], solveT = new long[reps];
            long allocated = 0, solveAllocated = 0;
            for (int r = 0; r < reps; r++) {
                long bytes = clock.getCurrentThreadAllocatedBytes();
                long t0 = clock.getCurrentThreadCpuTime();
                lu.refactor(a);
                long t1 = clock.getCurrentThreadCpuTime();
                long bytes1 = clock.getCurrentThreadAllocatedBytes();
                allocated += bytes1 - bytes;
                lu.solve(b, x);
                long t2 = clock.getCurrentThreadCpuTime();
                lu.solveTransposed(b, x);
                long t3 = clock.getCurrentThreadCpuTime();
                solveAllocated += clock.getCurrentThreadAllocatedBytes() - bytes1;
                factor[r] = t1 - t0;
                solve[r] = t2 - t1;
                solveT[r] = t3 - t2;
            }
            Arrays.sort(factor);
            Arrays.sort(solve);
            Arrays.sort(solveT);
            System.out.printf("%d pullback factor %d solve %d solve-t %d ns (min %d %d %d) factor allocates %d B/call, solves %d B/call%n",
                    n, factor[reps / 2], solve[reps / 2], solveT[reps / 2], factor[0], solve[0], solveT[0], allocated / reps,
                    solveAllocated / reps);
            lu.close();
        }
    }
}

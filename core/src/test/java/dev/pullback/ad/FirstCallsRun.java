package dev.pullback.ad;

import dev.pullback.kernel.KernelProvider;
import dev.pullback.solvers.Factorizers;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * Child JVM of {@link FirstCallsAllocationTest}: the seed gradient (n = 100, dense: refactor, solve,
 * pullback) from its first call, printing the kernels' name, the bytes this thread allocated in call
 * 1 and in calls 2…{@code calls}, and the largest of those later calls.
 */
public final class FirstCallsRun {
    private FirstCallsRun() {}

    public static void main(String[] args) {
        int calls = Integer.parseInt(args[0]);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 100;
        Random rnd = new Random(2026);
        double[][] entries = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) entries[i][j] = i == j ? 13 : rnd.nextDouble() < 0.1 ? rnd.nextGaussian() : 0;
        }
        double[] av = new double[n], bv = new double[n];
        for (int i = 0; i < n; i++) {
            av[i] = rnd.nextGaussian();
            bv[i] = rnd.nextGaussian();
        }
        long cost = Long.MAX_VALUE;
        for (int i = 0; i < 16; i++) {
            long a = threads.getCurrentThreadAllocatedBytes();
            cost = Math.min(cost, threads.getCurrentThreadAllocatedBytes() - a);
        }
        long first = 0, later = 0, worst = 0;
        double sink = 0;
        try (DenseMatrix d = DenseMatrix.of(entries); DenseVector a = DenseVector.of(av); DenseVector b = DenseVector.of(bv);
                LinearSolve<DenseMatrix> solve = new LinearSolve<>(Factorizers.denseLu())) {
            DenseVector xbar = DenseVector.heap(n), da = DenseVector.heap(n), db = DenseVector.heap(n);
            DotProduct objective = new DotProduct(a);
            for (int call = 1; call <= calls; call++) {
                long a0 = threads.getCurrentThreadAllocatedBytes();
                d.markModified();
                double f = objective.forward(solve.forward(d, b));
                objective.pullback(1.0, xbar, da);
                sink += f + solve.pullback(xbar, db).get(3, 7);
                long bytes = threads.getCurrentThreadAllocatedBytes() - a0 - cost;
                if (call == 1) first = bytes;
                else {
                    later += Math.max(0, bytes);
                    worst = Math.max(worst, bytes);
                }
            }
        }
        System.out.println(KernelProvider.kernels().name() + " " + first + " " + later + " " + worst + " " + (sink != 0));
    }
}

package dev.pullback.cli.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Times a {@link BenchOp.Task} in-process: a warm-up that runs until the JIT is done and the
 * per-run time is stable (no compilation during the last five batches, whose times lie within 3%
 * of their median, after at least a fifth of the budget) or the time budget is spent, then
 * {@code samples} timed batches. (Stopping on stable times alone measured a few samples still in
 * the interpreter on a loaded machine, where Vector API code boxes every vector.) A batch repeats the run often
 * enough to last about {@value #BATCH_NS} ns so that timer resolution does not matter; each sample
 * is the batch time divided by its runs. Allocation is read from the thread's allocation counter
 * around all timed batches (minus the counter's own cost), per run.
 */
public final class Harness {
    static final long BATCH_NS = 2_000_000;
    /** Where results go, so the JIT cannot drop the work. */
    private static volatile double sink;

    private Harness() {}

    /** Per-run times in nanoseconds and allocated bytes per run. */
    public record Timing(int samples, long runsPerSample, double medianNs, double p10Ns, double p90Ns, double minNs,
            double maxNs, double allocBytesPerRun, double warmupSeconds) {}

    public static Timing measure(BenchOp.Task task, double budgetSeconds, int samples) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long budget = (long) (budgetSeconds * 1e9);
        long start = System.nanoTime();
        double acc = 0;
        long t0 = System.nanoTime();
        acc += task.run();
        double perRun = Math.max(1, System.nanoTime() - t0);
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimes = jit != null && jit.isCompilationTimeMonitoringSupported();
        double[] recent = new double[5];
        long[] compileMs = new long[recent.length];
        int batches = 0;
        while (true) {
            long reps = runs(perRun);
            t0 = System.nanoTime();
            acc += batch(task, reps);
            perRun = Math.max(1e-3, (System.nanoTime() - t0) / (double) reps);
            compileMs[batches % recent.length] = jitTimes ? jit.getTotalCompilationTime() : 0;
            recent[batches++ % recent.length] = perRun;
            long spent = System.nanoTime() - start;
            if (spent > budget) break;
            if (spent > budget / 5 && batches >= recent.length && stable(recent) && quiet(compileMs)) break;
        }
        double warmup = (System.nanoTime() - start) / 1e9;

        long reps = runs(perRun);
        double[] t = new double[samples];
        long a0 = threads.getCurrentThreadAllocatedBytes();
        long a1 = threads.getCurrentThreadAllocatedBytes();
        for (int s = 0; s < samples; s++) {
            t0 = System.nanoTime();
            acc += batch(task, reps);
            t[s] = (System.nanoTime() - t0) / (double) reps;
        }
        long a2 = threads.getCurrentThreadAllocatedBytes();
        sink = acc;
        double alloc = Math.max(0, (a2 - a1) - (a1 - a0)) / (double) (reps * samples);
        Arrays.sort(t);
        return new Timing(samples, reps, quantile(t, 0.5), quantile(t, 0.1), quantile(t, 0.9), t[0], t[samples - 1],
                alloc, warmup);
    }

    /**
     * The timed loop, one method for warm-up and measurement alike, so that the code measured is
     * the code the warm-up compiled (not an on-stack-replacement of a loop entered only once).
     */
    private static double batch(BenchOp.Task task, long reps) {
        double acc = 0;
        for (long r = 0; r < reps; r++) acc += task.run();
        return acc;
    }

    private static long runs(double perRunNs) {
        return Math.max(1, (long) Math.ceil(BATCH_NS / perRunNs));
    }

    /** No compilation time accrued over the recorded batches. */
    private static boolean quiet(long[] compileMs) {
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (long c : compileMs) {
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        return min == max;
    }

    private static boolean stable(double[] recent) {
        double[] s = recent.clone();
        Arrays.sort(s);
        double median = s[s.length / 2];
        return s[s.length - 1] - s[0] <= 0.03 * median;
    }

    /** Linear interpolation between order statistics of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}

package dev.pullback.cli.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times a {@link BenchOp.Task} in-process, in two phases.
 *
 * <p>Warm-up: batches of runs until C2 code runs the op, or the time budget is spent. A
 * {@link TierWatch} reads that from JFR: the last {@value #C2_SAMPLES} execution samples of this
 * thread inside the timed loop, in a row, caught level-4 code running (a run that long is unlikely
 * while more than a few percent of the time goes to C1 or interpreted code); and the bytes
 * allocated per run agree over the last five batches (boxing in C1 code fades as C2 takes over,
 * which also catches C1 code the samples missed). Stable times with no compilation going on are
 * not enough: C1-compiled Vector API code boxes every vector and runs 50x slower with perfectly
 * steady times, for as long as a method called once per operation is short of its C2 threshold.
 * Without JFR ({@code --no-jfr}) the older rule applies: at least a fifth of the budget, five
 * batches within 3% of their median and no compilation time accrued over them; the result then
 * says that it could not see the tier.
 *
 * <p>Timing: {@code samples} batches. A batch repeats the run often enough to last about
 * {@value #BATCH_NS} ns so that timer resolution does not matter; each sample is the batch time
 * divided by its runs. Allocation is read from the thread's allocation counter around each timed
 * batch (minus the counter's own cost), per run, and the thread's CPU time beside the wall time.
 * The samples are {@linkplain Timing#steady() steady} when the warm-up ended on C2 code; while they
 * ran, the watch caught code below C2 in at most {@value #MAX_SLOW_SHARE} of its samples and saw no
 * deoptimization on the path, and the thread was on a CPU at least {@value #MIN_CPU_SHARE} of the
 * wall time (else other processes inflate the wall times); and they show no trend: the medians of
 * their first and last thirds agree within {@value #TREND}.
 */
public final class Harness {
    static final long BATCH_NS = 2_000_000;
    /** Consecutive samples in C2 code that end the warm-up (at {@link TierWatch#SAMPLE_MS} ms each). */
    static final int C2_SAMPLES = 50;
    /** Largest relative difference between the medians of the first and last thirds of a steady timing. */
    static final double TREND = 0.05;
    /**
     * Largest share of the samples taken while timing that may catch code below C2. The time that code
     * takes is about its share of the samples, and C2 code would take less: so it bounds the error.
     */
    static final double MAX_SLOW_SHARE = 0.02;
    /** Smallest share of the timed wall time this thread must spend on a CPU in a steady timing. */
    static final double MIN_CPU_SHARE = 0.9;
    /** Where results go, so the JIT cannot drop the work. */
    private static volatile double sink;

    private Harness() {}

    /**
     * Per-run wall times in nanoseconds and allocated bytes per run; the median of the thread's CPU
     * time per run and the share of the timed wall time it spent on a CPU (below 1 when other
     * processes took the CPU; NaN for tasks on several threads or without a CPU clock); how long the
     * warm-up took (seconds and runs); whether it ended on C2 code ({@code c2Ready}); whether the
     * timed samples were steady; and, when either is false, why (else null).
     */
    public record Timing(int samples, long runsPerSample, double medianNs, double p10Ns, double p90Ns, double minNs,
            double maxNs, double allocBytesPerRun, double cpuMedianNs, double cpuShare, double warmupSeconds,
            long warmupRuns, boolean c2Ready, boolean steady, String warning) {}

    /**
     * Warms the task up (at most {@code budgetSeconds}) and times it. {@code watch} may be null (no
     * JFR): then the warm-up cannot see the JIT tier and {@code c2Ready} is false.
     */
    public static Timing measure(BenchOp.Task task, double budgetSeconds, int samples, TierWatch watch)
            throws InterruptedException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long budget = (long) (budgetSeconds * 1e9);
        if (watch != null) watch.countFrom(Instant.now(), true);
        long start = System.nanoTime();
        double acc = 0;
        long t0 = System.nanoTime();
        acc += task.run();
        long warmupRuns = 1;
        double perRun = Math.max(1, System.nanoTime() - t0);
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimes = jit != null && jit.isCompilationTimeMonitoringSupported();
        double[] recent = new double[5], allocRecent = new double[recent.length];
        long[] compileMs = new long[recent.length];
        int batches = 0;
        boolean c2 = false, allocSteady = false;
        while (true) {
            long reps = runs(perRun);
            long a0 = threads.getCurrentThreadAllocatedBytes();
            t0 = System.nanoTime();
            acc += batch(task, reps);
            perRun = Math.max(1e-3, (System.nanoTime() - t0) / (double) reps);
            allocRecent[batches % recent.length] = (threads.getCurrentThreadAllocatedBytes() - a0) / (double) reps;
            warmupRuns += reps;
            compileMs[batches % recent.length] = jitTimes ? jit.getTotalCompilationTime() : 0;
            recent[batches++ % recent.length] = perRun;
            if (batches >= recent.length) perRun = median(recent); // one slow batch must not shrink the next ones
            long spent = System.nanoTime() - start;
            if (watch != null && batches >= recent.length) {
                c2 = watch.status().c2Streak() >= C2_SAMPLES;
                allocSteady = steadyAllocation(allocRecent);
                if (c2 && allocSteady) break;
            } else if (watch == null && spent > budget / 5 && batches >= recent.length && stable(recent)
                    && quiet(compileMs)) {
                break;
            }
            if (spent > budget) break;
        }
        double warmup = (System.nanoTime() - start) / 1e9;
        TierWatch.Status warm = watch == null ? null : watch.status();

        long reps = runs(perRun);
        double[] t = new double[samples];
        if (watch != null) watch.countFrom(Instant.now(), false);
        long counterCost = threads.getCurrentThreadAllocatedBytes();
        counterCost = threads.getCurrentThreadAllocatedBytes() - counterCost;
        boolean cpuTimes = task.threads() == 1 && threads.isCurrentThreadCpuTimeSupported();
        double[] cpu = new double[samples];
        double wallNs = 0, cpuNs = 0;
        long allocated = 0;
        for (int s = 0; s < samples; s++) {
            // The CPU clock is read outside the allocation bracket: its first, interpreted calls allocate.
            long c0 = cpuTimes ? threads.getCurrentThreadCpuTime() : 0;
            long a0 = threads.getCurrentThreadAllocatedBytes();
            t0 = System.nanoTime();
            acc += batch(task, reps);
            long wall = System.nanoTime() - t0;
            allocated += threads.getCurrentThreadAllocatedBytes() - a0 - counterCost;
            long used = cpuTimes ? threads.getCurrentThreadCpuTime() - c0 : wall;
            t[s] = wall / (double) reps;
            cpu[s] = used / (double) reps;
            wallNs += wall;
            cpuNs += used;
        }
        Instant end = Instant.now();
        sink = acc;
        double alloc = Math.max(0, allocated) / (double) (reps * samples);
        TierWatch.Status during = null;
        if (c2) { // else the verdict is known: not steady
            watch.awaitFlushAfter(end);
            during = watch.status();
        }
        double cpuShare = cpuTimes ? Math.min(1, cpuNs / wallNs) : Double.NaN;
        double cpuMedian = cpuTimes ? median(cpu) : Double.NaN;
        String warning = !c2 || allocSteady ? warning(c2, warmup, warm, during, cpuShare, cpuMedian, trend(t))
                : String.format(Locale.ROOT, "allocation per run still changing after %.1f s of warm-up (--time): %.0f to"
                        + " %.0f bytes over the last five batches", warmup, min(allocRecent), max(allocRecent));
        Arrays.sort(t);
        return new Timing(samples, reps, quantile(t, 0.5), quantile(t, 0.1), quantile(t, 0.9), t[0], t[samples - 1],
                alloc, cpuMedian, cpuShare, warmup, warmupRuns, c2, warning == null, warning);
    }

    /** Why the timing is not steady, or null: see the class comment. */
    private static String warning(boolean c2, double warmupSeconds, TierWatch.Status warm, TierWatch.Status during,
            double cpuShare, double cpuMedianNs, double trend) {
        if (warm == null) return "JFR is not available: the warm-up could not see whether C2 code ran the op";
        if (!c2) {
            return String.format(Locale.ROOT, "no C2 code for the op after %.1f s of warm-up (--time); %s", warmupSeconds,
                    warm.laggard() == null ? "too few samples" : "most often below C2: " + warm.laggard());
        }
        if (during.samples() - during.c2Samples() > MAX_SLOW_SHARE * during.samples()) {
            return (during.samples() - during.c2Samples()) + " of " + during.samples()
                    + " samples while timing were not in C2 code, most often " + during.laggard();
        }
        if (during.pathDeoptimizations() > 0) {
            return during.pathDeoptimizations() + " deoptimization(s) on the op's path while timing";
        }
        if (cpuShare < MIN_CPU_SHARE) { // false for NaN: not measured
            return String.format(Locale.ROOT, "the machine is busy: this thread ran on a CPU %.0f%% of the timed wall time"
                    + " (median CPU time per run %.4g us)", 100 * cpuShare, cpuMedianNs / 1e3);
        }
        if (Math.abs(trend) > TREND) {
            return String.format(Locale.ROOT, "the times drift: the median of the last third of the samples is %+.0f%%"
                    + " off the first third's", 100 * trend);
        }
        return null;
    }

    /** Median of the last third of the samples (in time order) over that of the first third, minus 1. */
    static double trend(double[] inOrder) {
        int k = Math.max(1, inOrder.length / 3);
        double[] first = Arrays.copyOfRange(inOrder, 0, k), last = Arrays.copyOfRange(inOrder, inOrder.length - k,
                inOrder.length);
        Arrays.sort(first);
        Arrays.sort(last);
        return quantile(last, 0.5) / quantile(first, 0.5) - 1;
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

    /**
     * Allocation per run settled: the last batches agree within 1% or 64 bytes. C1 code that boxes
     * vectors allocates less and less as its methods reach C2; a run that allocates its results
     * (a fresh factorization) allocates the same every time.
     */
    private static boolean steadyAllocation(double[] bytesPerRun) {
        return max(bytesPerRun) - min(bytesPerRun) <= Math.max(64, 0.01 * max(bytesPerRun));
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    private static boolean stable(double[] recent) {
        double[] s = recent.clone();
        Arrays.sort(s);
        return s[s.length - 1] - s[0] <= 0.03 * s[s.length / 2];
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return quantile(s, 0.5);
    }

    /** Linear interpolation between order statistics of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}

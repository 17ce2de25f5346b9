package dev.pullback.bench.latency;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latency of one workload ({@link Workloads}) in this JVM, from its first call on: the time and
 * the bytes allocated by calls 1, 10, 100, 1000 and 10000; the call after which allocation stays
 * 0 and the bytes allocated until then; after {@code --warmup} calls, the distribution of
 * {@code --calls} call times (HdrHistogram, 3 significant digits: p50 … p99.99, max) with the
 * garbage collections and bytes allocated in that window.
 *
 * <p>Each call is bracketed by {@link System#nanoTime()}, by this thread's allocation counter
 * ({@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}, less what reading it
 * costs) and, outside those, by its CPU clock; the histograms are written outside the brackets. The
 * CPU time per call (its p50, and the share of the window's wall time the thread spent on a CPU)
 * shows how much of the wall time other processes took: on a shared machine the wall-time p50
 * moves with their load, the CPU-time p50 much less. Run one workload per fresh JVM (the
 * first calls are the point): {@code bench/latency} does, and summarises several JVMs.
 *
 * <pre>
 * java @jvm.config -cp bench/target/benchmarks.jar dev.pullback.bench.latency.LatencyBench \
 *     --workload seed-dense-100 [--calls 1000000] [--warmup 20000] [--json]
 * </pre>
 */
public final class LatencyBench {
    private static final long[] MARKED = {1, 10, 100, 1_000, 10_000};
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};
    /** Where results go, so the JIT cannot drop the work. */
    private static volatile double sink;

    private LatencyBench() {}

    /** What one JVM measured. Times in ns; call index -1 when that call did not happen. */
    record Result(String workload, int n, long warmup, long calls, long[] markedNs, long[] markedBytes,
            long allocLastCall, long allocLastKilobyteCall, long allocTotalBytes, long warmupGcs, long windowGcs,
            long windowGcMs, long windowBytes, long[] percentileNs, long maxNs, double meanNs, long cpuP50Ns,
            double cpuShare, double seconds) {}

    public static void main(String[] args) throws Exception {
        String workload = null;
        long calls = 1_000_000, warmup = 20_000;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--workload" -> workload = value(args, ++i);
                case "--calls" -> calls = count(args, ++i);
                case "--warmup" -> warmup = count(args, ++i);
                case "--json" -> json = true;
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        if (workload == null) usage("--workload is required (one of " + String.join(", ", Workloads.NAMES) + ")");
        if (calls < 1) usage("--calls must be at least 1");
        Result r = run(workload, warmup, calls);
        System.out.println(json ? json(r) : text(r));
    }

    static Result run(String name, long warmup, long calls) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()
                || !threads.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM does not count allocated bytes or CPU time per thread");
        }
        long counterCost = Long.MAX_VALUE;
        for (int i = 0; i < 16; i++) {
            long a = threads.getCurrentThreadAllocatedBytes();
            counterCost = Math.min(counterCost, threads.getCurrentThreadAllocatedBytes() - a);
        }
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Histogram cpuHistogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long windowWall = 0, windowCpu = 0, lastKilobyte = 0;
        long[] markedNs = new long[MARKED.length], markedBytes = new long[MARKED.length];
        java.util.Arrays.fill(markedNs, -1);
        java.util.Arrays.fill(markedBytes, -1);
        long total = warmup + calls, lastAlloc = 0, allocTotal = 0, windowBytes = 0;
        long gcs0 = gcCount(), gcsAtWindow = gcs0, gcMsAtWindow = gcMillis();
        double acc = 0;
        long start = System.nanoTime();
        try (Workloads.Workload w = Workloads.create(name)) {
            int mark = 0;
            for (long call = 1; call <= total; call++) {
                if (call == warmup + 1) {
                    gcsAtWindow = gcCount();
                    gcMsAtWindow = gcMillis();
                }
                long c0 = threads.getCurrentThreadCpuTime(); // outside the allocation bracket
                long a0 = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                acc += w.call();
                long t1 = System.nanoTime();
                long bytes = threads.getCurrentThreadAllocatedBytes() - a0 - counterCost;
                long cpu = threads.getCurrentThreadCpuTime() - c0;
                if (bytes > 0) {
                    lastAlloc = call;
                    allocTotal += bytes;
                    if (bytes >= 1024) lastKilobyte = call;
                    if (call > warmup) windowBytes += bytes;
                }
                if (mark < MARKED.length && call == MARKED[mark]) {
                    markedNs[mark] = t1 - t0;
                    markedBytes[mark++] = Math.max(0, bytes);
                }
                if (call > warmup) {
                    histogram.recordValue(Math.min(t1 - t0, histogram.getHighestTrackableValue()));
                    cpuHistogram.recordValue(Math.min(Math.max(0, cpu), cpuHistogram.getHighestTrackableValue()));
                    windowWall += t1 - t0;
                    windowCpu += cpu;
                }
            }
            sink = acc;
            long[] p = new long[PERCENTILES.length];
            for (int i = 0; i < p.length; i++) p[i] = histogram.getValueAtPercentile(PERCENTILES[i]);
            return new Result(name, w.n(), warmup, calls, markedNs, markedBytes, lastAlloc, lastKilobyte, allocTotal,
                    gcsAtWindow - gcs0, gcCount() - gcsAtWindow, gcMillis() - gcMsAtWindow, windowBytes, p,
                    histogram.getMaxValue(), histogram.getMean(), cpuHistogram.getValueAtPercentile(50),
                    Math.min(1, windowCpu / (double) windowWall), (System.nanoTime() - start) / 1e9);
        }
    }

    private static long gcCount() {
        long c = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            c += Math.max(0, gc.getCollectionCount());
        }
        return c;
    }

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }

    static String json(Result r) {
        StringBuilder s = new StringBuilder("{\"workload\":\"").append(r.workload()).append('"');
        field(s, "n", r.n());
        field(s, "pid", ProcessHandle.current().pid());
        field(s, "warmup", r.warmup());
        field(s, "calls", r.calls());
        for (int i = 0; i < MARKED.length; i++) {
            field(s, "call" + MARKED[i] + "_ns", r.markedNs()[i]);
            field(s, "call" + MARKED[i] + "_bytes", r.markedBytes()[i]);
        }
        field(s, "alloc_last_call", r.allocLastCall());
        field(s, "alloc_last_kb_call", r.allocLastKilobyteCall());
        field(s, "alloc_total_bytes", r.allocTotalBytes());
        field(s, "warmup_gcs", r.warmupGcs());
        field(s, "window_gcs", r.windowGcs());
        field(s, "window_gc_ms", r.windowGcMs());
        field(s, "window_bytes", r.windowBytes());
        for (int i = 0; i < PERCENTILES.length; i++) field(s, "p" + label(PERCENTILES[i]) + "_ns", r.percentileNs()[i]);
        field(s, "max_ns", r.maxNs());
        field(s, "cpu_p50_ns", r.cpuP50Ns());
        s.append(String.format(Locale.ROOT, ",\"cpu_share\":%.3f,\"mean_ns\":%.1f,\"run_s\":%.2f}", r.cpuShare(),
                r.meanNs(), r.seconds()));
        return s.toString();
    }

    private static void field(StringBuilder s, String key, long value) {
        s.append(",\"").append(key).append("\":").append(value);
    }

    /** 99.9 → "99_9" for JSON keys. */
    static String label(double percentile) {
        String p = percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
        return p.replace('.', '_');
    }

    static String text(Result r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s (n = %d), %d warm-up calls, then %d timed; %.1f s%n", r.workload(), r.n(),
                r.warmup(), r.calls(), r.seconds()));
        for (int i = 0; i < MARKED.length; i++) {
            if (r.markedNs()[i] < 0) continue;
            s.append(String.format(Locale.ROOT, "  call %-6d %12s %14d bytes%n", MARKED[i], time(r.markedNs()[i]),
                    r.markedBytes()[i]));
        }
        long total = r.warmup() + r.calls();
        s.append(r.allocLastCall() < total
                ? String.format(Locale.ROOT, "  allocation stays 0 after call %d (below 1 kB per call after call %d);"
                        + " %d bytes until then%n", r.allocLastCall(), r.allocLastKilobyteCall(), r.allocTotalBytes())
                : String.format(Locale.ROOT, "  allocates up to the last call: %d bytes in all%n", r.allocTotalBytes()));
        s.append("  timed window:");
        for (int i = 0; i < PERCENTILES.length; i++) {
            s.append(" p").append(label(PERCENTILES[i]).replace('_', '.')).append(' ').append(time(r.percentileNs()[i]));
        }
        s.append(String.format(Locale.ROOT, " max %s; %d GCs (%d ms), %d bytes; %d GCs before it%n", time(r.maxNs()),
                r.windowGcs(), r.windowGcMs(), r.windowBytes(), r.warmupGcs()));
        s.append(String.format(Locale.ROOT, "  CPU time per call: p50 %s; the thread was on a CPU %.0f%% of the window",
                time(r.cpuP50Ns()), 100 * r.cpuShare()));
        return s.toString();
    }

    static String time(double ns) {
        if (ns < 1e3) return String.format(Locale.ROOT, "%.0f ns", ns);
        if (ns < 1e6) return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
        if (ns < 1e9) return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) usage(args[i - 1] + " needs a value");
        return args[i];
    }

    private static long count(String[] args, int i) {
        String v = value(args, i);
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        usage(args[i - 1] + " needs a non-negative integer, got '" + v + "'");
        return -1;
    }

    private static void usage(String message) {
        System.err.println("LatencyBench: " + message);
        System.err.println("usage: LatencyBench --workload " + String.join("|", Workloads.NAMES)
                + " [--calls N] [--warmup N] [--json]");
        System.exit(2);
    }
}

package dev.pullback.cli;

import dev.pullback.cli.bench.BenchInput;
import dev.pullback.cli.bench.BenchOp;
import dev.pullback.cli.bench.BenchOps;
import dev.pullback.cli.bench.GalleryMatrices;
import dev.pullback.cli.bench.Harness;
import dev.pullback.cli.bench.TierWatch;
import dev.pullback.cli.bench.Triad;
import dev.pullback.io.MatrixFiles;
import dev.pullback.kernel.KernelProvider;
import dev.pullback.kernel.Kernels;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.PatternGroups;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pullback bench A.mtx --op spmv|spmv-t|rank1|... [--json]}: times operations in-process
 * (see {@link Harness}) and puts the achieved bandwidth next to the machine's, measured in the same
 * run by a STREAM-like triad ({@link Triad}). Ops come from {@link BenchOps#standard()}. A
 * {@link TierWatch} (JFR) follows the JIT from the start of the command, so that the warm-up can
 * wait for C2 code; a timing that was not steady is reported on stderr.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times operations on a matrix in-process: warm-up until C2 code runs the op (seen through JFR)"
            + " and its allocation per run settles, then median and p10/p90 of repeated runs (wall and CPU time),"
            + " bytes allocated per run, GB/s against the triad bandwidth bound, and the warm-up it took."
            + " Warns on stderr when the timed runs were not steady.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "the matrix file (Matrix Market, gzipped, or Pullback binary)")
    Path file;

    @Option(names = "--gallery", paramLabel = "SPEC",
            description = "a generated matrix instead of a file: " + GalleryMatrices.SPECS)
    String gallery;

    @Option(names = "--op", required = true, split = ",", paramLabel = "OP",
            description = "what to time, comma-separated: spmv, spmv-t, rank1, rank1-grouped (q4 gallery only)")
    List<String> ops;

    @Option(names = "--kernel", defaultValue = "auto", paramLabel = "K",
            description = "auto (this JVM's choice), scalar, simd or simd:BITS")
    String kernel;

    @Option(names = "--solver", defaultValue = "auto", paramLabel = "S", description = "for ops with several implementations")
    String solver;

    @Option(names = "--off-heap", description = "put the operand vectors off-heap (the slower path for gathers)")
    boolean offHeap;

    @Option(names = "--time", defaultValue = "60", paramLabel = "SECONDS",
            description = "longest warm-up per op (default 60); it ends as soon as C2 code runs the op")
    double seconds;

    @Option(names = "--samples", defaultValue = "21", paramLabel = "N", description = "timed samples per op (default 21)")
    int samples;

    @Option(names = "--triad-mb", defaultValue = "192", paramLabel = "MB",
            description = "total size of the triad's arrays, well above the last-level cache (default 192)")
    int triadMb;

    @Option(names = "--no-jfr", description = "do not watch the JIT through JFR: the warm-up then ends on stable times"
        + " with no compilation, which C1-compiled code can show too (c2_ready false)")
    boolean noJfr;

    @Option(names = "--json", description = "one JSON object per op and line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        BenchOps registry = BenchOps.standard();
        List<BenchOp> chosen = new ArrayList<>();
        for (String name : ops) {
            BenchOp op = registry.get(name.trim());
            if (op == null) throw usage("unknown --op '" + name + "' (known: " + registry.names() + ")");
            chosen.add(op);
        }
        if ((file == null) == (gallery == null)) throw usage("give either a matrix FILE or --gallery SPEC");
        if (samples < 3) throw usage("--samples must be at least 3, got " + samples);
        if (!(seconds > 0)) throw usage("--time must be positive, got " + seconds);
        Kernels kernels = kernels();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Activity.now(gallery != null ? "generating " + gallery : "reading " + file);
        TierWatch watch = noJfr ? null : TierWatch.start(Thread.currentThread());
        try (watch; Source src = load()) {
            double bound = Triad.gigabytesPerSecond(triadMb);
            CscMatrix a = src.matrix;
            if (!json) {
                out.printf(Locale.ROOT, "matrix %s: %d x %d, nnz %d; kernels %s; bound %.1f GB/s (triad, %d MB)%n",
                        src.label, a.rows(), a.cols(), a.nnz(), kernels.name(), bound, triadMb);
                out.printf(Locale.ROOT, "%-14s %12s %12s %12s %12s %8s %7s %10s %9s %5s %6s%n", "op", "median", "p10",
                        "p90", "CPU median", "GB/s", "%bound", "B/op", "warm-up", "C2", "steady");
            }
            BenchInput in = new BenchInput(src.label, a, src.groups, kernels, solver, offHeap);
            for (BenchOp op : chosen) {
                Activity.now("benchmarking " + op.name() + " on " + src.label);
                try (BenchOp.Task task = op.prepare(in)) {
                    Harness.Timing t = Harness.measure(task, seconds, samples, watch);
                    double gbps = task.bytesPerRun() / t.medianNs();
                    if (json) out.println(json(op, task, src, t, gbps, bound));
                    else out.printf(Locale.ROOT, "%-14s %12s %12s %12s %12s %8.2f %6.0f%% %10.1f %7.2f s %5s %6s%n",
                            op.name(), time(t.medianNs()), time(t.p10Ns()), time(t.p90Ns()),
                            Double.isNaN(t.cpuMedianNs()) ? "-" : time(t.cpuMedianNs()), gbps, 100 * gbps / bound,
                            t.allocBytesPerRun(), t.warmupSeconds(), t.c2Ready() ? "yes" : "no", t.steady() ? "yes" : "no");
                    out.flush();
                    if (t.warning() != null) {
                        err.println("pullback bench: " + op.name() + ": not steady: " + t.warning());
                        err.flush();
                    }
                }
            }
        }
        return 0;
    }

    private Kernels kernels() {
        return switch (kernel) {
            case "auto" -> KernelProvider.kernels();
            case "scalar" -> KernelProvider.checked(KernelProvider.scalar());
            default -> {
                if (!kernel.equals("simd") && !kernel.startsWith("simd:")) {
                    throw usage("--kernel must be auto, scalar, simd or simd:BITS, got '" + kernel + "'");
                }
                int bits;
                try {
                    bits = kernel.equals("simd") ? 0 : Integer.parseInt(kernel.substring(5));
                } catch (NumberFormatException e) {
                    throw usage("--kernel " + kernel + ": BITS must be an integer such as 256");
                }
                Kernels k = KernelProvider.simd(bits);
                if (k == null) {
                    throw new IllegalStateException("--kernel " + kernel + ": the Vector API is unavailable or refused"
                            + " that width (run with --add-modules=jdk.incubator.vector)");
                }
                yield KernelProvider.checked(k);
            }
        };
    }

    private record Source(String label, CscMatrix matrix, PatternGroups groups, AutoCloseable owner)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            owner.close();
        }
    }

    private Source load() throws Exception {
        if (gallery != null) {
            GalleryMatrices.Generated g = GalleryMatrices.generate(gallery);
            return new Source(gallery, g.matrix(), g.groups(), g);
        }
        CscMatrix a = MatrixFiles.readSparse(file);
        return new Source(file.toString(), a, null, a);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static String json(BenchOp op, BenchOp.Task task, Source src, Harness.Timing t, double gbps, double bound) {
        CscMatrix a = src.matrix;
        Map<String, Object> o = JsonLine.object();
        o.put("op", op.name());
        o.put("matrix", src.label);
        o.put("n", a.cols());
        o.put("rows", a.rows());
        o.put("nnz", a.nnz());
        o.put("kernel", task.implementation());
        o.put("median_ns", num(t.medianNs()));
        o.put("p10_ns", num(t.p10Ns()));
        o.put("p90_ns", num(t.p90Ns()));
        o.put("min_ns", num(t.minNs()));
        o.put("max_ns", num(t.maxNs()));
        o.put("samples", t.samples());
        o.put("runs_per_sample", t.runsPerSample());
        o.put("alloc_bytes_per_op", num(t.allocBytesPerRun()));
        if (!Double.isNaN(t.cpuShare())) {
            o.put("cpu_median_ns", num(t.cpuMedianNs()));
            o.put("cpu_share", num(t.cpuShare()));
        }
        o.put("bytes_per_op", task.bytesPerRun());
        o.put("gbps", num(gbps));
        o.put("bound_gbps", num(bound));
        o.put("pct_of_bound", num(100 * gbps / bound));
        o.put("warmup_s", num(t.warmupSeconds()));
        o.put("warmup_ms", num(1e3 * t.warmupSeconds()));
        o.put("warmup_ops", t.warmupRuns());
        o.put("c2_ready", t.c2Ready());
        o.put("steady", t.steady());
        return JsonLine.of(o);
    }

    /** Four significant digits: the figures' spread makes more noise. */
    private static double num(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.4g", v));
    }

    private static String time(double ns) {
        if (ns < 1e3) return String.format(Locale.ROOT, "%.1f ns", ns);
        if (ns < 1e6) return String.format(Locale.ROOT, "%.2f us", ns / 1e3);
        if (ns < 1e9) return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }
}

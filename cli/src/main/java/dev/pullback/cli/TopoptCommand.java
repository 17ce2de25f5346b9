package dev.pullback.cli;

import dev.pullback.kernel.KernelProvider;
import dev.pullback.solvers.Solvers;
import dev.pullback.topopt.ConvergencePlot;
import dev.pullback.topopt.DesignImage;
import dev.pullback.topopt.GradientCheck;
import dev.pullback.topopt.Iteration;
import dev.pullback.topopt.LinearSolverFactory;
import dev.pullback.topopt.Phase;
import dev.pullback.topopt.Problem;
import dev.pullback.topopt.Settings;
import dev.pullback.topopt.SolverChoice;
import dev.pullback.topopt.TopologyOptimizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pullback topopt}: the top88 MBB beam (or a compliant inverter) optimised with progress per
 * iteration (objective, volume, change, time and heap allocation of every phase), a PNG of the
 * final design and a convergence plot, and on request a finite-difference check of the adjoint
 * gradient.
 */
@Command(name = "topopt", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Topology optimisation showcase: top88's MBB beam (Andreassen et al. 2011) with the density filter and the"
                + " optimality-criteria update, or a compliant force inverter; prints every iteration with the time and heap"
                + " allocation of each phase and writes PNGs of the design and of the convergence.",
                "Output: DIR/topopt-PROBLEM.png (black = solid) and DIR/topopt-PROBLEM-convergence.png."})
public final class TopoptCommand implements Callable<Integer> {

    enum ProblemKind { mbb, inverter }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--problem", paramLabel = "mbb|inverter", defaultValue = "mbb",
            description = "mbb: top88's MBB half-beam, minimum compliance (default). inverter: compliant force inverter,"
                    + " minimum output displacement (half model, mirrored in the picture).")
    ProblemKind problem;

    @Option(names = "--nelx", paramLabel = "N", description = "Elements in x (default 180 for mbb, 120 for inverter).")
    Integer nelx;

    @Option(names = "--nely", paramLabel = "N", description = "Elements in y (default 60 for mbb, 60 for the inverter's half).")
    Integer nely;

    @Option(names = "--volfrac", paramLabel = "F", description = "Allowed volume fraction in (0, 1] (default 0.5 for mbb, 0.3 for inverter).")
    Double volfrac;

    @Option(names = "--penal", paramLabel = "P", defaultValue = "3", description = "SIMP penalty exponent in [1, 10] (default ${DEFAULT-VALUE}).")
    double penal;

    @Option(names = "--rmin", paramLabel = "R", defaultValue = "1.5", description = "Density-filter radius in element widths, > 0 (default ${DEFAULT-VALUE}).")
    double rmin;

    @Option(names = "--max-iter", paramLabel = "N", defaultValue = "1000", description = "Iteration limit, >= 0 (default ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--tol", paramLabel = "T", defaultValue = "0.01", description = "Stop when max |x' - x| < T (default ${DEFAULT-VALUE}, as top88).")
    double tol;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "Directory for the PNGs (default ./${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object per line (iterations, gradient check, summary) instead of text.")
    boolean json;

    @Option(names = "--check-gradient", description = "After the run, compare the adjoint gradient with central finite differences"
            + " (step " + GradientCheck.DEFAULT_STEP + ") on 5 elements and print the relative errors; exit 1 if one exceeds 1e-4.")
    boolean checkGradient;

    @Option(names = "--solver", defaultValue = Solvers.AUTO, description = "The factorization of K, by its name in the"
            + " library's registry: auto (the default: the supernodal Cholesky, K being symmetric positive definite),"
            + " cholesky, supernodal (the multifrontal LU), lu (Gilbert-Peierls, KLU class), btf, dense.")
    String solver;

    /** Iterations excluded from the steady-state medians and allocation maxima. */
    static final int WARMUP = 10;

    private final LinearSolverFactory solvers;

    /** The command on the library's sparse LUs (--solver). */
    public TopoptCommand() {
        this(null);
    }

    /** The command on a given solver, whatever --solver says (tests use an independent one). */
    public TopoptCommand(LinearSolverFactory solvers) {
        this.solvers = solvers;
    }

    @Override
    public Integer call() throws IOException {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        boolean inverter = problem == ProblemKind.inverter;
        int nx = nelx != null ? nelx : inverter ? 120 : 180;
        int ny = nely != null ? nely : 60;
        double vf = volfrac != null ? volfrac : inverter ? 0.3 : 0.5;
        require(nx >= 1, "--nelx must be >= 1, got " + nx);
        require(ny >= (inverter ? 2 : 1), "--nely must be >= " + (inverter ? 2 : 1) + ", got " + ny);
        require((long) nx * ny <= 4_000_000, "--nelx * --nely must be at most 4000000 elements, got " + (long) nx * ny);
        require(vf > 0 && vf <= 1, "--volfrac must lie in (0, 1], got " + vf);
        require(penal >= 1 && penal <= 10, "--penal must lie in [1, 10], got " + penal);
        require(rmin > 0 && rmin <= Math.max(nx, ny), "--rmin must lie in (0, max(nelx, nely)], got " + rmin);
        require(maxIter >= 0, "--max-iter must be >= 0, got " + maxIter);
        require(tol > 0, "--tol must be > 0, got " + tol);

        PrintWriter w = spec.commandLine().getOut();
        Problem p = inverter ? Problem.inverter(nx, ny, 0.3) : Problem.mbb(nx, ny, 0.3);
        Settings s = Settings.forProblem(p, vf, penal, rmin, maxIter, tol);
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        LinearSolverFactory lu = solvers != null ? solvers : SolverChoice.named(solver);
        try (TopologyOptimizer opt = new TopologyOptimizer(p, s, lu)) {
            header(w, p, s, opt);
            List<Iteration> its = opt.run(it -> {
                w.println(json ? iterationJson(it) : iterationText(it));
                w.flush();
            });
            double seconds = (System.nanoTime() - t0) * 1e-9;
            String name = "topopt-" + p.name();
            Path design = out.resolve(name + ".png");
            Path plot = out.resolve(name + "-convergence.png");
            DesignImage.write(opt.physicalDesign(), nx, ny, DesignImage.scaleFor(nx, 720), p.mirrored(), design);
            if (!its.isEmpty()) {
                double[] obj = its.stream().mapToDouble(Iteration::objective).toArray();
                ConvergencePlot.write(obj, (inverter ? "inverter: u_out" : "MBB beam: compliance") + " vs iteration",
                        720, 420, plot);
            }
            summary(w, opt, its, seconds, design, its.isEmpty() ? null : plot);
            if (checkGradient) return gradientCheck(w, opt);
        }
        return 0;
    }

    private void require(boolean ok, String message) {
        if (!ok) throw new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private void header(PrintWriter w, Problem p, Settings s, TopologyOptimizer opt) {
        var m = opt.model();
        if (json) {
            Map<String, Object> o = event("start");
            o.put("problem", p.name());
            o.put("nelx", p.mesh().nelx());
            o.put("nely", p.mesh().nely());
            o.put("elements", m.elements());
            o.put("dofs", m.freeDofs());
            o.put("nnz", m.stiffness().nnz());
            o.put("volfrac", s.volfrac());
            o.put("penal", s.simp().penal());
            o.put("rmin", s.rmin());
            o.put("solver", m.solverName());
            o.put("kernels", KernelProvider.kernels().name());
            w.println(JsonLine.of(o));
        } else {
            w.printf(Locale.ROOT, "topopt %s %dx%d: %d elements, %d free dofs, nnz(K) %d, volfrac %.3g, penal %.3g, rmin %.3g;"
                    + " solver %s, kernels %s%n", p.name(), p.mesh().nelx(), p.mesh().nely(), m.elements(), m.freeDofs(),
                    m.stiffness().nnz(), s.volfrac(), s.simp().penal(), s.rmin(), m.solverName(), KernelProvider.kernels().name());
        }
        w.flush();
    }

    static String iterationText(Iteration it) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "it %4d  obj %12.5g  vol %.3f  ch %.3f ",
                it.index(), it.objective(), it.volume(), it.change()));
        for (Phase p : Phase.values()) b.append(String.format(Locale.ROOT, " %s %.2f ms", p.label(), it.nanos(p) * 1e-6));
        b.append(String.format(Locale.ROOT, "  alloc solve %d B, gradient %d B", it.bytes(Phase.SOLVE), it.bytes(Phase.GRADIENT)));
        return b.toString();
    }

    static String iterationJson(Iteration it) {
        Map<String, Object> o = event("iteration");
        o.put("iteration", it.index());
        o.put("objective", it.objective());
        o.put("volume", it.volume());
        o.put("change", it.change());
        for (Phase p : Phase.values()) o.put(p.label() + "_ms", it.nanos(p) * 1e-6);
        for (Phase p : Phase.values()) o.put(p.label() + "_cpu_ms", it.cpuNanos(p) * 1e-6);
        for (Phase p : Phase.values()) o.put(p.label() + "_alloc_bytes", it.bytes(p));
        return JsonLine.of(o);
    }

    /** A JSON line's object, starting with its kind: {"event": "start" | "iteration" | "gradient_check" | "summary", ...}. */
    private static Map<String, Object> event(String kind) {
        Map<String, Object> o = JsonLine.object();
        o.put("event", kind);
        return o;
    }

    private void summary(PrintWriter w, TopologyOptimizer opt, List<Iteration> its, double seconds, Path design, Path plot) {
        // Steady state: the iterations after the first WARMUP, which factor rather than refactor (the
        // first) and run while the JIT compiles the loop (deoptimisations then re-materialise objects
        // that compiled code had scalar-replaced, which shows up as allocation).
        // With fewer iterations the last one stands for the steady state.
        int from = its.size() > WARMUP ? WARMUP : Math.max(0, its.size() - 1);
        List<Iteration> steady = its.subList(from, its.size());
        double[] median = new double[Phase.values().length];
        double[] medianCpu = new double[median.length];
        long[] maxBytes = new long[median.length];
        for (Phase p : Phase.values()) {
            median[p.ordinal()] = median(steady.stream().mapToDouble(i -> i.nanos(p) * 1e-6).toArray());
            medianCpu[p.ordinal()] = median(steady.stream().mapToDouble(i -> i.cpuNanos(p) * 1e-6).toArray());
            maxBytes[p.ordinal()] = steady.stream().mapToLong(i -> i.bytes(p)).max().orElse(0);
        }
        double perIteration = median(steady.stream().mapToDouble(i -> i.totalNanos() * 1e-6).toArray());
        double perIterationCpu = median(steady.stream().mapToDouble(i -> i.totalCpuNanos() * 1e-6).toArray());
        double objective = its.isEmpty() ? Double.NaN : its.getLast().objective();
        if (json) {
            Map<String, Object> o = event("summary");
            o.put("iterations", its.size());
            o.put("converged", opt.converged());
            o.put("objective", objective);
            o.put("total_s", seconds);
            o.put("steady_from_iteration", steady.isEmpty() ? 0 : steady.getFirst().index());
            o.put("median_iteration_ms", perIteration);
            o.put("median_iteration_cpu_ms", perIterationCpu);
            for (Phase p : Phase.values()) o.put("median_" + p.label() + "_ms", median[p.ordinal()]);
            for (Phase p : Phase.values()) o.put("median_" + p.label() + "_cpu_ms", medianCpu[p.ordinal()]);
            for (Phase p : Phase.values()) o.put("max_steady_" + p.label() + "_alloc_bytes", maxBytes[p.ordinal()]);
            for (Phase p : Phase.values()) {
                int freeFrom = allocationFreeFrom(p, its);
                o.put(p.label() + "_alloc_free_from_iteration", freeFrom > 0 ? freeFrom : null);
            }
            o.put("design_png", design.toString());
            if (plot != null) o.put("convergence_png", plot.toString());
            w.println(JsonLine.of(o));
        } else {
            w.printf(Locale.ROOT, "%s after %d iterations: objective %.6g, total %.1f s; from iteration %d on: median iteration"
                    + " %.2f ms (%s)%n", opt.converged() ? "converged" : "stopped", its.size(), objective, seconds,
                    steady.isEmpty() ? 0 : steady.getFirst().index(), perIteration,
                    String.join(", ", Arrays.stream(Phase.values())
                            .map(p -> String.format(Locale.ROOT, "%s %.2f ms", p.label(), median[p.ordinal()])).toList()));
            w.printf(Locale.ROOT, "median CPU time of the optimising thread: iteration %.2f ms (%s)%n", perIterationCpu,
                    String.join(", ", Arrays.stream(Phase.values())
                            .map(p -> String.format(Locale.ROOT, "%s %.2f ms", p.label(), medianCpu[p.ordinal()])).toList()));
            w.printf(Locale.ROOT, "heap allocation per phase: %s%n",
                    String.join(", ", Arrays.stream(Phase.values()).map(p -> allocation(p, its, steady)).toList()));
            w.println("design: " + design + (plot != null ? "   convergence: " + plot : ""));
        }
        w.flush();
    }

    /**
     * The first iteration from which on the phase allocated nothing, or -1 when the last one still
     * did. The Vector API kernels allocate until the JIT has compiled them with C2, which for a
     * kernel called once per iteration can take a hundred iterations or more.
     */
    static int allocationFreeFrom(Phase p, List<Iteration> its) {
        int from = its.isEmpty() ? -1 : 1;
        for (Iteration i : its) if (i.bytes(p) != 0) from = i.index() + 1;
        return its.isEmpty() || from > its.getLast().index() ? -1 : from;
    }

    /** "solve 0 B from iteration 12 on", or the maximum and how often when the last iteration still allocated. */
    private static String allocation(Phase p, List<Iteration> its, List<Iteration> steady) {
        if (!its.isEmpty() && its.getLast().bytes(p) < 0) return p.label() + " not measured";
        int from = allocationFreeFrom(p, its);
        if (from > 0) return String.format(Locale.ROOT, "%s 0 B from iteration %d on", p.label(), from);
        long max = steady.stream().mapToLong(i -> i.bytes(p)).max().orElse(0);
        long count = steady.stream().filter(i -> i.bytes(p) != 0).count();
        return String.format(Locale.ROOT, "%s max %d B (in %d of iterations %d..%d)", p.label(), max, count,
                steady.getFirst().index(), steady.getLast().index());
    }

    private int gradientCheck(PrintWriter w, TopologyOptimizer opt) {
        var model = opt.model();
        List<GradientCheck.Entry> entries = GradientCheck.check(model, opt.design(), 5, GradientCheck.DEFAULT_STEP);
        double worst = 0;
        int nely = model.problem().mesh().nely();
        List<String> lines = new ArrayList<>();
        for (GradientCheck.Entry e : entries) {
            worst = Math.max(worst, e.relativeError());
            int elx = e.element() / nely, ely = e.element() % nely;
            lines.add(json
                    ? gradientJson(e, elx, ely)
                    : String.format(Locale.ROOT, "gradient check element %6d (elx %d, ely %d): adjoint %.10e  central difference %.10e"
                            + "  relative error %.2e", e.element(), elx, ely, e.adjoint(), e.finiteDifference(), e.relativeError()));
        }
        lines.forEach(w::println);
        boolean ok = !entries.isEmpty() && worst <= 1e-4;
        if (!json) {
            w.printf(Locale.ROOT, "gradient check %s: %d elements, max relative error %.2e (limit 1e-4)%n",
                    ok ? "passed" : "FAILED", entries.size(), worst);
        }
        w.flush();
        if (!ok) {
            spec.commandLine().getErr().printf(Locale.ROOT, "pullback topopt: gradient check failed: %s%n",
                    entries.isEmpty() ? "no element with material to check" : "max relative error " + worst + " > 1e-4");
            return PullbackCli.EXIT_FAILURE;
        }
        return 0;
    }

    private static String gradientJson(GradientCheck.Entry e, int elx, int ely) {
        Map<String, Object> o = event("gradient_check");
        o.put("element", e.element());
        o.put("elx", elx);
        o.put("ely", ely);
        o.put("adjoint", e.adjoint());
        o.put("finite_difference", e.finiteDifference());
        o.put("relative_error", e.relativeError());
        return JsonLine.of(o);
    }

    private static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}

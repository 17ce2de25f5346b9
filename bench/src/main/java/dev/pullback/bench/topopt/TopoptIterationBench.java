package dev.pullback.bench.topopt;

import dev.pullback.storage.DenseVector;
import dev.pullback.topopt.Problem;
import dev.pullback.topopt.Settings;
import dev.pullback.topopt.SolverChoice;
import dev.pullback.topopt.TopologyOptimizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One top88 iteration on the library's solver at a design reached after a few iterations (so K is
 * the ill-conditioned mix of solid and void the loop sees): {@code evaluate} = filter + assembly +
 * refactor + solve(s) + gradient, which must allocate nothing (0 B/op), and {@code update} = the OC
 * bisection. The scipy script bench/topopt_scipy.py prints the same phases for comparison.
 *
 * <pre>  bench/run TopoptIteration -prof gc -f 1 -wi 3 -w 2 -i 5 -r 2</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TopoptIterationBench {
    @Param({"180x60", "600x200"})
    public String mesh;

    @Param({"mbb", "inverter"})
    public String problem;

    private TopologyOptimizer opt;
    private DenseVector x;
    private DenseVector gradient;
    private DenseVector next;
    private DenseVector nextPhysical;

    @Setup(Level.Trial)
    public void setUp() {
        String[] s = mesh.split("x");
        int nelx = Integer.parseInt(s[0]), nely = Integer.parseInt(s[1]);
        Problem p = problem.equals("inverter") ? Problem.inverter(nelx, nely, 0.3) : Problem.mbb(nelx, nely, 0.3);
        opt = new TopologyOptimizer(p, Settings.forProblem(p, p.selfAdjoint() ? 0.5 : 0.3, 3, 1.5, 1000, 0.01),
                SolverChoice.named("auto"));
        for (int i = 0; i < 5; i++) opt.step();
        int nel = opt.model().elements();
        x = DenseVector.heap(nel);
        x.copyFrom(opt.design());
        gradient = DenseVector.heap(nel);
        next = DenseVector.heap(nel);
        nextPhysical = DenseVector.heap(nel);
        opt.model().evaluate(x, gradient); // the update benchmark's input
    }

    @Benchmark
    public double evaluate() {
        return opt.model().evaluate(x, gradient);
    }

    /**
     * The allocation floor: a loop that allocates nothing, lasting about as long as evaluate at
     * 180x60. JMH's gc profiler counts every thread of the fork, so the harness's few kB/s show up
     * as rate × time per op; an operation whose B/op matches this one's at the same duration
     * allocates nothing itself (the CLI's per-phase counters read the optimising thread alone).
     */
    @Benchmark
    public double floor() {
        double[] v = x.heapArray();
        double s = 0;
        for (int r = 0; r < 20_000; r++) for (int i = 0; i < v.length; i++) s += v[i] * v[(i * 31 + r) % v.length];
        return s;
    }

    @Benchmark
    public double update() {
        return opt.optimalityCriteria().update(x, gradient, next, nextPhysical);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        opt.close();
    }
}

package dev.pullback.bench.sparse;

import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
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
 * Pullback's sparse solvers side by side, taken from the registry ({@code solver}: {@code lu} =
 * Gilbert–Peierls, {@code supernodal} = multifrontal, {@code adaptive} = what {@code auto} picks; any
 * name of {@link Solvers} works): analyze, factor (analysis included, as KLU's analyze + factor),
 * refactor, solve and solve-t on the benchmark matrices (see {@link SparseMatrices}). Run:
 * {@code bench/run '\.SparseLuBench\.' -prof gc -f 1 -wi 3 -w 1 -i 5 -r 1}.
 *
 * <p>JMH's gc profiler counts the allocation of every thread of the JVM, so an operation that
 * takes milliseconds is charged a share of JMH's own background allocation (a few KB per second);
 * the small {@code poisson_30} matrix shows the per-operation figure of refactor and the solves
 * themselves (their calling thread allocates nothing: see SparseLuAllocationTest).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SparseLuBench {
    @Param({"q4_60k", "q4_240k", "poisson_250", "convdiff_250", "arrow_50k", "poisson_30"})
    public String matrix;

    @Param({"lu", "supernodal", "adaptive"})
    public String solver;

    private CscMatrix a;
    private Solvers.Solver named;
    private SparseFactorization f;
    private DenseVector b;
    private DenseVector x;

    @Setup(Level.Trial)
    public void setUp() {
        a = SparseMatrices.build(matrix);
        named = Solvers.get(solver);
        f = named.analyze(a.pattern()).factor(a);
        b = DenseVector.heap(a.rows());
        b.fill(1.0);
        x = DenseVector.heap(a.rows());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        f.close();
        a.close();
    }

    @Benchmark
    public SparseAnalysis analyze() {
        return named.analyze(a.pattern());
    }

    @Benchmark
    public long factor() {
        try (SparseFactorization g = named.analyze(a.pattern()).factor(a)) {
            return g.factorNonzeros();
        }
    }

    @Benchmark
    public double refactor() {
        f.refactor(a);
        return f.reciprocalPivotGrowth();
    }

    @Benchmark
    public DenseVector solve() {
        f.solve(b, x);
        return x;
    }

    @Benchmark
    public DenseVector solveTransposed() {
        f.solveTransposed(b, x);
        return x;
    }
}

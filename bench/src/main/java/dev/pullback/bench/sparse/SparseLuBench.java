package dev.pullback.bench.sparse;

import dev.pullback.factor.Factorization;
import dev.pullback.sparse.AdaptiveSparseLu;
import dev.pullback.sparse.SparseLu;
import dev.pullback.sparse.SupernodalLu;
import dev.pullback.sparse.Symbolic;
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
 * Pullback's sparse LUs side by side ({@code solver}: {@code gp} = {@link SparseLu}, Gilbert–Peierls
 * in its default order; {@code supernodal} = {@link SupernodalLu}, multifrontal; {@code adaptive} =
 * {@link AdaptiveSparseLu}, what {@code Factorizers.sparseLu()} uses): analyze, factor, refactor,
 * solve and solve-t on the benchmark matrices (see {@link SparseMatrices}). {@code analyze} is
 * SparseLu's analysis for all; the supernodal and adaptive factors include their own symbolic phase. Run: {@code bench/run '\.SparseLuBench\.' -prof gc -f 1 -wi 3 -w 1 -i 5 -r 1}.
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

    @Param({"gp", "supernodal", "adaptive"})
    public String solver;

    private CscMatrix a;
    private Symbolic symbolic;
    private SparseLu lu;
    private SupernodalLu sn;
    private AdaptiveSparseLu ad;
    /** The one of lu, sn, ad that is set. */
    private Factorization f;
    private DenseVector b;
    private DenseVector x;

    @Setup(Level.Trial)
    public void setUp() {
        a = SparseMatrices.build(matrix);
        symbolic = SparseLu.analyze(a);
        switch (solver) {
            case "supernodal" -> f = sn = SupernodalLu.factor(a);
            case "adaptive" -> f = ad = AdaptiveSparseLu.factor(a);
            default -> f = lu = SparseLu.factor(a, symbolic);
        }
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
    public Symbolic analyze() {
        return SparseLu.analyze(a);
    }

    @Benchmark
    public long factor() {
        if (sn != null) {
            try (SupernodalLu g = SupernodalLu.factor(a)) {
                return g.factorNonzeros();
            }
        }
        if (ad != null) {
            try (AdaptiveSparseLu g = AdaptiveSparseLu.factor(a)) {
                return g.n();
            }
        }
        try (SparseLu g = SparseLu.factor(a, symbolic)) {
            return g.factorNonzeros();
        }
    }

    @Benchmark
    public double refactor() {
        if (sn != null) {
            sn.refactor(a);
            return sn.reciprocalPivotGrowth();
        }
        if (ad != null) {
            ad.refactor(a);
            return ad.reciprocalPivotGrowth();
        }
        lu.refactor(a);
        return lu.reciprocalPivotGrowth();
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

package dev.pullback.bench.kernel;

import dev.pullback.cli.bench.GalleryMatrices;
import dev.pullback.kernel.KernelProvider;
import dev.pullback.kernel.Kernels;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.util.SplittableRandom;
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
 * out[e] = uᵀKₑv for every element of a Q4 mesh in one pass (∂(uᵀK(E)v)/∂Eₑ, the gradient kernel
 * of topology optimisation). 64 entries per element; bytes per run 16 per entry (coefficient, two
 * indices) + vectors.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GroupedRankOneBench {
    @Param({"q4:30x10", "q4:300x100", "q4:600x200"})
    public String matrix;

    @Param({"simd", "scalar"})
    public String kernel;

    GalleryMatrices.Generated generated;
    PatternGroups groups;
    Kernels k;
    DenseVector u;
    DenseVector v;
    DenseVector out;

    @Setup(Level.Trial)
    public void setUp() {
        generated = GalleryMatrices.generate(matrix);
        groups = generated.groups();
        k = kernel.equals("simd") ? KernelProvider.simd(0) : KernelProvider.scalar();
        SplittableRandom rnd = new SplittableRandom(2);
        u = SparseKernelBench.random(rnd, generated.matrix().rows());
        v = SparseKernelBench.random(rnd, generated.matrix().cols());
        out = DenseVector.heap(groups.groups());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        generated.close();
    }

    @Benchmark
    public DenseVector rank1DotGrouped() {
        k.rank1DotGrouped(u, groups, v, out);
        return out;
    }
}

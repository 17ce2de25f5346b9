package dev.pullback.bench.kernel;

import dev.pullback.cli.bench.GalleryMatrices;
import dev.pullback.kernel.KernelProvider;
import dev.pullback.kernel.Kernels;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.foreign.MemorySegment;
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
 * What the argument-checking facade ({@code KernelProvider.kernels()}) costs against the unchecked
 * kernels on small operands, where a per-call check would show: dot and axpy on 64 heap doubles,
 * SpMV on the 10x10 Poisson matrix. Also shows that the checks allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CheckedFacadeBench {
    @Param({"checked", "unchecked"})
    public String facade;

    Kernels k;
    MemorySegment x;
    MemorySegment y;
    GalleryMatrices.Generated generated;
    CscMatrix a;
    DenseVector xv;
    DenseVector yv;

    @Setup(Level.Trial)
    public void setUp() {
        k = facade.equals("checked") ? KernelProvider.kernels() : KernelProvider.unchecked();
        SplittableRandom rnd = new SplittableRandom(5);
        double[] xs = new double[64], ys = new double[64];
        for (int i = 0; i < 64; i++) {
            xs[i] = rnd.nextDouble();
            ys[i] = rnd.nextDouble();
        }
        x = MemorySegment.ofArray(xs);
        y = MemorySegment.ofArray(ys);
        generated = GalleryMatrices.generate("poisson:10x10");
        a = generated.matrix();
        xv = SparseKernelBench.random(rnd, a.cols());
        yv = DenseVector.heap(a.rows());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        generated.close();
    }

    @Benchmark
    public double dot64() {
        return k.dot(64, x, 0, y, 0);
    }

    @Benchmark
    public MemorySegment axpy64() {
        k.axpy(64, 1e-9, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public DenseVector spmvPoisson10() {
        k.spmv(1.0, a, xv, 0.0, yv);
        return yv;
    }
}

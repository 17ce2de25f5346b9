package dev.pullback.bench.kernel;

import dev.pullback.cli.bench.GalleryMatrices;
import dev.pullback.kernel.KernelProvider;
import dev.pullback.kernel.Kernels;
import dev.pullback.kernel.ParallelSparseKernels;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
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
 * CSC y = Ax, y = Aᵀx and uᵀAv on Pullback's kernels, from cache-resident to far beyond the LLC:
 * 2D Poisson 10x10 / 100x100 / 500x500 (100, 10k, 250k unknowns) and Q4 plane stress 30x10 /
 * 300x100 / 600x200 (about 700, 60k, 240k unknowns, assembled with the MBB supports). EJML on the
 * same matrices is {@link EjmlSparseBench}; the bandwidth bound is {@link TriadBench}. Bytes per
 * SpMV: 12·nnz + 4·(n+1) + 8·(rows+cols). The {@code *TwoThreads} forms run the same kernels on a
 * two-thread {@link ParallelSparseKernels} pool opened once per trial.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SparseKernelBench {
    @Param({"poisson:10x10", "poisson:100x100", "poisson:500x500", "q4:30x10", "q4:300x100", "q4:600x200"})
    public String matrix;

    @Param({"simd", "scalar"})
    public String kernel;

    GalleryMatrices.Generated generated;
    CscMatrix a;
    Kernels k;
    DenseVector x;
    DenseVector y;
    DenseVector xt;
    DenseVector yt;
    ParallelSparseKernels pool;

    @Setup(Level.Trial)
    public void setUp() {
        generated = GalleryMatrices.generate(matrix);
        a = generated.matrix();
        k = kernel.equals("simd") ? KernelProvider.simd(0) : KernelProvider.scalar();
        if (k == null) throw new IllegalStateException("no SIMD kernels in this JVM");
        SplittableRandom rnd = new SplittableRandom(1);
        x = random(rnd, a.cols());
        y = random(rnd, a.rows());
        xt = random(rnd, a.rows());
        yt = random(rnd, a.cols());
        pool = ParallelSparseKernels.open(k, 2);
    }

    static DenseVector random(SplittableRandom rnd, int n) {
        DenseVector v = DenseVector.heap(n);
        for (int i = 0; i < n; i++) v.set(i, rnd.nextDouble(-1, 1));
        return v;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        pool.close();
        generated.close();
    }

    @Benchmark
    public DenseVector spmv() {
        k.spmv(1.0, a, x, 0.0, y);
        return y;
    }

    @Benchmark
    public DenseVector spmvTransposed() {
        k.spmvTransposed(1.0, a, xt, 0.0, yt);
        return yt;
    }

    @Benchmark
    public double rank1Dot() {
        return k.rank1Dot(xt, a, x);
    }

    @Benchmark
    public DenseVector spmvTwoThreads() {
        pool.spmv(1.0, a, x, 0.0, y);
        return y;
    }

    @Benchmark
    public DenseVector spmvTransposedTwoThreads() {
        pool.spmvTransposed(1.0, a, xt, 0.0, yt);
        return yt;
    }

    @Benchmark
    public double rank1DotTwoThreads() {
        return pool.rank1Dot(xt, a, x);
    }
}

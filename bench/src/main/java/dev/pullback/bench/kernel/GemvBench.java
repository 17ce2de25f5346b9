package dev.pullback.bench.kernel;

import dev.pullback.kernel.KernelProvider;
import dev.pullback.kernel.Kernels;
import dev.pullback.storage.DenseMatrix;
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

/** Dense y = Ax and y = Aᵀx, n×n off-heap column-major (100: L1/L2; 1000: 8 MB; 4000: 128 MB). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemvBench {
    @Param({"100", "1000", "4000"})
    public int n;

    @Param({"simd", "scalar"})
    public String kernel;

    Kernels k;
    DenseMatrix a;
    DenseVector x;
    DenseVector y;

    @Setup(Level.Trial)
    public void setUp() {
        k = kernel.equals("simd") ? KernelProvider.simd(0) : KernelProvider.scalar();
        a = DenseMatrix.zeros(n, n);
        SplittableRandom rnd = new SplittableRandom(4);
        for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) a.set(i, j, rnd.nextDouble(-1, 1));
        x = DenseVector.offHeap(n);
        y = DenseVector.offHeap(n);
        for (int i = 0; i < n; i++) x.set(i, rnd.nextDouble(-1, 1));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        x.close();
        y.close();
    }

    @Benchmark
    public DenseVector gemv() {
        k.gemv(false, n, n, 1.0, a.segment(), 0, a.ld(), x.segment(), 0, 0.0, y.segment(), 0);
        return y;
    }

    @Benchmark
    public DenseVector gemvTransposed() {
        k.gemv(true, n, n, 1.0, a.segment(), 0, a.ld(), x.segment(), 0, 0.0, y.segment(), 0);
        return y;
    }
}

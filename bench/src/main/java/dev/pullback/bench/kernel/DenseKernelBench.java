package dev.pullback.bench.kernel;

import dev.pullback.kernel.KernelProvider;
import dev.pullback.kernel.Kernels;
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
 * BLAS-1 on n doubles (1000: L1; 100k: L2; 8M: 64 MB per vector, beyond the LLC), heap or off-heap
 * vectors, SIMD or scalar kernels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DenseKernelBench {
    @Param({"1000", "100000", "8388608"})
    public int n;

    @Param({"simd", "scalar"})
    public String kernel;

    @Param({"offheap", "heap"})
    public String memory;

    Kernels k;
    DenseVector xv;
    DenseVector yv;
    MemorySegment x;
    MemorySegment y;

    @Setup(Level.Trial)
    public void setUp() {
        k = kernel.equals("simd") ? KernelProvider.simd(0) : KernelProvider.scalar();
        boolean off = memory.equals("offheap");
        xv = off ? DenseVector.offHeap(n) : DenseVector.heap(n);
        yv = off ? DenseVector.offHeap(n) : DenseVector.heap(n);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            xv.set(i, rnd.nextDouble(-1, 1));
            yv.set(i, rnd.nextDouble(-1, 1));
        }
        x = xv.segment();
        y = yv.segment();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        xv.close();
        yv.close();
    }

    @Benchmark
    public double dot() {
        return k.dot(n, x, 0, y, 0);
    }

    /** y ← 1e-9·x + y: the tiny α keeps y bounded over billions of calls. */
    @Benchmark
    public MemorySegment axpy() {
        k.axpy(n, 1e-9, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public double nrm2() {
        return k.nrm2(n, x, 0);
    }

    @Benchmark
    public int iamax() {
        return k.iamax(n, x, 0);
    }
}

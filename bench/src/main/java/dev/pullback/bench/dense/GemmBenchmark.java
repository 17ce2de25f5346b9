package dev.pullback.bench.dense;

import dev.pullback.kernel.gemm.Gemms;

import dev.pullback.kernel.gemm.Gemm;
import dev.pullback.kernel.gemm.GemmWorkspace;
import dev.pullback.kernel.KernelProvider;
import dev.pullback.kernel.gemm.ScalarGemm;
import dev.pullback.storage.DenseMatrix;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * C = A·B for square n×n matrices on one thread (2n³ flops): the packed SIMD GEMM
 * ({@link Gemms#get()}), its scalar twin, and EJML's {@code CommonOps_DDRM.mult}, on the
 * same random matrices. The OpenBLAS dgemm peer is bench/dense_lu_scipy.py (numpy.dot).
 *
 * <pre>bench/run 'GemmBenchmark' -prof gc -f 1 -wi 3 -w 1 -i 5 -r 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(1)
public class GemmBenchmark {
    @Param({"1000"})
    public int n;

    Gemm simd;
    Gemm scalar;
    GemmWorkspace ws;
    DenseMatrix a;
    DenseMatrix b;
    DenseMatrix c;
    DMatrixRMaj ejmlA;
    DMatrixRMaj ejmlB;
    DMatrixRMaj ejmlC;

    @Setup(Level.Trial)
    public void setUp() {
        simd = Gemms.get();
        scalar = ScalarGemm.INSTANCE;
        ws = simd.newWorkspace();
        Random rnd = new Random(43);
        a = DenseMatrix.zeros(n, n);
        b = DenseMatrix.zeros(n, n);
        c = DenseMatrix.zeros(n, n);
        ejmlA = new DMatrixRMaj(n, n);
        ejmlB = new DMatrixRMaj(n, n);
        ejmlC = new DMatrixRMaj(n, n);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double u = rnd.nextDouble() * 2 - 1, v = rnd.nextDouble() * 2 - 1;
                a.set(i, j, u);
                ejmlA.set(i, j, u);
                b.set(i, j, v);
                ejmlB.set(i, j, v);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        c.close();
    }

    @Benchmark
    public MemorySegment simdGemm() {
        simd.gemm(false, false, n, n, n, 1.0, a.segment(), 0, a.ld(), b.segment(), 0, b.ld(), 0.0, c.segment(), 0, c.ld(), ws);
        return c.segment();
    }

    @Benchmark
    public MemorySegment scalarGemm() {
        scalar.gemm(false, false, n, n, n, 1.0, a.segment(), 0, a.ld(), b.segment(), 0, b.ld(), 0.0, c.segment(), 0, c.ld(), ws);
        return c.segment();
    }

    @Benchmark
    public DMatrixRMaj ejmlMult() {
        CommonOps_DDRM.mult(ejmlA, ejmlB, ejmlC);
        return ejmlC;
    }
}

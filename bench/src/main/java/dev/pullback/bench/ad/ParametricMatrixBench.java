package dev.pullback.bench.ad;

import dev.pullback.ad.ParametricMatrix;
import dev.pullback.ad.RankOne;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The two sparse passes of the FEM gradient that do not involve the LU: assembling K(p) = Σₑ pₑKₑ
 * in place, and p̄ₑ = −λᵀKₑu for all elements (the batched rank-1 kernel), on the top88 MBB beam.
 * Run: {@code bench/run ParametricMatrixBench -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ParametricMatrixBench {
    /** nelx x nely: 300x100 has 60,700 free dofs and 30,000 elements, 600x200 has 241,400 and 120,000. */
    @Param({"300x100", "600x200"})
    public String mesh;

    private PlaneStressQ4.Assembly assembly;
    private ParametricMatrix matrix;
    private DenseVector p;
    private double[] pv;
    private DenseVector pbar;
    private RankOne abar;

    @Setup
    public void setUp() {
        String[] s = mesh.split("x");
        PlaneStressQ4 q4 = new PlaneStressQ4(Integer.parseInt(s[0]), Integer.parseInt(s[1]), 0.3);
        assembly = q4.assemble(q4.mbbFixedDofs());
        matrix = ParametricMatrix.of(assembly.elementMap());
        Random rnd = new Random(1);
        pv = new double[matrix.parameters()];
        for (int e = 0; e < pv.length; e++) pv[e] = 0.1 + rnd.nextDouble();
        p = DenseVector.wrap(pv);
        pbar = DenseVector.heap(pv.length);
        int n = assembly.stiffness().rows();
        double[] u = new double[n], lambda = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = rnd.nextGaussian();
            lambda[i] = rnd.nextGaussian();
        }
        abar = RankOne.of(-1.0, DenseVector.wrap(lambda), DenseVector.wrap(u));
    }

    @TearDown
    public void tearDown() {
        matrix.close();
        assembly.close();
    }

    /**
     * The allocation floor: a loop that allocates nothing, of about the same duration. JMH's gc
     * profiler counts every thread of the fork, so its few kB/s of harness traffic show up as
     * rate × time per op; an operation whose B/op matches this one's at the same duration allocates
     * nothing itself (the unit test ZeroAllocationTest reads the benchmark thread's counter alone).
     */
    @Benchmark
    public double floor() {
        double s = 0;
        for (int r = 0; r < 4; r++) for (int i = 0; i < pv.length; i++) s += pv[i] * pv[(i * 31) % pv.length];
        return s;
    }

    /** K(p)'s values in place: O(nnz + Σ nnz(Kₑ)). */
    @Benchmark
    public CscMatrix assemble() {
        return matrix.forward(p);
    }

    /** p̄ₑ = −λᵀKₑu for every element in one pass. */
    @Benchmark
    public DenseVector parameterGradient() {
        matrix.pullback(abar, pbar);
        return pbar;
    }
}

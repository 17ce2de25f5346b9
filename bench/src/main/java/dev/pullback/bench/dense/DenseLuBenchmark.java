package dev.pullback.bench.dense;

import dev.pullback.dense.DenseLu;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
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
 * Dense LU on one thread: Pullback's {@link DenseLu} (factor = copy in, check finite, factor;
 * factorAndRcond adds the 1-norm condition estimate; solve and transposed solve for one right-hand
 * side) beside EJML's
 * {@code LinearSolverFactory_DDRM.lu(n)} (setA = copy and factor; solve) on the same matrices,
 * uniform random in [−1, 1), seed 42. EJML has no transposed solve. Flops: factor 2n³/3, solve 2n².
 * The OpenBLAS peer is bench/dense_lu_scipy.py.
 *
 * <pre>bench/run 'DenseLuBenchmark' -prof gc -f 1 -wi 3 -w 1 -i 5 -r 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(1)
public class DenseLuBenchmark {
    @Param({"16", "64", "100", "256", "512", "1000", "2000"})
    public int n;

    DenseMatrix a;
    DenseLu lu;
    DenseLu factored;
    DenseVector b;
    DenseVector x;

    DMatrixRMaj ejmlA;
    DMatrixRMaj ejmlB;
    DMatrixRMaj ejmlX;
    LinearSolverDense<DMatrixRMaj> ejmlFactorSolver;
    LinearSolverDense<DMatrixRMaj> ejmlSolveSolver;

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(42);
        a = DenseMatrix.zeros(n, n);
        ejmlA = new DMatrixRMaj(n, n);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double v = rnd.nextDouble() * 2 - 1;
                a.set(i, j, v);
                ejmlA.set(i, j, v);
            }
        }
        b = DenseVector.offHeap(n);
        x = DenseVector.offHeap(n);
        ejmlB = new DMatrixRMaj(n, 1);
        ejmlX = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            double v = rnd.nextDouble() * 2 - 1;
            b.set(i, v);
            ejmlB.set(i, 0, v);
        }
        lu = DenseLu.workspace(n);
        factored = DenseLu.factor(a);
        ejmlFactorSolver = LinearSolverFactory_DDRM.lu(n);
        ejmlSolveSolver = LinearSolverFactory_DDRM.lu(n);
        if (ejmlFactorSolver.modifiesA() || ejmlSolveSolver.modifiesB()) {
            throw new IllegalStateException("EJML LU would modify its inputs: the benchmark would need copies");
        }
        if (!ejmlSolveSolver.setA(ejmlA)) throw new IllegalStateException("EJML: singular test matrix");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        lu.close();
        factored.close();
        a.close();
        b.close();
        x.close();
    }

    @Benchmark
    public DenseLu factor() {
        return lu.refactor(a);
    }

    /** factor, then the condition estimate (about five solves): the peer of scipy's lu_factor + dgecon. */
    @Benchmark
    public double factorAndRcond() {
        return lu.refactor(a).rcond();
    }

    @Benchmark
    public DenseVector solve() {
        factored.solve(b, x);
        return x;
    }

    @Benchmark
    public DenseVector solveTransposed() {
        factored.solveTransposed(b, x);
        return x;
    }

    @Benchmark
    public boolean ejmlFactor() {
        return ejmlFactorSolver.setA(ejmlA);
    }

    @Benchmark
    public DMatrixRMaj ejmlSolve() {
        ejmlSolveSolver.solve(ejmlB, ejmlX);
        return ejmlX;
    }
}

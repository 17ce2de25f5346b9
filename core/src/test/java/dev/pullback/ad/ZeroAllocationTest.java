package dev.pullback.ad;

import dev.pullback.solvers.Factorizers;

import static dev.pullback.ad.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Steady state allocates nothing: after a warm-up (so that the JIT has compiled the path and escape
 * analysis applies, as in any long-running use), 100 full forward + pullback iterations, each with a
 * refactorization, allocate less than 1 byte per iteration on this thread, as read by
 * {@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}. The measuring loop only
 * calls the nodes and adds doubles into a field. The benchmark (JMH -prof gc) shows the same for the
 * large FEM matrices.
 */
@Tag("allocation")
class ZeroAllocationTest {
    private static final int WARMUP = 5000, ITERATIONS = 100, MAX_WINDOWS = 300;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private double sink;
    private Object escaped;

    /** One iteration of a pipeline; implementations allocate nothing of their own. */
    private interface Step {
        void run();
    }

    /**
     * Bytes allocated per iteration over a window of ITERATIONS runs, after a warm-up: the smallest
     * over windows measured until one shows no allocation or MAX_WINDOWS have passed. On a loaded
     * machine C2 may compile the path late; until it does, the interpreter and C1 may allocate where
     * escape analysis later removes it. Persistent allocation fails every window.
     */
    private double bytesPerIteration(Step step) {
        for (int i = 0; i < WARMUP; i++) step.run();
        long best = Long.MAX_VALUE;
        for (int window = 0; window < MAX_WINDOWS && best > 0; window++) {
            long overhead = THREADS.getCurrentThreadAllocatedBytes();
            long before = THREADS.getCurrentThreadAllocatedBytes();
            overhead = before - overhead; // what one reading of the counter costs, if anything
            for (int i = 0; i < ITERATIONS; i++) step.run();
            long after = THREADS.getCurrentThreadAllocatedBytes();
            best = Math.min(best, after - before - overhead);
        }
        return (double) best / ITERATIONS;
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#sparse")
    void femChainWithSimpAllocatesNothing(Supplier<Backends.Counting<CscMatrix>> backend) {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        PlaneStressQ4 mesh = new PlaneStressQ4(8, 4, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs());
                ParametricMatrix pm = ParametricMatrix.of(asm.elementMap());
                LinearSolve<CscMatrix> solve = new LinearSolve<>(backend.get())) {
            int n = asm.stiffness().rows(), ne = mesh.elements();
            Random rnd = new Random(81);
            DenseVector f = vec(gaussian(n, rnd)), l = vec(gaussian(n, rnd));
            SolveChain chain = SolveChain.of(new ElementwiseMap(ScalarFunction.simp(1e-9, 1, 3), ne), pm, solve, f,
                    new DotProduct(l));
            DenseVector theta = vec(uniform(ne, 0.2, 1, rnd)), grad = DenseVector.heap(ne);
            double perIteration = bytesPerIteration(() -> {
                sink += chain.value(theta);
                chain.gradient(1.0, grad);
            });
            assertTrue(perIteration < 1.0, "SolveChain allocates " + perIteration + " bytes per forward + pullback");
            assertTrue(Double.isFinite(sink));
        }
    }

    /** The library's LUs: DenseLu for the dense A, SparseLu for the sparse one. */
    @Test
    void seedPipelineAllocatesNothingDenseAndSparse() {
        Random rnd = new Random(82);
        int n = SeedExampleTest.N;
        double[][] a = unsymmetric(n, 0.1, rnd);
        DenseVector av = vec(gaussian(n, rnd)), bv = vec(gaussian(n, rnd));
        DenseVector xbar = DenseVector.heap(n), da = DenseVector.heap(n), db = DenseVector.heap(n);
        try (DenseMatrix d = dense(a); CscMatrix s = CscMatrix.fromDense(d, false); CscMatrix e = s.copy();
                LinearSolve<DenseMatrix> ds = new LinearSolve<>(Factorizers.denseLu());
                LinearSolve<CscMatrix> ss = new LinearSolve<>(Factorizers.sparseLu())) {
            DotProduct objective = new DotProduct(av);
            double dense = bytesPerIteration(() -> {
                d.markModified(); // as if A's values had changed: refactor every iteration
                sink += objective.forward(ds.forward(d, bv));
                objective.pullback(1.0, xbar, da);
                sink += ds.pullback(xbar, db).get(3, 7);
            });
            double sparse = bytesPerIteration(() -> {
                s.markModified();
                sink += objective.forward(ss.forward(s, bv));
                objective.pullback(1.0, xbar, da);
                RankOne dA = ss.pullback(xbar, db);
                sink += dA.dot(e);
                dA.sampleOn(e);
            });
            assertTrue(dense < 1.0, "dense seed pipeline allocates " + dense + " bytes per iteration");
            assertTrue(sparse < 1.0, "sparse seed pipeline allocates " + sparse + " bytes per iteration");
        }
    }

    /** The measurement itself must be able to fail: one small object per iteration is seen. */
    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#sparse")
    void newtonSolveAndItsPullbackAllocateNothing(Supplier<Backends.Counting<CscMatrix>> backend) {
        try (NewtonSolveTest.CubicGrid p = new NewtonSolveTest.CubicGrid(8, 6, 12);
                CscMatrix j = CscMatrix.withPattern(p.a.pattern());
                NewtonSolve<CscMatrix> newton = new NewtonSolve<>(backend.get(), j)) {
            NonlinearSystem<CscMatrix> system = p.sparse();
            DenseVector x0 = DenseVector.heap(p.n), xbar = DenseVector.heap(p.n);
            xbar.fill(1.0);
            double[] s0 = p.s.clone();
            double perIteration = bytesPerIteration(() -> {
                p.s[0] = s0[0] + 1e-3 * (p.residuals & 7); // a new root each time: Newton steps and refactors
                sink += newton.solve(system, x0).get(0);
                sink += newton.pullback(xbar).get(0);
            });
            assertTrue(perIteration < 1.0, "NewtonSolve allocates " + perIteration + " bytes per solve + pullback");
        }
    }

    @Test
    void theMeasurementSeesAllocation() {
        double perIteration = bytesPerIteration(() -> escaped = DenseVector.heap(4));
        assertTrue(perIteration >= 16, "an allocating step must be detected, saw " + perIteration + " bytes");
    }
}

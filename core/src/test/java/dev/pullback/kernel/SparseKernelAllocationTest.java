package dev.pullback.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pullback.gallery.Grids;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The twin-column and column-run sparse kernels, their column-range forms and the two-thread pool allocate nothing
 * in steady state, on the caller's thread and on the pool's worker (a functional check, not a
 * measurement: JMH -prof gc is that).
 */
@Tag("allocation")
class SparseKernelAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private double sink;

    static Stream<Named<Kernels>> paths() {
        return KernelPaths.all();
    }

    /** Bytes allocated by this thread and the pool's workers. */
    private static long allocated(long[] workerIds) {
        long b = THREADS.getCurrentThreadAllocatedBytes();
        for (long id : workerIds) b += THREADS.getThreadAllocatedBytes(id);
        return b;
    }

    @ParameterizedTest
    @MethodSource("paths")
    void steadyStateAllocatesNothing(Kernels k) {
        PlaneStressQ4 mesh = new PlaneStressQ4(40, 12, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs());
                ParallelSparseKernels pool = ParallelSparseKernels.open(k, 2);
                DenseVector xOff = DenseVector.offHeap(asm.stiffness().rows())) {
            CscMatrix a = asm.stiffness();
            int n = a.rows();
            SplittableRandom rnd = new SplittableRandom(31);
            DenseVector x = DenseVector.wrap(KernelPaths.random(rnd, n)), y = DenseVector.heap(n);
            xOff.copyFrom(x);
            DenseVector out = DenseVector.heap(mesh.elements());
            pool.spmv(1, a, x, 0, y); // sizes the pool's scratch vector
            long[] workers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("pullback-spmv-")).mapToLong(Thread::threadId).toArray();
            Runnable work = () -> {
                k.spmv(0.5, a, x, 0.25, y);
                k.spmvAdd(0.5, a, x, y, 3, n - 5);
                k.spmvTransposed(0.5, a, x, 0.25, y, 7, n - 2);
                k.spmvTransposed(0.5, a, xOff, 0.25, y);
                sink += k.rank1Dot(x, a, y, 1, n - 1) + k.rank1Dot(xOff, a, y);
                k.rank1DotGrouped(x, asm.elementMap(), y, out);
                sink += k.dot(n, x.segment(), 0, y.segment(), 0);
                k.axpy(n, 1e-3, x.segment(), 0, y.segment(), 0);
                pool.spmv(0.5, a, x, 0.25, y);
                pool.spmvTransposed(0.5, a, x, 0.25, y);
                sink += pool.rank1Dot(x, a, y);
                k.scal(n, 1e-3, y.segment(), 0);
            };
            assertSettlesAtZero(k, workers, work);
        }
    }

    /**
     * The short-column paths: column runs (the 2D Laplacian's pattern has a run table) and scattered
     * short columns with and without empty columns, on the caller's thread and the pool's.
     */
    @ParameterizedTest
    @MethodSource("paths")
    void shortColumnsAllocateNothing(Kernels k) {
        try (CscMatrix runs = Grids.poisson2d(90, 30);
                CscMatrix scattered = ShortColumnKernelsTest.runs(new SplittableRandom(33), 2700, 2700, 1, 0.1).matrix();
                CscMatrix full = ShortColumnKernelsTest.runs(new SplittableRandom(34), 2700, 2700, 1, 0.1, false).matrix();
                ParallelSparseKernels pool = ParallelSparseKernels.open(k, 2)) {
            assertEquals(true, ShortColumnKernels.hasRuns(runs.pattern()));
            assertEquals(false, ShortColumnKernels.hasRuns(scattered.pattern()));
            int n = runs.rows();
            SplittableRandom rnd = new SplittableRandom(32);
            DenseVector x = DenseVector.wrap(KernelPaths.random(rnd, n)), y = DenseVector.heap(n);
            pool.spmv(1, runs, x, 0, y); // sizes the pool's scratch vector
            long[] workers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("pullback-spmv-")).mapToLong(Thread::threadId).toArray();
            CscMatrix[] both = {runs, scattered, full};
            Runnable work = () -> {
                for (CscMatrix a : both) {
                    k.spmv(0.5, a, x, 0, y);
                    k.spmvAdd(0.5, a, x, y, 3, n - 5);
                    k.spmvTransposed(1, a, x, 0, y);
                    k.spmvTransposed(0.5, a, x, 0, y, 7, n - 2);
                    pool.spmv(0.5, a, x, 0, y);
                    pool.spmvTransposed(0.5, a, x, 0, y); // y overwritten (β = 0) each round: it stays bounded
                }
            };
            assertSettlesAtZero(k, workers, work);
        }
    }

    /** Runs {@code work} in rounds of 10 until 5 rounds in a row allocate nothing on this thread and the workers (30 s at most). */
    private static void assertSettlesAtZero(Kernels k, long[] workers, Runnable work) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int zeroRounds = 0;
        long last = -1;
        while (zeroRounds < 5 && System.nanoTime() < deadline) {
            long before = allocated(workers);
            for (int i = 0; i < 10; i++) work.run();
            last = allocated(workers) - before;
            zeroRounds = last == 0 ? zeroRounds + 1 : 0;
        }
        assertEquals(5, zeroRounds, k.name() + " still allocates " + last + " bytes per 10 rounds");
    }
}

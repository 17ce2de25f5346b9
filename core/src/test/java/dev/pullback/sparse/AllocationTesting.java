package dev.pullback.sparse;

import dev.pullback.factor.SparseFactorization;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;

/** The zero-allocation check shared by the sparse LUs' allocation tests (thread allocation counter). */
final class AllocationTesting {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationTesting() {}

    /** Bytes the calling thread allocates while running r reps times. */
    static long allocated(Runnable r, int reps) {
        long t = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(t);
        for (int i = 0; i < reps; i++) r.run();
        return THREADS.getThreadAllocatedBytes(t) - before;
    }

    /**
     * After {@code warmups} runs of each, refactor ({@code refactorReps} times), both vector solves
     * ({@code solveReps}) and both solves with {@code rhs} right-hand sides ({@code blockReps}) allocate
     * 0 bytes.
     */
    static void assertSteadyStateAllocatesNothing(SparseFactorization lu, Runnable refactor, int rhs, int warmups,
            int refactorReps, int solveReps, int blockReps) {
        assertTrue(THREADS.isThreadAllocatedMemorySupported());
        THREADS.setThreadAllocatedMemoryEnabled(true);
        int n = lu.n();
        try (DenseVector b = DenseVector.offHeap(n); DenseVector x = DenseVector.heap(n);
                DenseMatrix bm = DenseMatrix.zeros(n, rhs); DenseMatrix xm = DenseMatrix.zeros(n, rhs)) {
            b.fill(1.0);
            Runnable solve = () -> lu.solve(b, x);
            Runnable solveT = () -> lu.solveTransposed(b, x);
            Runnable solveM = () -> lu.solve(bm, xm);
            Runnable solveMT = () -> lu.solveTransposed(bm, xm);
            for (Runnable r : new Runnable[] {refactor, solve, solveT, solveM, solveMT}) allocated(r, warmups);
            assertEquals(0, allocated(refactor, refactorReps), "refactor allocated");
            assertEquals(0, allocated(solve, solveReps), "solve allocated");
            assertEquals(0, allocated(solveT, solveReps), "solveTransposed allocated");
            assertEquals(0, allocated(solveM, blockReps), "solve(DenseMatrix) allocated");
            assertEquals(0, allocated(solveMT, blockReps), "solveTransposed(DenseMatrix) allocated");
        }
    }
}

package dev.pullback.sparse;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.gallery.Grids;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Refactor and the solves allocate nothing on the Java heap once the factorization exists. */
@Tag("allocation")
class SparseLuAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocated(Runnable r, int reps) {
        long t = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(t);
        for (int i = 0; i < reps; i++) r.run();
        return THREADS.getThreadAllocatedBytes(t) - before;
    }

    @Test
    void refactorAndSolvesAllocateZeroBytes() {
        assertTrue(THREADS.isThreadAllocatedMemorySupported());
        THREADS.setThreadAllocatedMemoryEnabled(true);
        try (CscMatrix a = Grids.convectionDiffusion2d(20, 20, 50, 20); SparseLu lu = SparseLu.factor(a);
                DenseVector b = DenseVector.offHeap(400); DenseVector x = DenseVector.heap(400);
                DenseMatrix bm = DenseMatrix.zeros(400, 3); DenseMatrix xm = DenseMatrix.zeros(400, 3)) {
            b.fill(1.0);
            Runnable refactor = () -> lu.refactor(a);
            Runnable solve = () -> lu.solve(b, x);
            Runnable solveT = () -> lu.solveTransposed(b, x);
            Runnable solveM = () -> lu.solve(bm, xm);
            Runnable solveMT = () -> lu.solveTransposed(bm, xm);
            for (Runnable r : new Runnable[] {refactor, solve, solveT, solveM, solveMT}) allocated(r, 2000);
            assertEquals(0, allocated(refactor, 200), "refactor allocated");
            assertEquals(0, allocated(solve, 200), "solve allocated");
            assertEquals(0, allocated(solveT, 200), "solveTransposed allocated");
            assertEquals(0, allocated(solveM, 200), "solve(DenseMatrix) allocated");
            assertEquals(0, allocated(solveMT, 200), "solveTransposed(DenseMatrix) allocated");
        }
    }

    @Test
    void blockTriangularRefactorAndSolvesAllocateZeroBytes() {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        try (CscMatrix a = Grids.cascade(600, 12, 2, 2, 9); BtfLu lu = BtfLu.factor(a);
                DenseVector b = DenseVector.offHeap(600); DenseVector x = DenseVector.heap(600);
                DenseMatrix bm = DenseMatrix.zeros(600, 2); DenseMatrix xm = DenseMatrix.zeros(600, 2)) {
            b.fill(1.0);
            Runnable refactor = () -> lu.refactor(a);
            Runnable solve = () -> lu.solve(b, x);
            Runnable solveT = () -> lu.solveTransposed(b, x);
            Runnable solveM = () -> lu.solve(bm, xm);
            Runnable solveMT = () -> lu.solveTransposed(bm, xm);
            for (Runnable r : new Runnable[] {refactor, solve, solveT, solveM, solveMT}) allocated(r, 2000);
            assertEquals(0, allocated(refactor, 200), "refactor allocated");
            assertEquals(0, allocated(solve, 200), "solve allocated");
            assertEquals(0, allocated(solveT, 200), "solveTransposed allocated");
            assertEquals(0, allocated(solveM, 200), "solve(DenseMatrix) allocated");
            assertEquals(0, allocated(solveMT, 200), "solveTransposed(DenseMatrix) allocated");
        }
    }
}

package dev.pullback.sparse;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Refactor and the solves of SupernodalLu allocate nothing on the Java heap once the factorization exists. */
@Tag("allocation")
class SupernodalLuAllocationTest {
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
        // Q4 elasticity: fronts large enough for the GEMM path and small ones for the plain loops.
        PlaneStressQ4 mesh = new PlaneStressQ4(30, 10, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs())) {
            CscMatrix a = asm.stiffness();
            int n = a.rows();
            try (SupernodalLu lu = SupernodalLu.factor(a); DenseVector b = DenseVector.offHeap(n);
                    DenseVector x = DenseVector.heap(n); DenseMatrix bm = DenseMatrix.zeros(n, 3);
                    DenseMatrix xm = DenseMatrix.zeros(n, 3)) {
                b.fill(1.0);
                Runnable refactor = () -> lu.refactor(a);
                Runnable solve = () -> lu.solve(b, x);
                Runnable solveT = () -> lu.solveTransposed(b, x);
                Runnable solveM = () -> lu.solve(bm, xm);
                Runnable solveMT = () -> lu.solveTransposed(bm, xm);
                for (Runnable r : new Runnable[] {refactor, solve, solveT, solveM, solveMT}) allocated(r, 500);
                assertEquals(0, allocated(refactor, 50), "refactor allocated");
                assertEquals(0, allocated(solve, 200), "solve allocated");
                assertEquals(0, allocated(solveT, 200), "solveTransposed allocated");
                assertEquals(0, allocated(solveM, 100), "solve(DenseMatrix) allocated");
                assertEquals(0, allocated(solveMT, 100), "solveTransposed(DenseMatrix) allocated");
            }
        }
    }
}

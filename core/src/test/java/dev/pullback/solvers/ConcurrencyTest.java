package dev.pullback.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.dense.DenseLu;
import dev.pullback.factor.Factorization;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.gallery.Grids;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The concurrency contract under load: several threads solve with one factorization at once (A and
 * Aᵀ, vectors and blocks) while another refactors it, alternately with A and with 2A (whose solution
 * is exactly half of A's). A refactor that overlaps a solve is refused with an IllegalStateException,
 * and so is a solve that overlaps a refactor; every solution returned is A's or 2A's, never a mix of
 * the two or of two threads' work. (Within rounding: the dense LU's transposed solve may round
 * otherwise while its code is still interpreted.)
 */
class ConcurrencyTest {
    private static final int THREADS = 6;
    private static final int RHS = 8;
    private static final long MILLIS = 1500;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"adaptive", "lu", "supernodal", "btf", "dense", "cholesky", "ldlt", "dense LU of a DenseMatrix"})
    void concurrentSolvesAreExactAndRefactorsAreRefusedNotTorn(String solver) throws Exception {
        // Cholesky needs an SPD matrix (2A is one too); the others take an unsymmetric one.
        try (CscMatrix a = solver.equals("cholesky") || solver.equals("ldlt") ? Grids.poisson2d(14, 12) : Grids.convectionDiffusion2d(14, 12, 0.3, -0.2);
                CscMatrix a2 = a.copy();
                DenseMatrix d = a.toDense(); DenseMatrix d2 = a.toDense()) {
            int n = a.rows();
            double[] twice = new double[a.nnz()];
            for (int p = 0; p < twice.length; p++) twice[p] = 2 * a.value(p);
            a2.setValues(twice);
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) d2.set(i, j, 2 * d.get(i, j));
            boolean denseMatrix = solver.startsWith("dense LU");
            try (Factorization f = denseMatrix ? DenseLu.factor(d) : Solvers.get(solver).analyze(a.pattern()).factor(a)) {
                double[][] b = new double[RHS][n], want = new double[RHS][n], wantT = new double[RHS][n];
                SplittableRandom rnd = new SplittableRandom(5);
                for (int r = 0; r < RHS; r++) {
                    for (int i = 0; i < n; i++) b[r][i] = rnd.nextDouble(-1, 1);
                    DenseVector x = DenseVector.heap(n);
                    f.solve(DenseVector.wrap(b[r]), x);
                    want[r] = x.toArray();
                    f.solveTransposed(DenseVector.wrap(b[r]), x);
                    wantT[r] = x.toArray();
                }
                // Block solves may round otherwise than vector ones (the dense LU's TRSM on two columns):
                // their reference is a block solve in one thread.
                double[][][] wantBlock = new double[2][RHS][];
                try (DenseMatrix bb = DenseMatrix.zeros(n, 2); DenseMatrix xx = DenseMatrix.zeros(n, 2)) {
                    for (int t = 0; t < 2; t++) {
                        for (int r = 0; r < RHS; r++) {
                            fill(bb, b[r], b[(r + 1) % RHS]);
                            if (t == 1) f.solveTransposed(bb, xx);
                            else f.solve(bb, xx);
                            wantBlock[t][r] = columns(xx);
                        }
                    }
                }
                AtomicLong solves = new AtomicLong(), refusedSolves = new AtomicLong(), refactors = new AtomicLong(),
                        refusedRefactors = new AtomicLong(), wrong = new AtomicLong();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                CountDownLatch start = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int id = t;
                    threads.add(Thread.ofPlatform().start(() -> {
                        DenseVector x = DenseVector.heap(n);
                        try (DenseMatrix bb = DenseMatrix.zeros(n, 2); DenseMatrix xx = DenseMatrix.zeros(n, 2)) {
                            start.await();
                            for (long k = id; !stop.get(); k++) {
                                int r = (int) (k % RHS), r1 = (r + 1) % RHS;
                                boolean transposed = (k & 1) == 1;
                                try {
                                    if ((k & 7) == 5) {
                                        fill(bb, b[r], b[r1]);
                                        if (transposed) f.solveTransposed(bb, xx);
                                        else f.solve(bb, xx);
                                        if (!eitherSolution(columns(xx), wantBlock[transposed ? 1 : 0][r])) wrong.incrementAndGet();
                                    } else {
                                        if (transposed) f.solveTransposed(DenseVector.wrap(b[r]), x);
                                        else f.solve(DenseVector.wrap(b[r]), x);
                                        if (!eitherSolution(x.toArray(), transposed ? wantT[r] : want[r])) wrong.incrementAndGet();
                                    }
                                    solves.incrementAndGet();
                                } catch (IllegalStateException e) {
                                    refusedSolves.incrementAndGet();
                                    Thread.sleep(0, 200_000); // refused: let the refactor finish
                                }
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }));
                }
                Thread refactorer = Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (long k = 0; !stop.get(); k++) {
                            boolean doubled = (k & 1) == 0;
                            try {
                                if (f instanceof DenseLu lu) lu.refactor(doubled ? d2 : d);
                                else ((SparseFactorization) f).refactor(doubled ? a2 : a);
                                refactors.incrementAndGet();
                            } catch (IllegalStateException e) {
                                refusedRefactors.incrementAndGet();
                            }
                            Thread.sleep(1); // solves get their turn between refactors

                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                start.countDown();
                Thread.sleep(MILLIS);
                stop.set(true);
                for (Thread t : threads) t.join();
                refactorer.join();
                if (failure.get() != null) throw new AssertionError(failure.get());
                String counts = solver + ": " + solves + " solves (" + refusedSolves + " refused), " + refactors
                        + " refactors (" + refusedRefactors + " refused), " + wrong + " wrong";
                System.out.println("ConcurrencyTest " + counts);
                assertEquals(0, wrong.get(), counts);
                assertTrue(solves.get() > 100, counts);
                assertTrue(refactors.get() + refusedRefactors.get() > 20, counts);
                assertTrue(refusedRefactors.get() > 0 || refusedSolves.get() > 0, "the threads overlapped: " + counts);
                if (f instanceof DenseLu lu) lu.refactor(d);
                else ((SparseFactorization) f).refactor(a);
                DenseVector x = DenseVector.heap(n);
                f.solve(DenseVector.wrap(b[0]), x);
                assertArrayEquals(want[0], x.toArray(), "after the storm, refactored with A: A's solution; " + counts);
            }
        }
    }

    /** x is A's solution or 2A's (exactly half), to rounding: max error ≤ 1e-12·max|want|. */
    private static boolean eitherSolution(double[] x, double[] want) {
        double e1 = 0, e2 = 0, scale = 0;
        for (int i = 0; i < x.length; i++) {
            e1 = Math.max(e1, Math.abs(x[i] - want[i]));
            e2 = Math.max(e2, Math.abs(x[i] - want[i] / 2));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        return Math.min(e1, e2) <= 1e-12 * scale;
    }

    private static void fill(DenseMatrix bb, double[] c0, double[] c1) {
        for (int i = 0; i < c0.length; i++) {
            bb.set(i, 0, c0[i]);
            bb.set(i, 1, c1[i]);
        }
    }

    private static double[] columns(DenseMatrix x) {
        double[] v = new double[x.rows() * x.cols()];
        for (int j = 0; j < x.cols(); j++) for (int i = 0; i < x.rows(); i++) v[i + j * x.rows()] = x.get(i, j);
        return v;
    }
}

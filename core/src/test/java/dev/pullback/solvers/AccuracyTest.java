package dev.pullback.solvers;

import static dev.pullback.solvers.AccuracyMatrices.csc;
import static dev.pullback.solvers.AccuracyMatrices.factor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.dense.DenseLu;
import dev.pullback.dense.Reference;
import dev.pullback.factor.InaccurateSolutionException;
import dev.pullback.factor.Method;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.factor.SolveReport;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.testing.Generated;
import dev.pullback.testing.Generated.Sized;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing silent: every solver of the registry estimates its condition (within a factor 10 of the
 * truth from an explicit inverse), reports numerically singular matrices (duplicated columns, rank
 * n−1, Hilbert 20) instead of answering silently, and its refining solve repairs unstable
 * eliminations (Wilkinson's growth matrix, a badly scaled matrix under threshold pivoting) to a
 * backward error of a few ε, checked by an independent double-double residual.
 */
class AccuracyTest {
    private static final double EPS = Reference.EPS;

    /**
     * Every registered solver for general matrices: all but "cholesky" and "ldlt", which read the
     * lower triangle of a symmetric matrix (SupernodalCholeskyTest, SupernodalLdltTest).
     */
    static List<String> solvers() {
        return Solvers.names().stream().filter(s -> !Solvers.get(s).symmetricOnly()).toList();
    }

    /** Every registered solver, for SPD matrices. */
    static List<String> spdSolvers() {
        return Solvers.names();
    }

    // ---------------------------------------------------------------- numerically singular

    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void duplicatedColumnsAreReported(String solver) {
        for (long seed = 0; seed < 6; seed++) {
            assertReportedSingular(solver, AccuracyMatrices.duplicatedColumns(seed, 40, 3, 7), "duplicated columns, seed " + seed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void sparseDuplicatedColumnsAreReported(String solver) {
        // A sparse nonsymmetric matrix (a band and scattered entries) whose column 11 repeats column 4.
        SplittableRandom rnd = new SplittableRandom(21);
        int n = 60;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) if (Math.abs(i - j) <= 1 || rnd.nextDouble() < 0.05) a[i][j] = rnd.nextDouble(-1, 1);
            a[i][i] += 3;
        }
        for (double[] row : a) row[11] = row[4];
        assertReportedSingular(solver, a, "sparse, duplicated column");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void rankDeficientMatricesAreReported(String solver) {
        Random rnd = new Random(39);
        for (int t = 0; t < 5; t++) assertReportedSingular(solver, Reference.rankDeficient(rnd, 40, 39), "rank 39 of 40, case " + t);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void hilbert20IsReportedIllConditionedAndHilbert8IsNot(String solver) {
        assertReportedSingular(solver, Reference.hilbert(20), "Hilbert 20");
        try (CscMatrix a = csc(Reference.hilbert(20)); SparseFactorization f = factor(solver, a)) {
            assertTrue(f.rcond() < 1e-16, solver + ": rcond " + f.rcond()); // κ₁(H₂₀) ≈ 10²⁸; the factors show 10¹⁶ and more
        }
        // κ₁(H₈) ≈ 3.4·10¹⁰: ill-conditioned but far from singular; the answer is accepted.
        double[][] h = Reference.hilbert(8);
        try (CscMatrix a = csc(h); SparseFactorization f = factor(solver, a)) {
            assertFalse(f.isIllConditioned());
            assertWithinFactor10(trueRcond(h), f.rcond(), "Hilbert 8");
            SolveReport report = new SolveReport();
            double[] b = AccuracyMatrices.timesOnes(h);
            DenseVector x = DenseVector.heap(8);
            f.solve(DenseVector.wrap(b), x, report);
            assertEquals(SolveReport.Status.ACCURATE, report.status(), report.describe());
            report.requireAccurate();
        }
    }

    /**
     * The matrix is reported: its factorization throws {@link SingularMatrixException}, or rcond is
     * below ε·min(n, pivot growth), and the refining solves say {@link SolveReport.Status#ILL_CONDITIONED} (both ways)
     * with that estimate, and {@link SolveReport#requireAccurate()} throws carrying it.
     */
    private static void assertReportedSingular(String solver, double[][] m, String what) {
        int n = m.length;
        try (CscMatrix a = csc(m)) {
            SparseFactorization f;
            try {
                f = factor(solver, a);
            } catch (SingularMatrixException e) {
                assertTrue(e.column() >= 0 && e.column() < n, e.getMessage());
                return;
            }
            try (f) {
                double rcond = f.rcond();
                double bar = SolveReport.illConditionedBelow(n, f.reciprocalPivotGrowth());
                assertTrue(bar >= SolveReport.ILL_CONDITIONED_RCOND && bar <= n * SolveReport.ILL_CONDITIONED_RCOND);
                assertTrue(rcond < bar, solver + ", " + what + ": rcond " + rcond + ", bar " + bar);
                assertTrue(f.isIllConditioned());
                double[] b = AccuracyMatrices.timesOnes(m);
                DenseVector x = DenseVector.heap(n);
                for (boolean transposed : new boolean[] {false, true}) {
                    SolveReport report = new SolveReport();
                    if (transposed) f.solveTransposed(DenseVector.wrap(b), x, report);
                    else f.solve(DenseVector.wrap(b), x, report);
                    assertEquals(SolveReport.Status.ILL_CONDITIONED, report.status(), solver + ", " + what);
                    assertEquals(rcond, report.rcond());
                    assertEquals(bar, report.illConditionedBelow());
                    InaccurateSolutionException e = assertThrows(InaccurateSolutionException.class, report::requireAccurate);
                    assertEquals(rcond, e.rcond());
                    assertEquals(SolveReport.Status.ILL_CONDITIONED, e.status());
                    assertTrue(e.getMessage().contains("numerically singular"), e.getMessage());
                }
            }
        }
    }

    // ---------------------------------------------------------------- the estimate

    @Test
    void rcondIsWithinAFactorOf10OfTheTrueConditionForEverySolver() {
        Generated.forAll(40, Generated.sizedEdges(1, 30, 0.05, 0.5), Generated.sized(1, 30, 0.05, 0.5), c -> {
            for (double[][] m : new double[][][] {rowDominantScaled(c), dense(c)}) {
                double truth = trueRcond(m);
                try (CscMatrix a = csc(m)) {
                    for (String solver : solvers()) {
                        try (SparseFactorization f = factor(solver, a)) {
                            assertWithinFactor10(truth, f.rcond(), solver + " on " + c);
                            assertEquals(f.rcond(), f.rcond(), "kept, not recomputed differently");
                        }
                    }
                }
            }
        });
    }

    /** Row diagonally dominant with a random pattern of the given density, rows then scaled by 10^±3 (κ₁ up to ~10⁶). */
    private static double[][] rowDominantScaled(Sized c) {
        Random rnd = new Random(c.seed());
        int n = c.n();
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                if (i != j && rnd.nextDouble() < c.density()) sum += Math.abs(a[i][j] = rnd.nextDouble() * 2 - 1);
            }
            a[i][i] = (rnd.nextBoolean() ? 1 : -1) * (sum + 0.1 + rnd.nextDouble());
            double scale = Math.pow(10, rnd.nextDouble() * 6 - 3);
            for (int j = 0; j < n; j++) a[i][j] *= scale;
        }
        return a;
    }

    /** Dense, entries uniform in (−1, 1): partial pivoting in every solver (κ₁ typically 10²–10⁴). */
    private static double[][] dense(Sized c) {
        Random rnd = new Random(c.seed() ^ 0x5DEECE66DL);
        double[][] a = new double[c.n()][c.n()];
        for (double[] row : a) for (int j = 0; j < row.length; j++) row[j] = rnd.nextDouble() * 2 - 1;
        return a;
    }

    /** 1/(‖A‖₁‖A⁻¹‖₁) with the inverse by Gauss–Jordan elimination (independent of the code under test). */
    private static double trueRcond(double[][] a) {
        return 1 / (Reference.norm1(a) * Reference.norm1(Reference.inverse(a)));
    }

    /** The estimate bounds the truth from above (up to the inverse's rounding) by at most a factor 10. */
    private static void assertWithinFactor10(double truth, double estimate, String what) {
        assertTrue(estimate >= truth * (1 - 1e-6) && estimate <= 10 * truth,
                what + ": rcond estimate " + estimate + ", true " + truth);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void refactorRenewsTheEstimate(String solver) {
        double[][] good = AccuracyMatrices.duplicatedColumns(4, 30, 3, 7);
        for (double[] row : good) row[7] += 0.5; // column 7 no longer a copy: nonsingular
        double[][] singular = AccuracyMatrices.duplicatedColumns(4, 30, 3, 7);
        try (CscMatrix a = csc(good); SparseFactorization f = factor(solver, a)) {
            double before = f.rcond();
            assertWithinFactor10(trueRcond(good), before, solver);
            double[] v = new double[a.nnz()];
            int p = 0;
            for (int j = 0; j < 30; j++) for (int i = 0; i < 30; i++) v[p++] = singular[i][j];
            a.setValues(v);
            try {
                f.refactor(a);
            } catch (SingularMatrixException e) {
                return; // reported as well
            }
            assertTrue(f.isIllConditioned(), solver + ": " + f.rcond() + " after refactor, " + before + " before");
        }
    }

    // ---------------------------------------------------------------- refinement

    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void refinementRepairsWilkinsonsGrowthMatrix(String solver) {
        double[][] m = AccuracyMatrices.wilkinson(60);
        double[] b = AccuracyMatrices.timesOnes(m);
        try (CscMatrix a = csc(m); SparseFactorization f = factor(solver, a)) {
            for (boolean transposed : new boolean[] {false, true}) {
                double[] bt = transposed ? AccuracyMatrices.timesOnes(Reference.transpose(m)) : b;
                DenseVector x = DenseVector.heap(60);
                SolveReport report = new SolveReport();
                if (transposed) f.solveTransposed(DenseVector.wrap(bt), x, report);
                else f.solve(DenseVector.wrap(bt), x, report);
                double omega = Reference.backwardError(transposed ? Reference.transpose(m) : m, x.toArray(), bt);
                assertTrue(omega <= SolveReport.DEFAULT_TOLERANCE, solver + (transposed ? " (transposed)" : "") + ": "
                        + omega + "; " + report.describe());
                assertEquals(SolveReport.Status.ACCURATE, report.status(), report.describe());
                for (int i = 0; i < 60; i++) assertEquals(1.0, x.get(i), 1e-13, solver);
            }
        }
    }

    @Test
    void denseLuRefinesWilkinsonAndSaysSoWhenItMayNot() {
        double[][] m = AccuracyMatrices.wilkinson(60);
        double[] b = AccuracyMatrices.timesOnes(m);
        try (DenseMatrix a = DenseMatrix.of(m); DenseLu lu = DenseLu.factor(a)) {
            DenseVector x = DenseVector.wrap(b.clone()); // b and x the same vector
            SolveReport report = new SolveReport();
            lu.solve(x, x, report);
            assertTrue(report.firstBackwardError() > 1e-2, report.describe()); // the plain solve: no digit
            assertTrue(report.steps() >= 1);
            assertTrue(Reference.backwardError(m, x.toArray(), b) <= SolveReport.DEFAULT_TOLERANCE, report.describe());
            SolveReport plain = new SolveReport(SolveReport.DEFAULT_TOLERANCE, 0, true);
            lu.solve(DenseVector.wrap(b), x, plain);
            assertEquals(SolveReport.Status.INACCURATE, plain.status());
            assertEquals(plain.firstBackwardError(), plain.backwardError());
            assertEquals(Reference.backwardError(m, x.toArray(), b), plain.backwardError(), 1e-3 * plain.backwardError());
            InaccurateSolutionException e = assertThrows(InaccurateSolutionException.class, plain::requireAccurate);
            assertEquals(plain.backwardError(), e.backwardError());
            assertTrue(e.getMessage().contains("inaccurate"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void refinementReducesTheBackwardErrorOnABadlyScaledSystem(String solver) {
        for (long seed = 0; seed < 3; seed++) {
            double[][] m = AccuracyMatrices.badlyScaled(seed, 200);
            double[] b = new SplittableRandom(seed).doubles(200, -1, 1).toArray();
            try (CscMatrix a = csc(m)) {
                SparseFactorization f;
                try {
                    f = factor(solver, a);
                } catch (dev.pullback.sparse.SupernodalPivotException e) {
                    assertEquals("supernodal", solver, e.getMessage()); // no in-block pivot: adaptive falls back
                    continue;
                }
                try (f) {
                    for (boolean transposed : new boolean[] {false, true}) {
                        DenseVector x = DenseVector.heap(200);
                        SolveReport report = new SolveReport();
                        if (transposed) f.solveTransposed(DenseVector.wrap(b), x, report);
                        else f.solve(DenseVector.wrap(b), x, report);
                        double omega = Reference.backwardError(transposed ? Reference.transpose(m) : m, x.toArray(), b);
                        String what = solver + ", seed " + seed + (transposed ? ", transposed" : "") + ": " + report.describe();
                        assertTrue(omega <= SolveReport.DEFAULT_TOLERANCE, what + "; independent " + omega);
                        assertEquals(omega, report.backwardError(), 2 * EPS, what);
                        assertEquals(SolveReport.Status.ACCURATE, report.status(), what);
                        if (report.firstBackwardError() > SolveReport.DEFAULT_TOLERANCE) {
                            assertTrue(report.steps() >= 1 && report.backwardError() < report.firstBackwardError() / 100, what);
                        }
                    }
                    // The threshold pivoting of the sparse LUs leaves work for refinement here (partial pivoting
                    // does not; adaptive takes the dense LU for this small, filling pattern).
                    if (f.method() != Method.DENSE_LU) {
                        SolveReport first = SolveReport.backwardErrorOnly();
                        f.solve(DenseVector.wrap(b), DenseVector.heap(200), first);
                        assertTrue(first.backwardError() > 1e-14, solver + ": " + first.describe());
                        assertEquals(SolveReport.Status.INACCURATE, first.status());
                        assertTrue(Double.isNaN(first.rcond()));
                    }
                }
            }
        }
    }

    @Test
    void concurrentRefiningSolvesAndEstimatesAgreeWithOneThread() throws Exception {
        double[][] m = AccuracyMatrices.badlyScaled(1, 200);
        try (CscMatrix a = csc(m)) {
            for (String solver : List.of("lu", "btf", "dense")) {
                try (SparseFactorization f = factor(solver, a)) {
                    double[][] b = new double[8][], want = new double[8][];
                    for (int r = 0; r < 8; r++) {
                        b[r] = new SplittableRandom(r).doubles(200, -1, 1).toArray();
                        DenseVector x = DenseVector.heap(200);
                        f.solve(DenseVector.wrap(b[r]), x, new SolveReport(SolveReport.DEFAULT_TOLERANCE, 3, false));
                        want[r] = x.toArray();
                    }
                    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
                    ConcurrentLinkedQueue<Double> estimates = new ConcurrentLinkedQueue<>();
                    List<Thread> threads = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        int id = t;
                        threads.add(Thread.ofPlatform().start(() -> {
                            try {
                                SolveReport report = new SolveReport();
                                DenseVector x = DenseVector.heap(200);
                                for (int k = 0; k < 40; k++) {
                                    int r = (id + k) % 8;
                                    f.solve(DenseVector.wrap(b[r]), x, report);
                                    for (int i = 0; i < 200; i++) {
                                        assertEquals(want[r][i], x.get(i), 1e-12 * Math.abs(want[r][i]), solver);
                                    }
                                    assertEquals(SolveReport.Status.ACCURATE, report.status(), report.describe());
                                }
                                estimates.add(report.rcond());
                            } catch (Throwable e) {
                                failures.add(e);
                            }
                        }));
                    }
                    for (Thread t : threads) t.join();
                    if (!failures.isEmpty()) throw new AssertionError(solver + ": " + failures.peek(), failures.peek());
                    for (double e : estimates) assertEquals(f.rcond(), e, solver);
                }
            }
        }
    }

    @Test
    void reportsRefuseBadSettingsAndStartEmpty() {
        assertThrows(IllegalArgumentException.class, () -> new SolveReport(-1, 3, true));
        assertThrows(IllegalArgumentException.class, () -> new SolveReport(Double.NaN, 3, true));
        assertThrows(IllegalArgumentException.class, () -> new SolveReport(1e-15, -1, true));
        SolveReport r = new SolveReport();
        assertTrue(Double.isNaN(r.backwardError()) && Double.isNaN(r.rcond()));
        assertEquals(SolveReport.Status.INACCURATE, r.status()); // nothing solved yet: nothing to trust
    }
}

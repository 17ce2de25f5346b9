package dev.pullback.kernel;

import static dev.pullback.kernel.KernelPaths.bound;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.gallery.Grids;
import dev.pullback.gallery.Poisson3d;
import dev.pullback.kernel.KernelPaths.Csc;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The short-column paths of y = Ax and y = Aᵀx ({@link ShortColumnKernels}: column runs,
 * {@link CscPattern#columnRuns()}, and scattered short columns) on every kernel path, against naive
 * loops written here: patterns made of runs of equal column counts 0 … 8 and of longer columns,
 * columns of scattered lengths, single entries, empty columns, rectangular shapes, column ranges
 * that cut a run, the 2D and 3D Laplacians; and the per-pattern choice itself (a table for runs,
 * none for scattered lengths).
 */
@Tag("kernel-paths")
class ShortColumnKernelsTest {
    private final List<AutoCloseable> closer = new ArrayList<>();

    static Stream<Named<Kernels>> paths() {
        return KernelPaths.all();
    }

    @AfterEach
    void close() throws Exception {
        KernelPaths.closeAll(closer);
    }

    /**
     * Runs of consecutive columns with one count each: a run's count is 0 … 8 or, with probability
     * longRuns, a longer one per column (9 … 20, capped at rows); run lengths 1 … maxRun columns.
     */
    static Csc runs(SplittableRandom rnd, int rows, int cols, int maxRun, double longRuns) {
        return runs(rnd, rows, cols, maxRun, longRuns, true);
    }

    /** The same, with counts from 1 when empties is false (no empty column: the flat loops' case). */
    static Csc runs(SplittableRandom rnd, int rows, int cols, int maxRun, double longRuns, boolean empties) {
        int[] colPtr = new int[cols + 1];
        List<Integer> ri = new ArrayList<>();
        int j = 0;
        while (j < cols) {
            int len = 1 + rnd.nextInt(maxRun);
            boolean longRun = rnd.nextDouble() < longRuns;
            int c = empties ? rnd.nextInt(9) : 1 + rnd.nextInt(8);
            for (int e = Math.min(cols, j + len); j < e; j++) {
                int count = Math.min(rows, longRun ? 9 + rnd.nextInt(12) : c);
                // count distinct rows, sorted: a random subset of [0, rows)
                int need = count;
                for (int i = 0; i < rows && need > 0; i++) {
                    if (rnd.nextInt(rows - i) < need) {
                        ri.add(i);
                        need--;
                    }
                }
                colPtr[j + 1] = ri.size();
            }
        }
        int[] rowIdx = ri.stream().mapToInt(Integer::intValue).toArray();
        return new Csc(rows, cols, colPtr, rowIdx, KernelPaths.random(rnd, rowIdx.length));
    }

    /** The run starts computed naively: a new run wherever the count class (c ≤ 8, or "longer") changes. */
    private static int[] naiveRuns(int[] colPtr, int cols) {
        List<Integer> starts = new ArrayList<>();
        int prev = -1;
        for (int j = 0; j < cols; j++) {
            int c = Math.min(colPtr[j + 1] - colPtr[j], CscPattern.SHORT_COLUMN_MAX + 1);
            if (j == 0 || c != prev) starts.add(j);
            prev = c;
        }
        starts.add(cols);
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private CscMatrix matrix(Csc c) {
        CscMatrix a = c.matrix();
        closer.add(a);
        return a;
    }

    private CscMatrix keep(CscMatrix a) {
        closer.add(a);
        return a;
    }

    private static Csc arrays(CscMatrix a) {
        CscPattern p = a.pattern();
        return new Csc(a.rows(), a.cols(), p.colPtrArray(), p.rowIdxArray(), a.valuesArray());
    }

    @Test
    void runTableListsTheRunsWhenTheyAreLongEnough() {
        SplittableRandom rnd = new SplittableRandom(41);
        int tables = 0, none = 0;
        for (int[] shape : new int[][] {{0, 0}, {1, 1}, {5, 40}, {40, 5}, {300, 2000}, {2000, 300}}) {
            for (int maxRun : new int[] {1, 3, 40, 400}) {
                Csc c = runs(rnd, shape[0], shape[1], maxRun, 0.1);
                CscPattern p = matrix(c).pattern();
                int[] naive = naiveRuns(c.colPtr(), c.cols());
                int[] table = p.columnRuns();
                String what = shape[0] + "x" + shape[1] + " runs up to " + maxRun;
                if (naive.length - 1 <= c.cols() / 16 + 1) {
                    assertArrayEquals(naive, table, what);
                    tables++;
                    for (int r = 0; r + 1 < table.length; r++) {
                        for (int j = table[r]; j < table[r + 1]; j++) assertEquals(r, p.runOf(j), what + " column " + j);
                    }
                } else {
                    assertEquals(0, table.length, what + ": " + (naive.length - 1) + " runs, no table");
                    none++;
                }
                assertSame(table, p.columnRuns(), "built once");
            }
        }
        assertTrue(tables > 4 && none > 4, tables + " tables, " + none + " without");
    }

    @Test
    void stencilsHaveRunTablesAndScatteredLengthsDoNot() {
        CscPattern p2 = keep(Grids.poisson2d(60, 40)).pattern();
        CscPattern p3 = keep(Poisson3d.laplacian(60, 6, 5)).pattern();
        assertTrue(ShortColumnKernels.hasRuns(p2) && ShortColumnKernels.hasRuns(p3));
        assertArrayEquals(naiveRuns(p2.colPtrArray(), p2.cols()), p2.columnRuns());
        assertArrayEquals(naiveRuns(p3.colPtrArray(), p3.cols()), p3.columnRuns());
        // columns of random lengths 0 … 10: runs average under two columns
        Csc scattered = runs(new SplittableRandom(42), 500, 3000, 1, 0.1);
        CscPattern ps = matrix(scattered).pattern();
        assertFalse(ShortColumnKernels.hasRuns(ps));
        assertTrue(ShortColumnKernels.isShort(ps), "short columns of scattered lengths");
        int empty = 0;
        for (int j = 0; j < ps.cols(); j++) if (ps.colCount(j) == 0) empty++;
        assertEquals(empty, ps.emptyColumns());
        assertTrue(empty > 0);
        assertEquals(0, matrix(runs(new SplittableRandom(44), 500, 3000, 1, 0.1, false)).pattern().emptyColumns());
    }

    /** The matrices the product test runs on: random run patterns of every shape, and two stencils. */
    private List<Csc> cases(SplittableRandom rnd) {
        List<Csc> cases = new ArrayList<>();
        for (int[] shape : new int[][] {{0, 0}, {1, 1}, {1, 40}, {9, 700}, {700, 9}, {300, 2000}, {2000, 300}, {4097, 64}}) {
            for (int maxRun : new int[] {1, 40, 300}) cases.add(runs(rnd, shape[0], shape[1], maxRun, 0.15));
            if (shape[0] > 0) cases.add(runs(rnd, shape[0], shape[1], 1, 0.15, false));
        }
        cases.add(arrays(keep(Grids.poisson2d(33, 21))));
        cases.add(arrays(keep(Poisson3d.laplacian(40, 5, 4))));
        return cases;
    }

    @ParameterizedTest
    @MethodSource("paths")
    void productsMatchNaiveSums(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(43);
        Kernels scalar = KernelProvider.scalar();
        int withTable = 0, scattered = 0, flat = 0;
        for (Csc c : cases(rnd)) {
            CscMatrix a = matrix(c);
            if (ShortColumnKernels.hasRuns(a.pattern())) withTable++;
            else if (ShortColumnKernels.isShort(a.pattern())) {
                scattered++;
                if (a.pattern().emptyColumns() == 0 && c.cols() > 0) flat++;
            }
            int m = c.rows(), n = c.cols();
            for (int variant = 0; variant < 4; variant++) {
                boolean offHeap = variant == 3;
                int from = variant == 2 && n > 0 ? rnd.nextInt(n) : 0;
                int to = variant == 2 && n > 0 ? from + rnd.nextInt(n - from + 1) : n;
                double alpha = variant == 0 ? 1.0 : rnd.nextDouble(-2, 2);
                double beta = variant == 1 ? rnd.nextDouble(-2, 2) : 0.0;
                String what = k.name() + " " + m + "x" + n + " variant " + variant + " [" + from + ", " + to + ")";

                // y ← αAx + βy (whole) or y += α Σ_{from ≤ j < to} A[:, j] xⱼ (variant 2)
                double[] x = KernelPaths.random(rnd, n), y0 = KernelPaths.random(rnd, m);
                double[] ref = new double[m], abs = new double[m];
                for (int i = 0; i < m; i++) {
                    ref[i] = variant == 2 ? y0[i] : beta * y0[i];
                    abs[i] = Math.abs(ref[i]);
                }
                for (int j = from; j < to; j++) {
                    for (int p = c.colPtr()[j]; p < c.colPtr()[j + 1]; p++) {
                        ref[c.rowIdx()[p]] += alpha * c.values()[p] * x[j];
                        abs[c.rowIdx()[p]] += Math.abs(alpha * c.values()[p] * x[j]);
                    }
                }
                DenseVector yv = KernelPaths.vector(y0.clone(), offHeap, closer);
                DenseVector ys = KernelPaths.vector(y0.clone(), offHeap, closer);
                DenseVector xv = KernelPaths.vector(x, offHeap, closer);
                if (variant == 2) {
                    k.spmvAdd(alpha, a, xv, yv, from, to);
                    scalar.spmvAdd(alpha, a, xv, ys, from, to);
                } else {
                    k.spmv(alpha, a, xv, beta, yv);
                    scalar.spmv(alpha, a, xv, beta, ys);
                }
                for (int i = 0; i < m; i++) {
                    assertEquals(ref[i], yv.get(i), bound(n, abs[i]), what + " Ax row " + i);
                    // every Ax path applies each yᵢ's FMAs in column order
                    assertEquals(ys.get(i), yv.get(i), what + " Ax row " + i + " against the scalar twin");
                }

                // yⱼ ← α A[:, j]·x + βyⱼ for j in [from, to), the rest untouched
                double[] xt = KernelPaths.random(rnd, m), yt0 = KernelPaths.random(rnd, n);
                DenseVector yt = KernelPaths.vector(yt0.clone(), offHeap, closer);
                k.spmvTransposed(alpha, a, KernelPaths.vector(xt, offHeap, closer), beta, yt, from, to);
                for (int j = 0; j < n; j++) {
                    if (j < from || j >= to) {
                        assertEquals(yt0[j], yt.get(j), what + " Aᵀx column " + j + " outside the range");
                        continue;
                    }
                    double s = 0, sa = 0;
                    for (int p = c.colPtr()[j]; p < c.colPtr()[j + 1]; p++) {
                        s += c.values()[p] * xt[c.rowIdx()[p]];
                        sa += Math.abs(c.values()[p] * xt[c.rowIdx()[p]]);
                    }
                    double r = alpha * s + beta * yt0[j];
                    assertEquals(r, yt.get(j), bound(m, Math.abs(alpha) * sa + Math.abs(beta * yt0[j])),
                            what + " Aᵀx column " + j);
                }
            }
        }
        assertTrue(withTable >= 8 && scattered >= 8 && flat >= 4, withTable + " cases with a run table, " + scattered
                + " with scattered short columns, " + flat + " of them without empty columns");
    }

    @ParameterizedTest
    @MethodSource("paths")
    void emptyColumnsGiveZerosAndNoNaNFromY(Kernels k) {
        // a run of empty columns between runs of single entries; y starts as NaN and β = 0 ignores it
        int n = 64;
        int[] colPtr = new int[n + 1], rowIdx = new int[32];
        double[] values = new double[32];
        for (int j = 0, q = 0; j < n; j++) {
            if (j < 16 || j >= 48) {
                rowIdx[q] = j % 16;
                values[q++] = j + 1;
            }
            colPtr[j + 1] = q;
        }
        CscMatrix a = matrix(new Csc(16, n, colPtr, rowIdx, values));
        assertTrue(ShortColumnKernels.hasRuns(a.pattern()));
        double[] x = new double[16];
        java.util.Arrays.fill(x, 2.0);
        DenseVector y = DenseVector.heap(n);
        for (int j = 0; j < n; j++) y.set(j, Double.NaN);
        k.spmvTransposed(1.0, a, DenseVector.of(x), 0.0, y);
        for (int j = 0; j < n; j++) assertEquals(j < 16 || j >= 48 ? 2.0 * (j + 1) : 0.0, y.get(j), "column " + j);
    }
}

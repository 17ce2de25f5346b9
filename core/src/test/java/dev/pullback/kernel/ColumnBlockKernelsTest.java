package dev.pullback.kernel;

import static dev.pullback.kernel.KernelPaths.bound;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.kernel.KernelPaths.Csc;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The twin-column paths of the sparse kernels and their column-range forms, on every kernel path,
 * against naive loops written here: random patterns with and without runs of identical
 * consecutive columns, empty columns (also empty twins), a dense column, heap and off-heap
 * operands, column ranges that cut a pair in two.
 */
@Tag("kernel-paths")
class ColumnBlockKernelsTest {
    private static final int[][] SHAPES = {{0, 0}, {1, 1}, {7, 13}, {13, 7}, {207, 150}, {4097, 31}, {60, 207}};
    private final List<AutoCloseable> closer = new ArrayList<>();

    static Stream<Named<Kernels>> paths() {
        return KernelPaths.all();
    }

    @AfterEach
    void close() throws Exception {
        KernelPaths.closeAll(closer);
    }

    /**
     * A random pattern where column j copies column j−1's rows with probability twins (so runs of
     * two, three and more identical columns occur), else is empty (1 in 4), dense (one column) or
     * random of density below maxDensity.
     */
    static Csc withTwins(SplittableRandom rnd, int rows, int cols, double twins, double maxDensity) {
        int[] colPtr = new int[cols + 1];
        List<Integer> ri = new ArrayList<>();
        int dense = cols == 0 ? -1 : rnd.nextInt(cols);
        for (int j = 0; j < cols; j++) {
            if (j > 0 && j != dense && rnd.nextDouble() < twins) {
                for (int p = colPtr[j - 1]; p < colPtr[j]; p++) ri.add(ri.get(p));
            } else {
                double density = j == dense ? 1.0 : rnd.nextInt(4) == 0 ? 0.0 : rnd.nextDouble(maxDensity);
                for (int i = 0; i < rows; i++) if (j == dense || rnd.nextDouble() < density) ri.add(i);
            }
            colPtr[j + 1] = ri.size();
        }
        int[] rowIdx = ri.stream().mapToInt(Integer::intValue).toArray();
        return new Csc(rows, cols, colPtr, rowIdx, KernelPaths.random(rnd, rowIdx.length));
    }

    private CscMatrix matrix(Csc c) {
        CscMatrix a = c.matrix();
        closer.add(a);
        return a;
    }

    private DenseVector vec(double[] v, boolean offHeap) {
        return KernelPaths.vector(v, offHeap, closer);
    }

    /** The blocks a left-to-right greedy pairing of identical columns gives, computed naively. */
    private static int[] naiveBlocks(Csc c) {
        List<Integer> starts = new ArrayList<>();
        int j = 0;
        while (j < c.cols()) {
            starts.add(j);
            boolean twin = j + 1 < c.cols() && Arrays.equals(c.rowIdx(), c.colPtr()[j], c.colPtr()[j + 1],
                    c.rowIdx(), c.colPtr()[j + 1], c.colPtr()[j + 2]);
            j += twin ? 2 : 1;
        }
        starts.add(c.cols());
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void columnBlocksPairExactlyTheIdenticalNeighbours() {
        SplittableRandom rnd = new SplittableRandom(21);
        for (int[] shape : SHAPES) {
            for (double twins : new double[] {0, 0.5, 1}) {
                Csc c = withTwins(rnd, shape[0], shape[1], twins, 0.3);
                CscPattern p = matrix(c).pattern();
                int[] blocks = p.columnBlocks();
                assertArrayEquals(naiveBlocks(c), blocks, shape[0] + "x" + shape[1] + " twins " + twins);
                assertSame(blocks, p.columnBlocks(), "built once");
                for (int b = 0; b + 1 < blocks.length; b++) {
                    for (int j = blocks[b]; j < blocks[b + 1]; j++) assertEquals(b, p.blockOf(j), "column " + j);
                }
            }
        }
    }

    @Test
    void nearlyEveryQ4ColumnHasATwin() {
        PlaneStressQ4 mesh = new PlaneStressQ4(12, 5, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs())) {
            CscPattern p = asm.stiffness().pattern();
            int pairs = p.cols() - (p.columnBlocks().length - 1);
            // x and y dofs of a node couple to the same dofs; the fixed dofs unpair a few
            assertTrue(2 * pairs >= p.cols() - 2 * mesh.mbbFixedDofs().length,
                    pairs + " pairs among " + p.cols() + " columns");
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void productsOverColumnRangesMatchNaiveSums(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(22);
        for (int[] shape : SHAPES) {
            for (int variant = 0; variant < 4; variant++) {
                double maxDensity = shape[0] > 1000 ? 0.02 : 0.5;
                Csc c = withTwins(rnd, shape[0], shape[1], variant == 0 ? 0 : 0.7, maxDensity);
                CscMatrix a = matrix(c);
                boolean offHeapX = (variant & 1) != 0, offHeapY = (variant & 2) != 0;
                int n = c.cols();
                int from = n == 0 ? 0 : rnd.nextInt(n + 1), to = n == 0 ? 0 : from + rnd.nextInt(n - from + 1);
                if (variant == 3) {
                    from = 0;
                    to = n; // the whole matrix through the range form
                }
                double alpha = rnd.nextDouble(-2, 2), beta = variant == 1 ? 0.0 : rnd.nextDouble(-2, 2);
                String what = k.name() + " " + shape[0] + "x" + shape[1] + " variant " + variant + " [" + from + ", " + to + ")";

                // y += α Σ_{from ≤ j < to} A[:, j] xⱼ
                double[] x = KernelPaths.random(rnd, n), y = KernelPaths.random(rnd, c.rows());
                double[] ref = y.clone(), abs = new double[c.rows()];
                for (int j = from; j < to; j++) {
                    for (int p = c.colPtr()[j]; p < c.colPtr()[j + 1]; p++) {
                        ref[c.rowIdx()[p]] += alpha * c.values()[p] * x[j];
                        abs[c.rowIdx()[p]] += Math.abs(alpha * c.values()[p] * x[j]);
                    }
                }
                DenseVector yv = vec(y, offHeapY);
                k.spmvAdd(alpha, a, vec(x, offHeapX), yv, from, to);
                for (int i = 0; i < c.rows(); i++) {
                    assertEquals(ref[i], yv.get(i), bound(n, abs[i] + Math.abs(y[i])), what + " Ax row " + i);
                }

                // y = αAx + βy on the whole matrix
                if (beta == 0 && y.length > 0) y[rnd.nextInt(y.length)] = Double.NaN;
                DenseVector yf = vec(y, offHeapY);
                k.spmv(alpha, a, vec(x, offHeapX), beta, yf);
                double[] full = new double[c.rows()], fullAbs = new double[c.rows()];
                for (int j = 0; j < n; j++) {
                    for (int p = c.colPtr()[j]; p < c.colPtr()[j + 1]; p++) {
                        full[c.rowIdx()[p]] += c.values()[p] * x[j];
                        fullAbs[c.rowIdx()[p]] += Math.abs(c.values()[p] * x[j]);
                    }
                }
                for (int i = 0; i < c.rows(); i++) {
                    double old = beta == 0 ? 0 : beta * y[i];
                    assertEquals(alpha * full[i] + old, yf.get(i), bound(n, Math.abs(alpha) * fullAbs[i] + Math.abs(old)),
                            what + " full Ax row " + i);
                }

                // yⱼ = αA[:, j]·x + βyⱼ for j in the range, the rest untouched
                double[] xt = KernelPaths.random(rnd, c.rows()), yt = KernelPaths.random(rnd, n);
                if (beta == 0 && to > from) yt[from + rnd.nextInt(to - from)] = Double.NaN;
                DenseVector ytv = vec(yt, offHeapY);
                k.spmvTransposed(alpha, a, vec(xt, offHeapX), beta, ytv, from, to);
                for (int j = 0; j < n; j++) {
                    if (j < from || j >= to) {
                        assertEquals(Double.doubleToRawLongBits(yt[j]), Double.doubleToRawLongBits(ytv.get(j)), what + " untouched " + j);
                        continue;
                    }
                    double s = 0, sAbs = 0;
                    for (int p = c.colPtr()[j]; p < c.colPtr()[j + 1]; p++) {
                        s += c.values()[p] * xt[c.rowIdx()[p]];
                        sAbs += Math.abs(c.values()[p] * xt[c.rowIdx()[p]]);
                    }
                    double old = beta == 0 ? 0 : beta * yt[j];
                    assertEquals(alpha * s + old, ytv.get(j), bound(c.rows(), Math.abs(alpha) * sAbs + Math.abs(old)),
                            what + " Aᵀx column " + j);
                }

                // Σ over stored (i, j), from ≤ j < to, of uᵢAᵢⱼvⱼ; an infinite vⱼ over an empty column adds nothing
                double[] u = KernelPaths.random(rnd, c.rows()), v = KernelPaths.random(rnd, n);
                for (int j = 0; j < n; j++) if (c.colPtr()[j] == c.colPtr()[j + 1]) v[j] = Double.POSITIVE_INFINITY;
                double s = 0, sAbs = 0, all = 0, allAbs = 0;
                for (int j = 0; j < n; j++) {
                    for (int p = c.colPtr()[j]; p < c.colPtr()[j + 1]; p++) {
                        double t = u[c.rowIdx()[p]] * c.values()[p] * v[j];
                        all += t;
                        allAbs += Math.abs(t);
                        if (j >= from && j < to) {
                            s += t;
                            sAbs += Math.abs(t);
                        }
                    }
                }
                DenseVector uv = vec(u, offHeapX), vv = vec(v, offHeapY);
                assertEquals(s, k.rank1Dot(uv, a, vv, from, to), bound(c.rowIdx().length, sAbs), what + " uᵀAv range");
                assertEquals(all, k.rank1Dot(uv, a, vv), bound(c.rowIdx().length, allAbs), what + " uᵀAv");
            }
        }
    }

    /**
     * Mostly groups that are 8-wide row-major blocks (the Q4 shape, which the SIMD path sums block
     * by block) with a minority of other groups among them (which it then sums in a scalar loop).
     */
    @ParameterizedTest
    @MethodSource("paths")
    void groupedDotWithMostlyBlockGroupsMatchesNaiveSums(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(26);
        int m = 20, n = 17;
        int[] colPtr = new int[n + 1], rowIdx = new int[m * n];
        for (int j = 0; j < n; j++) {
            colPtr[j + 1] = (j + 1) * m;
            for (int i = 0; i < m; i++) rowIdx[j * m + i] = i;
        }
        CscMatrix a = matrix(new Csc(m, n, colPtr, rowIdx, KernelPaths.random(rnd, m * n)));
        List<Integer> pos = new ArrayList<>(), rowOf = new ArrayList<>(), colOf = new ArrayList<>();
        int groups = 41;
        int[] groupPtr = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            if (g % 5 == 3) { // not a block: random entries, 0 to 12 of them
                for (int t = rnd.nextInt(13); t > 0; t--) {
                    int i = rnd.nextInt(m), j = rnd.nextInt(n);
                    pos.add(j * m + i);
                    rowOf.add(i);
                    colOf.add(j);
                }
            } else { // an 8-wide block over 1 to 8 distinct rows
                int[] cs = new int[8];
                for (int q = 0; q < 8; q++) cs[q] = rnd.nextInt(n);
                int nr = 1 + rnd.nextInt(8), r0 = rnd.nextInt(m);
                for (int r = 0; r < nr; r++) {
                    for (int q = 0; q < 8; q++) {
                        pos.add(cs[q] * m + (r0 + r) % m);
                        rowOf.add((r0 + r) % m);
                        colOf.add(cs[q]);
                    }
                }
            }
            groupPtr[g + 1] = pos.size();
        }
        int[] positions = pos.stream().mapToInt(Integer::intValue).toArray();
        double[] coefs = KernelPaths.random(rnd, positions.length);
        double[] u = KernelPaths.random(rnd, m), v = KernelPaths.random(rnd, n);
        try (PatternGroups pg = PatternGroups.of(a.pattern(), groupPtr, positions, coefs)) {
            DenseVector out = DenseVector.heap(groups);
            out.fill(Double.NaN); // every entry is overwritten
            k.rank1DotGrouped(DenseVector.wrap(u), pg, DenseVector.wrap(v), out);
            for (int g = 0; g < groups; g++) {
                double s = 0, abs = 0;
                for (int t = groupPtr[g]; t < groupPtr[g + 1]; t++) {
                    double term = coefs[t] * u[rowOf.get(t)] * v[colOf.get(t)];
                    s += term;
                    abs += Math.abs(term);
                }
                assertEquals(s, out.get(g), bound(groupPtr[g + 1] - groupPtr[g], abs), "group " + g);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.kernel.KernelPaths#simd")
    void simdSpmvOnTwinColumnsIsTheScalarLoopBitForBit(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(23);
        Csc c = withTwins(rnd, 300, 207, 0.7, 0.5);
        CscMatrix a = matrix(c);
        double[] x = KernelPaths.random(rnd, 207), y = KernelPaths.random(rnd, 300);
        DenseVector y1 = DenseVector.of(y), y2 = DenseVector.of(y);
        KernelProvider.scalar().spmv(0.3, a, DenseVector.wrap(x), 0.9, y1);
        k.spmv(0.3, a, DenseVector.wrap(x), 0.9, y2);
        assertArrayEquals(y1.toArray(), y2.toArray());
    }

    @ParameterizedTest
    @MethodSource("paths")
    void twoThreadsAgreeWithOne(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(24);
        try (ParallelSparseKernels one = ParallelSparseKernels.open(k, 1);
                ParallelSparseKernels two = ParallelSparseKernels.open(k, 2);
                ParallelSparseKernels three = ParallelSparseKernels.open(KernelProvider.checked(k), 3)) {
            assertEquals(2, two.threads());
            for (int[] shape : new int[][] {{0, 0}, {1, 1}, {7, 2}, {207, 150}, {500, 900}}) {
                Csc c = withTwins(rnd, shape[0], shape[1], 0.6, 0.2);
                CscMatrix a = matrix(c);
                for (boolean offHeap : new boolean[] {false, true}) {
                    double[] x = KernelPaths.random(rnd, c.cols()), y = KernelPaths.random(rnd, c.rows());
                    double[] xt = KernelPaths.random(rnd, c.rows()), yt = KernelPaths.random(rnd, c.cols());
                    for (int round = 0; round < 2; round++) { // the pool is reused call after call
                        DenseVector y1 = vec(y, offHeap), yt1 = vec(yt, offHeap);
                        k.spmv(0.7, a, vec(x, offHeap), 0.4, y1);
                        k.spmvTransposed(0.7, a, vec(xt, offHeap), 0.4, yt1);
                        double r1 = k.rank1Dot(vec(xt, offHeap), a, vec(x, offHeap));
                        double[] absRow = new double[c.rows()];
                        double abs = 0;
                        for (int j = 0; j < c.cols(); j++) {
                            for (int p = c.colPtr()[j]; p < c.colPtr()[j + 1]; p++) {
                                absRow[c.rowIdx()[p]] += Math.abs(0.7 * c.values()[p] * x[j]);
                                abs += Math.abs(xt[c.rowIdx()[p]] * c.values()[p] * x[j]);
                            }
                        }
                        for (ParallelSparseKernels pool : new ParallelSparseKernels[] {one, two, three}) {
                            String what = pool.threads() + " threads " + shape[0] + "x" + shape[1];
                            DenseVector y2 = vec(y, offHeap), yt2 = vec(yt, offHeap);
                            pool.spmv(0.7, a, vec(x, offHeap), 0.4, y2);
                            for (int i = 0; i < c.rows(); i++) {
                                assertEquals(y1.get(i), y2.get(i), bound(c.cols(), absRow[i] + Math.abs(0.4 * y[i])), what + " Ax row " + i);
                            }
                            pool.spmvTransposed(0.7, a, vec(xt, offHeap), 0.4, yt2);
                            assertArrayEquals(yt1.toArray(), yt2.toArray(), what + " Aᵀx, bit for bit");
                            assertEquals(r1, pool.rank1Dot(vec(xt, offHeap), a, vec(x, offHeap)), bound(c.rowIdx().length, abs),
                                    what + " uᵀAv");
                        }
                    }
                }
            }
            CscMatrix a = matrix(withTwins(rnd, 5, 4, 0.5, 0.5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> two.spmv(1, a, DenseVector.heap(3), 0, DenseVector.heap(5)));
            assertTrue(e.getMessage().contains("x has length 3"), e.getMessage());
        }
    }

    /** A banded FEM matrix: the second thread's private y covers only the rows its columns touch. */
    @ParameterizedTest
    @MethodSource("paths")
    void twoThreadSpmvOnABandedMatrixMatchesOneThread(Kernels k) {
        PlaneStressQ4 mesh = new PlaneStressQ4(20, 8, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs());
                ParallelSparseKernels two = ParallelSparseKernels.open(k, 2)) {
            CscMatrix a = asm.stiffness();
            int n = a.rows();
            SplittableRandom rnd = new SplittableRandom(27);
            double[] x = KernelPaths.random(rnd, n), y = KernelPaths.random(rnd, n);
            double[] absRow = new double[n];
            Csc c = new Csc(n, n, a.pattern().colPtrArray(), a.pattern().rowIdxArray(), a.valuesArray());
            for (int j = 0; j < n; j++) {
                for (int p = c.colPtr()[j]; p < c.colPtr()[j + 1]; p++) absRow[c.rowIdx()[p]] += Math.abs(c.values()[p] * x[j]);
            }
            for (int round = 0; round < 3; round++) { // the row spans are cached after the first call
                DenseVector y1 = DenseVector.of(y), y2 = DenseVector.of(y);
                k.spmv(1.5, a, DenseVector.wrap(x), -0.5, y1);
                two.spmv(1.5, a, DenseVector.wrap(x), -0.5, y2);
                for (int i = 0; i < n; i++) {
                    assertEquals(y1.get(i), y2.get(i), bound(n, 1.5 * absRow[i] + 0.5 * Math.abs(y[i])), "row " + i);
                }
            }
        }
    }

    @Test
    void poolArgumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> ParallelSparseKernels.open(KernelProvider.scalar(), 0));
        CscMatrix a = matrix(withTwins(new SplittableRandom(25), 5, 4, 0.5, 0.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelProvider.kernels().spmvTransposed(1, a, DenseVector.heap(5), 0, DenseVector.heap(4), 3, 5));
        assertTrue(e.getMessage().contains("column range [3, 5)"), e.getMessage());
        ParallelSparseKernels pool = ParallelSparseKernels.open(KernelProvider.scalar(), 2);
        pool.close();
        pool.close();
        assertThrows(IllegalStateException.class,
                () -> pool.spmvTransposed(1, a, DenseVector.heap(5), 0, DenseVector.heap(4)));
    }
}

package dev.pullback.kernel;

import static dev.pullback.kernel.KernelPaths.bound;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.gallery.Grids;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.kernel.KernelPaths.Csc;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** CSC SpMV, SpMVᵀ and the rank-1 dots on every kernel path against naive loops written here. */
@Tag("kernel-paths")
class SparseKernelsTest {
    private static final int[][] SHAPES = {{0, 0}, {0, 3}, {3, 0}, {1, 1}, {7, 13}, {13, 7}, {33, 33}, {207, 150}, {600, 1000}};
    private final List<AutoCloseable> closer = new ArrayList<>();

    static Stream<Named<Kernels>> paths() {
        return KernelPaths.all();
    }

    @AfterEach
    void close() throws Exception {
        KernelPaths.closeAll(closer);
    }

    private DenseVector vec(double[] v, boolean offHeap) {
        return KernelPaths.vector(v, offHeap, closer);
    }

    private CscMatrix matrix(Csc c) {
        CscMatrix a = c.matrix();
        closer.add(a);
        return a;
    }

    @ParameterizedTest
    @MethodSource("paths")
    void spmvAndTransposeMatchNaiveProducts(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] shape : SHAPES) {
            for (int variant = 0; variant < 4; variant++) {
                Csc c = Csc.random(rnd, shape[0], shape[1]);
                CscMatrix a = matrix(c);
                boolean offHeapX = (variant & 1) != 0, offHeapY = (variant & 2) != 0;
                double alpha = rnd.nextDouble(-2, 2), beta = variant == 0 ? 0.0 : rnd.nextDouble(-2, 2);
                double[] x = KernelPaths.random(rnd, c.cols()), y = KernelPaths.random(rnd, c.rows());
                if (beta == 0 && y.length > 0) y[rnd.nextInt(y.length)] = Double.NaN;
                // y = αAx + βy: reference row sums with their magnitudes
                double[] ref = new double[c.rows()], abs = new double[c.rows()];
                for (int j = 0; j < c.cols(); j++) {
                    for (int p = c.colPtr()[j]; p < c.colPtr()[j + 1]; p++) {
                        ref[c.rowIdx()[p]] += c.values()[p] * x[j];
                        abs[c.rowIdx()[p]] += Math.abs(c.values()[p] * x[j]);
                    }
                }
                DenseVector yv = vec(y, offHeapY);
                k.spmv(alpha, a, vec(x, offHeapX), beta, yv);
                for (int i = 0; i < c.rows(); i++) {
                    double old = beta == 0 ? 0 : beta * y[i];
                    assertEquals(alpha * ref[i] + old, yv.get(i), bound(c.cols(), Math.abs(alpha) * abs[i] + Math.abs(old)),
                            "Ax " + shape[0] + "x" + shape[1] + " row " + i);
                }
                // y = αAᵀx + βy
                double[] xt = KernelPaths.random(rnd, c.rows()), yt = KernelPaths.random(rnd, c.cols());
                if (beta == 0 && yt.length > 0) yt[rnd.nextInt(yt.length)] = Double.NaN;
                DenseVector ytv = vec(yt, offHeapY);
                k.spmvTransposed(alpha, a, vec(xt, offHeapX), beta, ytv);
                for (int j = 0; j < c.cols(); j++) {
                    double s = 0, sAbs = 0;
                    for (int p = c.colPtr()[j]; p < c.colPtr()[j + 1]; p++) {
                        s += c.values()[p] * xt[c.rowIdx()[p]];
                        sAbs += Math.abs(c.values()[p] * xt[c.rowIdx()[p]]);
                    }
                    double old = beta == 0 ? 0 : beta * yt[j];
                    assertEquals(alpha * s + old, ytv.get(j), bound(c.rows(), Math.abs(alpha) * sAbs + Math.abs(old)),
                            "Aᵀx " + shape[0] + "x" + shape[1] + " column " + j);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void rank1DotMatchesNaiveSumOverStoredEntries(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int[] shape : SHAPES) {
            for (boolean offHeap : new boolean[] {false, true}) {
                Csc c = Csc.random(rnd, shape[0], shape[1]);
                double[] u = KernelPaths.random(rnd, c.rows()), v = KernelPaths.random(rnd, c.cols());
                for (int j = 0; j < c.cols(); j++) {
                    if (c.colPtr()[j] == c.colPtr()[j + 1]) v[j] = Double.POSITIVE_INFINITY; // empty: contributes nothing
                }
                double s = 0, abs = 0;
                for (int j = 0; j < c.cols(); j++) {
                    for (int p = c.colPtr()[j]; p < c.colPtr()[j + 1]; p++) {
                        double t = u[c.rowIdx()[p]] * c.values()[p] * v[j];
                        s += t;
                        abs += Math.abs(t);
                    }
                }
                double got = k.rank1Dot(vec(u, offHeap), matrix(c), vec(v, !offHeap));
                assertEquals(s, got, bound(c.rowIdx().length, abs), shape[0] + "x" + shape[1]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void rank1DotGroupedMatchesNaiveSumsOnRandomGroups(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int[] shape : SHAPES) {
            Csc c = Csc.random(rnd, shape[0], shape[1]);
            CscMatrix a = matrix(c);
            int nnz = a.nnz();
            int groups = rnd.nextInt(40);
            int[] groupPtr = new int[groups + 1];
            List<Integer> pos = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                int size = nnz == 0 || rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(70);
                for (int t = 0; t < size; t++) pos.add(rnd.nextInt(nnz)); // repeats allowed: they add
                groupPtr[g + 1] = pos.size();
            }
            int[] positions = pos.stream().mapToInt(Integer::intValue).toArray();
            double[] coefs = KernelPaths.random(rnd, positions.length);
            int[] colOf = new int[nnz];
            for (int j = 0; j < c.cols(); j++) for (int p = c.colPtr()[j]; p < c.colPtr()[j + 1]; p++) colOf[p] = j;
            double[] u = KernelPaths.random(rnd, c.rows()), v = KernelPaths.random(rnd, c.cols());
            try (PatternGroups pg = PatternGroups.of(a.pattern(), groupPtr, positions, coefs)) {
                for (int variant = 0; variant < 3; variant++) {
                    double[] init = new double[groups];
                    java.util.Arrays.fill(init, Double.NaN); // every entry is overwritten
                    DenseVector out = vec(init, variant == 2);
                    k.rank1DotGrouped(vec(u, variant == 1), pg, vec(v, false), out);
                    for (int g = 0; g < groups; g++) {
                        double s = 0, abs = 0;
                        for (int t = groupPtr[g]; t < groupPtr[g + 1]; t++) {
                            double term = coefs[t] * u[c.rowIdx()[positions[t]]] * v[colOf[positions[t]]];
                            s += term;
                            abs += Math.abs(term);
                        }
                        assertEquals(s, out.get(g), bound(groupPtr[g + 1] - groupPtr[g], abs), "group " + g);
                    }
                }
            }
        }
    }

    /** Groups that are row-major blocks (of every width) and groups that just miss being one. */
    @ParameterizedTest
    @MethodSource("paths")
    void blockGroupsAreDetectedExactlyAndSummedRight(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(16);
        int m = 20, n = 17;
        int[] colPtr = new int[n + 1], rowIdx = new int[m * n];
        for (int j = 0; j < n; j++) {
            colPtr[j + 1] = (j + 1) * m;
            for (int i = 0; i < m; i++) rowIdx[j * m + i] = i;
        }
        CscMatrix a = matrix(new Csc(m, n, colPtr, rowIdx, KernelPaths.random(rnd, m * n)));
        int[] widths = {1, 3, 4, 5, 8, 12, 16, 8, 8, 5};
        List<Integer> pos = new ArrayList<>(), rowOf = new ArrayList<>(), colOf = new ArrayList<>();
        int[] groupPtr = new int[widths.length + 1];
        int[] expected = new int[widths.length];
        for (int g = 0; g < widths.length; g++) {
            int c = widths[g], nr = 1 + rnd.nextInt(6);
            int[] cs = new int[c];
            for (int q = 0; q < c; q++) cs[q] = rnd.nextInt(n); // repeats allowed
            for (int r = 0; r < nr; r++) {
                int row = r == 0 ? rnd.nextInt(m) : (rowOf.get(groupPtr[g] + (r - 1) * c) + 1 + rnd.nextInt(m - 1)) % m;
                for (int q = 0; q < c; q++) {
                    pos.add(a.pattern().find(row, cs[q]));
                    rowOf.add(row);
                    colOf.add(cs[q]);
                }
            }
            expected[g] = c;
            if (g >= widths.length - 2 && nr > 1 && c > 1) { // break the block: swap two columns of the last run
                int t = pos.size() - 1;
                if (!colOf.get(t).equals(colOf.get(t - 1))) {
                    java.util.Collections.swap(pos, t, t - 1);
                    java.util.Collections.swap(colOf, t, t - 1);
                    expected[g] = 0;
                }
            }
            groupPtr[g + 1] = pos.size();
        }
        int[] positions = pos.stream().mapToInt(Integer::intValue).toArray();
        double[] coefs = KernelPaths.random(rnd, positions.length);
        double[] u = KernelPaths.random(rnd, m), v = KernelPaths.random(rnd, n);
        try (PatternGroups pg = PatternGroups.of(a.pattern(), groupPtr, positions, coefs)) {
            assertArrayEquals(expected, pg.blockWidths());
            DenseVector out = DenseVector.heap(widths.length);
            k.rank1DotGrouped(DenseVector.wrap(u), pg, DenseVector.wrap(v), out);
            for (int g = 0; g < widths.length; g++) {
                double s = 0, abs = 0;
                for (int t = groupPtr[g]; t < groupPtr[g + 1]; t++) {
                    double term = coefs[t] * u[rowOf.get(t)] * v[colOf.get(t)];
                    s += term;
                    abs += Math.abs(term);
                }
                assertEquals(s, out.get(g), bound(groupPtr[g + 1] - groupPtr[g], abs), "group " + g + " width " + widths[g]);
            }
        }
    }

    /** ∂(uᵀK(E)v)/∂Eₑ = uₑᵀKₑvₑ for the Q4 assembly, from the element matrix and its dofs directly. */
    @ParameterizedTest
    @MethodSource("paths")
    void groupedDotOfTheQ4AssemblyIsTheElementEnergy(Kernels k) {
        PlaneStressQ4 mesh = new PlaneStressQ4(7, 5, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs())) {
            SplittableRandom rnd = new SplittableRandom(14);
            int n = asm.stiffness().rows();
            double[] u = KernelPaths.random(rnd, n), v = KernelPaths.random(rnd, n);
            DenseVector out = DenseVector.heap(mesh.elements());
            for (int w : asm.elementMap().blockWidths()) assertTrue(w >= 6, "every element is a block, width " + w);
            k.rank1DotGrouped(DenseVector.wrap(u), asm.elementMap(), DenseVector.wrap(v), out);
            double[] ke = mesh.elementStiffness();
            int[] dofs = new int[8];
            double total = 0, totalAbs = 0;
            for (int e = 0; e < mesh.elements(); e++) {
                mesh.elementDofs(e, dofs);
                double s = 0, abs = 0;
                for (int r = 0; r < 8; r++) {
                    for (int q = 0; q < 8; q++) {
                        int fr = asm.fullToFree()[dofs[r]], fq = asm.fullToFree()[dofs[q]];
                        if (fr < 0 || fq < 0) continue;
                        s += u[fr] * ke[r * 8 + q] * v[fq];
                        abs += Math.abs(u[fr] * ke[r * 8 + q] * v[fq]);
                    }
                }
                assertEquals(s, out.get(e), bound(64, abs), "element " + e);
                total += s;
                totalAbs += abs;
            }
            // Σₑ uᵀKₑv = uᵀKv with every Eₑ = 1
            assertEquals(total, k.rank1Dot(DenseVector.wrap(u), asm.stiffness(), DenseVector.wrap(v)),
                    bound(64 * mesh.elements(), totalAbs));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.kernel.KernelPaths#simd")
    void simdSpmvIsTheScalarLoopBitForBit(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(15);
        Csc c = Csc.random(rnd, 300, 200);
        CscMatrix a = matrix(c);
        double[] x = KernelPaths.random(rnd, 200), y = KernelPaths.random(rnd, 300);
        DenseVector y1 = DenseVector.of(y), y2 = DenseVector.of(y);
        KernelProvider.scalar().spmv(0.3, a, DenseVector.wrap(x), 0.9, y1);
        k.spmv(0.3, a, DenseVector.wrap(x), 0.9, y2);
        assertArrayEquals(y1.toArray(), y2.toArray());
    }

    /** Awkward sizes for the short-column tests. */
    private static final int[] SHORT_SIZES = {0, 1, 7, 13, 207, 4097};
    private static final int[][] POISSON_GRIDS = {{1, 1}, {7, 1}, {13, 7}, {9, 23}, {50, 50}};

    /**
     * A random pattern of short columns: lengths 0 to 9 (every straight-line case of the scalar
     * twin's short-column sums, and the loop just past them), some columns empty, one column full
     * when {@code dense}.
     */
    private static Csc shortColumns(SplittableRandom rnd, int rows, int cols, boolean dense) {
        int[] colPtr = new int[cols + 1];
        List<Integer> ri = new ArrayList<>();
        int full = dense && cols > 0 ? rnd.nextInt(cols) : -1;
        for (int j = 0; j < cols; j++) {
            int len = j == full ? rows : Math.min(rows, rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(10));
            // len distinct rows in increasing order: a random subset by selection sampling
            for (int i = 0, need = len; i < rows && need > 0; i++) {
                if (rnd.nextInt(rows - i) < need) {
                    ri.add(i);
                    need--;
                }
            }
            colPtr[j + 1] = ri.size();
        }
        int[] rowIdx = ri.stream().mapToInt(Integer::intValue).toArray();
        return new Csc(rows, cols, colPtr, rowIdx, KernelPaths.random(rnd, rowIdx.length));
    }

    /**
     * Aᵀx and uᵀAv (whole and on a column range) on short-column patterns and on 2D Poisson
     * matrices against naive sums, heap and off-heap operands.
     */
    @ParameterizedTest
    @MethodSource("paths")
    void shortColumnsMatchNaiveSums(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(16);
        List<Csc> cases = new ArrayList<>();
        for (int rows : SHORT_SIZES) {
            for (int cols : SHORT_SIZES) cases.add(shortColumns(rnd, rows, cols, rnd.nextBoolean()));
        }
        for (int[] grid : POISSON_GRIDS) cases.add(poisson(grid[0], grid[1]));
        for (Csc c : cases) {
            CscMatrix a = matrix(c);
            String name = c.rows() + "x" + c.cols() + " nnz " + c.rowIdx().length;
            for (int variant = 0; variant < 4; variant++) {
                boolean offHeapX = (variant & 1) != 0, offHeapY = (variant & 2) != 0;
                double alpha = rnd.nextDouble(-2, 2), beta = variant == 0 ? 0.0 : rnd.nextDouble(-2, 2);
                double[] x = KernelPaths.random(rnd, c.rows()), y = KernelPaths.random(rnd, c.cols());
                if (beta == 0 && y.length > 0) y[rnd.nextInt(y.length)] = Double.NaN;
                int from = c.cols() == 0 ? 0 : rnd.nextInt(c.cols()), to = from + rnd.nextInt(c.cols() - from + 1);
                DenseVector yv = vec(y, offHeapY);
                k.spmvTransposed(alpha, a, vec(x, offHeapX), beta, yv, from, to);
                double[] v = KernelPaths.random(rnd, c.cols());
                double total = 0, totalAbs = 0;
                for (int j = 0; j < c.cols(); j++) {
                    double s = 0, sAbs = 0;
                    for (int p = c.colPtr()[j]; p < c.colPtr()[j + 1]; p++) {
                        s += c.values()[p] * x[c.rowIdx()[p]];
                        sAbs += Math.abs(c.values()[p] * x[c.rowIdx()[p]]);
                    }
                    boolean inRange = j >= from && j < to;
                    double old = !inRange ? y[j] : beta == 0 ? 0 : beta * y[j];
                    double want = inRange ? alpha * s + old : old;
                    assertEquals(want, yv.get(j), inRange ? bound(c.rows(), Math.abs(alpha) * sAbs + Math.abs(old)) : 0,
                            "Aᵀx " + name + " column " + j + " of range [" + from + ", " + to + ")");
                    if (inRange) {
                        total += s * v[j];
                        totalAbs += sAbs * Math.abs(v[j]);
                    }
                }
                double got = k.rank1Dot(vec(x, offHeapX), a, vec(v, !offHeapX), from, to);
                assertEquals(total, got, bound(c.rows() + c.cols(), totalAbs), "uᵀAv " + name + " on [" + from + ", " + to + ")");
            }
        }
    }

    /**
     * Where the SIMD path takes the scalar twin's loops (fewer than two gather vectors per column on
     * average, 2D Poisson on 256-bit gathers), the two agree bit for bit.
     */
    @ParameterizedTest
    @MethodSource("dev.pullback.kernel.KernelPaths#simd")
    void simdShortColumnSumsAreTheScalarOnesBitForBit(Kernels k) {
        int gatherLanes = Math.min(Integer.parseInt(k.name().substring("simd-".length())), 256) / 64;
        SplittableRandom rnd = new SplittableRandom(17);
        Kernels s = KernelProvider.scalar();
        List<Csc> cases = new ArrayList<>();
        for (int rows : SHORT_SIZES) {
            for (int cols : SHORT_SIZES) cases.add(shortColumns(rnd, rows, cols, false));
        }
        for (int[] grid : POISSON_GRIDS) cases.add(poisson(grid[0], grid[1]));
        int checked = 0;
        for (Csc c : cases) {
            if (c.rowIdx().length >= 2L * gatherLanes * c.cols()) continue; // the SIMD path's own loops
            checked++;
            CscMatrix a = matrix(c);
            for (boolean offHeap : new boolean[] {false, true}) {
                DenseVector x = vec(KernelPaths.random(rnd, c.rows()), offHeap);
                double[] y = KernelPaths.random(rnd, c.cols());
                DenseVector y1 = vec(y, !offHeap), y2 = vec(y, !offHeap);
                s.spmvTransposed(-0.7, a, x, 0.4, y1);
                k.spmvTransposed(-0.7, a, x, 0.4, y2);
                assertArrayEquals(y1.toArray(), y2.toArray(), "Aᵀx " + c.rows() + "x" + c.cols());
                DenseVector v = vec(KernelPaths.random(rnd, c.cols()), !offHeap);
                assertEquals(s.rank1Dot(x, a, v), k.rank1Dot(x, a, v), "uᵀAv " + c.rows() + "x" + c.cols());
            }
        }
        assertTrue(checked > 10, "only " + checked + " short-column cases");
    }

    /** The 2D Poisson matrix on an nx×ny grid (columns of three to five entries) as plain arrays. */
    private static Csc poisson(int nx, int ny) {
        try (CscMatrix p = Grids.poisson2d(nx, ny)) {
            return new Csc(p.rows(), p.cols(), p.pattern().colPtrArray(), p.pattern().rowIdxArray(), p.valuesArray());
        }
    }
}

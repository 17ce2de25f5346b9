package dev.pullback.kernel;

import dev.pullback.kernel.gemm.Gemms;

import dev.pullback.kernel.gemm.ScalarGemm;

import dev.pullback.kernel.gemm.GemmWorkspace;

import dev.pullback.kernel.gemm.Gemm;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.kernel.simd.SimdGemm;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GEMM and TRSM of every implementation against a naive triple loop: awkward shapes (0, 1, 7, 13,
 * 31, 65, 207, 4097), every transpose combination, α and β including β = 0 over NaN, leading
 * dimensions larger than the rows and nonzero offsets; tiny blockings force every block loop of
 * the packed kernel to run on small shapes.
 */
@Tag("kernel-paths")
class GemmTest {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final double EPS = Math.ulp(1.0);

    static Stream<Gemm> implementations() {
        List<Gemm> list = new ArrayList<>();
        list.add(ScalarGemm.INSTANCE);
        // The -Dpullback.kernel=scalar rerun checks the scalar path only; the default run has covered the rest.
        if (Gemms.get() == ScalarGemm.INSTANCE) return list.stream();
        list.add(Gemms.get());
        list.add(SimdGemm.create(0));
        list.add(SimdGemm.create(256));
        list.add(SimdGemm.create(128));
        // Blocks far smaller than the shapes: several KC slabs, MC blocks and NC slabs per call.
        list.add(SimdGemm.create(0, 5, 1, 7));
        list.add(SimdGemm.create(256, 3, 9, 13));
        return list.stream();
    }

    /** A column-major matrix with padding: ld > rows, the data starting at a nonzero offset. */
    private record Mat(int rows, int cols, int ld, long off, double[] data) {
        static Mat random(Random rnd, int rows, int cols) {
            int ld = rows + rnd.nextInt(3);
            long off = rnd.nextInt(4);
            double[] d = new double[(int) (off + (long) ld * cols + 3)];
            for (int i = 0; i < d.length; i++) d[i] = rnd.nextDouble() * 2 - 1;
            return new Mat(rows, cols, Math.max(1, ld), off, d);
        }

        double get(int i, int j) {
            return data[(int) (off + i + (long) j * ld)];
        }

        MemorySegment segment() {
            return MemorySegment.ofArray(data);
        }
    }

    private static void checkProduct(Gemm g, Random rnd, boolean ta, boolean tb, int m, int n, int k, double alpha, double beta, boolean nanC) {
        Mat a = ta ? Mat.random(rnd, k, m) : Mat.random(rnd, m, k);
        Mat b = tb ? Mat.random(rnd, n, k) : Mat.random(rnd, k, n);
        Mat c = Mat.random(rnd, m, n);
        if (nanC) {
            for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) c.data[(int) (c.off + i + (long) j * c.ld)] = Double.NaN;
        }
        double[] before = c.data.clone();
        g.gemm(ta, tb, m, n, k, alpha, a.segment(), a.off, a.ld, b.segment(), b.off, b.ld, beta, c.segment(), c.off, c.ld, g.newWorkspace());
        String what = g.name() + " ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0, mag = 0;
                for (int p = 0; p < k; p++) {
                    double x = (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
                    s += x;
                    mag += Math.abs(x);
                }
                int idx = (int) (c.off + i + (long) j * c.ld);
                double old = before[idx];
                double expected = alpha * s + (beta == 0 ? 0 : beta * old);
                double bound = 2 * (k + 2) * EPS * (Math.abs(alpha) * mag + Math.abs(beta * (beta == 0 ? 0 : old))) + Double.MIN_NORMAL;
                double got = c.data[idx];
                if (!(Math.abs(got - expected) <= bound)) {
                    fail(what + ": C(" + i + "," + j + ") = " + got + ", expected " + expected);
                }
            }
        }
        // Entries outside the m×n window are untouched.
        for (int idx = 0; idx < c.data.length; idx++) {
            long rel = idx - c.off;
            boolean inside = rel >= 0 && rel % c.ld < m && rel / c.ld < n;
            if (!inside) assertEquals(Double.doubleToRawLongBits(before[idx]), Double.doubleToRawLongBits(c.data[idx]), what + ": wrote outside C at " + idx);
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void smallShapesAllTransposes(Gemm g) {
        Random rnd = new Random(11);
        int[] sizes = {0, 1, 7, 13, 31};
        for (int m : sizes) for (int n : sizes) for (int k : sizes) {
            for (int t = 0; t < 4; t++) checkProduct(g, rnd, (t & 1) != 0, (t & 2) != 0, m, n, k, 1.5, -0.5, false);
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void largerAndSkewedShapes(Gemm g) {
        Random rnd = new Random(12);
        int[][] shapes = {{65, 207, 31}, {207, 65, 300}, {33, 40, 257}, {4097, 3, 5}, {3, 4097, 2}, {5, 2, 4097}, {200, 13, 7}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) checkProduct(g, rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], -1.0, 1.0, false);
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void alphaBetaCases(Gemm g) {
        Random rnd = new Random(13);
        double[][] ab = {{1, 0}, {0, 1}, {0, 0}, {0, 2.5}, {-2, 0}, {0.75, -1}};
        for (double[] x : ab) {
            for (int t = 0; t < 4; t++) {
                checkProduct(g, rnd, (t & 1) != 0, (t & 2) != 0, 37, 19, 11, x[0], x[1], false);
                checkProduct(g, rnd, (t & 1) != 0, (t & 2) != 0, 5, 3, 0, x[0], x[1], false);
            }
        }
        // β = 0 overwrites C without reading it: NaN in C must not survive, with or without work to do.
        for (int t = 0; t < 4; t++) {
            checkProduct(g, rnd, (t & 1) != 0, (t & 2) != 0, 70, 14, 9, 1.0, 0.0, true);
            checkProduct(g, rnd, (t & 1) != 0, (t & 2) != 0, 7, 13, 0, 1.0, 0.0, true);
            checkProduct(g, rnd, (t & 1) != 0, (t & 2) != 0, 7, 13, 4, 0.0, 0.0, true);
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void implementationsAgreeOnOffHeapSegments(Gemm g) {
        Random rnd = new Random(14);
        int m = 97, n = 45, k = 130;
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment a = arena.allocate((long) m * k * 8, 64), b = arena.allocate((long) k * n * 8, 64);
            MemorySegment c1 = arena.allocate((long) m * n * 8, 64), c2 = arena.allocate((long) m * n * 8, 64);
            for (long i = 0; i < (long) m * k; i++) a.setAtIndex(D, i, rnd.nextGaussian());
            for (long i = 0; i < (long) k * n; i++) b.setAtIndex(D, i, rnd.nextGaussian());
            g.gemm(false, false, m, n, k, 1, a, 0, m, b, 0, k, 0, c1, 0, m, g.newWorkspace());
            ScalarGemm.INSTANCE.gemm(false, false, m, n, k, 1, a, 0, m, b, 0, k, 0, c2, 0, m, new GemmWorkspace());
            for (long i = 0; i < (long) m * n; i++) {
                assertEquals(c2.getAtIndex(D, i), c1.getAtIndex(D, i), 4 * k * EPS * 10, g.name() + " at " + i);
            }
        }
    }

    /** op(T)·X = B for a diagonally dominant T whose unread triangle (and unit diagonal) hold NaN. */
    @ParameterizedTest
    @MethodSource("implementations")
    void trsmSolvesAndReadsOnlyItsTriangle(Gemm g) {
        Random rnd = new Random(15);
        int[] ms = {0, 1, 7, 8, 9, 13, 31, 65, 130};
        int[] ns = {0, 1, 6, 13};
        GemmWorkspace ws = g.newWorkspace();
        for (int m : ms) for (int n : ns) for (int kind = 0; kind < 8; kind++) {
            boolean lower = (kind & 1) != 0, trans = (kind & 2) != 0, unit = (kind & 4) != 0;
            Mat t = Mat.random(rnd, m, m);
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < m; i++) {
                    int idx = (int) (t.off + i + (long) j * t.ld);
                    boolean stored = lower ? i > j : i < j;
                    if (i == j) t.data[idx] = unit ? Double.NaN : (rnd.nextBoolean() ? 1 : -1) * (2 + rnd.nextDouble());
                    else if (!stored) t.data[idx] = Double.NaN;
                    else t.data[idx] /= Math.max(1, m / 4.0);
                }
            }
            Mat x = Mat.random(rnd, m, n);
            double[] rhs = x.data.clone();
            g.trsm(lower, trans, unit, m, n, t.segment(), t.off, t.ld, x.segment(), x.off, x.ld, ws);
            String what = g.name() + " lower=" + lower + " trans=" + trans + " unit=" + unit + " m=" + m + " n=" + n;
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    double s = 0, mag = 0;
                    for (int p = 0; p < m; p++) {
                        int r = trans ? p : i, c = trans ? i : p; // op(T)(i, p) = T(r, c)
                        boolean inTriangle = lower ? r >= c : r <= c;
                        if (!inTriangle) continue;
                        double tv = r == c && unit ? 1.0 : t.get(r, c);
                        double v = tv * x.get(p, j);
                        s += v;
                        mag += Math.abs(v);
                    }
                    double b = rhs[(int) (x.off + i + (long) j * x.ld)];
                    double bound = 4 * (m + 2) * EPS * (mag + Math.abs(b)) + Double.MIN_NORMAL;
                    double res = Math.abs(s - b);
                    if (!(res <= bound)) fail(what + ": residual " + res + " > " + bound + " at (" + i + "," + j + ")");
                }
            }
        }
    }

    /**
     * copyPadded: every entry copied exactly, the padding rows zeroed, and the finiteness verdict for
     * a NaN or an infinity at every position class (vector body, scalar tail, first and last column).
     */
    @ParameterizedTest
    @MethodSource("implementations")
    void copyPaddedCopiesZeroesAndFindsNonFiniteEntries(Gemm g) {
        Random rnd = new Random(22);
        for (int m : new int[] {0, 1, 7, 8, 9, 17, 50}) {
            for (int n : new int[] {0, 1, 3, 8}) {
                int lds = m + 2, ldd = Math.max(8, (m + 7) & ~7);
                double[] src = new double[lds * Math.max(1, n)];
                for (int i = 0; i < src.length; i++) src[i] = rnd.nextDouble() * 2 - 1;
                double[] dst = new double[ldd * Math.max(1, n)];
                java.util.Arrays.fill(dst, Double.NaN);
                assertTrue(g.copyPadded(m, n, MemorySegment.ofArray(src), 0, lds, MemorySegment.ofArray(dst), 0, ldd), m + "x" + n);
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < ldd; i++) {
                        assertEquals(i < m ? src[i + j * lds] : 0.0, dst[i + j * ldd], g.name() + " " + m + "x" + n + " (" + i + ", " + j + ")");
                    }
                }
                if (m == 0 || n == 0) continue;
                for (int[] at : new int[][] {{0, 0}, {m - 1, n - 1}, {m / 2, n / 2}}) {
                    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                        double[] s2 = src.clone();
                        s2[at[0] + at[1] * lds] = bad;
                        assertFalse(g.copyPadded(m, n, MemorySegment.ofArray(s2), 0, lds, MemorySegment.ofArray(dst), 0, ldd),
                                g.name() + " " + bad + " at (" + at[0] + ", " + at[1] + ") of " + m + "x" + n);
                    }
                }
            }
        }
    }

    /**
     * luSolve against the definition: L·(U·x) = b to a backward-error bound for orders around the
     * vector widths and the two-block passes, with NaN in every entry it may read but must not use
     * (the rows past n up to ld, the inverses and x past n): none of them may reach x(0:n).
     */
    @ParameterizedTest
    @MethodSource("implementations")
    void luSolveSolvesWithBothFactors(Gemm g) {
        Random rnd = new Random(21);
        for (int n : new int[] {1, 2, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 40, 50, 65, 100, 130}) {
            int ld = Math.max(8, (n + 7) & ~7);
            double[] lu = new double[ld * n];
            double[] inverses = new double[ld];
            java.util.Arrays.fill(lu, Double.NaN);
            java.util.Arrays.fill(inverses, Double.NaN);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double v = rnd.nextDouble() * 2 - 1;
                    lu[i + j * ld] = i == j ? (rnd.nextBoolean() ? 1 : -1) * (2 + rnd.nextDouble()) : i > j ? v : v / Math.max(1, n / 4.0);
                }
                inverses[j] = 1.0 / lu[j + j * ld];
            }
            double[] x = new double[ld];
            java.util.Arrays.fill(x, Double.NaN);
            for (int i = 0; i < n; i++) x[i] = rnd.nextDouble() * 2 - 1;
            double[] b = x.clone();
            MemorySegment xs = MemorySegment.ofArray(x);
            g.luSolve(n, MemorySegment.ofArray(lu), 0, ld, inverses, xs, 0);
            // y = U·x, then L·y with magnitudes, against b.
            double[] y = new double[n], magY = new double[n];
            for (int i = 0; i < n; i++) {
                for (int p = i; p < n; p++) {
                    y[i] += lu[i + p * ld] * x[p];
                    magY[i] += Math.abs(lu[i + p * ld] * x[p]);
                }
            }
            for (int i = 0; i < n; i++) {
                double s = y[i], mag = magY[i];
                for (int p = 0; p < i; p++) {
                    s += lu[i + p * ld] * y[p];
                    mag += Math.abs(lu[i + p * ld]) * magY[p];
                }
                double bound = 8 * (n + 2) * EPS * (mag + Math.abs(b[i]));
                double res = Math.abs(s - b[i]);
                if (!(res <= bound)) fail(g.name() + " n=" + n + ": residual " + res + " > " + bound + " at " + i);
            }
        }
        MemorySegment small = MemorySegment.ofArray(new double[64]);
        var e = assertThrows(IllegalArgumentException.class, () -> g.luSolve(8, small, 0, 8, new double[8], MemorySegment.ofArray(new double[4]), 0));
        assertTrue(e.getMessage().contains("x"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.luSolve(5, small, 0, 5, new double[8], small, 0));
        assertTrue(e.getMessage().contains("multiple of 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.luSolve(3, small, 0, 8, new double[4], MemorySegment.ofArray(new double[8]), 0));
        assertTrue(e.getMessage().contains("pivotInverses"), e.getMessage());
    }

    /**
     * factorPanel against the scalar twin, whose elimination is checked through PA = LU by the dense
     * LU tests: the same pivots exactly (ties are rare with random data and resolved to the first
     * row by both), the same factors to rounding; a zero column and a NaN are reported.
     */
    @ParameterizedTest
    @MethodSource("implementations")
    void panelFactorizationMatchesTheScalarTwin(Gemm g) {
        Random rnd = new Random(17);
        int[][] shapes = {{0, 0}, {1, 1}, {5, 8}, {8, 8}, {13, 8}, {31, 7}, {65, 8}, {207, 8}, {40, 40}, {3, 6}};
        for (int[] sh : shapes) {
            int m = sh[0], w = sh[1];
            Mat a = Mat.random(rnd, m, w);
            double[] copy = a.data.clone();
            int[] p1 = new int[Math.min(m, w) + 2], p2 = new int[Math.min(m, w) + 2];
            int r1 = g.factorPanel(m, w, a.segment(), a.off, a.ld, p1, 2, g.newWorkspace());
            int r2 = ScalarGemm.INSTANCE.factorPanel(m, w, MemorySegment.ofArray(copy), a.off, a.ld, p2, 2, new GemmWorkspace());
            String what = g.name() + " " + m + "x" + w;
            assertEquals(-1, r1, what);
            assertEquals(-1, r2, what);
            assertArrayEquals(p2, p1, what + ": pivots");
            for (int i = 0; i < copy.length; i++) assertEquals(copy[i], a.data[i], 1e-12 * (1 + Math.abs(copy[i])), what + " at " + i);
        }
        // A zero column is reported with its index; earlier columns are factored.
        double[] z = {4, 2, 1, 0, 0, 0, 1, 3, 5};
        int[] piv = new int[3];
        assertEquals(1, g.factorPanel(3, 3, MemorySegment.ofArray(z), 0, 3, piv, 0, g.newWorkspace()));
        assertEquals(0, piv[0]);
        // A NaN is chosen as the pivot (then reported by the caller), not skipped.
        double[] nan = {1, Double.NaN, 5, 2, 2, 2};
        assertEquals(-1, g.factorPanel(3, 2, MemorySegment.ofArray(nan), 0, 3, piv, 0, g.newWorkspace()));
        assertEquals(1, piv[0]);
        var e = assertThrows(IllegalArgumentException.class, () -> g.factorPanel(3, 3, MemorySegment.ofArray(new double[9]), 0, 3, new int[2], 0, g.newWorkspace()));
        assertTrue(e.getMessage().contains("ipiv"), e.getMessage());
    }

    /**
     * panelUpdate against an independent reference in plain loops (interchange the rows, forward
     * substitution with the unit L11, subtract L21·U12), on factored panels with pivots from
     * factorPanel; row counts that leave a scalar tail and column counts around the kernels' groups
     * of three. Every implementation applies the same fused multiply-adds in the same order, so the
     * bound is rounding of a length-8 sum at most.
     */
    @ParameterizedTest
    @MethodSource("implementations")
    void panelUpdateMatchesAReference(Gemm g) {
        Random rnd = new Random(29);
        int[][] shapes = {{0, 1}, {0, 4}, {1, 1}, {5, 2}, {8, 3}, {13, 7}, {16, 6}, {40, 5}, {67, 11}, {3, 0}};
        for (int[] sh : shapes) {
            int m = sh[0], cols = sh[1], rows = Gemm.PANEL + m;
            Mat a = Mat.random(rnd, rows, Gemm.PANEL + cols);
            int[] piv = new int[Gemm.PANEL + 1];
            assertEquals(-1, ScalarGemm.INSTANCE.factorPanel(rows, Gemm.PANEL, a.segment(), a.off, a.ld, piv, 1, new GemmWorkspace()));
            double[] expected = panelUpdateReference(a, m, cols, piv, 1);
            g.panelUpdate(m, cols, a.segment(), a.off, a.ld, piv, 1, g.newWorkspace());
            String what = g.name() + " m=" + m + " cols=" + cols;
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], a.data[i], 1e-13 * (1 + Math.abs(expected[i])), what + " at " + i);
            }
        }
        Mat a = Mat.random(rnd, 10, 9);
        int[] bad = {0, 1, 2, 3, 4, 5, 6, 10};
        var e = assertThrows(IllegalArgumentException.class, () -> g.panelUpdate(2, 1, a.segment(), a.off, a.ld, bad, 0, g.newWorkspace()));
        assertTrue(e.getMessage().contains("pivot 7 is row 10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.panelUpdate(2, 2, a.segment(), a.off, a.ld, new int[8], 0, g.newWorkspace()));
        assertTrue(e.getMessage().contains("A (10x10"), e.getMessage());
    }

    /** absColumnSums against plain sums (to the rounding of m additions); NaN and ±Inf reach their column's sum only. */
    @ParameterizedTest
    @MethodSource("implementations")
    void absColumnSumsMatchPlainSums(Gemm g) {
        Random rnd = new Random(31);
        int[][] shapes = {{0, 3}, {1, 1}, {7, 2}, {13, 5}, {33, 4}, {70, 7}, {5, 0}};
        for (int[] sh : shapes) {
            int m = sh[0], n = sh[1];
            Mat a = Mat.random(rnd, m, n);
            double[] sums = new double[n + 1];
            g.absColumnSums(m, n, a.segment(), a.off, a.ld, sums);
            for (int j = 0; j < n; j++) {
                double plain = 0;
                for (int i = 0; i < m; i++) plain += Math.abs(a.get(i, j));
                assertEquals(plain, sums[j], 1e-14 * m * (1 + plain), g.name() + " " + m + "x" + n + " column " + j);
            }
        }
        Mat a = Mat.random(rnd, 40, 3);
        a.data[(int) (a.off + 37)] = Double.NaN;
        a.data[(int) (a.off + 2 * a.ld + 5)] = Double.NEGATIVE_INFINITY;
        double[] sums = new double[3];
        g.absColumnSums(40, 3, a.segment(), a.off, a.ld, sums);
        assertTrue(Double.isNaN(sums[0]), g.name());
        assertTrue(Double.isFinite(sums[1]), g.name());
        assertEquals(Double.POSITIVE_INFINITY, sums[2], g.name());
        var e = assertThrows(IllegalArgumentException.class, () -> g.absColumnSums(40, 3, a.segment(), a.off, a.ld, new double[2]));
        assertTrue(e.getMessage().contains("sums of length 2"), e.getMessage());
    }

    /** The data of a after panelUpdate, computed without FMAs by the definition. */
    private static double[] panelUpdateReference(Mat a, int m, int cols, int[] piv, int pivOff) {
        double[] d = a.data.clone();
        int w = Gemm.PANEL;
        for (int c = w; c < w + cols; c++) {
            int col = (int) (a.off + (long) c * a.ld);
            for (int q = 0; q < w; q++) {
                int p = piv[pivOff + q];
                double t = d[col + q];
                d[col + q] = d[col + p];
                d[col + p] = t;
            }
            for (int i = 0; i < w + m; i++) {
                int upTo = Math.min(i, w);
                double s = d[col + i];
                for (int p = 0; p < upTo; p++) s -= a.get(i, p) * d[col + p];
                d[col + i] = s;
            }
        }
        return d;
    }

    @Test
    void argumentErrorsNameTheOperand() {
        Gemm g = Gemms.get();
        MemorySegment s = MemorySegment.ofArray(new double[10]);
        GemmWorkspace ws = g.newWorkspace();
        var e = assertThrows(IllegalArgumentException.class, () -> g.gemm(false, false, 3, 2, 4, 1, s, 0, 3, s, 0, 4, 0, s, 0, 3, ws));
        assertTrue(e.getMessage().contains("A (3x4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.gemm(false, false, 2, 2, 2, 1, s, 0, 1, s, 0, 2, 0, s, 0, 2, ws));
        assertTrue(e.getMessage().contains("leading dimension of A is 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.gemm(false, false, -1, 2, 2, 1, s, 0, 2, s, 0, 2, 0, s, 0, 2, ws));
        assertTrue(e.getMessage().contains("m=-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.trsm(true, false, true, 4, 1, s, 0, 4, s, 0, 4, ws));
        assertTrue(e.getMessage().contains("T (4x4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.gemm(false, false, 1, 1, 1, 1, s, 0, 1, s, 0, 1, 0, s, 0, 1, null));
        assertTrue(e.getMessage().contains("workspace"), e.getMessage());
    }

    @Test
    void providerFollowsTheKernelProperty() {
        String spec = System.getProperty("pullback.kernel", "auto");
        Gemm g = Gemms.get();
        if (spec.equals("scalar")) assertSame(ScalarGemm.INSTANCE, g);
        else assertTrue(g.name().startsWith("simd"), g.name());
    }

    @ParameterizedTest
    @MethodSource("implementations")
    @Tag("allocation")
    void steadyStateAllocatesNothing(Gemm g) {
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Random rnd = new Random(16);
        Mat a = Mat.random(rnd, 70, 50), b = Mat.random(rnd, 50, 40), c = Mat.random(rnd, 70, 40);
        MemorySegment as = a.segment(), bs = b.segment(), cs = c.segment();
        GemmWorkspace ws = g.newWorkspace();
        int zeroRounds = 0;
        long lastUsed = -1;
        // Until C2 has compiled the kernels (the interpreter boxes vectors); bounded by time, not
        // rounds, because the compile queue of a loaded machine can take seconds.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (zeroRounds < 5 && System.nanoTime() < deadline) {
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int r = 0; r < 20; r++) {
                g.gemm(false, true, 70, 40, 50, 1, as, a.off, a.ld, bs, b.off, 40, 0.5, cs, c.off, c.ld, ws);
                g.trsm(true, false, false, 40, 20, cs, c.off, c.ld, bs, b.off, b.ld, ws);
            }
            long used = bean.getCurrentThreadAllocatedBytes() - before;
            zeroRounds = used == 0 ? zeroRounds + 1 : 0;
            lastUsed = used;
        }
        assertEquals(5, zeroRounds, g.name() + " kept allocating after warm-up: " + lastUsed + " bytes per round");
    }
}

package dev.pullback.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.kernel.gemm.Gemm;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SYRK, the lower trapezoidal SYRK and POTRF of every implementation against naive loops: awkward orders (0 to 207: below, at
 * and across the SIMD kernel's blocks), both triangles, SYRK with and without the
 * transpose and β = 0 over NaN; the other triangle must come back untouched; POTRF's failure
 * names the first non-positive pivot and leaves its value.
 */
@Tag("kernel-paths")
class CholeskyKernelsTest {
    private static final double EPS = Math.ulp(1.0);
    private static final int[] ORDERS = {0, 1, 7, 13, 65, 97, 207};

    static java.util.stream.Stream<Gemm> implementations() {
        return GemmTest.implementations();
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void syrkMatchesNaiveLoopsOnItsTriangleOnly(Gemm g) {
        Random rnd = new Random(11);
        for (int n : new int[] {0, 1, 7, 13, 32, 33, 64, 97, 130, 200}) {
            for (int k : new int[] {0, 3, 40}) {
                for (boolean lower : new boolean[] {true, false}) {
                    for (boolean trans : new boolean[] {false, true}) {
                        for (double beta : n == 13 ? new double[] {1.0, 0.0, -0.5} : new double[] {1.0, 0.0}) {
                            checkSyrk(g, rnd, lower, trans, n, k, -1.0, beta);
                        }
                    }
                }
            }
        }
    }

    private static void checkSyrk(Gemm g, Random rnd, boolean lower, boolean trans, int n, int k, double alpha, double beta) {
        int lda = (trans ? k : n) + 2, ldc = n + 3;
        double[] a = random(rnd, lda * Math.max(1, trans ? n : k) + 1);
        double[] c = random(rnd, ldc * Math.max(1, n) + 1);
        if (beta == 0) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) if (lower ? i >= j : i <= j) c[1 + i + j * ldc] = Double.NaN;
        double[] before = c.clone();
        g.syrk(lower, trans, n, k, alpha, MemorySegment.ofArray(a), 1, lda, beta, MemorySegment.ofArray(c), 1, ldc, g.newWorkspace());
        String what = g.name() + " lower=" + lower + " trans=" + trans + " n=" + n + " k=" + k + " beta=" + beta;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                int at = 1 + i + j * ldc;
                if (lower ? i < j : i > j) {
                    assertEquals(Double.doubleToRawLongBits(before[at]), Double.doubleToRawLongBits(c[at]), what + ": other triangle written at " + i + "," + j);
                    continue;
                }
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = trans ? a[1 + p + i * lda] : a[1 + i + p * lda];
                    double y = trans ? a[1 + p + j * lda] : a[1 + j + p * lda];
                    s += x * y;
                    abs += Math.abs(x * y);
                }
                double expected = alpha * s + (beta == 0 ? 0 : beta * before[at]);
                double tol = 2 * (k + 2) * EPS * (abs + (beta == 0 ? 0 : Math.abs(before[at])));
                assertEquals(expected, c[at], tol, what + " at " + i + "," + j);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void syrkTrapezoidMatchesNaiveLoopsOnItsTrapezoidOnly(Gemm g) {
        Random rnd = new Random(13);
        // rows past one MC block (192) and across NR/MR edges; k past one KC slab (256)
        int[][] shapes = {{0, 0}, {1, 1}, {7, 3}, {13, 13}, {40, 6}, {97, 33}, {200, 97}, {250, 250}, {301, 130}};
        for (int[] s : shapes) {
            for (int k : new int[] {0, 5, 40, 300}) {
                for (double beta : new double[] {1.0, 0.0, -0.5}) {
                    for (boolean separate : new boolean[] {false, true}) checkSyrkTrapezoid(g, rnd, s[0], s[1], k, -1.0, beta, separate);
                }
            }
        }
    }

    /** D = C in place, or ({@code separate}) D a block of another array with its own leading dimension, C left as it was. */
    private static void checkSyrkTrapezoid(Gemm g, Random rnd, int rows, int cols, int k, double alpha, double beta, boolean separate) {
        int lda = rows + 2, ldc = rows + 3, ldd = separate ? rows + 1 : ldc;
        double[] a = random(rnd, lda * Math.max(1, k) + 1);
        double[] c = random(rnd, ldc * Math.max(1, cols) + 1);
        if (beta == 0) for (int j = 0; j < cols; j++) for (int i = j; i < rows; i++) c[1 + i + j * ldc] = Double.NaN;
        double[] cBefore = c.clone();
        double[] d = separate ? random(rnd, ldd * Math.max(1, cols) + 2) : c;
        double[] dBefore = d.clone();
        MemorySegment cs = MemorySegment.ofArray(c), ds = separate ? MemorySegment.ofArray(d) : cs;
        g.syrkTrapezoid(rows, cols, k, alpha, MemorySegment.ofArray(a), 1, lda, beta, cs, 1, ldc, ds, 2 - (separate ? 0 : 1), ldd,
                g.newWorkspace());
        int dAt = separate ? 2 : 1;
        String what = g.name() + " rows=" + rows + " cols=" + cols + " k=" + k + " beta=" + beta + " separate=" + separate;
        boolean[] written = new boolean[d.length];
        for (int j = 0; j < cols; j++) {
            for (int i = j; i < rows; i++) {
                int at = dAt + i + j * ldd;
                written[at] = true;
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = a[1 + i + p * lda], y = a[1 + j + p * lda];
                    s += x * y;
                    abs += Math.abs(x * y);
                }
                double old = cBefore[1 + i + j * ldc];
                double expected = alpha * s + (beta == 0 ? 0 : beta * old);
                double tol = 2 * (k + 2) * EPS * (abs + (beta == 0 ? 0 : Math.abs(old)));
                assertEquals(expected, d[at], tol, what + " at " + i + "," + j);
            }
        }
        for (int at = 0; at < d.length; at++) {
            if (!written[at]) assertEquals(Double.doubleToRawLongBits(dBefore[at]), Double.doubleToRawLongBits(d[at]), what + ": written outside the trapezoid at " + at);
        }
        if (separate) {
            for (int at = 0; at < c.length; at++) assertEquals(Double.doubleToRawLongBits(cBefore[at]), Double.doubleToRawLongBits(c[at]), what + ": C written at " + at);
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void syrkTrapezoidRefusesMoreColumnsThanRows(Gemm g) {
        MemorySegment m = MemorySegment.ofArray(new double[100]);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> g.syrkTrapezoid(3, 4, 2, -1.0, m, 0, 3, 1.0, m, 0, 3, m, 0, 3, g.newWorkspace()));
        assertTrue(e.getMessage().contains("cols=4"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void potrfFactorsSpdMatricesToBackwardErrorOfOrderEpsilon(Gemm g) {
        Random rnd = new Random(5);
        for (int n : ORDERS) {
            for (boolean lower : new boolean[] {true, false}) {
                int ld = n + 2;
                double[] spd = spd(rnd, n);
                double[] a = random(rnd, ld * Math.max(1, n) + 2);
                for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) if (lower ? i >= j : i <= j) a[2 + i + j * ld] = spd[i + j * n];
                double[] before = a.clone();
                assertEquals(-1, g.potrf(lower, n, MemorySegment.ofArray(a), 2, ld, g.newWorkspace()), g.name() + " n=" + n);
                double maxDiag = 0;
                for (int j = 0; j < n; j++) maxDiag = Math.max(maxDiag, spd[j + j * n]);
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        if (lower ? i < j : i > j) {
                            assertEquals(before[2 + i + j * ld], a[2 + i + j * ld], 0.0, "other triangle written");
                            continue;
                        }
                        // (LLᵀ)(i, j) or (UᵀU)(i, j) over the factor's triangle
                        double s = 0;
                        for (int p = 0; p <= Math.min(i, j); p++) {
                            s += lower ? a[2 + i + p * ld] * a[2 + j + p * ld] : a[2 + p + i * ld] * a[2 + p + j * ld];
                        }
                        assertEquals(spd[i + j * n], s, 4 * (n + 1) * EPS * maxDiag, g.name() + " n=" + n + " lower=" + lower + " at " + i + "," + j);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void potrfNamesTheFirstNonPositivePivot(Gemm g) {
        Random rnd = new Random(9);
        for (int n : new int[] {1, 13, 97, 150}) {
            for (boolean lower : new boolean[] {true, false}) {
                double[] a = spd(rnd, n);
                int bad = n - 1 - rnd.nextInt(Math.max(1, n / 2));
                // a_bad,bad far below what the earlier columns subtract: the pivot there is negative.
                a[bad + bad * n] = -1.0;
                int info = g.potrf(lower, n, MemorySegment.ofArray(a), 0, n, g.newWorkspace());
                assertEquals(bad, info, g.name() + " n=" + n);
                assertTrue(a[bad + bad * n] < 0, "the pivot's value is left in place: " + a[bad + bad * n]);
            }
        }
    }

    /** A random dense SPD matrix (n×n, ld n): BᵀB/n + I with B uniform in [−1, 1]. */
    static double[] spd(Random rnd, int n) {
        double[] b = random(rnd, n * n);
        double[] a = new double[Math.max(1, n * n)];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int p = 0; p < n; p++) s += b[p + i * n] * b[p + j * n];
                a[i + j * n] = s / n + (i == j ? 1 : 0);
            }
        }
        return a;
    }

    private static double[] random(Random rnd, int len) {
        double[] d = new double[len];
        for (int i = 0; i < len; i++) d[i] = rnd.nextDouble() * 2 - 1;
        return d;
    }
}

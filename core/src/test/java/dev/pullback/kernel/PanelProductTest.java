package dev.pullback.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.kernel.gemm.Gemm;
import dev.pullback.kernel.gemm.ScalarGemm;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Gemm#panelProduct}, {@link Gemm#panelTransposedProduct}, {@link Gemm#columnDots} and
 * {@link Gemm#columnsUpdate} of every implementation: against
 * a plain sum within the rounding bound, bitwise against the scalar loops (the order of operations
 * the interface states), on awkward shapes (across the vector width and the four-column passes), at
 * an odd offset in a segment that ends with the panel (nothing read past it), and nothing written
 * outside the m entries of t or the k entries of y.
 */
@Tag("kernel-paths")
class PanelProductTest {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final int[] ROWS = {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 207};
    private static final int[] COLS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 13};

    static java.util.stream.Stream<Gemm> implementations() {
        return GemmTest.implementations();
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void panelProductIsTheColumnSumInOneOrder(Gemm g) {
        Random rnd = new Random(41);
        try (Arena arena = Arena.ofConfined()) {
            for (int m : ROWS) {
                for (int k : COLS) {
                    long off = 3;
                    MemorySegment a = panel(arena, rnd, off, m, k);
                    double[] x = random(rnd, k + 5);
                    int xOff = 2;
                    double[] t = random(rnd, m + 4), loops = random(rnd, m + 4);
                    double[] tailT = Arrays.copyOfRange(t, m, m + 4), tailLoops = Arrays.copyOfRange(loops, m, m + 4);
                    g.panelProduct(m, k, a, off, x, xOff, t);
                    ScalarGemm.panelProductLoops(m, k, a, off, x, xOff, loops);
                    String what = g.name() + " m=" + m + " k=" + k;
                    for (int i = 0; i < m; i++) {
                        assertEquals(Double.doubleToRawLongBits(loops[i]), Double.doubleToRawLongBits(t[i]), what + ": row " + i);
                        double s = 0, abs = 0;
                        for (int j = 0; j < k; j++) {
                            double p = a.getAtIndex(D, off + i + (long) j * m) * x[xOff + j];
                            s += p;
                            abs += Math.abs(p);
                        }
                        assertEquals(s, t[i], 2 * (k + 2) * KernelPaths.EPS * abs, what + ": row " + i);
                    }
                    assertTrue(Arrays.equals(tailT, Arrays.copyOfRange(t, m, m + 4)), what + ": wrote past m");
                    assertTrue(Arrays.equals(tailLoops, Arrays.copyOfRange(loops, m, m + 4)), what + ": loops wrote past m");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void panelTransposedProductSubtractsTheColumnDots(Gemm g) {
        Random rnd = new Random(43);
        try (Arena arena = Arena.ofConfined()) {
            for (int m : ROWS) {
                for (int k : COLS) {
                    long off = 5;
                    MemorySegment a = panel(arena, rnd, off, m, k);
                    double[] gv = random(rnd, m);
                    int yOff = 3;
                    double[] y = random(rnd, k + 6), before = y.clone(), loops = y.clone();
                    g.panelTransposedProduct(m, k, a, off, gv, y, yOff);
                    ScalarGemm.panelTransposedProductLoops(m, k, a, off, gv, loops, yOff);
                    String what = g.name() + " m=" + m + " k=" + k;
                    for (int at = 0; at < y.length; at++) {
                        assertEquals(Double.doubleToRawLongBits(loops[at]), Double.doubleToRawLongBits(y[at]), what + ": entry " + at);
                        int j = at - yOff;
                        if (j < 0 || j >= k) {
                            assertEquals(Double.doubleToRawLongBits(before[at]), Double.doubleToRawLongBits(y[at]), what + ": wrote " + at);
                            continue;
                        }
                        double s = 0, abs = Math.abs(before[at]);
                        for (int i = 0; i < m; i++) {
                            double p = a.getAtIndex(D, off + i + (long) j * m) * gv[i];
                            s += p;
                            abs += Math.abs(p);
                        }
                        assertEquals(before[at] - s, y[at], 2 * (m + 2) * KernelPaths.EPS * abs, what + ": column " + j);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void columnDotsAndColumnsUpdateOnColumnsAnywhere(Gemm g) {
        Random rnd = new Random(47);
        try (Arena arena = Arena.ofConfined()) {
            for (int m : ROWS) {
                // four columns of a packed triangle: each starts where the one before ends, plus one
                long c0 = 7, c1 = c0 + m + 1, c2 = c1 + m + 2, c3 = c2 + m + 3;
                MemorySegment a = panel(arena, rnd, 0, 1, (int) (c3 + m));
                long[] c = {c0, c1, c2, c3};
                String what = g.name() + " m=" + m;
                double[] y = random(rnd, m + 12), before = y.clone(), loops = y.clone();
                int gOff = 2, yOff = gOff + m + 1;
                g.columnDots(m, a, c0, c1, c2, c3, y, gOff, y, yOff);
                ScalarGemm.columnDotsLoops(m, a, c0, c1, c2, c3, loops, gOff, loops, yOff);
                for (int at = 0; at < y.length; at++) {
                    assertEquals(Double.doubleToRawLongBits(loops[at]), Double.doubleToRawLongBits(y[at]), what + ": dots at " + at);
                    int q = at - yOff;
                    if (q < 0 || q >= 4) {
                        assertEquals(Double.doubleToRawLongBits(before[at]), Double.doubleToRawLongBits(y[at]), what + ": wrote " + at);
                        continue;
                    }
                    double s = 0, abs = Math.abs(before[at]);
                    for (int i = 0; i < m; i++) {
                        double p = a.getAtIndex(D, c[q] + i) * before[gOff + i];
                        s += p;
                        abs += Math.abs(p);
                    }
                    assertEquals(before[at] - s, y[at], 2 * (m + 2) * KernelPaths.EPS * abs, what + ": dot " + q);
                }
                double[] x = random(rnd, 4), t = random(rnd, m + 6), tBefore = t.clone(), tLoops = t.clone();
                int tOff = 3;
                g.columnsUpdate(m, a, c0, c1, c2, c3, x[0], x[1], x[2], x[3], t, tOff);
                ScalarGemm.columnsUpdateLoops(m, a, c0, c1, c2, c3, x[0], x[1], x[2], x[3], tLoops, tOff);
                for (int at = 0; at < t.length; at++) {
                    assertEquals(Double.doubleToRawLongBits(tLoops[at]), Double.doubleToRawLongBits(t[at]), what + ": update at " + at);
                    int i = at - tOff;
                    if (i < 0 || i >= m) {
                        assertEquals(Double.doubleToRawLongBits(tBefore[at]), Double.doubleToRawLongBits(t[at]), what + ": wrote " + at);
                        continue;
                    }
                    double s = 0, abs = Math.abs(tBefore[at]);
                    for (int q = 0; q < 4; q++) {
                        double p = a.getAtIndex(D, c[q] + i) * x[q];
                        s += p;
                        abs += Math.abs(p);
                    }
                    assertEquals(tBefore[at] - s, t[at], 12 * KernelPaths.EPS * abs, what + ": row " + i);
                }
            }
        }
    }

    @Test
    void shapesThatDoNotFitAreRefusedByName() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(8L * 40);
            Gemm g = ScalarGemm.INSTANCE;
            double[] x = new double[4], t = new double[10];
            assertThrows(IllegalArgumentException.class, () -> g.panelProduct(-1, 4, a, 0, x, 0, t));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.panelProduct(10, 5, a, 0, x, 0, t));
            assertTrue(e.getMessage().contains("panel"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> g.panelProduct(10, 4, a, 0, x, 1, t));
            assertTrue(e.getMessage().contains("column vector"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> g.panelTransposedProduct(10, 4, a, 0, new double[9], x, 0));
            assertTrue(e.getMessage().contains("row vector"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> g.panelProduct(10, 4, a, 1, x, 0, t));
            assertTrue(e.getMessage().contains("segment"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> g.columnDots(10, a, 0, 10, 20, 31, t, 0, x, 0));
            assertTrue(e.getMessage().contains("segment"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> g.columnDots(10, a, 0, 10, 20, 30, t, 0, x, 1));
            assertTrue(e.getMessage().contains("output"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> g.columnsUpdate(10, a, 0, 10, 20, 30, 1, 1, 1, 1, t, 1));
            assertTrue(e.getMessage().contains("vector"), e.getMessage());
        }
    }

    /** A segment holding off doubles and then the m×k panel, nothing after it. */
    private static MemorySegment panel(Arena arena, Random rnd, long off, int m, int k) {
        MemorySegment a = arena.allocate(8L * (off + (long) m * k), 8);
        for (long i = 0; i < off + (long) m * k; i++) a.setAtIndex(D, i, rnd.nextDouble(-1, 1));
        return a;
    }

    private static double[] random(Random rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextDouble(-1, 1);
        return v;
    }
}

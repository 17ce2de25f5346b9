package dev.pullback.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.kernel.gemm.Gemm;
import dev.pullback.kernel.gemm.ScalarGemm;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Gemm#lowerRankUpdate} of every implementation: against a plain sum within the rounding
 * bound, bitwise against the scalar loops (the same order of operations), nothing above the
 * diagonal, past the last row or outside the block written, on awkward shapes (across the vector
 * width, the four-column tiles and their masked edges): in place with A and C in one array as in
 * a front, and into a separate D in arrays of exactly their size.
 */
@Tag("kernel-paths")
class LowerRankUpdateTest {
    static java.util.stream.Stream<Gemm> implementations() {
        return GemmTest.implementations();
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void updatesTheLowerTrapezoidOnly(Gemm g) {
        Random rnd = new Random(23);
        for (int rows : new int[] {0, 1, 2, 3, 5, 7, 8, 9, 13, 16, 17, 31, 33, 64, 97}) {
            for (int cols : new int[] {0, 1, 3, 4, 5, 8, 13, rows}) {
                if (cols > rows) continue;
                for (int depth : new int[] {0, 1, 4, 16, 37}) {
                    check(g, rnd, rows, cols, depth);
                    checkTight(g, rnd, rows, cols, depth);
                }
            }
        }
    }

    /** A front of order m = depth + rows: A its first depth columns' last rows rows, C the block right of them. */
    private static void check(Gemm g, Random rnd, int rows, int cols, int depth) {
        int m = depth + rows + 3;
        double[] f = new double[m * (depth + cols + 1) + 5];
        for (int i = 0; i < f.length; i++) f[i] = rnd.nextDouble(-1, 1);
        int aOff = 2 + depth, cOff = aOff + depth * m;
        double[] before = f.clone();
        double[] loops = f.clone();
        g.lowerRankUpdate(rows, cols, depth, f, aOff, m, f, cOff, m, f, cOff, m);
        ScalarGemm.lowerRankUpdateLoops(rows, cols, depth, loops, aOff, m, loops, cOff, m, loops, cOff, m);
        String what = g.name() + " rows=" + rows + " cols=" + cols + " depth=" + depth;
        for (int at = 0; at < f.length; at++) {
            int rel = at - cOff;
            int i = Math.floorMod(rel, m), j = Math.floorDiv(rel, m);
            boolean inside = rel >= 0 && j < cols && i < rows && i >= j;
            if (!inside) {
                assertEquals(Double.doubleToRawLongBits(before[at]), Double.doubleToRawLongBits(f[at]),
                        what + ": wrote element " + at);
                continue;
            }
            assertEquals(Double.doubleToRawLongBits(loops[at]), Double.doubleToRawLongBits(f[at]),
                    what + ": differs from the loops at " + i + "," + j);
            double s = 0, abs = 0;
            for (int p = 0; p < depth; p++) {
                double x = before[aOff + i + p * m], y = before[aOff + j + p * m];
                s += x * y;
                abs += Math.abs(x * y);
            }
            double tol = 2 * (depth + 2) * KernelPaths.EPS * (abs + Math.abs(before[at]));
            assertEquals(before[at] - s, f[at], tol, what + " at " + i + "," + j);
        }
    }

    /**
     * A, C and D in arrays of exactly their size (ld = rows: the masked last rows end at the array's
     * end), D apart from C: D's lower trapezoid is C's minus the product, the rest of D and all of C
     * unchanged.
     */
    private static void checkTight(Gemm g, Random rnd, int rows, int cols, int depth) {
        int ld = Math.max(1, rows);
        double[] a = new double[rows * depth], c = new double[rows * cols], d = new double[rows * cols];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextDouble(-1, 1);
        for (int i = 0; i < c.length; i++) c[i] = rnd.nextDouble(-1, 1);
        for (int i = 0; i < d.length; i++) d[i] = rnd.nextDouble(-1, 1);
        double[] c0 = c.clone(), d0 = d.clone(), loops = c.clone();
        g.lowerRankUpdate(rows, cols, depth, a, 0, ld, c, 0, ld, d, 0, ld);
        ScalarGemm.lowerRankUpdateLoops(rows, cols, depth, a, 0, ld, loops, 0, ld, loops, 0, ld);
        String what = g.name() + " tight rows=" + rows + " cols=" + cols + " depth=" + depth;
        for (int at = 0; at < c.length; at++) {
            boolean lower = at % ld >= at / ld;
            assertEquals(Double.doubleToRawLongBits(c0[at]), Double.doubleToRawLongBits(c[at]), what + ": C written at " + at);
            assertEquals(Double.doubleToRawLongBits(lower ? loops[at] : d0[at]), Double.doubleToRawLongBits(d[at]),
                    what + " D at " + at);
        }
    }

    @Test
    void refusesBadShapesAndExtentsNamingThem() {
        Gemm g = ScalarGemm.INSTANCE;
        double[] a = new double[100];
        double[] small = new double[30];
        var e = assertThrows(IllegalArgumentException.class, () -> g.lowerRankUpdate(3, 4, 2, a, 0, 10, a, 50, 10, a, 50, 10));
        assertTrue(e.getMessage().contains("cols=4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.lowerRankUpdate(10, 10, 2, a, 0, 10, a, 50, 10, a, 50, 10));
        assertTrue(e.getMessage().contains("C (10x10, offset 50, ld 10)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.lowerRankUpdate(10, 2, 2, a, 0, 5, a, 50, 10, a, 50, 10));
        assertTrue(e.getMessage().contains("leading dimension 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.lowerRankUpdate(10, 4, 2, a, 0, 10, a, 50, 10, small, 0, 10));
        assertTrue(e.getMessage().contains("D (10x4, offset 0, ld 10) ends at element 40 past the array's 30"), e.getMessage());
    }
}

package dev.pullback.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.pullback.kernel.gemm.Gemm;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Gemm#extendAdd} of every implementation, bitwise against the definition (one addition per
 * entry, so no rounding may differ): child maps made of runs of consecutive parent rows of every
 * length around the vector width (1 … 40) with gaps between them, at an offset inside the map
 * array; nothing outside the mapped lower triangle changes.
 */
@Tag("kernel-paths")
class ExtendAddTest {
    static java.util.stream.Stream<Gemm> implementations() {
        return GemmTest.implementations();
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void addsTheLowerTriangleAlongTheMapBitwise(Gemm g) {
        Random rnd = new Random(17);
        for (int rc : new int[] {0, 1, 2, 7, 8, 9, 17, 33, 64, 131}) {
            for (int maxRun : new int[] {1, 3, 8, 40}) {
                int mapOff = 5;
                int[] map = new int[mapOff + rc + 3];
                int row = rnd.nextInt(3);
                for (int i = 0; i < rc; ) {
                    int run = 1 + rnd.nextInt(maxRun);
                    for (int t = 0; t < run && i < rc; t++, i++) map[mapOff + i] = row++;
                    row += 1 + rnd.nextInt(3);
                }
                int m = row + 2;
                int[] runEnd = new int[map.length];
                for (int p = mapOff + rc - 1; p >= mapOff; p--) {
                    runEnd[p] = p + 1 < mapOff + rc && map[p + 1] == map[p] + 1 ? runEnd[p + 1] : p + 1;
                }
                int at = 3;
                double[] update = new double[at + rc * rc + 2];
                for (int i = 0; i < update.length; i++) update[i] = rnd.nextDouble() * 2 - 1;
                double[] front = new double[m * m];
                for (int i = 0; i < front.length; i++) front[i] = rnd.nextDouble() * 2 - 1;
                double[] expected = front.clone();
                for (int jj = 0; jj < rc; jj++) {
                    for (int ii = jj; ii < rc; ii++) expected[map[mapOff + jj] * m + map[mapOff + ii]] += update[at + jj * rc + ii];
                }
                g.extendAdd(rc, update, at, map, runEnd, mapOff, front, m);
                assertArrayEquals(expected, front, 0.0, g.name() + " rc=" + rc + " maxRun=" + maxRun);
            }
        }
    }
}

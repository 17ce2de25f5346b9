package dev.pullback.gallery;

import static dev.pullback.gallery.MatrixChecks.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import org.junit.jupiter.api.Test;

class CircuitMnaTest {
    /** Degree of each row in the pattern of A + Aᵀ, diagonal excluded. */
    private static int[] degrees(CscMatrix a) {
        int n = a.rows();
        CscPattern p = a.pattern();
        int[][] adj = new int[n][];
        int[] count = new int[n];
        for (int j = 0; j < n; j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) {
                int i = p.row(k);
                if (i != j) {
                    count[i]++;
                    count[j]++;
                }
            }
        }
        for (int i = 0; i < n; i++) adj[i] = new int[count[i]];
        int[] fill = new int[n];
        for (int j = 0; j < n; j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) {
                int i = p.row(k);
                if (i != j) {
                    adj[i][fill[i]++] = j;
                    adj[j][fill[j]++] = i;
                }
            }
        }
        int[] mark = new int[n];
        java.util.Arrays.fill(mark, -1);
        int[] deg = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j : adj[i]) {
                if (mark[j] != i) {
                    mark[j] = i;
                    deg[i]++;
                }
            }
        }
        return deg;
    }

    @Test
    void nodeDegreesHaveAPowerLawTailAndHubsOfThousandsOfPins() {
        for (long seed = 1; seed <= 2; seed++) {
            CircuitMna c = CircuitMna.generate(20_000, seed);
            try (CscMatrix a = c.matrix()) {
                int[] deg = degrees(a);
                int hubs = 0;
                int[] atLeast = new int[8]; // signal nodes (not hubs) with degree >= 2^t
                for (int i = 0; i < c.nodes(); i++) {
                    if (deg[i] >= 1000) hubs++;
                    else for (int t = 0; t < atLeast.length; t++) if (deg[i] >= 1 << t) atLeast[t]++;
                }
                assertTrue(hubs >= c.hubs(), "seed " + seed + ": " + hubs + " nodes of degree >= 1000, expected the "
                        + c.hubs() + " supply hubs");
                // a power-law tail keeps a steady share per doubling; a Poisson or geometric tail of this
                // mean keeps under 1% from degree 16 on
                for (int t = 3; t <= 5; t++) {
                    double share = (double) atLeast[t + 1] / atLeast[t];
                    assertTrue(share > 0.08, "seed " + seed + ": only " + atLeast[t + 1] + " of the " + atLeast[t]
                            + " signal nodes of degree >= " + (1 << t) + " reach " + (1 << (t + 1)));
                }
                assertTrue(atLeast[6] >= 3, "seed " + seed + ": " + atLeast[6] + " signal nodes of degree >= 64");
                // most nodes are sparse, as in a real netlist
                int small = 0;
                for (int i = 0; i < c.nodes(); i++) if (deg[i] <= 6) small++;
                assertTrue(small > c.nodes() * 0.6, small + " of " + c.nodes() + " nodes have degree <= 6");
            }
        }
    }

    @Test
    void rowsWithoutDiagonalAreExactlyTheVoltageSourceBranches() {
        for (int n : new int[] {64, 3000, 45_000}) {
            CircuitMna c = CircuitMna.generate(n, 5);
            try (CscMatrix a = c.matrix()) {
                assertEquals(n, a.rows());
                assertTrue(c.voltageSources() >= c.hubs(), "every hub has a supply source");
                assertEquals(c.voltageSources(), missingDiagonal(a), "n=" + n);
                assertEquals(c.voltageSources(), c.zeroDiagonalRows());
                for (int j = 0; j < c.nodes(); j++) {
                    int k = a.pattern().find(j, j);
                    assertTrue(k >= 0 && a.value(k) > 0, "node row " + j + " has no positive diagonal");
                }
            }
        }
    }

    @Test
    void transconductanceMakesValuesUnsymmetricAmplifiersThePattern() {
        try (CscMatrix a = CircuitMna.generate(20_000, 3).matrix()) {
            assertFalse(patternSymmetric(a));
            assertTrue(valuesUnsymmetric(a));
        }
    }

    @Test
    void smallInstancesAreNonsingularAtEveryStep() {
        for (int n : new int[] {64, 300, 900}) {
            for (long seed = 1; seed <= 3; seed++) {
                CircuitMna c = CircuitMna.generate(n, seed);
                for (int step : new int[] {0, 7, 31}) {
                    try (CscMatrix a = c.matrix(step)) {
                        assertNonsingular(a, "circuit n=" + n + " seed=" + seed + " step=" + step);
                    }
                }
            }
        }
    }

    @Test
    void sameSeedSameMatrixOtherSeedOtherMatrix() {
        try (CscMatrix a = CircuitMna.generate(5000, 9).matrix(); CscMatrix b = CircuitMna.generate(5000, 9).matrix();
                CscMatrix c = CircuitMna.generate(5000, 10).matrix()) {
            assertSameMatrix(a, b);
            assertFalse(a.pattern().sameStructure(c.pattern()), "another seed gives another netlist");
        }
    }

    @Test
    void stepsShareThePatternAndChangeTheValuesDeterministically() {
        CircuitMna c = CircuitMna.generate(4000, 2);
        try (CscMatrix a = c.matrix(); CscMatrix s5 = c.matrix(5); CscMatrix work = c.matrix(3);
                var pattern = c.pattern()) {
            assertEquals(c.nnz(), pattern.nnz());
            assertTrue(a.pattern().sameStructure(pattern));
            assertTrue(s5.pattern().sameStructure(pattern));
            assertDifferentValues(a, s5);
            c.fill(5, work);
            assertSameMatrix(s5, work);
            c.fill(0, work);
            assertSameMatrix(a, work);
            // another object from the same seed agrees step by step
            CircuitMna again = CircuitMna.generate(4000, 2);
            again.fill(5, work);
            assertSameMatrix(s5, work);
            for (int step = 0; step < 50; step++) {
                double h = c.timeStep(step);
                assertTrue(h >= 0.25e-12 && h <= 4e-12, "step " + step + ": h = " + h);
            }
            assertNotEquals(c.timeStep(1), c.timeStep(2));
        }
        try (CscMatrix other = CircuitMna.generate(4001, 2).matrix()) {
            assertThrows(IllegalArgumentException.class, () -> c.fill(1, other));
        }
        assertThrows(IllegalArgumentException.class, () -> CircuitMna.generate(10, 1));
        assertThrows(IllegalArgumentException.class, () -> c.timeStep(-1));
    }
}

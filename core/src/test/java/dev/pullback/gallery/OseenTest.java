package dev.pullback.gallery;

import static dev.pullback.gallery.MatrixChecks.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import org.junit.jupiter.api.Test;

class OseenTest {
    @Test
    void stokesPatternWithSkewConvectionInTheVelocityBlock() {
        for (long seed = 1; seed <= 2; seed++) {
            try (CscMatrix a = Oseen.of2d(7, 5, 40, 1.0, seed); CscMatrix s = StokesMac.of2d(7, 5, 1.0, seed)) {
                int velocities = 6 * 5 + 7 * 4;
                assertTrue(a.pattern().sameStructure(s.pattern()), "the Stokes pattern");
                assertPatternSymmetric(a);
                assertTrue(valuesUnsymmetric(a));
                assertEquals(7 * 5 - 1, missingDiagonal(a), "no pressure diagonal");
                CscPattern p = a.pattern();
                int skew = 0;
                for (int j = 0; j < a.cols(); j++) {
                    for (int k = p.colStart(j); k < p.colEnd(j); k++) {
                        int i = p.row(k);
                        // the symmetric part is the Stokes matrix; the skew part lives in the velocity block only
                        double sym = (a.value(k) + a.get(j, i)) / 2, anti = (a.value(k) - a.get(j, i)) / 2;
                        assertEquals(s.value(k), sym, 1e-15 * (1 + Math.abs(s.value(k))), "(" + i + ", " + j + ")");
                        if (anti != 0) {
                            skew++;
                            assertTrue(i < velocities && j < velocities && i != j, "skew entry at (" + i + ", " + j + ")");
                        }
                    }
                }
                assertTrue(skew > 0);
                assertNonsingular(a, "oseen2d seed " + seed);
            }
        }
    }

    @Test
    void convectionFollowsTheWindAlongEachAxis() {
        // 3×3 cells, h = 1/3, 2D: flux = h/2; u-faces (2×3), neighbours along x one apart, along y two apart
        double wind = 6, flux = 1.0 / 6;
        try (CscMatrix a = Oseen.of2d(3, 3, wind, 0.0, 1); CscMatrix s = StokesMac.of2d(3, 3, 0.0, 1)) {
            assertEquals(s.get(0, 1) + wind * flux, a.get(0, 1), 1e-15);
            assertEquals(s.get(1, 0) - wind * flux, a.get(1, 0), 1e-15);
            assertEquals(s.get(0, 2) + wind / 2 * flux, a.get(0, 2), 1e-15);
            assertEquals(s.get(2, 0) - wind / 2 * flux, a.get(2, 0), 1e-15);
        }
        try (CscMatrix a = Oseen.of3d(4, 3, 3, 25, 1.0, 3); CscMatrix s = StokesMac.of3d(4, 3, 3, 1.0, 3);
                CscMatrix still = Oseen.of3d(4, 3, 3, 0, 1.0, 3)) {
            assertTrue(a.pattern().sameStructure(s.pattern()));
            assertTrue(valuesUnsymmetric(a));
            assertSameMatrix(still, s);
            assertNonsingular(a, "oseen3d");
        }
        assertThrows(IllegalArgumentException.class, () -> Oseen.of2d(4, 4, Double.NaN, 1, 1));
    }
}

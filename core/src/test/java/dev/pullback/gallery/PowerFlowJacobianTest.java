package dev.pullback.gallery;

import static dev.pullback.gallery.MatrixChecks.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerFlowJacobianTest {
    @Test
    void jacobianAgreesWithCentralDifferencesOfThePowerInjections() {
        for (long seed = 1; seed <= 3; seed++) {
            PowerFlowJacobian.Case pf = PowerFlowJacobian.Case.random(400, seed);
            try (CscMatrix j = pf.jacobian()) {
                double[] x = pf.unknowns();
                SplittableRandom rnd = new SplittableRandom(seed);
                double[] dir = new double[x.length];
                for (int i = 0; i < dir.length; i++) dir[i] = rnd.nextDouble(-1, 1);
                double eps = 1e-6;
                double[] xp = x.clone(), xm = x.clone();
                for (int i = 0; i < x.length; i++) {
                    xp[i] += eps * dir[i];
                    xm[i] -= eps * dir[i];
                }
                double[] fp = pf.injections(xp), fm = pf.injections(xm);
                double[] jd = new double[x.length];
                for (int c = 0; c < j.cols(); c++) {
                    for (int k = j.pattern().colStart(c); k < j.pattern().colEnd(c); k++) {
                        jd[j.pattern().row(k)] += j.value(k) * dir[c];
                    }
                }
                double scale = 0;
                for (double v : jd) scale = Math.max(scale, Math.abs(v));
                for (int i = 0; i < x.length; i++) {
                    double fd = (fp[i] - fm[i]) / (2 * eps);
                    assertEquals(fd, jd[i], 1e-6 * scale, "seed " + seed + ": row " + i);
                }
            }
        }
    }

    @Test
    void patternIsSymmetricValuesAreNot() {
        for (int n : new int[] {8, 501, 20_000}) {
            try (CscMatrix j = PowerFlowJacobian.generate(n, 4)) {
                assertEquals(n, j.rows());
                assertPatternSymmetric(j);
                assertTrue(valuesUnsymmetric(j), "n=" + n);
                assertEquals(0, missingDiagonal(j));
            }
        }
    }

    @Test
    void theGridIsMeshedWithFewBranchesPerBus() {
        PowerFlowJacobian.Case pf = PowerFlowJacobian.Case.random(20_000, 2);
        int buses = pf.theta().length;
        double branches = (pf.net().col.length - buses) / 2.0; // Y: the diagonal and both (f, t) and (t, f)
        assertTrue(branches / buses > 1.2 && branches / buses < 1.6, "branches per bus " + branches / buses);
        int max = 0;
        for (int i = 0; i < buses; i++) max = Math.max(max, pf.net().rowPtr[i + 1] - pf.net().rowPtr[i]);
        assertTrue(max < 30, "no hub bus in a transmission grid: largest bus degree " + (max - 1));
    }

    @Test
    void smallInstancesAreNonsingular() {
        for (int n : new int[] {8, 60, 500, 1200}) {
            for (long seed = 1; seed <= 3; seed++) {
                try (CscMatrix j = PowerFlowJacobian.generate(n, seed)) {
                    assertNonsingular(j, "powerflow n=" + n + " seed=" + seed);
                }
            }
        }
    }

    @Test
    void sameSeedSameMatrixOtherSeedOtherMatrix() {
        try (CscMatrix a = PowerFlowJacobian.generate(3000, 6); CscMatrix b = PowerFlowJacobian.generate(3000, 6);
                CscMatrix c = PowerFlowJacobian.generate(3000, 7)) {
            assertSameMatrix(a, b);
            assertFalse(a.pattern().sameStructure(c.pattern()));
        }
        assertThrows(IllegalArgumentException.class, () -> PowerFlowJacobian.generate(7, 1));
    }
}

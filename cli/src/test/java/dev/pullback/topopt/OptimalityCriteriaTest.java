package dev.pullback.topopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.storage.DenseVector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OptimalityCriteriaTest {
    private static final int NELX = 16, NELY = 9, NEL = NELX * NELY;

    /** top88's loop verbatim: B from the ratio at each Λ, the filter applied at every bisection step. */
    private static double[] direct(DensityFilter f, double[] x, double[] dc, double volfrac, double move, double eta, double floor) {
        DenseVector ones = DenseVector.heap(NEL), dv = DenseVector.heap(NEL);
        ones.fill(1);
        f.pullback(ones, dv);
        double[] xnew = new double[NEL];
        DenseVector xv = DenseVector.wrap(xnew), phys = DenseVector.heap(NEL);
        double l1 = 0, l2 = 1e9;
        while ((l2 - l1) / (l1 + l2) > 1e-3) {
            double lmid = 0.5 * (l2 + l1);
            for (int e = 0; e < NEL; e++) {
                double b = Math.max(floor, -dc[e] / dv.get(e) / lmid);
                xnew[e] = Math.max(0, Math.max(x[e] - move, Math.min(1, Math.min(x[e] + move, x[e] * Math.pow(b, eta)))));
            }
            f.apply(xv, phys);
            double sum = 0;
            for (int e = 0; e < NEL; e++) sum += phys.get(e);
            if (sum > volfrac * NEL) l1 = lmid;
            else l2 = lmid;
        }
        return xnew;
    }

    @Test
    void matchesTop88sDirectBisection() {
        Random rnd = new Random(3);
        try (DensityFilter f = new DensityFilter(NELX, NELY, 1.5)) {
            for (int trial = 0; trial < 20; trial++) {
                boolean mechanism = trial % 2 == 1;
                double[] x = new double[NEL], dc = new double[NEL];
                for (int e = 0; e < NEL; e++) {
                    x[e] = rnd.nextDouble();
                    // compliance gradients are <= 0; a mechanism's have both signs
                    dc[e] = mechanism ? rnd.nextGaussian() - 0.5 : -Math.exp(3 * rnd.nextGaussian());
                }
                // a target the move limit can reach: 0.02 below the current mean (random x has mean ≈ 0.5)
                double mean = 0;
                for (double v : x) mean += v / NEL;
                double volfrac = mean - 0.02;
                double eta = mechanism ? 0.3 : 0.5, move = mechanism ? 0.1 : 0.2, floor = mechanism ? 1e-10 : 0;
                OptimalityCriteria oc = new OptimalityCriteria(f, volfrac, move, eta, floor);
                DenseVector next = DenseVector.heap(NEL), phys = DenseVector.heap(NEL);
                double change = oc.update(DenseVector.wrap(x), DenseVector.wrap(dc), next, phys);
                double[] ref = direct(f, x, dc, volfrac, move, eta, floor);
                double maxDiff = 0, maxChange = 0, vol = 0;
                for (int e = 0; e < NEL; e++) {
                    maxDiff = Math.max(maxDiff, Math.abs(ref[e] - next.get(e)));
                    maxChange = Math.max(maxChange, Math.abs(next.get(e) - x[e]));
                    vol += phys.get(e);
                    assertTrue(next.get(e) >= Math.max(0, x[e] - move) && next.get(e) <= Math.min(1, x[e] + move));
                }
                // equal up to where rounding lets the bisection stop at another Λ within its 1e-3 tolerance
                assertTrue(maxDiff < 1e-3, "trial " + trial + ": max difference " + maxDiff);
                assertEquals(maxChange, change, 0.0);
                assertEquals(volfrac, vol / NEL, 1e-3, "trial " + trial);
            }
        }
    }

    @Test
    void inactiveVolumeConstraintGivesTheUnconstrainedStep() {
        try (DensityFilter f = new DensityFilter(NELX, NELY, 1.5)) {
            OptimalityCriteria oc = new OptimalityCriteria(f, 0.5, 0.1, 0.3, 1e-10);
            double[] x = new double[NEL], dc = new double[NEL];
            for (int e = 0; e < NEL; e++) {
                x[e] = 0.5;
                dc[e] = e % 4 == 0 ? -1 : 1; // three quarters of the elements want less material
            }
            DenseVector next = DenseVector.heap(NEL), phys = DenseVector.heap(NEL);
            double change = oc.update(DenseVector.wrap(x), DenseVector.wrap(dc), next, phys);
            for (int e = 0; e < NEL; e++) assertEquals(e % 4 == 0 ? 0.6 : 0.4, next.get(e), 1e-15, "element " + e);
            assertEquals(0.1, change, 1e-15);
        }
    }
}

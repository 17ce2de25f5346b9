package dev.pullback.gallery;

import java.util.SplittableRandom;

/**
 * A smooth random field on the unit cube, for material coefficients (conductivity, Young's modulus,
 * viscosity) that vary in space the way measured ones do: correlated over a few cells, not
 * independent from cell to cell. g(x) = √(2/M) Σₘ cos(kₘ·x + φₘ) with M random wave vectors of
 * length 2π·[1, 8] and uniform phases has mean 0 and variance 1 (a random-Fourier-feature Gaussian
 * field); exp(σ·g) then gives a log-normal coefficient with contrast about e^{±2σ}.
 */
final class RandomField {
    private static final int MODES = 24;
    private final double[] kx = new double[MODES];
    private final double[] ky = new double[MODES];
    private final double[] kz = new double[MODES];
    private final double[] phase = new double[MODES];

    RandomField(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int m = 0; m < MODES; m++) {
            // a uniformly random direction (normalised Gaussian vector) and a log-uniform length
            double gx = gaussian(rnd), gy = gaussian(rnd), gz = gaussian(rnd);
            double norm = Math.sqrt(gx * gx + gy * gy + gz * gz);
            double len = 2 * Math.PI * Math.exp(rnd.nextDouble(0, Math.log(8)));
            kx[m] = len * gx / norm;
            ky[m] = len * gy / norm;
            kz[m] = len * gz / norm;
            phase[m] = rnd.nextDouble(0, 2 * Math.PI);
        }
    }

    /** g at (x, y, z); coordinates of order 1 (the domain scaled into the unit cube). */
    double at(double x, double y, double z) {
        double s = 0;
        for (int m = 0; m < MODES; m++) s += Math.cos(kx[m] * x + ky[m] * y + kz[m] * z + phase[m]);
        return s * Math.sqrt(2.0 / MODES);
    }

    /** exp(σ·g(x, y, z)): a log-normal coefficient with median 1. */
    double logNormal(double sigma, double x, double y, double z) {
        return Math.exp(sigma * at(x, y, z));
    }

    /** A standard normal deviate (Box–Muller; the second value is dropped). */
    static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}

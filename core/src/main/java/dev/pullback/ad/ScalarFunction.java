package dev.pullback.ad;

/**
 * A differentiable scalar function φ: ℝ → ℝ, applied elementwise by {@link ElementwiseMap}.
 * Implementations give the value and the derivative; the ones here are exact to a few ulps where
 * their formulas say so. Implement this interface for any other map (a lambda pair is not enough:
 * both methods are needed).
 */
public interface ScalarFunction {
    /** φ(x). */
    double value(double x);

    /** φ'(x). */
    double derivative(double x);

    /**
     * Modified SIMP interpolation (top88): φ(x) = Emin + xᵖ(E0 − Emin), φ'(x) = p·xᵖ⁻¹(E0 − Emin), for
     * densities x in [0, 1] (x outside gives NaN for non-integer p, which {@link ElementwiseMap} reports).
     * Requires 0 ≤ Emin &lt; E0 and p ≥ 1 (so φ' is finite at x = 0).
     */
    static ScalarFunction simp(double emin, double e0, double penal) {
        return new Simp(emin, e0, penal);
    }

    /** φ(x) = eˣ, φ' = eˣ (a log-parametrised positive quantity). */
    static ScalarFunction exp() {
        return Exp.INSTANCE;
    }

    /**
     * Softplus φ(x) = log(1 + eˣ), evaluated as max(x, 0) + log1p(e^−|x|) so that it neither
     * overflows nor loses the small values; φ'(x) = 1/(1 + e^−x), the logistic function.
     */
    static ScalarFunction softplus() {
        return Softplus.INSTANCE;
    }

    /** φ(x) = a·x + c, φ' = a. */
    static ScalarFunction affine(double a, double c) {
        return new Affine(a, c);
    }

    /** See {@link ScalarFunction#simp}. */
    record Simp(double emin, double e0, double penal) implements ScalarFunction {
        public Simp {
            if (!(emin >= 0 && e0 > emin && Double.isFinite(e0))) {
                throw new IllegalArgumentException("SIMP needs 0 <= Emin < E0 < inf, got Emin = " + emin + ", E0 = " + e0);
            }
            if (!(penal >= 1 && Double.isFinite(penal))) {
                throw new IllegalArgumentException("SIMP penalty must be finite and >= 1, got " + penal);
            }
        }

        @Override
        public double value(double x) {
            return emin + Math.pow(x, penal) * (e0 - emin);
        }

        @Override
        public double derivative(double x) {
            return penal == 1 ? e0 - emin : penal * Math.pow(x, penal - 1) * (e0 - emin);
        }
    }

    /** See {@link ScalarFunction#exp}. */
    enum Exp implements ScalarFunction {
        INSTANCE;

        @Override
        public double value(double x) {
            return Math.exp(x);
        }

        @Override
        public double derivative(double x) {
            return Math.exp(x);
        }
    }

    /** See {@link ScalarFunction#softplus}. */
    enum Softplus implements ScalarFunction {
        INSTANCE;

        @Override
        public double value(double x) {
            return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        }

        @Override
        public double derivative(double x) {
            // 1/(1+e^−x) for x ≥ 0; eˣ/(1+eˣ) for x < 0: no overflow of the exponential either way.
            if (x >= 0) return 1 / (1 + Math.exp(-x));
            double e = Math.exp(x);
            return e / (1 + e);
        }
    }

    /** See {@link ScalarFunction#affine}. */
    record Affine(double a, double c) implements ScalarFunction {
        public Affine {
            if (!Double.isFinite(a) || !Double.isFinite(c)) {
                throw new IllegalArgumentException("affine map needs finite a and c, got a = " + a + ", c = " + c);
            }
        }

        @Override
        public double value(double x) {
            return Math.fma(a, x, c);
        }

        @Override
        public double derivative(double x) {
            return a;
        }
    }
}

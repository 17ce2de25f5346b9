package dev.pullback.ad;

import dev.pullback.dense.DenseLu;
import dev.pullback.factor.Factorization;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.sparse.SparseLu;
import dev.pullback.sparse.Symbolic;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import java.util.Objects;

/** The {@link Factorizer}s of Pullback's two LUs, for {@link LinearSolve}. */
public final class Factorizers {
    /**
     * Default threshold on the sparse LU's reciprocal pivot growth after a refactor below which the
     * kept pivot order is abandoned for a fresh factorization: 1e-8 means the elimination grew entries
     * by 10⁸, so a refactored solve could have lost about eight digits more than a fresh one.
     */
    public static final double DEFAULT_MIN_PIVOT_GROWTH = 1e-8;

    private Factorizers() {}

    /**
     * The blocked dense LU with partial pivoting ({@link DenseLu}). factor allocates the factor storage
     * for the order of A; refactor copies A's values into it and factors again, allocating nothing
     * (dense LU picks its pivots afresh each time, so there is no pivot order to go stale).
     */
    public static Factorizer.OfDense denseLu() {
        return new DenseFactorizer();
    }

    /** {@link #sparseLu(SparseLu.Options, double)} with the LU's default options and {@link #DEFAULT_MIN_PIVOT_GROWTH}. */
    public static Factorizer.OfCsc sparseLu() {
        return sparseLu(SparseLu.Options.defaults(), DEFAULT_MIN_PIVOT_GROWTH);
    }

    /**
     * The sparse LU ({@link SparseLu}). factor runs the analysis (fill-reducing order) and a numeric
     * factorization with threshold pivoting; refactor recomputes L and U for A's new values with the
     * same pattern, column order and pivot rows, allocating nothing. When that refactor meets a zero
     * kept pivot, or its reciprocal pivot growth falls below {@code minPivotGrowth}, the factorizer
     * factors numerically afresh (new pivots, same analysis); that fallback allocates, and
     * {@link #refactorFallbacks} counts it.
     */
    public static Factorizer.OfCsc sparseLu(SparseLu.Options options, double minPivotGrowth) {
        Objects.requireNonNull(options, "options");
        if (!(minPivotGrowth >= 0 && minPivotGrowth < 1)) {
            throw new IllegalArgumentException("minPivotGrowth must lie in [0, 1), got " + minPivotGrowth);
        }
        return new SparseFactorizer(options, minPivotGrowth);
    }

    /** How many refactors of a {@link #sparseLu} factorizer fell back to a fresh factorization (0 for others). */
    public static long refactorFallbacks(Factorizer<?> factorizer) {
        return factorizer instanceof SparseFactorizer s ? s.fallbacks : 0;
    }

    private static final class DenseFactorizer implements Factorizer.OfDense {
        private DenseLu lu;

        @Override
        public Factorization factor(DenseMatrix a) {
            if (lu != null && lu.n() == a.rows() && a.rows() == a.cols()) return lu.refactor(a);
            close();
            lu = DenseLu.factor(a);
            return lu;
        }

        @Override
        public Factorization refactor(DenseMatrix a) {
            if (lu == null) throw new IllegalStateException("dense LU factorizer: refactor before factor");
            return lu.refactor(a);
        }

        @Override
        public void close() {
            if (lu != null) lu.close();
            lu = null;
        }
    }

    private static final class SparseFactorizer implements Factorizer.OfCsc {
        private final SparseLu.Options options;
        private final double minPivotGrowth;
        private Symbolic symbolic;
        private SparseLu lu;
        long fallbacks;

        SparseFactorizer(SparseLu.Options options, double minPivotGrowth) {
            this.options = options;
            this.minPivotGrowth = minPivotGrowth;
        }

        @Override
        public Factorization factor(CscMatrix a) {
            close();
            symbolic = SparseLu.analyze(a, options);
            lu = SparseLu.factor(a, symbolic, options);
            return lu;
        }

        @Override
        public Factorization refactor(CscMatrix a) {
            if (lu == null) throw new IllegalStateException("sparse LU factorizer: refactor before factor");
            try {
                lu.refactor(a);
                if (lu.reciprocalPivotGrowth() >= minPivotGrowth) return lu;
            } catch (SingularMatrixException e) {
                // a kept pivot became zero at these values: fresh pivots may still exist
            }
            fallbacks++;
            SparseLu fresh = SparseLu.factor(a, symbolic, options);
            lu.close();
            lu = fresh;
            return lu;
        }

        @Override
        public void close() {
            if (lu != null) lu.close();
            lu = null;
        }
    }
}

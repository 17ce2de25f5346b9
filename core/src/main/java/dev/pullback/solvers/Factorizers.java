package dev.pullback.solvers;

import dev.pullback.dense.DenseLu;
import dev.pullback.factor.Factorization;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.factor.SparseOptions;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseMatrix;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@link Factorizer}s: the dense LU, and any sparse factorization under one refactor policy —
 * refactor (no allocation), then a fresh factorization with the same analysis when the refactor
 * met a zero pivot or its reciprocal pivot growth fell below a threshold. {@link Solvers} names them.
 */
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

    /** The adaptive sparse LU ({@link Solvers#AUTO}) with default options and {@link #DEFAULT_MIN_PIVOT_GROWTH}. */
    public static Factorizer.OfCsc sparseLu() {
        return Solvers.get(Solvers.AUTO).factorizer();
    }

    /**
     * A factorizer over any sparse method: factor analyses A's pattern ({@code analyze}) and factors;
     * refactor recomputes the factors for A's new values on the same pattern, allocating nothing. When
     * that refactor meets a zero pivot, or its reciprocal pivot growth falls below
     * {@code minPivotGrowth}, the factorizer factors afresh with the same analysis (new pivots; this
     * allocates, and {@link #refactorFallbacks} counts it).
     *
     * @param analyze        the method's analysis of a pattern, e.g. {@code p -> SparseLu.analyze(p, options)}
     * @param minPivotGrowth in [0, 1)
     */
    public static Factorizer.OfCsc sparse(Function<CscPattern, SparseAnalysis> analyze, double minPivotGrowth) {
        return new SparseFactorizer(Objects.requireNonNull(analyze, "analyze"), minPivotGrowth);
    }

    /** How many refactors of a sparse factorizer fell back to a fresh factorization (0 for others). */
    public static long refactorFallbacks(Factorizer<?> factorizer) {
        return factorizer instanceof SparseFactorizer s ? s.fallbacks : 0;
    }

    /** {@link Solvers#get(String)}'s factorizer with these options: a shorthand for the registry. */
    public static Factorizer.OfCsc named(String solver, SparseOptions options, double minPivotGrowth) {
        return Solvers.get(solver).factorizer(options, minPivotGrowth);
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

    /** Factor, refactor with a growth check, and a fresh factor with the same analysis as the fallback. */
    private static final class SparseFactorizer implements Factorizer.OfCsc {
        private final Function<CscPattern, SparseAnalysis> analyze;
        private final double minPivotGrowth;
        private SparseFactorization lu;
        long fallbacks;

        SparseFactorizer(Function<CscPattern, SparseAnalysis> analyze, double minPivotGrowth) {
            if (!(minPivotGrowth >= 0 && minPivotGrowth < 1)) {
                throw new IllegalArgumentException("minPivotGrowth must lie in [0, 1), got " + minPivotGrowth);
            }
            this.analyze = analyze;
            this.minPivotGrowth = minPivotGrowth;
        }

        @Override
        public SparseFactorization factor(CscMatrix a) {
            close();
            lu = analyze.apply(a.pattern()).factor(a);
            return lu;
        }

        @Override
        public SparseFactorization refactor(CscMatrix a) {
            if (lu == null) throw new IllegalStateException("sparse factorizer: refactor before factor");
            try {
                lu.refactor(a);
                if (lu.reciprocalPivotGrowth() >= minPivotGrowth) return lu;
            } catch (SingularMatrixException e) {
                // a kept pivot became zero at these values: fresh pivots may still exist
            }
            fallbacks++;
            SparseFactorization fresh = lu.analysis().factor(a);
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

package dev.pullback.ad;

import dev.pullback.dense.DenseLu;
import dev.pullback.factor.Factorization;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.sparse.AdaptiveSparseLu;
import dev.pullback.sparse.BtfLu;
import dev.pullback.sparse.SparseLu;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The {@link Factorizer}s of Pullback's LUs (dense; sparse: adaptive, Gilbert–Peierls, block triangular), for {@link LinearSolve}. */
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
     * The sparse LU that suits the pattern ({@link AdaptiveSparseLu}): the multifrontal
     * {@link dev.pullback.sparse.SupernodalLu} for symmetric and nearly symmetric patterns with fill
     * (FEM, grids: 2.5–7x faster than KLU to factor and refactor), else
     * {@link SparseLu}. factor analyses and factors; refactor recomputes the factors for A's new
     * values on the same pattern, allocating nothing (the supernodal LU re-chooses its pivots inside
     * each supernode, SparseLu keeps its pivot rows). When that refactor meets a zero pivot, or its
     * reciprocal pivot growth falls below {@code minPivotGrowth}, the factorizer factors afresh; that
     * fallback allocates, and {@link #refactorFallbacks} counts it.
     */
    public static Factorizer.OfCsc sparseLu(SparseLu.Options options, double minPivotGrowth) {
        Objects.requireNonNull(options, "options");
        return new SparseFactorizer<>(minPivotGrowth, a -> AdaptiveSparseLu.factor(a, options), AdaptiveSparseLu::refactor,
                AdaptiveSparseLu::reciprocalPivotGrowth);
    }

    /**
     * The left-looking Gilbert–Peierls LU ({@link SparseLu}, KLU class) whatever the pattern:
     * factor analyses (fill-reducing order) and factors; refactor keeps the pivot rows; the fallback
     * on a zero pivot or low growth factors afresh.
     */
    public static Factorizer.OfCsc gilbertPeierlsLu(SparseLu.Options options, double minPivotGrowth) {
        Objects.requireNonNull(options, "options");
        return new SparseFactorizer<>(minPivotGrowth, a -> SparseLu.factor(a, SparseLu.analyze(a, options), options),
                SparseLu::refactor, SparseLu::reciprocalPivotGrowth);
    }

    /**
     * The LU through the block triangular form ({@link BtfLu}): for reducible matrices (cascades of
     * subsystems, circuits with feed-forward stages), a {@link SparseLu} per irreducible diagonal
     * block. refactor keeps every block's pivots and allocates nothing; fallback as above.
     */
    public static Factorizer.OfCsc btfLu(SparseLu.Options options, double minPivotGrowth) {
        Objects.requireNonNull(options, "options");
        return new SparseFactorizer<>(minPivotGrowth, a -> BtfLu.factor(a, options), BtfLu::refactor,
                BtfLu::reciprocalPivotGrowth);
    }

    /** How many refactors of a sparse factorizer fell back to a fresh factorization (0 for others). */
    public static long refactorFallbacks(Factorizer<?> factorizer) {
        return factorizer instanceof SparseFactorizer<?> s ? s.fallbacks : 0;
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

    /** Factor, refactor with a growth check, and a fresh factor as the fallback, for any sparse LU. */
    private static final class SparseFactorizer<F extends Factorization> implements Factorizer.OfCsc {
        private final double minPivotGrowth;
        private final Function<CscMatrix, F> factor;
        private final BiConsumer<F, CscMatrix> refactor;
        private final ToDoubleFunction<F> growth;
        private F lu;
        long fallbacks;

        SparseFactorizer(double minPivotGrowth, Function<CscMatrix, F> factor, BiConsumer<F, CscMatrix> refactor,
                ToDoubleFunction<F> growth) {
            if (!(minPivotGrowth >= 0 && minPivotGrowth < 1)) {
                throw new IllegalArgumentException("minPivotGrowth must lie in [0, 1), got " + minPivotGrowth);
            }
            this.minPivotGrowth = minPivotGrowth;
            this.factor = factor;
            this.refactor = refactor;
            this.growth = growth;
        }

        @Override
        public Factorization factor(CscMatrix a) {
            close();
            lu = factor.apply(a);
            return lu;
        }

        @Override
        public Factorization refactor(CscMatrix a) {
            if (lu == null) throw new IllegalStateException("sparse LU factorizer: refactor before factor");
            try {
                refactor.accept(lu, a);
                if (growth.applyAsDouble(lu) >= minPivotGrowth) return lu;
            } catch (SingularMatrixException e) {
                // a kept pivot became zero at these values: fresh pivots may still exist
            }
            fallbacks++;
            F fresh = factor.apply(a);
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

package dev.pullback.topopt;

import dev.pullback.ad.Factorizer;
import dev.pullback.factor.Factorization;
import dev.pullback.sparse.Ordering;
import dev.pullback.sparse.SparseLu;
import dev.pullback.sparse.Symbolic;
import dev.pullback.storage.CscMatrix;

/** The {@link LinearSolverFactory} implementations the library provides. */
public final class Solvers {
    /**
     * A refactor whose reciprocal pivot growth falls below this keeps pivots that no longer suit
     * the values; the factorizer then factors afresh (new pivot order, allocation). K(x) is
     * symmetric positive definite, so diagonal pivots stay good and this is a safety net.
     */
    static final double MIN_RECIPROCAL_GROWTH = 1e-10;

    private Solvers() {}

    /**
     * The sparse LU ({@link SparseLu}): AMD ordering of K's pattern, analysed and factored at the
     * first iteration, refactored in place (same pivots, no allocation) at every later one.
     */
    public static LinearSolverFactory sparseLu() {
        return new LinearSolverFactory() {
            @Override
            public String name() {
                return "sparse LU (AMD, refactor)";
            }

            @Override
            public Factorizer<CscMatrix> create() {
                return new SparseLuFactorizer(SparseLu.Options.defaults().withOrdering(Ordering.AMD));
            }
        };
    }

    /** {@link SparseLu} behind the pullback layer's {@link Factorizer} contract. */
    static final class SparseLuFactorizer implements Factorizer.OfCsc {
        private final SparseLu.Options options;
        private Symbolic symbolic;
        private SparseLu lu;

        SparseLuFactorizer(SparseLu.Options options) {
            this.options = options;
        }

        @Override
        public Factorization factor(CscMatrix a) {
            close();
            symbolic = SparseLu.analyze(a, options);
            lu = SparseLu.factor(a, symbolic, options);
            return lu;
        }

        /** Refactors with the kept pivots; factors afresh when their growth collapsed (see {@link #MIN_RECIPROCAL_GROWTH}). */
        @Override
        public Factorization refactor(CscMatrix a) {
            if (lu == null) throw new IllegalStateException("SparseLuFactorizer.refactor: nothing was factored yet");
            lu.refactor(a);
            if (lu.reciprocalPivotGrowth() < MIN_RECIPROCAL_GROWTH) {
                SparseLu fresh = SparseLu.factor(a, symbolic, options);
                lu.close();
                lu = fresh;
            }
            return lu;
        }

        @Override
        public void close() {
            if (lu != null) lu.close();
            lu = null;
        }
    }
}

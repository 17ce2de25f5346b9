package dev.pullback.topopt;

import dev.pullback.ad.Factorizer;
import dev.pullback.ad.Factorizers;
import dev.pullback.sparse.Ordering;
import dev.pullback.sparse.SparseLu;
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
     * The sparse LU for K: {@link Factorizers#sparseLu(SparseLu.Options, double)}, which takes the
     * multifrontal supernodal LU for this symmetric, filling pattern (AMD on K's pattern, dense
     * fronts on the SIMD GEMM), analysed and factored at the first iteration and refactored in place
     * (no allocation) at every later one.
     */
    public static LinearSolverFactory sparseLu() {
        return new LinearSolverFactory() {
            @Override
            public String name() {
                return "sparse LU (supernodal, AMD, refactor)";
            }

            @Override
            public Factorizer<CscMatrix> create() {
                return Factorizers.sparseLu(SparseLu.Options.defaults().withOrdering(Ordering.AMD), MIN_RECIPROCAL_GROWTH);
            }
        };
    }

    /** The Gilbert–Peierls LU ({@link SparseLu}, KLU class) with AMD, for comparison. */
    public static LinearSolverFactory gilbertPeierlsLu() {
        return new LinearSolverFactory() {
            @Override
            public String name() {
                return "sparse LU (Gilbert-Peierls, AMD, refactor)";
            }

            @Override
            public Factorizer<CscMatrix> create() {
                return Factorizers.gilbertPeierlsLu(SparseLu.Options.defaults().withOrdering(Ordering.AMD),
                        MIN_RECIPROCAL_GROWTH);
            }
        };
    }
}

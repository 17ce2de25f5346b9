package dev.pullback.topopt;

import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import dev.pullback.solvers.Factorizer;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;

/** The showcase's {@link LinearSolverFactory}: a solver of the library's registry ({@link Solvers}), AMD order. */
public final class SolverChoice {
    /**
     * A refactor whose reciprocal pivot growth falls below this keeps pivots that no longer suit
     * the values; the factorizer then factors afresh (new pivots, allocation). K(x) is symmetric
     * positive definite, so diagonal pivots stay good and this is a safety net.
     */
    static final double MIN_RECIPROCAL_GROWTH = 1e-10;

    private SolverChoice() {}

    /**
     * The registry's solver of that name with AMD ordering, analysed and factored at the first
     * iteration and refactored in place (no allocation) at every later one. {@code auto} (the
     * default) takes the supernodal Cholesky for K, which is symmetric positive definite
     * ({@code supernodal} names the multifrontal LU it used before).
     *
     * @throws IllegalArgumentException no solver of that name (the message lists them)
     */
    public static LinearSolverFactory named(String name) {
        Solvers.Solver s = Solvers.get(name);
        SparseOptions options = SparseOptions.defaults().withOrdering(Ordering.AMD);
        return new LinearSolverFactory() {
            @Override
            public String name() {
                return s.description() + " (" + s.name() + ", AMD, refactor)";
            }

            @Override
            public Factorizer<CscMatrix> create() {
                return s.factorizer(options, MIN_RECIPROCAL_GROWTH);
            }
        };
    }
}

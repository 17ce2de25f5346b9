package dev.pullback.sparse;

import dev.pullback.factor.Method;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseAnalysis;
import dev.pullback.storage.CscMatrix;

/**
 * {@link AdaptiveSparseLu}'s analysis: the method its rule chose for the pattern (the dense LU, the
 * block triangular form, Cholesky, LDLᵀ, the supernodal LU or Gilbert–Peierls), that method's
 * analysis, and, when it chose the supernodal LU, the Gilbert–Peierls analysis in the same order to
 * fall back on if a pivot outside a supernode is needed. When it chose the Cholesky factorization
 * (a symmetric pattern), the LU route for values that are not positive definite is analysed on
 * first need ({@link #luRoute}) in the same order, from the pattern of the matrix being factored. Immutable in what it reports, and shareable.
 */
public final class AdaptiveAnalysis implements SparseAnalysis {
    final SparseAnalysis chosen;
    final Symbolic fallback;
    private final String reason;
    /** For a Cholesky choice: what the LU route needs, and the route once analysed. */
    private final LuInputs luInputs;
    private volatile AdaptiveAnalysis luRoute;

    AdaptiveAnalysis(SparseAnalysis chosen, String reason, Symbolic fallback) {
        this(chosen, reason, fallback, null);
    }

    AdaptiveAnalysis(SparseAnalysis chosen, String reason, Symbolic fallback, LuInputs luInputs) {
        this.chosen = chosen;
        this.reason = reason;
        this.fallback = fallback;
        this.luInputs = luInputs;
    }

    /** The symmetric order and the options a Cholesky choice's LU route is analysed with (no pattern: it holds none). */
    record LuInputs(int[] order, Ordering used, dev.pullback.factor.SparseOptions options, long cholesky, String reason) {}

    /**
     * The supernodal LU analysis (with its Gilbert–Peierls fallback) in this analysis' order, for a
     * Cholesky choice whose values turn out not positive definite: computed on the first call from
     * {@code pattern} (the analysed one: the caller's matrix has it), then kept.
     */
    AdaptiveAnalysis luRoute(dev.pullback.storage.CscPattern pattern) {
        AdaptiveAnalysis r = luRoute;
        if (r == null) {
            synchronized (this) {
                r = luRoute;
                if (r == null) {
                    // The Cholesky's (or LDLᵀ's) supernodes serve the LU too (same symmetric pattern,
                    // same order): only the map of A's entries into the fronts differs.
                    LuInputs in = luInputs;
                    SupernodalStructure st = ((SupernodeAnalysis) chosen).structure.withAssemblyMaps(pattern, false);
                    Symbolic gp = new Symbolic(in.options(), st.n, pattern.nnz(), in.used(), in.order(), st.symmetry,
                            -1, in.cholesky());
                    r = new AdaptiveAnalysis(new SupernodalAnalysis(st, in.options(), in.reason()), in.reason(), gp);
                    luRoute = r;
                }
            }
        }
        return r;
    }

    @Override
    public AdaptiveSparseLu factor(CscMatrix a) {
        return AdaptiveSparseLu.factor(a, this);
    }

    /**
     * The chosen method's own analysis ({@link dev.pullback.dense.DenseAnalysis}, {@link BtfAnalysis},
     * {@link CholeskyAnalysis}, {@link LdltAnalysis}, {@link SupernodalAnalysis} or {@link Symbolic}).
     */
    public SparseAnalysis chosen() {
        return chosen;
    }

    @Override
    public int n() {
        return chosen.n();
    }

    @Override
    public int nnz() {
        return chosen.nnz();
    }

    @Override
    public Method method() {
        return chosen.method();
    }

    @Override
    public String methodReason() {
        return reason;
    }

    @Override
    public Ordering ordering() {
        return chosen.ordering();
    }

    @Override
    public int[] columnOrder() {
        return chosen.columnOrder();
    }

    @Override
    public String toString() {
        return "AdaptiveAnalysis[" + method() + " (" + reason + "), " + chosen + "]";
    }
}

package dev.pullback.sparse;

import dev.pullback.factor.Method;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseAnalysis;
import dev.pullback.storage.CscMatrix;

/**
 * {@link AdaptiveSparseLu}'s analysis: the method its rule chose for the pattern (the dense LU, the
 * supernodal LU or Gilbert–Peierls), that method's
 * analysis, and, when it chose the supernodal LU, the Gilbert–Peierls analysis in the same order to
 * fall back on if a pivot outside a supernode is needed. Immutable and shareable.
 */
public final class AdaptiveAnalysis implements SparseAnalysis {
    final SparseAnalysis chosen;
    final Symbolic fallback;
    private final String reason;

    AdaptiveAnalysis(SparseAnalysis chosen, String reason, Symbolic fallback) {
        this.chosen = chosen;
        this.reason = reason;
        this.fallback = fallback;
    }

    @Override
    public AdaptiveSparseLu factor(CscMatrix a) {
        return AdaptiveSparseLu.factor(a, this);
    }

    /** The chosen method's own analysis ({@link dev.pullback.dense.DenseAnalysis}, {@link SupernodalAnalysis} or {@link Symbolic}). */
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

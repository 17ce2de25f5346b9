package dev.pullback.sparse;

import dev.pullback.factor.Method;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseOptions;
import dev.pullback.storage.CscMatrix;

/**
 * {@link SupernodalLu}'s analysis of a pattern: the symmetric order of A + Aᵀ (AMD, postordered),
 * the supernodes, their row structures, the extend-add maps and the packed layout of L and U
 * ({@link SupernodalStructure}). Immutable and shareable; made by {@link SupernodalLu#analyze}.
 */
public final class SupernodalAnalysis implements SparseAnalysis {
    final SupernodalStructure structure;
    final SparseOptions options;
    private final String reason;

    SupernodalAnalysis(SupernodalStructure structure, SparseOptions options, String reason) {
        this.structure = structure;
        this.options = options;
        this.reason = reason;
    }

    /** Factors A by {@link SupernodalLu} with this analysis. */
    @Override
    public SupernodalLu factor(CscMatrix a) {
        return SupernodalLu.factor(a, this);
    }

    @Override
    public int n() {
        return structure.n;
    }

    @Override
    public int nnz() {
        return structure.nnz;
    }

    /** {@link Method#SUPERNODAL_LU}. */
    @Override
    public Method method() {
        return Method.SUPERNODAL_LU;
    }

    @Override
    public String methodReason() {
        return reason;
    }

    /** AMD or NATURAL (the supernodal structure needs a symmetric permutation). */
    @Override
    public Ordering ordering() {
        return structure.ordering;
    }

    @Override
    public int[] columnOrder() {
        return structure.q.clone();
    }

    /** The options {@link #factor} uses. */
    public SparseOptions options() {
        return options;
    }

    /** Number of supernodes after amalgamation. */
    public int supernodes() {
        return structure.count;
    }

    /** nnz(L + U) the factors will hold, diagonal once, amalgamation zeros included. */
    public long factorNonzeros() {
        return 2 * structure.nnzL() - structure.n;
    }

    @Override
    public String toString() {
        return "SupernodalAnalysis[n=" + n() + ", ordering=" + ordering() + ", supernodes=" + supernodes()
                + ", nnz(L+U)=" + factorNonzeros() + "]";
    }
}

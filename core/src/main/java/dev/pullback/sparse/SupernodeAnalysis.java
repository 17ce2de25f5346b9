package dev.pullback.sparse;

import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseOptions;

/**
 * What the supernodal LU's and the supernodal Cholesky's analyses share: a {@link SupernodalStructure}
 * (symmetric order, supernodes, extend-add maps), the options and the reason the method was chosen.
 * Immutable and shareable from any thread.
 */
abstract sealed class SupernodeAnalysis implements SparseAnalysis permits SupernodalAnalysis, CholeskyAnalysis, LdltAnalysis {
    final SupernodalStructure structure;
    final SparseOptions options;
    private final String reason;

    SupernodeAnalysis(SupernodalStructure structure, SparseOptions options, String reason) {
        this.structure = structure;
        this.options = options;
        this.reason = reason;
    }

    @Override
    public int n() {
        return structure.n;
    }

    @Override
    public int nnz() {
        return structure.nnz;
    }

    @Override
    public String methodReason() {
        return reason;
    }

    /** AMD, NESTED_DISSECTION or NATURAL (the supernodal structure needs a symmetric permutation). */
    @Override
    public Ordering ordering() {
        return structure.ordering;
    }

    @Override
    public int[] columnOrder() {
        return structure.q.clone();
    }

    /** Number of supernodes after amalgamation. */
    public int supernodes() {
        return structure.count;
    }
}

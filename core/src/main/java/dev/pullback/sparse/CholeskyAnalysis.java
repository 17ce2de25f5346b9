package dev.pullback.sparse;

import dev.pullback.factor.Method;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseOptions;
import dev.pullback.storage.CscMatrix;

/**
 * {@link SupernodalCholesky}'s analysis of a pattern: the AMD order of A + Aᵀ (postordered), the
 * supernodes and their row structures, the extend-add maps and the map of A's lower triangle into
 * the fronts ({@link SupernodalStructure}, built for the lower triangle only). Immutable and
 * shareable from any thread; made by {@link SupernodalCholesky#analyze}.
 */
public final class CholeskyAnalysis implements SparseAnalysis {
    final SupernodalStructure structure;
    final SparseOptions options;
    private final String reason;

    CholeskyAnalysis(SupernodalStructure structure, SparseOptions options, String reason) {
        this.structure = structure;
        this.options = options;
        this.reason = reason;
    }

    /** Factors A by {@link SupernodalCholesky} with this analysis. */
    @Override
    public SupernodalCholesky factor(CscMatrix a) {
        return SupernodalCholesky.factor(a, this);
    }

    @Override
    public int n() {
        return structure.n;
    }

    @Override
    public int nnz() {
        return structure.nnz;
    }

    /** {@link Method#CHOLESKY}. */
    @Override
    public Method method() {
        return Method.CHOLESKY;
    }

    @Override
    public String methodReason() {
        return reason;
    }

    /** AMD or NATURAL (a symmetric permutation). */
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

    /** nnz(L) the factor will hold, diagonal and amalgamation zeros included. */
    public long factorNonzeros() {
        return structure.nnzL();
    }

    /** nnz(L) of the exact Cholesky factor in this order, diagonal included (no amalgamation zeros). */
    public long choleskyNonzeros() {
        return structure.choleskyNonzeros;
    }

    @Override
    public String toString() {
        return "CholeskyAnalysis[n=" + n() + ", ordering=" + ordering() + ", supernodes=" + supernodes() + ", nnz(L)="
                + factorNonzeros() + "]";
    }
}

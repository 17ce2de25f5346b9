package dev.pullback.sparse;

import dev.pullback.factor.Method;
import dev.pullback.factor.SparseOptions;
import dev.pullback.storage.CscMatrix;

/**
 * {@link SupernodalCholesky}'s analysis of a pattern: the symmetric order of A + Aᵀ (AMD or nested
 * dissection, {@code SymmetricOrder}; postordered), the
 * supernodes and their row structures, the extend-add maps and the map of A's lower triangle into
 * the fronts ({@link SupernodalStructure}, built for the lower triangle only). Immutable and
 * shareable from any thread; made by {@link SupernodalCholesky#analyze}.
 */
public final class CholeskyAnalysis extends SupernodeAnalysis {
    CholeskyAnalysis(SupernodalStructure structure, SparseOptions options, String reason) {
        super(structure, options, reason);
    }

    /** Factors A by {@link SupernodalCholesky} with this analysis. */
    @Override
    public SupernodalCholesky factor(CscMatrix a) {
        return SupernodalCholesky.factor(a, this);
    }

    /** {@link Method#CHOLESKY}. */
    @Override
    public Method method() {
        return Method.CHOLESKY;
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

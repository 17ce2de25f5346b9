package dev.pullback.sparse;

import dev.pullback.factor.Method;
import dev.pullback.factor.SparseOptions;
import dev.pullback.storage.CscMatrix;

/**
 * {@link SupernodalLdlt}'s analysis of a pattern: as {@link CholeskyAnalysis} (supernodes, extend-add
 * maps, the map of A's lower triangle into the fronts), in AMD's order of A + Aᵀ with the columns
 * that have no diagonal entry kept behind a neighbour ({@link ZeroDiagonalPairs}), postordered.
 * The fronts it describes are those of a factorization without delayed pivots; delays, found at
 * factor time, enlarge some of them. Immutable and shareable from any thread; made by
 * {@link SupernodalLdlt#analyze}.
 */
public final class LdltAnalysis extends SupernodeAnalysis {
    LdltAnalysis(SupernodalStructure structure, SparseOptions options, String reason) {
        super(structure, options, reason);
    }

    /** Factors A by {@link SupernodalLdlt} with this analysis. */
    @Override
    public SupernodalLdlt factor(CscMatrix a) {
        return SupernodalLdlt.factor(a, this);
    }

    /** {@link Method#LDLT}. */
    @Override
    public Method method() {
        return Method.LDLT;
    }

    /** nnz(L) of a factorization without delayed pivots, diagonal and amalgamation zeros included. */
    public long factorNonzeros() {
        return structure.nnzL();
    }

    @Override
    public String toString() {
        return "LdltAnalysis[n=" + n() + ", ordering=" + ordering() + ", supernodes=" + supernodes() + ", nnz(L)="
                + factorNonzeros() + "]";
    }
}

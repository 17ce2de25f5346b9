package dev.pullback.sparse;

import dev.pullback.factor.Method;
import dev.pullback.factor.SparseOptions;
import dev.pullback.storage.CscMatrix;

/**
 * {@link SupernodalLu}'s analysis of a pattern: the symmetric order of A + Aᵀ (AMD, postordered),
 * the supernodes, their row structures, the extend-add maps and the packed layout of L and U
 * ({@link SupernodalStructure}). Immutable and shareable; made by {@link SupernodalLu#analyze}.
 */
public final class SupernodalAnalysis extends SupernodeAnalysis {
    SupernodalAnalysis(SupernodalStructure structure, SparseOptions options, String reason) {
        super(structure, options, reason);
    }

    /** Factors A by {@link SupernodalLu} with this analysis. */
    @Override
    public SupernodalLu factor(CscMatrix a) {
        return SupernodalLu.factor(a, this);
    }

    /** {@link Method#SUPERNODAL_LU}. */
    @Override
    public Method method() {
        return Method.SUPERNODAL_LU;
    }

    /** The options {@link #factor} uses. */
    public SparseOptions options() {
        return options;
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

package dev.pullback.factor;

/** The fill-reducing column ordering a sparse factorization's analysis applies ({@link SparseOptions#ordering()}). */
public enum Ordering {
    /**
     * AMD when the pattern is structurally near-symmetric (at least half of the off-diagonal
     * entries have their mirror entry), COLAMD otherwise.
     */
    AUTO,
    /** Approximate minimum degree on the pattern of A + Aᵀ (rows and columns permuted alike). */
    AMD,
    /** Column approximate minimum degree on the pattern of AᵀA, computed without forming AᵀA. */
    COLAMD,
    /** The identity: columns in the order given. */
    NATURAL
}

package dev.pullback.factor;

/** The fill-reducing column ordering a sparse factorization's analysis applies ({@link SparseOptions#ordering()}). */
public enum Ordering {
    /**
     * AMD when the pattern is structurally near-symmetric (at least half of the off-diagonal
     * entries have their mirror entry), COLAMD otherwise. The supernodal analyses (Cholesky,
     * supernodal LU, and the adaptive one's choice of them) compute nested dissection too on large
     * patterns that AMD fills much, and keep the order with the cheaper factor (see the guide).
     */
    AUTO,
    /** Approximate minimum degree on the pattern of A + Aᵀ (rows and columns permuted alike). */
    AMD,
    /** Column approximate minimum degree on the pattern of AᵀA, computed without forming AᵀA. */
    COLAMD,
    /**
     * Nested dissection of the pattern of A + Aᵀ (multilevel vertex separators numbered last,
     * small pieces by AMD): less fill than AMD on large 2D and 3D meshes.
     */
    NESTED_DISSECTION,
    /** The identity: columns in the order given. */
    NATURAL
}

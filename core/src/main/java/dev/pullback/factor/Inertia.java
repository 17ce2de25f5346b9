package dev.pullback.factor;

/**
 * The inertia of a symmetric matrix: how many of its eigenvalues are positive, negative and zero
 * (Sylvester: the same counts for every congruent matrix, so an LDLᵀ factorization reads them off
 * D). Optimisation codes check it: a KKT matrix [[H, Bᵀ], [B, 0]] with m independent constraints
 * has inertia (n_H, m, 0) exactly when H is positive definite on the null space of B.
 *
 * @param positive eigenvalues &gt; 0
 * @param negative eigenvalues &lt; 0
 * @param zero     eigenvalues = 0
 */
public record Inertia(int positive, int negative, int zero) {
    /** Checks that no count is negative. */
    public Inertia {
        if (positive < 0 || negative < 0 || zero < 0) {
            throw new IllegalArgumentException("inertia counts must be non-negative, got (" + positive + ", " + negative
                    + ", " + zero + ")");
        }
    }

    /** The order of the matrix: positive + negative + zero. */
    public int n() {
        return positive + negative + zero;
    }

    @Override
    public String toString() {
        return "(" + positive + ", " + negative + ", " + zero + ")";
    }
}

package dev.pullback.factor;

import dev.pullback.internal.Checks;

/**
 * Analysis and factorization options of the sparse factorizations.
 *
 * @param ordering             the fill-reducing ordering ({@link Ordering#AUTO} by default)
 * @param pivotTolerance       τ in (0, 1]: the preferred (diagonal) row is kept as pivot while its
 *                             magnitude is at least τ times the largest candidate's (1 = partial pivoting)
 * @param rowScaling           divide each row by its largest magnitude before pivoting (KLU's default)
 * @param denseFactor          rows/columns with more than max(16, denseFactor·√n) entries are ordered
 *                             last by AMD/COLAMD; negative: never
 * @param aggressiveAbsorption AMD/COLAMD absorb every element lying inside the new pivot element
 */
public record SparseOptions(Ordering ordering, double pivotTolerance, boolean rowScaling, double denseFactor,
        boolean aggressiveAbsorption) {
    /** The dense-row factor of {@link #defaults()}. */
    public static final double DEFAULT_DENSE_FACTOR = 10.0;

    /** Checks the options: a null ordering, τ outside (0, 1] or a NaN dense factor is an IllegalArgumentException. */
    public SparseOptions {
        if (ordering == null) throw new IllegalArgumentException("ordering must not be null");
        if (!(pivotTolerance > 0 && pivotTolerance <= 1)) {
            throw new IllegalArgumentException("pivot tolerance must be in (0, 1], got " + pivotTolerance);
        }
        if (Double.isNaN(denseFactor)) throw new IllegalArgumentException("dense factor is NaN");
    }

    /** AUTO ordering, τ = 0.001, row scaling on, dense factor 10, aggressive absorption on. */
    public static SparseOptions defaults() {
        return new SparseOptions(Ordering.AUTO, 0.001, true, DEFAULT_DENSE_FACTOR, true);
    }

    /** These options with another ordering. */
    public SparseOptions withOrdering(Ordering o) {
        return new SparseOptions(o, pivotTolerance, rowScaling, denseFactor, aggressiveAbsorption);
    }

    /** These options with another pivot tolerance τ. */
    public SparseOptions withPivotTolerance(double tau) {
        return new SparseOptions(ordering, tau, rowScaling, denseFactor, aggressiveAbsorption);
    }

    /** These options with row scaling on or off. */
    public SparseOptions withRowScaling(boolean on) {
        return new SparseOptions(ordering, pivotTolerance, on, denseFactor, aggressiveAbsorption);
    }
}

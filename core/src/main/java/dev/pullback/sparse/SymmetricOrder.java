package dev.pullback.sparse;

import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;

/**
 * The symmetric fill-reducing order the supernodal analyses factor in (Cholesky, supernodal LU and
 * the adaptive analysis's choice between them), the ordering that made it, and nnz of the
 * Cholesky factor of P(A + Aᵀ)Pᵀ in it when known.
 *
 * <p>{@link Ordering#AUTO} decides between AMD and {@link NestedDissection}: AMD always (it is
 * cheap, and best on small and irregular patterns); then, on a pattern with at least
 * {@value #ND_MIN_N} nodes whose AMD factor has more than {@value #ND_MIN_FILL} nonzeros per
 * nonzero of A + Aᵀ (a mesh-like pattern that fills a lot), nested dissection too, and the order
 * whose Cholesky factor needs fewer flops (Σ over columns of the column count squared, from the
 * elimination tree's column counts) is kept. Flops and not nnz(L): the factor's time follows its
 * flops, and the two orders trade them differently — nested dissection puts its fill in a few
 * large dense fronts. Explicit AMD, NESTED_DISSECTION and NATURAL are taken as named; COLAMD (an
 * unsymmetric ordering) means AMD here.
 */
final class SymmetricOrder {
    /** Patterns with fewer nodes are ordered by AMD alone under AUTO. */
    static final int ND_MIN_N = 20_000;
    /** AMD's nnz(L) per entry of A + Aᵀ (strictly lower triangle plus diagonal) from which AUTO tries nested dissection. */
    static final double ND_MIN_FILL = 4.0;

    final int[] perm;
    final Ordering used;
    /** nnz(L) of the Cholesky factor of P(A + Aᵀ)Pᵀ, diagonal included: exact, or AMD's upper bound; −1 when not counted. */
    final long cholesky;
    /** Whether {@link #cholesky} is an exact count (else a bound or unknown). */
    final boolean exact;
    /** How AUTO decided (empty for a named ordering or when nested dissection was not tried). */
    final String reason;

    private SymmetricOrder(int[] perm, Ordering used, long cholesky, boolean exact, String reason) {
        this.perm = perm;
        this.used = used;
        this.cholesky = cholesky;
        this.exact = exact;
        this.reason = reason;
    }

    /** The order the options ask for; see the class comment. */
    static SymmetricOrder of(SymmetricStructure sym, SparseOptions options) {
        return switch (options.ordering()) {
            case NATURAL -> {
                int[] p = new int[sym.n];
                for (int k = 0; k < p.length; k++) p[k] = k;
                yield new SymmetricOrder(p, Ordering.NATURAL, -1, false, "");
            }
            case NESTED_DISSECTION -> new SymmetricOrder(NestedDissection.order(sym), Ordering.NESTED_DISSECTION, -1,
                    false, "");
            case AMD, COLAMD -> amd(sym, options);
            case AUTO -> auto(sym, options);
        };
    }

    private static SymmetricOrder amd(SymmetricStructure sym, SparseOptions options) {
        long[] bound = new long[1];
        int[] p = Amd.order(sym, options.denseFactor(), options.aggressiveAbsorption(), bound);
        return new SymmetricOrder(p, Ordering.AMD, bound[0], false, "");
    }

    private static SymmetricOrder auto(SymmetricStructure sym, SparseOptions options) {
        SymmetricOrder amd = amd(sym, options);
        long lowerA = sym.edges() / 2 + sym.n;
        if (sym.n < ND_MIN_N || amd.cholesky >= 0 && amd.cholesky < ND_MIN_FILL * lowerA) return amd;
        long[] amdCost = EliminationTree.choleskyCost(sym, amd.perm);
        int[] nd = NestedDissection.order(sym);
        long[] ndCost = EliminationTree.choleskyCost(sym, nd);
        boolean takeNd = ndCost[1] < amdCost[1];
        String reason = String.format("%s: Cholesky flops %.3g (nested dissection) vs %.3g (AMD), nnz(L) %d vs %d",
                takeNd ? "nested dissection" : "AMD", (double) ndCost[1], (double) amdCost[1], ndCost[0], amdCost[0]);
        return takeNd ? new SymmetricOrder(nd, Ordering.NESTED_DISSECTION, ndCost[0], true, reason)
                : new SymmetricOrder(amd.perm, Ordering.AMD, amdCost[0], true, reason);
    }

    /** {@link #cholesky} if known, else counted on the elimination tree. */
    long choleskyNonzeros(SymmetricStructure sym) {
        return cholesky >= 0 ? cholesky : EliminationTree.choleskyNonzeros(sym, perm);
    }
}

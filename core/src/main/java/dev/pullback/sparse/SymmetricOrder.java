package dev.pullback.sparse;

import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;

/**
 * The symmetric fill-reducing order the supernodal analyses factor in (Cholesky, supernodal LU and
 * the adaptive analysis's choice between them), the ordering that made it, and nnz of the
 * Cholesky factor of P(A + Aᵀ)Pᵀ in it when known.
 *
 * <p>{@link Ordering#AUTO} decides between AMD and {@link NestedDissection}. AMD always: it is
 * cheap, best on small and irregular patterns, and its elimination gives nnz(L) and the flops
 * Σ c_j² (c_j the column counts) for free. Nested dissection costs several AMDs, so it is tried
 * only where the factor's cost dwarfs it: at least {@value #ND_MIN_N} nodes, AMD's nnz(L) at least
 * {@value #ND_MIN_FILL} times the entries of A's lower triangle, and AMD's flops at least
 * {@value #ND_MIN_FRONT} times its nnz(L) — large fronts, as in 3D meshes; 2D meshes stay below
 * (CHOLMOD tries METIS by the same two ratios). When tried, the
 * order whose factor needs fewer flops (counted exactly on the elimination tree) is kept: the
 * factor's time follows its flops, and the two orders trade nnz(L) and flops differently (nested
 * dissection puts its fill in a few large dense fronts). AMD's figures come from its own
 * elimination (recounted on its tree only when it set dense nodes aside); nested dissection's from
 * its elimination tree and column counts, which the supernodal analysis then starts from
 * ({@link #tree}) instead of counting them again. Explicit AMD, NESTED_DISSECTION and
 * NATURAL are taken as named; COLAMD (an unsymmetric ordering) means AMD here.
 */
final class SymmetricOrder {
    /** Patterns with fewer nodes are ordered by AMD alone under AUTO. */
    static final int ND_MIN_N = 10_000;
    /** AMD's nnz(L) per entry of A's lower triangle (A + Aᵀ's, diagonal included) from which AUTO tries nested dissection. */
    static final double ND_MIN_FILL = 5.0;
    /** AMD's Cholesky flops per nonzero of L from which AUTO tries nested dissection. */
    static final double ND_MIN_FRONT = 500.0;

    final int[] perm;
    final Ordering used;
    /** nnz(L) of the Cholesky factor of P(A + Aᵀ)Pᵀ, diagonal included: exact, or AMD's upper bound; −1 when not counted. */
    final long cholesky;
    /** Whether {@link #cholesky} is an exact count (else a bound or unknown). */
    final boolean exact;
    /** How AUTO decided (empty for a named ordering or when nested dissection was not tried). */
    final String reason;
    /** The elimination tree and column counts of {@link #perm} when AUTO counted them to decide, else null. */
    final EliminationTree.Counted tree;

    private SymmetricOrder(int[] perm, Ordering used, long cholesky, boolean exact, String reason) {
        this(perm, used, cholesky, exact, reason, null);
    }

    private SymmetricOrder(int[] perm, Ordering used, long cholesky, boolean exact, String reason,
            EliminationTree.Counted tree) {
        this.perm = perm;
        this.used = used;
        this.cholesky = cholesky;
        this.exact = exact;
        this.reason = reason;
        this.tree = tree;
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
        long[] bound = new long[2];
        int[] p = Amd.order(sym, options.denseFactor(), options.aggressiveAbsorption(), bound);
        return new SymmetricOrder(p, Ordering.AMD, bound[0], false, "");
    }

    private static SymmetricOrder auto(SymmetricStructure sym, SparseOptions options) {
        long[] bound = new long[2];
        int[] amd = Amd.order(sym, options.denseFactor(), options.aggressiveAbsorption(), bound);
        SymmetricOrder byAmd = new SymmetricOrder(amd, Ordering.AMD, bound[0], false, "");
        if (sym.n < ND_MIN_N) return byAmd;
        if (bound[0] < 0) bound = EliminationTree.choleskyCost(sym, amd); // no bound without aggressive absorption
        long lowerA = sym.edges() / 2 + sym.n;
        if (bound[0] < ND_MIN_FILL * lowerA || bound[1] < ND_MIN_FRONT * bound[0]) return byAmd;
        // AMD's figures are exact when it found no dense node; else count them.
        EliminationTree.Counted amdTree = hasDenseNode(sym, options) ? EliminationTree.count(sym, amd) : null;
        long[] amdCost = amdTree != null ? new long[] {amdTree.nonzeros(), amdTree.flops()} : bound;
        // Nested dissection's tree and counts give its cost here and the supernodal analysis its start.
        EliminationTree.Counted ndTree = EliminationTree.count(sym, NestedDissection.order(sym));
        long[] ndCost = {ndTree.nonzeros(), ndTree.flops()};
        boolean takeNd = ndCost[1] < amdCost[1];
        String reason = String.format("%s: Cholesky flops %.3g (nested dissection) vs %.3g (AMD), nnz(L) %d vs %d",
                takeNd ? "nested dissection" : "AMD", (double) ndCost[1], (double) amdCost[1], ndCost[0], amdCost[0]);
        return takeNd ? new SymmetricOrder(ndTree.perm(), Ordering.NESTED_DISSECTION, ndCost[0], true, reason, ndTree)
                : new SymmetricOrder(amd, Ordering.AMD, amdCost[0], true, reason, amdTree);
    }

    private static boolean hasDenseNode(SymmetricStructure sym, SparseOptions options) {
        double threshold = Amd.denseThreshold(sym.n, options.denseFactor());
        for (int i = 0; i < sym.n; i++) if (sym.ptr[i + 1] - sym.ptr[i] > threshold) return true;
        return false;
    }

    /** {@link #cholesky} if known, else counted on the elimination tree. */
    long choleskyNonzeros(SymmetricStructure sym) {
        return cholesky >= 0 ? cholesky : EliminationTree.choleskyNonzeros(sym, perm);
    }
}

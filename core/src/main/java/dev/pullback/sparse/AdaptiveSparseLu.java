package dev.pullback.sparse;

import dev.pullback.factor.Factorization;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.storage.Checks;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;

/**
 * A sparse LU that is {@link SupernodalLu} where that works and {@link SparseLu} otherwise.
 *
 * <p>Rule: a pattern whose structural symmetry ({@link Symbolic#symmetry()}) is below
 * {@value #MIN_SYMMETRY} goes to SparseLu (COLAMD order; the structure of A + Aᵀ would carry too
 * many explicit zeros). Otherwise A + Aᵀ is ordered by AMD (or kept in natural order when the
 * options say so); if its Cholesky factor has fewer than {@value #MIN_FILL} times nnz(A) entries,
 * SparseLu factors: with so little fill the fronts are tiny and the dense kernels have nothing to
 * gain (measured on arrow_50k, ratio 0.53 then: SupernodalLu's factor 1.7x and its solves
 * 1.2–1.7x slower than SparseLu's, refactor within the noise; on the Q4 and 2D Poisson matrices,
 * ratios 4.3–5.9, it factors 4–6x faster). It does so in the order of the fill test (COLAMD's if
 * the options name it), sized by the test's count and without counting again (see
 * {@link Symbolic#choleskyNonzeros()}): on arrow_50k AMD's order, its dense nodes taken out of the
 * graph, leaves 1% fewer entries in L + U than COLAMD's and refactors and solves about 1.06x
 * faster, and a second ordering would cost the factor 10 ms. Otherwise SupernodalLu is tried; when
 * it throws {@link SupernodalPivotException} (a pivot only a row outside its supernode could
 * provide), A is factored by SparseLu, whose threshold partial pivoting may take any row.
 * {@link #method()} says which one holds the factors and {@link #fallbackReason()} why, if
 * it is SparseLu.
 *
 * <p>{@link #refactor} keeps the method: on SupernodalLu it allocates nothing and re-chooses the
 * pivots inside each supernode; if that fails the threshold test, this object switches to a fresh
 * SparseLu factorization (which allocates, once) and stays with it. On SparseLu, refactor keeps
 * P and Q and allocates nothing. Both solves allocate nothing. Accuracy: that of the method used
 * (backward error of order n·ε times the pivot growth, see {@link #reciprocalPivotGrowth()}).
 */
public final class AdaptiveSparseLu implements Factorization {
    /** Patterns less symmetric than this go straight to {@link SparseLu}. */
    public static final double MIN_SYMMETRY = 0.5;

    /** Cholesky nonzeros of the ordered A + Aᵀ per nonzero of A below which {@link SparseLu} is used. */
    public static final double MIN_FILL = 1.5;

    /** Which factorization holds the factors. */
    public enum Method {
        /** {@link SupernodalLu}: multifrontal, dense kernels, pivots inside supernodes. */
        SUPERNODAL,
        /** {@link SparseLu}: left-looking Gilbert–Peierls with threshold pivoting on any row. */
        GILBERT_PEIERLS
    }

    private final SparseLu.Options options;
    private SupernodalLu supernodal;
    private SparseLu gp;
    private String fallbackReason;

    private AdaptiveSparseLu(SparseLu.Options options) {
        this.options = options;
    }

    /** {@link #factor(CscMatrix, SparseLu.Options)} with the default options. */
    public static AdaptiveSparseLu factor(CscMatrix a) {
        return factor(a, SparseLu.Options.defaults());
    }

    /**
     * Factors A by the rule in the class comment.
     *
     * @throws SingularMatrixException  A is singular (the column named)
     * @throws IllegalArgumentException A is not square or has a NaN/infinite entry
     */
    public static AdaptiveSparseLu factor(CscMatrix a, SparseLu.Options options) {
        Checks.square("sparse LU", a.rows(), a.cols());
        AdaptiveSparseLu f = new AdaptiveSparseLu(options);
        SymmetricStructure sym = SymmetricStructure.of(a.pattern());
        if (sym.symmetry < MIN_SYMMETRY) {
            f.fallbackReason = String.format("structural symmetry %.3f is below %.2f", sym.symmetry, MIN_SYMMETRY);
            f.gp = SparseLu.factor(a, SparseLu.analyze(a, options), options);
            return f;
        }
        Ordering used = SupernodalLu.symmetricOrdering(options);
        // The fill test takes AMD's own bound on the Cholesky count (exact without dense nodes),
        // not a count from the elimination tree: SupernodalLu counts the columns again anyway.
        long[] bound = new long[1];
        int[] order = SupernodalLu.symmetricOrder(sym, used, options, bound);
        boolean counted = bound[0] < 0;
        long cholesky = counted ? EliminationTree.choleskyNonzeros(sym, order) : bound[0];
        if (cholesky < MIN_FILL * a.nnz()) {
            f.fallbackReason = String.format("little fill: nnz(Cholesky of A + Aᵀ) is at most %d, below %.1f nnz(A)",
                    cholesky, MIN_FILL);
            // The test's order is factored (COLAMD's if the caller named it), with the test's figure
            // as the storage size and no second count.
            Symbolic symbolic = options.ordering() == Ordering.COLAMD
                    ? SparseLu.analyzeColamd(a.pattern(), sym, options, cholesky)
                    : new Symbolic(a.cols(), a.nnz(), used, order, sym.symmetry, counted ? cholesky : -1, cholesky);
            f.gp = SparseLu.factor(a, symbolic, options);
            return f;
        }
        try {
            f.supernodal = SupernodalLu.factor(a, sym, order, used, options);
        } catch (SupernodalPivotException e) {
            f.fallbackReason = e.getMessage();
            f.gp = SparseLu.factor(a, symmetricSymbolic(a, sym, used, order), options);
        }
        return f;
    }

    private static Symbolic symmetricSymbolic(CscMatrix a, SymmetricStructure sym, Ordering used, int[] order) {
        return new Symbolic(a.cols(), a.nnz(), used, order, sym.symmetry, EliminationTree.choleskyNonzeros(sym, order));
    }

    /**
     * New values, same pattern; see the class comment for what it keeps and when it allocates.
     *
     * @throws IllegalArgumentException a different pattern, or a NaN/infinite value
     * @throws SingularMatrixException  the new values are singular
     */
    public void refactor(CscMatrix a) {
        if (supernodal != null) {
            try {
                supernodal.refactor(a);
                return;
            } catch (SupernodalPivotException e) {
                SparseLu replacement = SparseLu.factor(a, SparseLu.analyze(a, options), options);
                supernodal.close();
                supernodal = null;
                gp = replacement;
                fallbackReason = e.getMessage();
                return;
            }
        }
        if (gp == null) throw new IllegalStateException("sparse LU factorization is closed");
        gp.refactor(a);
    }

    /** The factorization in use. */
    public Method method() {
        return supernodal != null ? Method.SUPERNODAL : Method.GILBERT_PEIERLS;
    }

    /** Why SparseLu is in use (the rule or the pivot failure), or null while SupernodalLu is. */
    public String fallbackReason() {
        return fallbackReason;
    }

    /** The factorization behind this one ({@link SupernodalLu} or {@link SparseLu}). */
    public Factorization delegate() {
        return supernodal != null ? supernodal : gp;
    }

    @Override
    public int n() {
        return delegate().n();
    }

    @Override
    public void solve(DenseVector b, DenseVector x) {
        liveAny().solve(b, x);
    }

    @Override
    public void solveTransposed(DenseVector b, DenseVector x) {
        liveAny().solveTransposed(b, x);
    }

    /** X = A⁻¹B; allocates nothing. */
    public void solve(DenseMatrix b, DenseMatrix x) {
        if (supernodal != null) supernodal.solve(b, x);
        else live().solve(b, x);
    }

    /** X = A⁻ᵀB; allocates nothing. */
    public void solveTransposed(DenseMatrix b, DenseMatrix x) {
        if (supernodal != null) supernodal.solveTransposed(b, x);
        else live().solveTransposed(b, x);
    }

    /** Reciprocal pivot growth of the factors in use (see {@link SparseLu#reciprocalPivotGrowth()}). */
    public double reciprocalPivotGrowth() {
        return supernodal != null ? supernodal.reciprocalPivotGrowth() : live().reciprocalPivotGrowth();
    }

    /** Pivot ratio of the factors in use (see {@link SparseLu#pivotRatio()}). */
    public double pivotRatio() {
        return supernodal != null ? supernodal.pivotRatio() : live().pivotRatio();
    }

    /** nnz(L + U) of the factors in use, diagonal once (SupernodalLu's includes its explicit zeros). */
    public long nnzLU() {
        return supernodal != null ? supernodal.nnzLU() : live().nnzLU();
    }

    private SparseLu live() {
        if (gp == null) throw new IllegalStateException("sparse LU factorization is closed");
        return gp;
    }

    private Factorization liveAny() {
        return supernodal != null ? supernodal : live();
    }

    @Override
    public void close() {
        if (supernodal != null) supernodal.close();
        if (gp != null) gp.close();
    }

    @Override
    public String toString() {
        return "AdaptiveSparseLu[" + method() + (fallbackReason == null ? "" : " (" + fallbackReason + ")") + ", "
                + delegate() + "]";
    }
}

package dev.pullback.sparse;

import dev.pullback.factor.Method;
import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseOptions;
import dev.pullback.storage.CscMatrix;

import dev.pullback.factor.Ordering;

/**
 * The symbolic analysis of a square sparse pattern for {@link SparseLu}: the fill-reducing column
 * order Q, the preferred pivot rows (the diagonal of A permuted by Q: at step k the pivot search
 * prefers row Q[k]), and an estimate of the size of the factors. It depends on the pattern only,
 * holds no native memory, and can serve any number of factorizations of matrices with that pattern.
 */
public final class Symbolic implements SparseAnalysis {
    private final SparseOptions options;
    private final int n;
    private final int nnz;
    private final Ordering ordering;
    private final int[] columnOrder;
    private final double symmetry;
    private final long choleskyNonzeros;
    private final long sizeHint;

    Symbolic(SparseOptions options, int n, int nnz, Ordering ordering, int[] columnOrder, double symmetry,
            long choleskyNonzeros) {
        this(options, n, nnz, ordering, columnOrder, symmetry, choleskyNonzeros, choleskyNonzeros);
    }

    /**
     * With {@code choleskyNonzeros} = −1 (not counted) and {@code sizeHint}, a Cholesky-like count
     * from elsewhere that only sizes the first factor's storage.
     */
    Symbolic(SparseOptions options, int n, int nnz, Ordering ordering, int[] columnOrder, double symmetry,
            long choleskyNonzeros, long sizeHint) {
        this.options = options;
        this.n = n;
        this.nnz = nnz;
        this.ordering = ordering;
        this.columnOrder = columnOrder;
        this.symmetry = symmetry;
        this.choleskyNonzeros = choleskyNonzeros;
        this.sizeHint = sizeHint;
    }

    /** Factors A by {@link SparseLu} with this analysis and the options it was made with. */
    @Override
    public SparseLu factor(CscMatrix a) {
        return SparseLu.factor(a, this, options);
    }

    /** {@link Method#GILBERT_PEIERLS}. */
    @Override
    public Method method() {
        return Method.GILBERT_PEIERLS;
    }

    @Override
    public String methodReason() {
        return "";
    }

    /** The options this analysis was made with (and {@link #factor} factors with). */
    public SparseOptions options() {
        return options;
    }

    /** Order of the matrix analysed. */
    @Override
    public int n() {
        return n;
    }

    /** nnz of the matrix analysed. */
    @Override
    public int nnz() {
        return nnz;
    }

    /** The ordering actually used ({@link Ordering#AUTO} resolved to AMD or COLAMD). */
    @Override
    public Ordering ordering() {
        return ordering;
    }

    /** A copy of Q: {@code columnOrder()[k]} is the original column eliminated k-th. */
    @Override
    public int[] columnOrder() {
        return columnOrder.clone();
    }

    int[] columnOrderShared() {
        return columnOrder;
    }

    /**
     * Structural symmetry of A: the fraction of its off-diagonal entries a_ij whose mirror a_ji is
     * stored too (1 for a symmetric pattern).
     */
    public double symmetry() {
        return symmetry;
    }

    /**
     * nnz of the Cholesky factor (diagonal included) of Q(A + Aᵀ)Qᵀ under the chosen order, from
     * the elimination tree. For a structurally symmetric A factored with diagonal pivots it is
     * exactly nnz(L) and nnz(U) of the LU factors (each with its diagonal); off-diagonal pivots and
     * unsymmetric patterns make it an estimate (usually an upper bound for L + U of an unsymmetric
     * A ordered by COLAMD, not a guaranteed one). Used to size the first factor's storage.
     * −1 when not counted: {@link AdaptiveSparseLu} factors a matrix that its fill test found to
     * fill little without counting again, sized by AMD's bound (exact without dense nodes) or, when
     * the caller named COLAMD, by that bound for COLAMD's order.
     */
    public long choleskyNonzeros() {
        return choleskyNonzeros;
    }

    /** Estimated nnz(L) + nnz(U) (diagonal counted once): 2·choleskyNonzeros − n; −1 when not counted. */
    public long estimatedLuNonzeros() {
        return choleskyNonzeros < 0 ? -1 : 2 * choleskyNonzeros - n;
    }

    /** The count that sizes the first factor's L and U: {@link #choleskyNonzeros()}, or the hint. */
    long sizeHint() {
        return sizeHint;
    }

    @Override
    public String toString() {
        return "Symbolic[n=" + n + ", nnz=" + nnz + ", ordering=" + ordering + ", symmetry="
                + String.format("%.3f", symmetry)
                + (choleskyNonzeros < 0 ? "" : ", est nnz(L+U)=" + estimatedLuNonzeros()) + "]";
    }
}

package dev.pullback.sparse;

import dev.pullback.factor.Method;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseOptions;
import dev.pullback.storage.CscMatrix;

/**
 * {@link BtfLu}'s analysis of a pattern: its block triangular form (row and column permutations,
 * block boundaries). Each block's fill-reducing order is computed per factorization, on the block's
 * own pattern. Immutable and shareable; made by {@link BtfLu#analyze}.
 */
public final class BtfAnalysis implements SparseAnalysis {
    final BlockTriangularForm form;
    private final int nnz;
    private final SparseOptions options;

    BtfAnalysis(BlockTriangularForm form, int nnz, SparseOptions options) {
        this.form = form;
        this.nnz = nnz;
        this.options = options;
    }

    @Override
    public BtfLu factor(CscMatrix a) {
        return BtfLu.factor(a, this);
    }

    /** The block triangular form. */
    public BlockTriangularForm form() {
        return form;
    }

    /** The options every block is factored with ({@link Ordering#AUTO} resolved to AMD). */
    public SparseOptions options() {
        return options;
    }

    @Override
    public int n() {
        return form.columnOrderShared().length;
    }

    @Override
    public int nnz() {
        return nnz;
    }

    /** {@link Method#BTF_LU}. */
    @Override
    public Method method() {
        return Method.BTF_LU;
    }

    @Override
    public String methodReason() {
        return "";
    }

    /** The ordering of every diagonal block. */
    @Override
    public Ordering ordering() {
        return options.ordering();
    }

    /** The block triangular column order (each block is reordered within its range at factor time). */
    @Override
    public int[] columnOrder() {
        return form.columnOrder();
    }

    @Override
    public String toString() {
        return "BtfAnalysis[n=" + n() + ", blocks=" + form.blocks() + ", largest=" + form.largestBlock() + "]";
    }
}

package dev.pullback.dense;

import dev.pullback.factor.Method;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseAnalysis;
import dev.pullback.storage.CscMatrix;

/**
 * The "analysis" of a sparse pattern for the dense LU: only its order and nnz (partial pivoting
 * needs no ordering). Made by {@link CscDenseLu#analyze}; {@link #factor} copies the matrix into
 * dense storage and factors it there.
 */
public final class DenseAnalysis implements SparseAnalysis {
    private final int n;
    private final int nnz;
    private final String reason;

    DenseAnalysis(int n, int nnz, String reason) {
        this.n = n;
        this.nnz = nnz;
        this.reason = reason;
    }

    @Override
    public CscDenseLu factor(CscMatrix a) {
        return CscDenseLu.factor(a, this);
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int nnz() {
        return nnz;
    }

    /** {@link Method#DENSE_LU}. */
    @Override
    public Method method() {
        return Method.DENSE_LU;
    }

    @Override
    public String methodReason() {
        return reason;
    }

    /** {@link Ordering#NATURAL}: rows are chosen by partial pivoting, columns stay in place. */
    @Override
    public Ordering ordering() {
        return Ordering.NATURAL;
    }

    @Override
    public int[] columnOrder() {
        int[] q = new int[n];
        for (int k = 0; k < n; k++) q[k] = k;
        return q;
    }

    @Override
    public String toString() {
        return "DenseAnalysis[n=" + n + ", nnz=" + nnz + "]";
    }
}

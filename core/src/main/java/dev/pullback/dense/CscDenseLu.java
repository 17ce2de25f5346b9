package dev.pullback.dense;

import dev.pullback.factor.Method;
import dev.pullback.factor.SolveReport;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The dense LU ({@link DenseLu}, partial pivoting) of a matrix stored sparse: A is copied into dense
 * storage owned by this object (8n² bytes) and factored there. Pays where A is small or dense enough
 * that the sparse methods' bookkeeping costs more than the n³/3 flops of dense kernels.
 *
 * <p>{@link #refactor} scatters A's new values into the same storage and factors again (pivots chosen
 * afresh, so the pivot growth is that of partial pivoting), allocating nothing. Solves allocate
 * nothing. A solve after A's values changed without a refactor is an IllegalStateException.
 * Thread-safety as {@link DenseLu}'s: concurrent solves, refactor and close refused while one runs.
 */
public final class CscDenseLu implements SparseFactorization {
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private final DenseAnalysis analysis;
    private final DenseMatrix dense;
    private final DenseLu lu;
    private volatile CscMatrix matrix;
    private volatile long version;

    /** The matrix {@link #refactor} is copying in, for {@link #fill} (read under the factorization's guard). */
    private CscMatrix incoming;
    private final Runnable fill = () -> {
        matrix = null; // until the new factors exist: a failed refactor leaves them unusable
        scatter(incoming);
    };

    /** The n columns of {@link #dense}, sliced once (a slice per refactor allocated). */
    private final MemorySegment storage;

    private CscDenseLu(DenseAnalysis analysis, DenseMatrix dense, DenseLu lu) {
        this.analysis = analysis;
        this.dense = dense;
        this.lu = lu;
        this.storage = dense.segment().asSlice(0, 8 * dense.ld() * (long) analysis.n());
    }

    /** The dense "analysis" of a square pattern (its order); {@code reason} is reported by {@link #methodReason()}. */
    public static DenseAnalysis analyze(CscPattern a, String reason) {
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("dense LU needs a square matrix, got " + a.rows() + "x" + a.cols());
        }
        return new DenseAnalysis(a.cols(), a.nnz(), reason);
    }

    /** Copies A into dense storage and factors it. */
    public static CscDenseLu factor(CscMatrix a) {
        return analyze(a.pattern(), "").factor(a);
    }

    static CscDenseLu factor(CscMatrix a, DenseAnalysis s) {
        if (a.rows() != s.n() || a.cols() != s.n()) {
            throw new IllegalArgumentException("matrix is " + a.rows() + "x" + a.cols() + " but the analysis is for n = "
                    + s.n());
        }
        DenseLu lu = DenseLu.workspace(s.n());
        DenseMatrix dense = null;
        try {
            dense = DenseMatrix.zeros(s.n(), s.n());
            CscDenseLu f = new CscDenseLu(s, dense, lu);
            f.refactor(a);
            return f;
        } catch (RuntimeException | Error e) {
            if (dense != null) dense.close();
            lu.close();
            throw e;
        }
    }

    @Override
    public void refactor(CscMatrix a) {
        if (a.rows() != analysis.n() || a.cols() != analysis.n()) {
            throw new IllegalArgumentException("refactor: matrix is " + a.rows() + "x" + a.cols()
                    + ", this factorization has order " + analysis.n());
        }
        incoming = a;
        try {
            lu.refactor(dense, fill); // one Runnable made at construction: a capturing lambda here allocated per call
        } finally {
            incoming = null;
        }
        version = a.version();
        matrix = a;
    }

    /** dense = A: zeros, then A's stored entries. */
    private void scatter(CscMatrix a) {
        MemorySegment d = dense.segment();
        long ld = dense.ld();
        int n = analysis.n();
        storage.fill((byte) 0);
        CscPattern p = a.pattern();
        MemorySegment cp = p.colPtr(), ri = p.rowIdx(), v = a.values();
        for (int j = 0; j < n; j++) {
            for (int k = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); k < e; k++) {
                d.setAtIndex(D, ri.getAtIndex(I, k) + j * ld, v.getAtIndex(D, k));
            }
        }
        dense.markModified();
    }

    private DenseLu current() {
        if (matrix == null) throw new IllegalStateException("dense LU of a sparse matrix: closed, or the last refactor failed");
        if (matrix.version() != version) {
            throw new IllegalStateException("the matrix changed since it was factored (version " + version + ", now "
                    + matrix.version() + "); refactor before solving");
        }
        return lu;
    }

    @Override
    public int n() {
        return analysis.n();
    }

    @Override
    public void solve(DenseVector b, DenseVector x) {
        current().solve(b, x);
    }

    @Override
    public void solveTransposed(DenseVector b, DenseVector x) {
        current().solveTransposed(b, x);
    }

    @Override
    public void solve(DenseMatrix b, DenseMatrix x) {
        current().solve(b, x);
    }

    @Override
    public void solveTransposed(DenseMatrix b, DenseMatrix x) {
        current().solveTransposed(b, x);
    }

    /** Refining solve on the dense factors (the residual with the dense copy of A, which equals A). */
    @Override
    public void solve(DenseVector b, DenseVector x, SolveReport report) {
        current().solve(b, x, report);
    }

    @Override
    public void solveTransposed(DenseVector b, DenseVector x, SolveReport report) {
        current().solveTransposed(b, x, report);
    }

    /** The dense LU's estimate ({@link DenseLu#rcond()}); ‖A‖₁ of the dense copy is A's. */
    @Override
    public double rcond() {
        return current().rcond();
    }

    @Override
    public DenseAnalysis analysis() {
        return analysis;
    }

    /** min_j max_i |a_ij| / max_i |u_ij| (columns of A with no entry skipped): {@link DenseLu#reciprocalPivotGrowth()}. */
    @Override
    public double reciprocalPivotGrowth() {
        return current().reciprocalPivotGrowth();
    }

    @Override
    public double pivotRatio() {
        current();
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (int j = 0; j < analysis.n(); j++) {
            double u = Math.abs(lu.factorEntry(j, j));
            min = Math.min(min, u);
            max = Math.max(max, u);
        }
        return analysis.n() == 0 ? 1.0 : min / max;
    }

    @Override
    public int[] rowPermutation() {
        int[] p = new int[analysis.n()];
        current().rowPermutation(p);
        return p;
    }

    @Override
    public int[] columnPermutation() {
        return analysis.columnOrder();
    }

    /** n²: the dense factors. */
    @Override
    public long factorNonzeros() {
        return (long) analysis.n() * analysis.n();
    }

    /** {@link Method#DENSE_LU}. */
    @Override
    public Method method() {
        return Method.DENSE_LU;
    }

    @Override
    public String methodReason() {
        return analysis.methodReason();
    }

    /** The dense factorization (its rcond, determinant). */
    public DenseLu denseLu() {
        return current();
    }

    @Override
    public void close() {
        matrix = null;
        lu.close();
        dense.close();
    }

    @Override
    public String toString() {
        return "CscDenseLu[n=" + analysis.n() + "]";
    }
}

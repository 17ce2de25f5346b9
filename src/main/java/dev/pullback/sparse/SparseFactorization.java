package dev.pullback.sparse;

import dev.pullback.factor.Factorization;
import dev.pullback.storage.Checks;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.foreign.MemorySegment;

/**
 * What the sparse LUs share: the copy of the pattern they were factored for (refactor refuses any
 * other), the matrix and version their factors describe (a solve after the values changed is refused),
 * the open/valid state, and the public solves, which check shapes and state and then call the
 * subclass's solve of one column. Allocates nothing after construction.
 */
abstract class SparseFactorization implements Factorization {
    final int n;
    private final String name;
    private MemorySegment patternColPtr;
    private MemorySegment patternRowIdx;
    private long patternNnz;
    private CscMatrix matrix;
    private CscPattern pattern;
    private long version;
    /** False while a refactor is under way or after it failed. */
    boolean valid;
    boolean closed;

    /** @param name how error messages call the factorization, e.g. "sparse LU factorization" */
    SparseFactorization(int n, String name) {
        this.n = n;
        this.name = name;
    }

    /** x = b's column at offset bo solved with A, into xs at xo (b and x may alias). */
    abstract void solveColumn(MemorySegment b, long bo, MemorySegment xs, long xo);

    /** The same with Aᵀ. */
    abstract void solveTransposedColumn(MemorySegment b, long bo, MemorySegment xs, long xo);

    /**
     * Reciprocal pivot growth as in KLU (see {@link SparseLu#reciprocalPivotGrowth()}): near 1
     * stable; much smaller, the solution may have lost about log10 of its reciprocal in digits.
     */
    public abstract double reciprocalPivotGrowth();

    /** Keeps the caller's copy of the factored pattern (colPtr: n+1 ints, rowIdx: at least nnz ints). */
    final void keepPattern(MemorySegment colPtrCopy, MemorySegment rowIdxCopy, long nnz) {
        patternColPtr = colPtrCopy;
        patternRowIdx = rowIdxCopy;
        patternNnz = nnz;
    }

    /** Refactor's guard: A must have the pattern that was factored (same object, or equal contents). */
    final void checkSamePattern(CscMatrix a) {
        CscPattern p = a.pattern();
        if (p == pattern && !p.isClosed()) return;
        long nnz = patternNnz;
        boolean same = p.rows() == n && p.cols() == n && p.nnz() == nnz
                && MemorySegment.mismatch(p.colPtr(), 0, (n + 1L) * Integer.BYTES, patternColPtr, 0,
                        (n + 1L) * Integer.BYTES) == -1
                && MemorySegment.mismatch(p.rowIdx(), 0, nnz * Integer.BYTES, patternRowIdx, 0,
                        nnz * Integer.BYTES) == -1;
        if (!same) {
            throw new IllegalArgumentException("refactor needs the pattern that was factored (" + n + "x" + n
                    + ", nnz " + nnz + "), got a different one: " + p + "; call factor for a new pattern");
        }
    }

    /** Records that the factors now describe A at its current version, and makes them usable. */
    final void describe(CscMatrix a) {
        matrix = a;
        pattern = a.pattern();
        version = a.version();
        valid = true;
    }

    final void checkOpen() {
        if (closed) throw new IllegalStateException(name + " is closed");
    }

    final void checkUsable() {
        checkOpen();
        if (!valid) throw new IllegalStateException("the last refactor failed; refactor or factor again before solving");
        if (matrix.version() != version) {
            throw new IllegalStateException("the matrix changed since it was factored (version " + version
                    + ", now " + matrix.version() + "); refactor before solving");
        }
    }

    @Override
    public final int n() {
        return n;
    }

    /** x = A⁻¹b; allocates nothing; b and x may be the same vector. */
    @Override
    public final void solve(DenseVector b, DenseVector x) {
        checkUsable();
        Checks.vectorLength("solve", "b", n, b.length());
        Checks.vectorLength("solve", "x", n, x.length());
        solveColumn(b.segment(), 0, x.segment(), 0);
    }

    /** x = A⁻ᵀb with the same factors; allocates nothing; b and x may be the same vector. */
    @Override
    public final void solveTransposed(DenseVector b, DenseVector x) {
        checkUsable();
        Checks.vectorLength("solveTransposed", "b", n, b.length());
        Checks.vectorLength("solveTransposed", "x", n, x.length());
        solveTransposedColumn(b.segment(), 0, x.segment(), 0);
    }

    /** X = A⁻¹B, column by column; allocates nothing; B and X may be the same matrix. */
    public final void solve(DenseMatrix b, DenseMatrix x) {
        checkUsable();
        checkBlock("solve", b, x);
        for (int c = 0; c < b.cols(); c++) solveColumn(b.segment(), (long) c * b.ld(), x.segment(), (long) c * x.ld());
        x.markModified();
    }

    /** X = A⁻ᵀB, column by column; allocates nothing; B and X may be the same matrix. */
    public final void solveTransposed(DenseMatrix b, DenseMatrix x) {
        checkUsable();
        checkBlock("solveTransposed", b, x);
        for (int c = 0; c < b.cols(); c++) {
            solveTransposedColumn(b.segment(), (long) c * b.ld(), x.segment(), (long) c * x.ld());
        }
        x.markModified();
    }

    private void checkBlock(String op, DenseMatrix b, DenseMatrix x) {
        if (b.rows() != n || x.rows() != n || b.cols() != x.cols()) {
            throw new IllegalArgumentException(op + ": B is " + b.rows() + "x" + b.cols() + " and X is " + x.rows()
                    + "x" + x.cols() + ", both must be " + n + "xk with the same k");
        }
    }
}

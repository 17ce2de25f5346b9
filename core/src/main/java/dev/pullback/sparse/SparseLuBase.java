package dev.pullback.sparse;

import dev.pullback.dense.OneNormEstimator;
import dev.pullback.factor.SolveReport;
import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.internal.Checks;
import dev.pullback.internal.Refinement;
import dev.pullback.internal.SolveGuard;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * What the sparse LUs share: the copy of the pattern they were factored for (refactor refuses any
 * other), the matrix and version their factors describe (a solve after the values changed is refused),
 * the open/valid state, and the public solves, which check shapes and state and then call the
 * subclass's solve of one column; the condition estimate and the refining solves. Allocates nothing
 * after construction (the estimate and a workspace's refinement vectors: after their first use).
 */
abstract class SparseLuBase<W> implements SparseFactorization {
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
    SparseLuBase(int n, String name) {
        this.n = n;
        this.name = name;
        this.guard = new SolveGuard<>(name, () -> new Slot(newWork()));
    }

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /**
     * Row scale rs[i] = min(1/max_j |a_ij|, 2¹⁰²³) (1 for a row of zeros) when {@code rs} is not null; in any
     * case a check that every value is finite. One loop over the stored entries (the column is looked
     * up only for the message). Allocates nothing.
     *
     * @throws IllegalArgumentException naming the first NaN or infinite entry A(i, j)
     */
    static void scaleRows(CscMatrix a, double[] rs) {
        MemorySegment ari = a.pattern().rowIdx();
        MemorySegment ax = a.values();
        final int nnz = a.nnz();
        if (rs == null) {
            for (int p = 0; p < nnz; p++) {
                if (!(Math.abs(ax.getAtIndex(D, p)) <= Double.MAX_VALUE)) throw notFinite(a, p);
            }
            return;
        }
        Arrays.fill(rs, 0.0);
        for (int p = 0; p < nnz; p++) {
            double v = Math.abs(ax.getAtIndex(D, p));
            if (!(v <= Double.MAX_VALUE)) throw notFinite(a, p);
            int i = ari.getAtIndex(I, p);
            if (v > rs[i]) rs[i] = v;
        }
        // 1/max overflows when max is a subnormal below 2⁻¹⁰²⁴. The cap 2¹⁰²³ (a power of two: exact) leaves
        // the largest scaled entry of such a row in [2⁻⁵¹, 1) instead of 1, and no scaled value can overflow.
        for (int i = 0; i < rs.length; i++) rs[i] = rowScaleOf(rs[i]);
    }

    /** The scale 1/max of a row whose largest magnitude is max: capped at 2¹⁰²³, 1 for a row of zeros. */
    static double rowScaleOf(double max) {
        return max > 0 ? Math.min(1.0 / max, 0x1p1023) : 1.0;
    }

    /** {@link #scaleRows} without the scale: every value of A must be finite. */
    static void checkFinite(CscMatrix a) {
        scaleRows(a, null);
    }

    /** The error for A's p-th stored value, which is NaN or infinite: names its row and column. */
    static IllegalArgumentException notFinite(CscMatrix a, int p) {
        MemorySegment acp = a.pattern().colPtr();
        int j = 0;
        while (acp.getAtIndex(I, j + 1) <= p) j++;
        return new IllegalArgumentException("matrix entry A(" + a.pattern().rowIdx().getAtIndex(I, p) + ", " + j
                + ") is " + a.values().getAtIndex(D, p) + "; the LU factors need finite values");
    }

    /** max(m, |v|) for finite v without Math.max's NaN and −0.0 branches (the values are checked finite). */
    static double maxAbs(double m, double v) {
        double x = Math.abs(v);
        return x > m ? x : m;
    }

    /** x = b's column at offset bo solved with A, into xs at xo (b and x may alias), in workspace w. */
    abstract void solveColumn(MemorySegment b, long bo, MemorySegment xs, long xo, W w);

    /** The same with Aᵀ. */
    abstract void solveTransposedColumn(MemorySegment b, long bo, MemorySegment xs, long xo, W w);

    // ---------------------------------------------------------------- concurrency

    /** Concurrent solves each in a workspace; refactor and close refused while one runs (see {@link SolveGuard}). */
    private final SolveGuard<Slot> guard;

    /** A fresh solve workspace. */
    abstract W newWork();

    /** Gives the factorization's own workspace (one its factor also uses); else the first solve makes it. */
    final void ownWork(W w) {
        guard.own(new Slot(w));
    }

    final Slot beginSolve() {
        return guard.beginSolve();
    }

    final void endSolve() {
        guard.endSolve();
    }

    final void beginMutation(String what) {
        guard.beginMutation(what);
    }

    final void endMutation() {
        guard.endMutation();
    }

    /**
     * New values on the factored pattern, allocating nothing (see each implementation for what it
     * keeps); refused while solves run in other threads.
     */
    @Override
    public final void refactor(CscMatrix a) {
        beginMutation("refactor");
        try {
            checkOpen();
            refactorValues(a);
        } finally {
            endMutation();
        }
    }

    /** The implementation's refactor, under the mutation guard, on an open factorization. */
    abstract void refactorValues(CscMatrix a);

    /** Frees the factors; later solves are an IllegalStateException; refused while solves run in other threads. */
    @Override
    public final void close() {
        beginMutation("close");
        try {
            if (closed) return;
            closed = true;
            valid = false;
            release();
        } finally {
            endMutation();
        }
    }

    /** Frees the implementation's memory (once, under the mutation guard). */
    abstract void release();

    // ---------------------------------------------------------------- pivot statistics

    /** Reciprocal pivot growth and pivot ratio of the last (re)factor (see {@link #reciprocalPivotGrowth()}). */
    private double rgrowth = 1.0;
    private double pivotRatio = 1.0;
    private double growthAcc;
    private double minPivotAcc;
    private double maxPivotAcc;
    /** Whether {@link #rgrowth} waits for {@link #growthFromFactors()} (set by a pass that skipped it). */
    private boolean growthDeferred;
    /** Pivots the threshold test took off the preferred (diagonal) row in the last (re)factor. */
    int offDiagonalPivots;

    /** Starts the statistics of a factorization pass (the off-diagonal count is the caller's: a refactor keeps it). */
    final void startPivotStatistics() {
        growthAcc = Double.POSITIVE_INFINITY;
        minPivotAcc = Double.POSITIVE_INFINITY;
        maxPivotAcc = 0.0;
    }

    /**
     * After {@link #finishPivotStatistics()} of a pass that recorded pivots only: the reciprocal
     * pivot growth is computed from the factors when first asked for.
     */
    final void deferGrowth() {
        growthDeferred = true;
    }

    /** The reciprocal pivot growth from the stored factors, for implementations that defer it. */
    double growthFromFactors() {
        throw new IllegalStateException(getClass().getSimpleName() + " does not defer the pivot growth");
    }

    /** A pivot U(k,k) of the pass: for min |U(k,k)| / max |U(k,k)|. */
    final void recordPivot(double pivot) {
        double d = Math.abs(pivot);
        if (d < minPivotAcc) minPivotAcc = d;
        if (d > maxPivotAcc) maxPivotAcc = d;
    }

    /** Column k's growth: the largest |(R⁻¹AQ)(i,k)| over the largest |U(i,k)| (a column of U with no entry is skipped). */
    final void recordGrowth(double amax, double umax) {
        if (umax > 0) {
            double g = amax / umax;
            if (g < growthAcc) growthAcc = g;
        }
    }

    /** Ends the pass: rgrowth = min_k of the columns' growth, pivot ratio = min |U(k,k)| / max |U(k,k)| (1 for n = 0). */
    final void finishPivotStatistics() {
        growthDeferred = false;
        rgrowth = n == 0 ? 1.0 : growthAcc;
        pivotRatio = n == 0 ? 1.0 : minPivotAcc / maxPivotAcc;
    }

    /** Smallest |U(k,k)| of the last (re)factor (BtfLu combines its blocks' ratios from these). */
    final double minPivot() {
        return minPivotAcc;
    }

    /** Largest |U(k,k)| of the last (re)factor. */
    final double maxPivot() {
        return maxPivotAcc;
    }

    /**
     * Reciprocal pivot growth as in KLU: min over columns k of max_i |(R⁻¹AQ)(i,k)| / max_i |U(i,k)|.
     * Near 1: stable; much smaller than 1: the elimination grew the entries by about its reciprocal
     * and the solution may have lost as many digits.
     */
    @Override
    public double reciprocalPivotGrowth() {
        checkOpen();
        if (growthDeferred) {
            rgrowth = n == 0 ? 1.0 : growthFromFactors();
            growthDeferred = false;
        }
        return rgrowth;
    }

    /**
     * min_k |U(k,k)| / max_k |U(k,k)|: a cheap lower-level indicator of near-singularity (a crude
     * reciprocal condition estimate); around ε means the factors are useless.
     */
    @Override
    public double pivotRatio() {
        checkOpen();
        return pivotRatio;
    }

    /** How many pivots the threshold test moved off the preferred (diagonal) row at the last (re)factor. */
    public int offDiagonalPivots() {
        return offDiagonalPivots;
    }

    /** The row order: row k of L·U is row {@code rowOrder()[k]} of A (shared, not copied). */
    abstract int[] rowOrder();

    /** The column order Q (shared, not copied). */
    abstract int[] columnOrder();

    /** A copy of the row permutation: {@code rowPermutation()[k]} is the original row pivoted at step k. */
    @Override
    public int[] rowPermutation() {
        checkOpen();
        return rowOrder().clone();
    }

    /** A copy of the column permutation Q: column k of L·U is column {@code columnPermutation()[k]} of A. */
    @Override
    public int[] columnPermutation() {
        checkOpen();
        return columnOrder().clone();
    }

    /** Empty: the method was named, not chosen. */
    @Override
    public String methodReason() {
        return "";
    }

    /**
     * Copies A's pattern into {@code arena} and keeps the copy for {@link #checkSamePattern}; returns
     * the copy's bytes (for the footprint).
     */
    final long keepPatternCopy(Arena arena, CscPattern ap) {
        MemorySegment colPtr = NativeMemory.ints(arena, n + 1L);
        MemorySegment rowIdx = NativeMemory.ints(arena, Math.max(1, ap.nnz()));
        MemorySegment.copy(ap.colPtr(), 0, colPtr, 0, (n + 1L) * Integer.BYTES);
        MemorySegment.copy(ap.rowIdx(), 0, rowIdx, 0, (long) ap.nnz() * Integer.BYTES);
        keepPattern(colPtr, rowIdx, ap.nnz());
        return colPtr.byteSize() + rowIdx.byteSize();
    }

    /** A factor's guard: A must have the order and nnz the analysis was made for. */
    static void checkAnalysed(CscMatrix a, SparseAnalysis s) {
        if (a.rows() != s.n() || a.cols() != s.n() || a.nnz() != s.nnz()) {
            throw new IllegalArgumentException("matrix is " + a.rows() + "x" + a.cols() + " with nnz " + a.nnz()
                    + " but the analysis is for n = " + s.n() + ", nnz " + s.nnz());
        }
    }

    /**
     * The first factorization of a new factorization object: {@code f} after {@code numeric} ran on
     * it, or, when that throws, {@code f} closed (its native memory freed) and the exception rethrown.
     */
    static <F extends SparseLuBase<?>> F firstFactor(F f, java.util.function.Consumer<? super F> numeric) {
        try {
            numeric.accept(f);
            return f;
        } catch (RuntimeException | Error e) {
            f.close();
            throw e;
        }
    }

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
        rcond = Double.NaN;
        normInf = Double.NaN;
        norm1 = Double.NaN;
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
        Checks.vectorLength("solve", "b", n, b.length());
        Checks.vectorLength("solve", "x", n, x.length());
        Checks.finite("solve", "b", b);
        W w = beginSolve().work;
        try {
            checkUsable();
            solveColumn(b.segment(), 0, x.segment(), 0, w);
        } finally {
            endSolve();
        }
    }

    /** x = A⁻ᵀb with the same factors; allocates nothing; b and x may be the same vector. */
    @Override
    public final void solveTransposed(DenseVector b, DenseVector x) {
        Checks.vectorLength("solveTransposed", "b", n, b.length());
        Checks.vectorLength("solveTransposed", "x", n, x.length());
        Checks.finite("solveTransposed", "b", b);
        W w = beginSolve().work;
        try {
            checkUsable();
            solveTransposedColumn(b.segment(), 0, x.segment(), 0, w);
        } finally {
            endSolve();
        }
    }

    /** X = A⁻¹B, column by column; allocates nothing; B and X may be the same matrix. */
    @Override
    public final void solve(DenseMatrix b, DenseMatrix x) {
        checkBlock("solve", b, x);
        Checks.finite("solve", "B", b);
        W w = beginSolve().work;
        try {
            checkUsable();
            for (int c = 0; c < b.cols(); c++) {
                solveColumn(b.segment(), (long) c * b.ld(), x.segment(), (long) c * x.ld(), w);
            }
        } finally {
            endSolve();
        }
        x.markModified();
    }

    /** X = A⁻ᵀB, column by column; allocates nothing; B and X may be the same matrix. */
    @Override
    public final void solveTransposed(DenseMatrix b, DenseMatrix x) {
        checkBlock("solveTransposed", b, x);
        Checks.finite("solveTransposed", "B", b);
        W w = beginSolve().work;
        try {
            checkUsable();
            for (int c = 0; c < b.cols(); c++) {
                solveTransposedColumn(b.segment(), (long) c * b.ld(), x.segment(), (long) c * x.ld(), w);
            }
        } finally {
            endSolve();
        }
        x.markModified();
    }

    private void checkBlock(String op, DenseMatrix b, DenseMatrix x) {
        if (b.rows() != n || x.rows() != n || b.cols() != x.cols()) {
            throw new IllegalArgumentException(op + ": B is " + b.rows() + "x" + b.cols() + " and X is " + x.rows()
                    + "x" + x.cols() + ", both must be " + n + "xk with the same k");
        }
    }

    // ---------------------------------------------------------------- condition and refinement

    /** The estimate for the current factors, NaN until {@link #rcond()} computes it (guarded by {@link #estimateLock}). */
    private double rcond = Double.NaN;
    /** ‖A‖∞ and ‖A‖₁ of the factored A, NaN until computed (the same values whichever thread does it). */
    private volatile double normInf = Double.NaN;
    private volatile double norm1 = Double.NaN;
    private final Object estimateLock = new Object();
    /** The estimator, with its work vector and a solve workspace of its own: made by the first {@link #rcond()}. */
    private OneNormEstimator estimator;
    private OneNormEstimator.Solver estimateSolver;

    /**
     * Estimated reciprocal condition number 1/(‖A‖₁·‖A⁻¹‖₁), as KLU's condest: ‖A⁻¹‖₁ by Hager and
     * Higham's estimator ({@link OneNormEstimator}, about five solves with these factors), ‖A‖₁ from A.
     * Computed on the first call after a (re)factor and kept; thread-safe (one estimate at a time, in
     * a workspace of its own); allocates only on the first call of this factorization.
     */
    @Override
    public final double rcond() {
        beginSolve();
        try {
            checkUsable();
            return conditionEstimate();
        } finally {
            endSolve();
        }
    }

    /** {@link #rcond()} inside a solve that already holds the guard. */
    private double conditionEstimate() {
        synchronized (estimateLock) {
            if (Double.isNaN(rcond)) {
                if (estimator == null) {
                    W w = newWork();
                    estimator = new OneNormEstimator(n, MemorySegment.ofArray(new double[Math.max(1, n)]));
                    estimateSolver = new OneNormEstimator.Solver() {
                        @Override
                        public void solve(MemorySegment x) {
                            solveColumn(x, 0, x, 0, w);
                        }

                        @Override
                        public void solveTransposed(MemorySegment x) {
                            solveTransposedColumn(x, 0, x, 0, w);
                        }
                    };
                }
                rcond = Refinement.reciprocalCondition(n, matrixNorm1(), estimator.inverseNorm(estimateSolver));
            }
            return rcond;
        }
    }

    /** x = A⁻¹b with iterative refinement and a report (see {@link SolveReport}); b may be x; allocates nothing in steady state. */
    @Override
    public final void solve(DenseVector b, DenseVector x, SolveReport report) {
        refined(false, "solve", b, x, report);
    }

    /** x = A⁻ᵀb with iterative refinement against Aᵀ and a report; b may be x; allocates nothing in steady state. */
    @Override
    public final void solveTransposed(DenseVector b, DenseVector x, SolveReport report) {
        refined(true, "solveTransposed", b, x, report);
    }

    private void refined(boolean transposed, String op, DenseVector b, DenseVector x, SolveReport report) {
        Checks.vectorLength(op, "b", n, b.length());
        Checks.vectorLength(op, "x", n, x.length());
        Checks.finite(op, "b", b);
        Slot s = beginSolve();
        try {
            checkUsable();
            boolean estimate = report.estimatesCondition();
            double rc = estimate ? conditionEstimate() : Double.NaN;
            double bar = estimate ? SolveReport.illConditionedBelow(n, reciprocalPivotGrowth()) : Double.NaN;
            s.transposed = transposed;
            if (s.scratch == null) s.scratch = new Refinement.Scratch(n);
            Refinement.solve(s, b, x, s.scratch, report, rc, bar);
        } finally {
            endSolve();
        }
    }

    /**
     * A solve's workspace: the implementation's ({@link #work}) and, from the first refining solve on,
     * the refinement vectors; it serves {@link Refinement} as its {@link Refinement.Steps}.
     */
    final class Slot implements Refinement.Steps {
        final W work;
        Refinement.Scratch scratch;
        boolean transposed;

        Slot(W work) {
            this.work = work;
        }

        @Override
        public void solve(DenseVector src, DenseVector dst) {
            if (transposed) solveTransposedColumn(src.segment(), 0, dst.segment(), 0, work);
            else solveColumn(src.segment(), 0, dst.segment(), 0, work);
        }

        @Override
        public void residual(DenseVector b, DenseVector x, DenseVector r, DenseVector low) {
            Refinement.residual(matrix, transposed, b, x, r, low);
        }

        @Override
        public void absProduct(DenseVector x, DenseVector dst) {
            Refinement.absProduct(matrix, transposed, x, dst);
        }

        /** ‖A‖∞, or ‖Aᵀ‖∞ = ‖A‖₁; each kept once computed. */
        @Override
        public double normInf(DenseVector scratch) {
            if (transposed) return matrixNorm1();
            double v = normInf;
            if (Double.isNaN(v)) normInf = v = Refinement.normInf(matrix, scratch);
            return v;
        }
    }

    /** ‖A‖₁ of the factored A, kept once computed. */
    private double matrixNorm1() {
        double v = norm1;
        if (Double.isNaN(v)) norm1 = v = Refinement.norm1(matrix);
        return v;
    }
}

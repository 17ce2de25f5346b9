package dev.pullback.dense;

import dev.pullback.kernel.gemm.Gemms;

import dev.pullback.factor.Factorization;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.factor.SolveReport;
import dev.pullback.kernel.gemm.Gemm;
import dev.pullback.kernel.gemm.GemmWorkspace;
import dev.pullback.internal.Checks;
import dev.pullback.internal.Refinement;
import dev.pullback.internal.SolveGuard;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.MemoryLimit;
import dev.pullback.storage.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Dense LU with partial pivoting, PA = LU, in off-heap storage that this object owns and reuses.
 *
 * <p>Life cycle: {@link #workspace(int)} allocates the factor storage for one order n (or
 * {@link #factor(DenseMatrix)} does that and factors); {@link #refactor(DenseMatrix)} copies a
 * matrix in — the caller's matrix is never written — and factors it with the recursive blocked
 * algorithm of {@link RecursiveLu} on the SIMD GEMM. Then {@link #solve} and
 * {@link #solveTransposed} for one right-hand side or several, in place or out of place, the
 * determinant, and a 1-norm reciprocal condition estimate ({@link #rcond()}, computed on its first
 * request after each factorization: about five solves), and refining solves that report their
 * backward error ({@link #solve(DenseVector, DenseVector, SolveReport)}). After the first call of
 * each, refactor, the solves and the estimate allocate nothing.
 *
 * <p>Accuracy: Gaussian elimination with partial pivoting is backward stable in practice: the
 * computed factors satisfy PA + ΔA = L̂Û with ‖ΔA‖ ≤ γₙ‖L̂‖‖Û‖ (Higham, Theorem 9.3), and a computed
 * solution x̂ has a normwise backward error ‖b − Ax̂‖/(‖A‖‖x̂‖ + ‖b‖) of a small multiple of nε unless the
 * pivot growth is exceptional. The forward error is then bounded by about κ₁(A)·nε; {@link #rcond()}
 * estimates 1/κ₁(A) = 1/(‖A‖₁‖A⁻¹‖₁).
 *
 * <p>Failures are never silent: NaN or ±Inf in the input is an {@link IllegalArgumentException}
 * naming the entry; an exactly zero pivot is a {@link SingularMatrixException} naming the column;
 * a tiny but nonzero pivot leaves {@link #rcond()} small and {@link #isIllConditioned()} true (the
 * rule of {@link SolveReport#illConditionedBelow(int, double)}).
 * After a failed factorization, solves are refused until a refactor succeeds. Solving after the
 * factored matrix changed (its {@link DenseMatrix#version()} moved) is an
 * {@link IllegalStateException}.
 *
 * <p>Not thread-safe: a factorization owns its scratch space. Close it to free the factors.
 */
public final class DenseLu implements Factorization {
    /**
     * Machine epsilon ε = 2⁻⁵² ≈ 2.2·10⁻¹⁶, LAPACK's threshold for "singular to working precision"
     * (dgesvx returns info = n+1): {@link #isIllConditioned()} holds when the estimated reciprocal
     * condition number is below this times min(n, pivot growth) ({@link SolveReport#illConditionedBelow(int, double)});
     * there the bound on the relative forward error exceeds 1: the solution may have no correct digit.
     */
    public static final double ILL_CONDITIONED_RCOND = SolveReport.ILL_CONDITIONED_RCOND;

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final int n;
    private final int ld;
    private final Arena arena;
    private final MemorySegment lu;
    /**
     * A solve's scratch: n off-heap doubles (vector solves run there, so the kernels only ever see
     * native segments), the TRSM's packing buffers and, from the first refining solve on, the
     * refinement vectors; it serves {@link Refinement} as its {@link Refinement.Steps}.
     */
    private final class Work implements Refinement.Steps {
        final MemorySegment vector;
        final GemmWorkspace ws;
        Refinement.Scratch scratch;
        boolean transposed;

        Work(MemorySegment vector, GemmWorkspace ws) {
            this.vector = vector;
            this.ws = ws;
        }

        /**
         * dst = op(A)⁻¹src in the work vector: forward, src gathered in the pivots' row order (Pb),
         * then both substitutions; transposed, src copied in, the substitutions, then scattered out
         * (Pᵀ). The interchanges cost one pass instead of n dependent swaps.
         */
        @Override
        public void solve(DenseVector src, DenseVector dst) {
            if (transposed) {
                MemorySegment.copy(src.segment(), 0, vector, 0, (long) n * Double.BYTES);
                substituteTransposed(vector, ws);
                scatterRows(vector, dst.segment());
            } else {
                gatherRows(src.segment(), vector);
                substitute(vector, ws);
                MemorySegment.copy(vector, 0, dst.segment(), 0, (long) n * Double.BYTES);
            }
        }

        /** r = b − op(A)x on the factored matrix (the caller's, unchanged since: checked), as {@link Refinement} sums it. */
        @Override
        public void residual(DenseVector b, DenseVector x, DenseVector r, DenseVector low) {
            Refinement.residual(source.segment(), source.ld(), n, transposed, b, x, r, low);
        }

        /** dst = |op(A)|·|x| on the factored matrix, by columns of A. */
        @Override
        public void absProduct(DenseVector x, DenseVector dst) {
            MemorySegment a = source.segment(), xs = x.segment(), ds = dst.segment();
            long lda = source.ld();
            if (!transposed) dst.zero();
            for (int j = 0; j < n; j++) {
                long col = j * lda;
                if (transposed) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) sum += Math.abs(a.getAtIndex(D, col + i) * xs.getAtIndex(D, i));
                    ds.setAtIndex(D, j, sum);
                } else {
                    double xj = Math.abs(xs.getAtIndex(D, j));
                    for (int i = 0; i < n; i++) ds.setAtIndex(D, i, ds.getAtIndex(D, i) + Math.abs(a.getAtIndex(D, col + i)) * xj);
                }
            }
        }

        /** ‖Aᵀ‖∞ = ‖A‖₁ (kept by the factorization); ‖A‖∞ from the row sums, kept once computed. */
        @Override
        public double normInf(DenseVector rowSums) {
            if (transposed) return oneNorm();
            double v = normInf;
            if (Double.isNaN(v)) normInf = v = rowSumNorm(rowSums);
            return v;
        }
    }

    /** ‖A‖∞ of the factored matrix, NaN until a refining solve computes it. */
    private volatile double normInf;

    /** Concurrent solves each in a workspace; refactor and close refused while one runs. */
    private final SolveGuard<Work> guard;
    private final int[] ipiv;
    /** The net row order of the interchanges: (PA)ᵢ = row rowOrder[i] of A. */
    private final int[] rowOrder;
    /** 1/uᵢᵢ for i < n, 1 past n (ld entries), for {@link Gemm#luSolve}. */
    private final double[] pivotInverses;
    /** Whether every 1/uᵢᵢ is finite (else the solves divide by the pivots). */
    private boolean inversesFinite;
    /** Σᵢ |aᵢⱼ| of the matrix being factored, per column. */
    private final double[] columnSums;
    private final Gemm gemm;
    private final GemmWorkspace ws;
    private final RecursiveLu algorithm;
    private final OneNormEstimator estimator;
    private final OneNormEstimator.Solver inPlace;

    private DenseMatrix source;
    private long sourceVersion;
    private boolean factored;
    private boolean closed;
    /** ‖A‖₁, NaN until {@link #oneNorm()} computes it for the current factors. */
    private volatile double norm1;
    /** NaN until {@link #rcond()} computes it for the current factors; so is the reciprocal pivot growth. */
    private double rcond;
    private double rgrowth;
    private int swapParity;

    private DenseLu(int n, Gemm gemm) {
        this.n = n;
        // Columns start on 64-byte boundaries: ld is n rounded up to 8 doubles.
        this.ld = Math.max(8, (n + 7) & ~7);
        this.gemm = gemm;
        this.ws = gemm.newWorkspace();
        this.ipiv = new int[n];
        this.rowOrder = new int[n];
        this.pivotInverses = new double[ld];
        this.columnSums = new double[n];
        this.arena = NativeMemory.openArena();
        try {
            this.lu = NativeMemory.doubles(arena, (long) ld * n);
            // ld entries: the blocked substitution reads and writes whole vectors past n.
            MemorySegment work = NativeMemory.doubles(arena, ld);
            MemorySegment estimate = NativeMemory.doubles(arena, ld);
            this.guard = new SolveGuard<>("dense LU", this::newWork);
            guard.own(new Work(work, ws));
            this.estimator = new OneNormEstimator(n, estimate);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
        this.algorithm = new RecursiveLu(n, ld, lu, ipiv, gemm, ws);
        GemmWorkspace estimateWs = gemm.newWorkspace();
        this.inPlace = new OneNormEstimator.Solver() {
            @Override
            public void solve(MemorySegment x) {
                solveVector(x, estimateWs);
            }

            @Override
            public void solveTransposed(MemorySegment x) {
                solveTransposedVector(x, estimateWs);
            }
        };
    }

    /** Factor storage for matrices of order n, not yet holding a factorization; uses {@link Gemms#get()}. */
    public static DenseLu workspace(int n) {
        return workspace(n, Gemms.get());
    }

    /** As {@link #workspace(int)} with an explicit GEMM implementation (to compare kernels). */
    public static DenseLu workspace(int n, Gemm gemm) {
        if (n < 0) throw new IllegalArgumentException("order must be >= 0, got " + n);
        if ((long) n * Math.max(8, (n + 7) & ~7) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a dense LU of order " + n + " exceeds 2^31-1 entries");
        }
        MemoryLimit.check("the factors of a dense LU of order " + n,
                ((long) n * Math.max(8, (n + 7) & ~7) + n) * Double.BYTES);
        return new DenseLu(n, gemm);
    }

    /** Factors a square matrix into new storage (close the result). */
    public static DenseLu factor(DenseMatrix a) {
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("dense LU needs a square matrix, got " + a.rows() + "x" + a.cols());
        }
        DenseLu f = workspace(a.rows());
        try {
            return f.refactor(a);
        } catch (RuntimeException | Error e) {
            f.close();
            throw e;
        }
    }

    /**
     * Copies {@code a} into this factorization's storage and factors it, replacing the previous
     * factors; {@code a} is not modified. Also records ‖A‖₁; the condition estimate is computed by
     * the first {@link #rcond()} or {@link #isIllConditioned()} after the factorization (about five
     * O(n²) solves, a sixth of a factorization at n = 100, 5% at n = 1000). Allocates nothing.
     *
     * @return this
     * @throws IllegalArgumentException if a is not n×n, or an entry is NaN or infinite (named)
     * @throws SingularMatrixException if a pivot is exactly zero (the column is named)
     * @throws ArithmeticException if elimination overflowed (a pivot became infinite)
     */
    public DenseLu refactor(DenseMatrix a) {
        checkOpen();
        if (a.rows() != n || a.cols() != n) {
            throw new IllegalArgumentException("refactor: matrix is " + a.rows() + "x" + a.cols()
                    + ", this factorization has order " + n);
        }
        return refactor(a, null);
    }

    /** {@link #refactor(DenseMatrix)} that first runs {@code fill} (which writes a's values) under the same guard. */
    DenseLu refactor(DenseMatrix a, Runnable fill) {
        guard.beginMutation("refactor");
        try {
            if (fill != null) fill.run();
            factorValues(a);
        } finally {
            guard.endMutation();
        }
        return this;
    }

    private void factorValues(DenseMatrix a) {
        factored = false;
        source = a;
        sourceVersion = a.version();
        copyIn(a);
        norm1 = Double.NaN;
        algorithm.factor();
        int parity = 0;
        boolean finite = true;
        for (int i = 0; i < n; i++) {
            double u = lu.getAtIndex(D, i + (long) i * ld);
            if (!Double.isFinite(u)) {
                throw new ArithmeticException("dense LU overflowed: pivot " + i + " is " + u
                        + " although the input is finite; scale the matrix");
            }
            if (ipiv[i] != i) parity ^= 1;
            double inverse = 1.0 / u;
            pivotInverses[i] = inverse;
            finite &= Double.isFinite(inverse);
        }
        for (int i = n; i < ld; i++) pivotInverses[i] = 1.0;
        inversesFinite = finite;
        swapParity = parity;
        orderRows();
        rcond = Double.NaN;
        rgrowth = Double.NaN;
        normInf = Double.NaN;
        factored = true;
    }

    /** rowOrder from the interchanges: the identity with ipiv's swaps applied in order. */
    private void orderRows() {
        for (int i = 0; i < n; i++) rowOrder[i] = i;
        for (int i = 0; i < n; i++) {
            int p = ipiv[i];
            int t = rowOrder[i];
            rowOrder[i] = rowOrder[p];
            rowOrder[p] = t;
        }
    }

    /** A spare workspace for a solve that overlaps another (GC-managed memory: it lives as long as its thread's use). */
    private Work newWork() {
        return new Work(Arena.ofAuto().allocate((long) ld * Double.BYTES, 64), gemm.newWorkspace());
    }

    /**
     * Copies a into the factor storage with zero padding rows (the direct LU updates whole vectors
     * of rows, up to ld) and checks in the same pass that every entry is finite.
     */
    private void copyIn(DenseMatrix a) {
        if (!gemm.copyPadded(n, n, a.segment(), 0, a.ld(), lu, 0, ld)) {
            for (int j = 0; j < n; j++) checkFinite(j);
        }
    }

    /** ‖A‖₁ of the factored matrix (the caller's, unchanged since: checked by the callers), computed on the first request. */
    private double oneNorm() {
        double v = norm1;
        if (Double.isNaN(v)) {
            synchronized (columnSums) {
                v = norm1;
                if (Double.isNaN(v)) {
                    gemm.absColumnSums(n, n, source.segment(), 0, source.ld(), columnSums);
                    v = 0;
                    for (int j = 0; j < n; j++) v = Math.max(v, columnSums[j]);
                    norm1 = v;
                }
            }
        }
        return v;
    }

    /** Throws naming the first NaN or infinite entry of column j, if there is one (else the column sum overflowed). */
    private void checkFinite(int j) {
        for (int i = 0; i < n; i++) {
            double v = lu.getAtIndex(D, i + (long) j * ld);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("dense LU: entry (" + i + ", " + j + ") of the matrix is " + v);
            }
        }
    }

    @Override
    public int n() {
        return n;
    }

    // ---- one right-hand side ----

    /**
     * x = A⁻¹b; b is not modified and may be x. Allocates nothing.
     *
     * <p>The solve runs in an off-heap work vector (b is copied in, x out: 2n of the 2n² memory
     * traffic): were the kernels called on heap and native segments alike, C2 would compile their
     * accesses for both kinds and lose several times in speed.
     */
    @Override
    public void solve(DenseVector b, DenseVector x) {
        solveVector("solve", false, b, x);
    }

    /** x ← A⁻¹x, in place. */
    public void solve(DenseVector x) {
        solve(x, x);
    }

    /** x = A⁻ᵀb with the same factors; b is not modified and may be x. Allocates nothing. */
    @Override
    public void solveTransposed(DenseVector b, DenseVector x) {
        solveVector("solveTransposed", true, b, x);
    }

    /** b into the solve's work vector, the substitutions there, x out. */
    private void solveVector(String op, boolean transposed, DenseVector b, DenseVector x) {
        Work w = guard.beginSolve();
        try {
            checkVectors(op, b, x);
            w.transposed = transposed;
            w.solve(b, x);
        } finally {
            guard.endSolve();
        }
    }

    /** x ← A⁻ᵀx, in place. */
    public void solveTransposed(DenseVector x) {
        solveTransposed(x, x);
    }

    /** x ← U⁻¹L⁻¹Px in place (x holds ld entries): row swaps, then the two substitutions. */
    private void solveVector(MemorySegment x, GemmWorkspace ws) {
        for (int i = 0; i < n; i++) {
            int p = ipiv[i];
            if (p != i) swap(x, i, p);
        }
        substitute(x, ws);
    }

    /** x ← PᵀL⁻ᵀU⁻ᵀx in place, since (PᵀLU)ᵀ = UᵀLᵀP: the transposed substitutions, then the swaps in reverse. */
    private void solveTransposedVector(MemorySegment x, GemmWorkspace ws) {
        substituteTransposed(x, ws);
        for (int i = n - 1; i >= 0; i--) {
            int p = ipiv[i];
            if (p != i) swap(x, i, p);
        }
    }

    /** x ← U⁻¹L⁻¹x: by the pivots' inverses ({@link Gemm#luSolve}) unless one of them overflowed. */
    private void substitute(MemorySegment x, GemmWorkspace ws) {
        if (inversesFinite) {
            gemm.luSolve(n, lu, 0, ld, pivotInverses, x, 0);
        } else {
            gemm.trsm(true, false, true, n, 1, lu, 0, ld, x, 0, Math.max(1, n), ws);
            gemm.trsm(false, false, false, n, 1, lu, 0, ld, x, 0, Math.max(1, n), ws);
        }
    }

    /** x ← L⁻ᵀU⁻ᵀx (single-column TRSMs). */
    private void substituteTransposed(MemorySegment x, GemmWorkspace ws) {
        gemm.trsm(false, true, false, n, 1, lu, 0, ld, x, 0, Math.max(1, n), ws);
        gemm.trsm(true, true, true, n, 1, lu, 0, ld, x, 0, Math.max(1, n), ws);
    }

    /** x(i) = b(rowOrder[i]): x ← Pb. */
    private void gatherRows(MemorySegment b, MemorySegment x) {
        int[] order = rowOrder;
        for (int i = 0; i < n; i++) x.setAtIndex(D, i, b.getAtIndex(D, order[i]));
    }

    /** x(rowOrder[i]) = y(i): x ← Pᵀy. */
    private void scatterRows(MemorySegment y, MemorySegment x) {
        int[] order = rowOrder;
        for (int i = 0; i < n; i++) x.setAtIndex(D, order[i], y.getAtIndex(D, i));
    }

    private static void swap(MemorySegment x, long i, long j) {
        double t = x.getAtIndex(D, i);
        x.setAtIndex(D, i, x.getAtIndex(D, j));
        x.setAtIndex(D, j, t);
    }

    // ---- refining solves ----

    /**
     * x = A⁻¹b, then iterative refinement with these factors as {@code report} says, which receives the
     * backward error, the steps taken and (if asked) {@link #rcond()}: see {@link SolveReport}. b is not
     * modified and may be x. The residuals are GEMVs with the factored matrix (the caller's, which must
     * not have changed since the factorization). Allocates nothing after the first refining solve.
     */
    @Override
    public void solve(DenseVector b, DenseVector x, SolveReport report) {
        refined(false, "solve", b, x, report);
    }

    /** x = A⁻ᵀb with refinement against Aᵀ, as {@link #solve(DenseVector, DenseVector, SolveReport)}. */
    @Override
    public void solveTransposed(DenseVector b, DenseVector x, SolveReport report) {
        refined(true, "solveTransposed", b, x, report);
    }

    private void refined(boolean transposed, String op, DenseVector b, DenseVector x, SolveReport report) {
        Work w = guard.beginSolve();
        try {
            checkVectors(op, b, x);
            boolean estimate = report.estimatesCondition();
            double rc = estimate ? conditionEstimate() : Double.NaN;
            double bar = estimate ? SolveReport.illConditionedBelow(n, growthEstimate()) : Double.NaN;
            w.transposed = transposed;
            if (w.scratch == null) w.scratch = new Refinement.Scratch(n);
            Refinement.solve(w, b, x, w.scratch, report, rc, bar);
        } finally {
            guard.endSolve();
        }
    }

    /** max row sum of |A| over the factored matrix, summed in {@code rowSums}. */
    private double rowSumNorm(DenseVector rowSums) {
        MemorySegment a = source.segment(), s = rowSums.segment();
        long lda = source.ld();
        rowSums.zero();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                s.setAtIndex(D, i, s.getAtIndex(D, i) + Math.abs(a.getAtIndex(D, i + j * lda)));
            }
        }
        double m = 0;
        for (int i = 0; i < n; i++) m = Math.max(m, s.getAtIndex(D, i));
        return m;
    }

    // ---- several right-hand sides ----

    /** X = A⁻¹B for the columns of B (n×k); B is not modified and may be X. Allocates nothing after the first call of a shape. */
    public void solve(DenseMatrix b, DenseMatrix x) {
        Work w = guard.beginSolve();
        try {
            checkMatrices("solve", b, x);
            if (b != x) x.copyFrom(b);
            MemorySegment xs = x.segment();
            int k = x.cols(), ldx = x.ld();
            swapRowsForward(xs, ldx, k);
            gemm.trsm(true, false, true, n, k, lu, 0, ld, xs, 0, ldx, w.ws);
            gemm.trsm(false, false, false, n, k, lu, 0, ld, xs, 0, ldx, w.ws);
        } finally {
            guard.endSolve();
        }
        x.markModified();
    }

    /** X ← A⁻¹X, in place. */
    public void solve(DenseMatrix x) {
        solve(x, x);
    }

    /** X = A⁻ᵀB for the columns of B (n×k); B is not modified and may be X. */
    public void solveTransposed(DenseMatrix b, DenseMatrix x) {
        Work w = guard.beginSolve();
        try {
            checkMatrices("solveTransposed", b, x);
            if (b != x) x.copyFrom(b);
            MemorySegment xs = x.segment();
            int k = x.cols(), ldx = x.ld();
            gemm.trsm(false, true, false, n, k, lu, 0, ld, xs, 0, ldx, w.ws);
            gemm.trsm(true, true, true, n, k, lu, 0, ld, xs, 0, ldx, w.ws);
            swapRowsBackward(xs, ldx, k);
        } finally {
            guard.endSolve();
        }
        x.markModified();
    }

    /** X ← A⁻ᵀX, in place. */
    public void solveTransposed(DenseMatrix x) {
        solveTransposed(x, x);
    }

    private void swapRowsForward(MemorySegment x, int ldx, int k) {
        for (int c = 0; c < k; c++) {
            long col = (long) c * ldx;
            for (int i = 0; i < n; i++) {
                int p = ipiv[i];
                if (p != i) swap(x, col + i, col + p);
            }
        }
    }

    private void swapRowsBackward(MemorySegment x, int ldx, int k) {
        for (int c = 0; c < k; c++) {
            long col = (long) c * ldx;
            for (int i = n - 1; i >= 0; i--) {
                int p = ipiv[i];
                if (p != i) swap(x, col + i, col + p);
            }
        }
    }

    // ---- determinant, condition, factors ----

    /**
     * det A = (−1)^(number of row swaps)·Π uᵢᵢ, accumulated with a separate binary exponent so that
     * no intermediate product overflows or underflows; the result is ±Inf or 0 only when det A itself
     * is outside the double range.
     */
    public double determinant() {
        checkUsable();
        double mantissa = swapParity == 0 ? 1 : -1;
        long exponent = 0;
        for (int i = 0; i < n; i++) {
            mantissa *= lu.getAtIndex(D, i + (long) i * ld);
            int e = Math.getExponent(mantissa);
            mantissa = Math.scalb(mantissa, -e);
            exponent += e;
        }
        return Math.scalb(mantissa, (int) Math.max(-4000, Math.min(4000, exponent)));
    }

    /** log |det A| = Σ log |uᵢᵢ|, finite whenever the factorization exists. */
    public double logAbsDeterminant() {
        checkUsable();
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.log(Math.abs(lu.getAtIndex(D, i + (long) i * ld)));
        return s;
    }

    /** The sign of det A: +1 or −1 (a factorization never has a zero pivot). */
    public int determinantSign() {
        checkUsable();
        int sign = swapParity == 0 ? 1 : -1;
        for (int i = 0; i < n; i++) {
            if (lu.getAtIndex(D, i + (long) i * ld) < 0) sign = -sign;
        }
        return sign;
    }

    /**
     * Estimated reciprocal condition number 1/(‖A‖₁·‖A⁻¹‖₁), with ‖A⁻¹‖₁ from Hager–Higham's estimator
     * ({@link OneNormEstimator}): an upper bound on the true value up to rounding, usually within a
     * factor 3 of it. 0 when an estimate overflowed or came out NaN; 1 for order 0 (as LAPACK's dgecon).
     * Computed once per factorization, on the first call (about five solves, no allocation), then kept.
     */
    @Override
    public double rcond() {
        guard.beginSolve();
        try {
            checkUsable();
            return conditionEstimate();
        } finally {
            guard.endSolve();
        }
    }

    /** {@link #rcond()} inside a solve that already holds the guard. */
    private double conditionEstimate() {
        synchronized (estimator) { // one estimate, in the estimator's own workspace, for every thread
            if (Double.isNaN(rcond)) rcond = Refinement.reciprocalCondition(n, oneNorm(), estimator.inverseNorm(inPlace));
            return rcond;
        }
    }

    /**
     * Reciprocal pivot growth min_j max_i |a_ij| / max_i |u_ij| over the columns (those of A with no
     * nonzero skipped; 1 when none is left), as KLU reports it: near 1 for partial pivoting in
     * practice; 2¹⁻ⁿ for Wilkinson's matrix. O(n²) on the first call after a factorization, then kept.
     */
    public double reciprocalPivotGrowth() {
        guard.beginSolve();
        try {
            checkUsable();
            return growthEstimate();
        } finally {
            guard.endSolve();
        }
    }

    /** {@link #reciprocalPivotGrowth()} inside a solve that already holds the guard. */
    private double growthEstimate() {
        synchronized (estimator) {
            if (Double.isNaN(rgrowth)) {
                MemorySegment a = source.segment();
                long lda = source.ld();
                double g = 1.0;
                for (int j = 0; j < n; j++) {
                    double amax = 0, umax = 0;
                    for (int i = 0; i < n; i++) amax = Math.max(amax, Math.abs(a.getAtIndex(D, i + j * lda)));
                    for (int i = 0; i <= j; i++) umax = Math.max(umax, Math.abs(lu.getAtIndex(D, i + (long) j * ld)));
                    if (amax > 0 && umax > 0) g = Math.min(g, amax / umax);
                }
                rgrowth = g;
            }
            return rgrowth;
        }
    }

    /**
     * Whether {@link #rcond()} is below ε·min(n, pivot growth) ({@link SolveReport#illConditionedBelow(int, double)}):
     * A is numerically singular, and solutions may carry no correct digit.
     */
    public boolean isIllConditioned() {
        return rcond() < SolveReport.illConditionedBelow(n, reciprocalPivotGrowth());
    }

    /** ‖A‖₁ = max column sum of |aᵢⱼ| of the factored matrix. */
    public double norm1() {
        checkUsable();
        return oneNorm();
    }

    /** The row interchange of step i: row i was swapped with row {@code pivotRow(i)} ≥ i (LAPACK's ipiv, 0-based). */
    public int pivotRow(int i) {
        checkUsable();
        if (i < 0 || i >= n) throw new IndexOutOfBoundsException("pivot index " + i + " out of range [0, " + n + ")");
        return ipiv[i];
    }

    /** Writes perm with (PA)ᵢ = row perm[i] of A, the net effect of the interchanges. */
    public void rowPermutation(int[] perm) {
        checkUsable();
        if (perm.length != n) throw new IllegalArgumentException("rowPermutation: array has length " + perm.length + ", expected " + n);
        System.arraycopy(rowOrder, 0, perm, 0, n);
    }

    /** Entry (i, j) of the combined factor array: L's below the diagonal (its unit diagonal not stored), U's on and above. */
    public double factorEntry(int i, int j) {
        checkUsable();
        if (i < 0 || i >= n || j < 0 || j >= n) {
            throw new IndexOutOfBoundsException("entry (" + i + ", " + j + ") outside a " + n + "x" + n + " factorization");
        }
        return lu.getAtIndex(D, i + (long) j * ld);
    }

    /** Whether this object holds a factorization that solves may use (one succeeded and the matrix is unchanged). */
    public boolean isCurrent() {
        return !closed && factored && source.version() == sourceVersion;
    }

    /** The GEMM implementation this factorization runs on. */
    public Gemm gemm() {
        return gemm;
    }

    @Override
    public void close() {
        guard.beginMutation("close");
        try {
            if (closed) return;
            closed = true;
            factored = false;
            source = null;
            arena.close();
        } finally {
            guard.endMutation();
        }
    }

    @Override
    public String toString() {
        return "DenseLu[n=" + n + (factored ? "" : ", not factored") + ", " + gemm.name() + "]";
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("dense LU is closed");
    }

    private void checkUsable() {
        checkOpen();
        if (!factored) throw new IllegalStateException("dense LU holds no factorization: call refactor (the last one failed or none was made)");
        if (source.version() != sourceVersion) {
            throw new IllegalStateException("the matrix changed since it was factored (version " + source.version()
                    + ", factored at " + sourceVersion + "): call refactor");
        }
    }

    private void checkVectors(String op, DenseVector b, DenseVector x) {
        checkUsable();
        if (b.length() != n) throw new IllegalArgumentException(op + ": b has length " + b.length() + ", expected " + n);
        if (x.length() != n) throw new IllegalArgumentException(op + ": x has length " + x.length() + ", expected " + n);
        Checks.finite(op, "b", b);
    }

    private void checkMatrices(String op, DenseMatrix b, DenseMatrix x) {
        checkUsable();
        if (b.rows() != n) throw new IllegalArgumentException(op + ": B has " + b.rows() + " rows, expected " + n);
        if (x.rows() != b.rows() || x.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": X is " + x.rows() + "x" + x.cols() + ", B is " + b.rows() + "x" + b.cols());
        }
        Checks.finite(op, "B", b);
    }
}

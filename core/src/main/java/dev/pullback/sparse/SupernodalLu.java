package dev.pullback.sparse;

import dev.pullback.kernel.gemm.Gemms;

import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import dev.pullback.factor.Method;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.kernel.gemm.Gemm;
import dev.pullback.kernel.gemm.GemmWorkspace;
import dev.pullback.kernel.KernelProvider;
import dev.pullback.internal.Checks;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Supernodal (multifrontal) sparse LU of a square matrix with a symmetric or nearly symmetric
 * pattern:
 * <pre>  P · R⁻¹ · A · Q = L · U</pre>
 * with Q a symmetric order of A + Aᵀ ({@code SymmetricOrder}: AMD or nested dissection;
 * postordered), R the diagonal of row maxima when row scaling is on (else I), and P = Q·P_local where P_local only exchanges rows inside a supernode's pivot block.
 *
 * <p>Method (Duff and Reid 1983; Liu, "The multifrontal method for sparse matrix solution", SIAM
 * Review 34, 1992): the analysis ({@link SupernodalStructure}) groups the columns of the Cholesky
 * structure of S = Q(A + Aᵀ)Qᵀ into supernodes (runs of columns with the same structure, relaxed
 * by amalgamation that admits a few explicit zeros). In postorder of the supernodal tree, each
 * supernode with k pivot columns and row structure R assembles its dense m×m front (m = k + |R|)
 * from A's entries in its rows and columns and from its children's contribution blocks (extend-add
 * along precomputed index maps), then eliminates its k pivots:
 * <pre>
 *   F = [F11 F12]   P11·F11 = L11·U11,  L21 = F21·U11⁻¹,  U12 = L11⁻¹·P11·F12,
 *       [F21 F22]   contribution block  C = F22 − L21·U12 (pushed for the parent)
 * </pre>
 * as a blocked right-looking LU (unblocked panels of {@value #PANEL} columns; TRSM and GEMM of the
 * {@link Gemms#get()} kernels for the rest). Pivot rows are restricted to the block's k
 * rows, which keeps the structure fixed: at step j the pivot is the diagonal when
 * |f_jj| ≥ τ·max_{i≥j} |f_ij| over all m − j candidate rows (τ =
 * {@link SparseOptions#pivotTolerance()}, default 0.001), else the largest in-block candidate if it
 * passes the same test; if none does, {@link SupernodalPivotException} — factor with {@link SparseLu}
 * (or use {@link AdaptiveSparseLu}, which does so by itself). L and U are stored apart, each in
 * supernode order, as the packed triangles and panels of {@link SupernodalLayout}: a supernode's
 * share of L is L11's strict lower triangle, then L21; its share of U is U11's upper triangle (with
 * the diagonal), then U12ᵀ. Each sweep of a solve ({@link SupernodalSolves}) then reads one array in
 * one direction and no entry of the other triangle: the forward sweeps from start to end, which
 * the hardware prefetcher follows, the backward sweeps from end to start, touching their data
 * ahead. (The layouts measured, and what was tried and left: docs/PERFORMANCE.md, 2026-12-01
 * 'packed triangles in L and U', 'straight-line diagonal blocks' and 'supernodal: tried and
 * left'.)
 *
 * <p>Storage: the factor panels are off-heap, allocated once; the front (max m² doubles), the
 * contribution stack (its peak, from the analysis) and the solve's work vectors are heap arrays
 * allocated once too. Why heap: the assembly, the extend-add (an indirect scatter), the panel
 * loops and the solve's gathers index plain arrays without a segment's per-access checks, and the
 * GEMM kernels reach the front through one heap segment that wraps it (docs/PERFORMANCE.md,
 * 2026-12-01 'heap work vectors'). {@link #refactor}, {@link #solve} and {@link #solveTransposed}
 * allocate nothing. Refactor re-chooses the pivots inside each block by the same rule (the
 * structure cannot change, so this costs nothing and is more robust than keeping the previous P);
 * {@link #rowPermutation()} reports the current one.
 *
 * <p>Accuracy: the computed x satisfies a backward error ‖b − Ax‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞) of order
 * n·ε times the pivot growth; {@link #reciprocalPivotGrowth()} and {@link #pivotRatio()} report it.
 * Unsymmetric patterns are factored with the structure of A + Aᵀ (explicit zeros where A is not
 * symmetric); for strongly unsymmetric patterns {@link SparseLu} is the better choice (see
 * {@link AdaptiveSparseLu}'s rule).
 *
 * <p>Errors: a column whose candidate pivots are all zero (numerically or structurally singular)
 * raises a {@link SingularMatrixException} naming that column in A's own numbering; a NaN or
 * infinite entry is an {@link IllegalArgumentException} naming its row and column; solving after
 * the matrix's values changed ({@link CscMatrix#version()} moved) without a refactor, or after a
 * failed refactor or {@link #close()}, is an {@link IllegalStateException}. Not thread-safe.
 */
public final class SupernodalLu extends SparseLuBase<SupernodalSolves> {
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /** Columns of the unblocked panel step inside a front. */
    static final int PANEL = 16;
    /**
     * Below this many multiply-adds (rows² × panel width) the trailing update of a front runs as
     * plain loops: the GEMM kernels' packing costs more than it saves on tiny blocks.
     */
    static final long SMALL_UPDATE = 4096;

    private final SupernodalAnalysis analysis;
    private final SupernodalStructure st;
    private final SparseOptions options;
    private final double tau;
    private final int[] rowPerm;
    /** Row interchanges inside the blocks: at step f + j, local rows j and ipiv[f + j] (≥ j) of the front were swapped. */
    private final int[] ipiv;
    /** Whether supernode s exchanged rows at the last (re)factor: the solves skip the others' interchange loops. */
    private final boolean[] pivoted;
    private final double[] rowScale;
    private final double[] front;
    private final MemorySegment frontSeg;
    private final double[] stack;
    private final double[] colUmax;

    private final Arena arena;
    /** L: per supernode, L11's strict lower triangle packed by columns, then L21 ((m−k)×k column-major). */
    private final MemorySegment lx;
    /** U: per supernode, U11's upper triangle packed by columns, then U12ᵀ ((m−k)×k column-major). */
    private final MemorySegment ux;
    private final long patternBytes;

    private final Gemm gemm;
    private final GemmWorkspace ws;


    private SupernodalLu(CscMatrix a, SupernodalAnalysis analysis) {
        super(analysis.n(), "supernodal LU factorization");
        this.analysis = analysis;
        this.st = analysis.structure;
        SparseOptions o = analysis.options;
        options = o;
        tau = o.pivotTolerance();
        rowPerm = new int[n];
        ipiv = new int[n];
        pivoted = new boolean[st.count];
        rowScale = o.rowScaling() ? new double[n] : null;
        front = new double[Math.max(1, st.maxFront * st.maxFront)];
        frontSeg = MemorySegment.ofArray(front);
        stack = new double[Math.max(1, st.stackPeak)];
        colUmax = new double[n];
        gemm = Gemms.get();
        ws = gemm.newWorkspace();
        arena = NativeMemory.openArena();
        try {
            lx = NativeMemory.doubles(arena, Math.max(1, st.lSize));
            ux = NativeMemory.doubles(arena, Math.max(1, st.uSize));
            patternBytes = keepPatternCopy(arena, a.pattern());
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- factorization

    /** Factors A with {@link SparseOptions#defaults()} (AMD order, τ = 0.001, row scaling on). */
    public static SupernodalLu factor(CscMatrix a) {
        return factor(a, SparseOptions.defaults());
    }

    /**
     * Analyses A's pattern and factors A; see {@link #analyze(CscPattern, SparseOptions)}.
     *
     * @throws SupernodalPivotException no acceptable pivot inside some supernode (use {@link SparseLu})
     * @throws SingularMatrixException  A is structurally or numerically singular (the column named)
     * @throws IllegalArgumentException A is not square, or has a NaN/infinite entry
     */
    public static SupernodalLu factor(CscMatrix a, SparseOptions options) {
        return analyze(a.pattern(), options).factor(a);
    }

    /**
     * The analysis of a square pattern: a symmetric order of A + Aᵀ ({@code SymmetricOrder}: AUTO
     * is AMD, or nested dissection on large patterns where its factor is cheaper; COLAMD means AMD
     * here, the supernodal structure needs a symmetric permutation), then the supernodes and the
     * layout of the factors.
     */
    public static SupernodalAnalysis analyze(CscPattern a, SparseOptions options) {
        Checks.square("supernodal LU", a.rows(), a.cols());
        SymmetricStructure sym = SymmetricStructure.of(a);
        SymmetricOrder order = SymmetricOrder.of(sym, options);
        return analyze(a, sym, order.perm, order.used, options, order.reason);
    }

    static SupernodalAnalysis analyze(CscPattern a, SymmetricStructure sym, int[] order, Ordering used,
            SparseOptions options, String reason) {
        return new SupernodalAnalysis(SupernodalStructure.of(a, sym, order, used), options, reason);
    }

    /**
     * The order, and in {@code choleskyBound[0]} AMD's bound on the Cholesky count (see
     * {@link Amd#order(SymmetricStructure, double, boolean, long[])}), −1 when there is none.
     */
    static int[] symmetricOrder(SymmetricStructure sym, Ordering used, SparseOptions options, long[] choleskyBound) {
        choleskyBound[0] = -1;
        if (used == Ordering.AMD) {
            return Amd.order(sym, options.denseFactor(), options.aggressiveAbsorption(), choleskyBound);
        }
        int[] order = new int[sym.n];
        for (int k = 0; k < order.length; k++) order[k] = k;
        return order;
    }

    /** Factors A, whose pattern must be the analysed one (checked: order and nnz). */
    static SupernodalLu factor(CscMatrix a, SupernodalAnalysis s) {
        Checks.square("supernodal LU", a.rows(), a.cols());
        checkAnalysed(a, s);
        SupernodalLu f = new SupernodalLu(a, s);
        try {
            f.factorNumeric(a);
            return f;
        } catch (RuntimeException | Error e) {
            f.close();
            throw e;
        }
    }

    /**
     * Recomputes the factors for new values of the same pattern, allocating nothing. The pivots are
     * chosen afresh inside each supernode's block by the threshold rule (the structure, hence every
     * index map, stays as analysed).
     *
     * @throws IllegalArgumentException A's pattern differs from the one factored, or a value is
     *                                  NaN/infinite (the factors are then left as they were)
     * @throws SupernodalPivotException no acceptable in-block pivot for the new values (the factors
     *                                  are unusable until a successful refactor; use {@link SparseLu})
     * @throws SingularMatrixException  the new values are singular (factors unusable likewise)
     */
    @Override
    void refactorValues(CscMatrix a) {
        checkSamePattern(a);
        factorNumeric(a);
    }

    private void factorNumeric(CscMatrix a) {
        scaleRows(a, rowScale);
        valid = false;
        final SupernodalStructure st = this.st;
        final int[] first = st.first, rowPtr = st.rowPtr, childPtr = st.childPtr, child = st.child;
        final double[] front = this.front, stack = this.stack;
        System.arraycopy(st.q, 0, rowPerm, 0, n);
        offDiagonalPivots = 0;
        Arrays.fill(colUmax, 0.0);
        startPivotStatistics();
        MemorySegment ax = a.values();
        int top = 0;
        for (int s = 0; s < st.count; s++) {
            int f = first[s];
            int k = first[s + 1] - f;
            int r = rowPtr[s + 1] - rowPtr[s];
            int m = k + r;
            Arrays.fill(front, 0, m * m, 0.0);
            assembleA(ax, s);
            int c0 = childPtr[s], c1 = childPtr[s + 1];
            for (int t = c0; t < c1; t++) {
                int rc = rowPtr[child[t] + 1] - rowPtr[child[t]];
                top -= rc * rc;
            }
            for (int t = c0, at = top; t < c1; t++) {
                int c = child[t];
                int rc = rowPtr[c + 1] - rowPtr[c];
                extendAdd(at, rc, rowPtr[c], m);
                at += rc * rc;
            }
            int before = offDiagonalPivots;
            factorFront(f, k, m);
            pivoted[s] = offDiagonalPivots != before;
            storePanels(s, k, r, m);
            for (int c = 0; c < r; c++) System.arraycopy(front, k + (k + c) * m, stack, top + c * r, r);
            top += r * r;
        }
        finish(a);
    }

    /** front[aDst] += (R⁻¹A)[entry] for the entries of A in supernode s's rows and columns. */
    private void assembleA(MemorySegment ax, int s) {
        final int[] src = st.aSrc, dst = st.aDst, row = st.aRow;
        final double[] front = this.front, rs = rowScale;
        int e = st.aPtr[s + 1];
        if (rs == null) {
            for (int t = st.aPtr[s]; t < e; t++) front[dst[t]] += ax.getAtIndex(D, src[t]);
        } else {
            for (int t = st.aPtr[s]; t < e; t++) front[dst[t]] += ax.getAtIndex(D, src[t]) * rs[row[t]];
        }
    }

    /** Adds the rc×rc contribution block at stack[at] into the front (order m) along the child's map. */
    private void extendAdd(int at, int rc, int mapOff, int m) {
        final int[] map = st.relMap;
        final double[] front = this.front, stack = this.stack;
        for (int jj = 0; jj < rc; jj++) {
            int col = map[mapOff + jj] * m;
            int src = at + jj * rc;
            for (int ii = 0; ii < rc; ii++) front[col + map[mapOff + ii]] += stack[src + ii];
        }
    }

    /**
     * Eliminates the first k columns of the m×m front (supernode starting at global step f): blocked
     * right-looking LU, pivot rows restricted to the first k.
     */
    private void factorFront(int f, int k, int m) {
        final double[] a = front;
        for (int j0 = 0; j0 < k; j0 += PANEL) {
            int j1 = Math.min(k, j0 + PANEL);
            for (int j = j0; j < j1; j++) {
                pivotColumn(f, j, k, m);
                int cj = j * m;
                for (int c = j + 1; c < j1; c++) {
                    int cc = c * m;
                    double u = a[j + cc];
                    if (u == 0.0) continue;
                    for (int i = j + 1; i < m; i++) a[cc + i] -= a[cj + i] * u;
                }
            }
            if (j1 < m) updateTrailing(j0, j1, m);
        }
    }

    /**
     * Chooses the pivot of column j (threshold test against all rows j..m−1, candidates j..k−1,
     * the diagonal preferred), swaps it into row j across the whole front, and scales L's column.
     */
    private void pivotColumn(int f, int j, int k, int m) {
        final double[] a = front;
        int cj = j * m;
        double colmax = 0.0;
        for (int i = j; i < m; i++) colmax = Math.max(colmax, Math.abs(a[cj + i]));
        int p = j;
        double d = Math.abs(a[cj + j]);
        ipiv[f + j] = j;
        double limit = tau * colmax;
        if (!(d >= limit)) {
            double best = d;
            for (int i = j + 1; i < k; i++) {
                double v = Math.abs(a[cj + i]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            if (!(best >= limit) && colmax <= Double.MAX_VALUE) {
                throw new SupernodalPivotException(st.q[f + j], f + j, best, colmax, tau);
            }
        }
        if (p != j) {
            for (int c = 0, pc = 0; c < m; c++, pc += m) {
                double t = a[pc + j];
                a[pc + j] = a[pc + p];
                a[pc + p] = t;
            }
            int t = rowPerm[f + j];
            rowPerm[f + j] = rowPerm[f + p];
            rowPerm[f + p] = t;
            ipiv[f + j] = p;
            offDiagonalPivots++;
        }
        double pivot = a[cj + j];
        if (pivot == 0.0 || !(Math.abs(pivot) <= Double.MAX_VALUE)) {
            int column = st.q[f + j];
            throw new SingularMatrixException("supernodal LU: singular matrix, the pivot of column " + column
                    + " (step " + (f + j) + " of " + n + ") is " + pivot, column);
        }
        if (Math.abs(pivot) >= Double.MIN_NORMAL) {
            double inv = 1.0 / pivot;
            for (int i = j + 1; i < m; i++) a[cj + i] *= inv;
        } else {
            for (int i = j + 1; i < m; i++) a[cj + i] /= pivot;
        }
    }

    /**
     * After the panel j0..j1−1: U's block row A(j0:j1, j1:m) ← L(j0:j1, j0:j1)⁻¹·A(j0:j1, j1:m), then
     * the Schur update A(j1:m, j1:m) −= A(j1:m, j0:j1)·A(j0:j1, j1:m).
     */
    private void updateTrailing(int j0, int j1, int m) {
        int w = j1 - j0;
        int rest = m - j1;
        if ((long) rest * rest * w >= SMALL_UPDATE) {
            MemorySegment fs = frontSeg;
            gemm.trsm(true, false, true, w, rest, fs, j0 + (long) j0 * m, m, fs, j0 + (long) j1 * m, m, ws);
            gemm.gemm(false, false, rest, rest, w, -1.0, fs, j1 + (long) j0 * m, m, fs, j0 + (long) j1 * m, m,
                    1.0, fs, j1 + (long) j1 * m, m, ws);
            return;
        }
        final double[] a = front;
        for (int c = j1; c < m; c++) {
            int cc = c * m;
            for (int j = j0; j < j1; j++) {
                double u = a[cc + j];
                if (u == 0.0) continue;
                int cj = j * m;
                for (int i = j + 1; i < j1; i++) a[cc + i] -= a[cj + i] * u;
                for (int i = j1; i < m; i++) a[cc + i] -= a[cj + i] * u;
            }
        }
    }

    /**
     * Copies L11 (strictly below the diagonal of F11) and L21 to L's storage, U11 (on and above it)
     * and U12ᵀ to U's (layout: {@link SupernodalStructure#lOff}), and takes the pivot statistics'
     * share of these final U entries while they are in hand: the largest |U(i, col)| per U column
     * (U11's columns here, U12's rows belong to later columns) and the smallest and largest pivot.
     */
    private void storePanels(int s, int k, int r, int m) {
        final double[] a = front, umax = colUmax;
        final int[] rows = st.rows;
        final int f = st.first[s], r0 = st.rowPtr[s];
        final MemorySegment lx = this.lx, ux = this.ux;
        final long lo = st.lOff[s], uo = st.uOff[s];
        final long lp = SupernodalLayout.lowerPanel(lo, k), up = SupernodalLayout.upperPanel(uo, k);
        for (int j = 0; j < k; j++) {
            MemorySegment.copy(a, j * m, ux, D, SupernodalLayout.upperColumn(uo, j) * Double.BYTES, j + 1);
            MemorySegment.copy(a, j * m + j + 1, lx, D, (SupernodalLayout.lowerColumn(lo, k, j) + j + 1) * Double.BYTES, k - j - 1);
            MemorySegment.copy(a, j * m + k, lx, D, (lp + (long) j * r) * Double.BYTES, r);
        }
        for (int j = 0; j < k; j++) {
            double um = 0.0;
            for (int i = 0, c = j * m; i <= j; i++) um = maxAbs(um, a[c + i]);
            if (um > umax[f + j]) umax[f + j] = um;
            recordPivot(a[j + j * m]);
        }
        for (int j = 0; j < k; j++) {
            long dst = up + (long) j * r;
            for (int t = 0, src = j + k * m; t < r; t++, src += m) {
                double v = a[src];
                ux.setAtIndex(D, dst + t, v);
                int col = rows[r0 + t];
                umax[col] = maxAbs(umax[col], v);
            }
        }
    }

    /** Records which matrix (and version) the factors describe, and the pivot statistics. */
    private void finish(CscMatrix a) {
        computeStatistics(a);
        describe(a);
    }

    /**
     * rgrowth = min over steps k of max_i |(R⁻¹AQ)(i,k)| / max_i |U(i,k)| and the pivot ratio
     * min |U(k,k)| / max |U(k,k)|, as {@link SparseLu} reports them, from A and the maxima of U that
     * {@link #storePanels} gathered. Allocates nothing.
     */
    private void computeStatistics(CscMatrix a) {
        final double[] umax = colUmax;
        MemorySegment acp = a.pattern().colPtr();
        MemorySegment ari = a.pattern().rowIdx();
        MemorySegment ax = a.values();
        for (int j = 0; j < n; j++) {
            int k = st.qinv[j];
            double m = 0.0;
            for (int p = acp.getAtIndex(I, j), e = acp.getAtIndex(I, j + 1); p < e; p++) {
                double v = ax.getAtIndex(D, p);
                m = maxAbs(m, rowScale != null ? v * rowScale[ari.getAtIndex(I, p)] : v);
            }
            recordGrowth(m, umax[k]);
        }
        finishPivotStatistics();
    }

    // ---------------------------------------------------------------- solves

    @Override
    void solveColumn(MemorySegment b, long bo, MemorySegment xs, long xo, SupernodalSolves w) {
        w.solve(b, bo, xs, xo);
    }

    @Override
    void solveTransposedColumn(MemorySegment b, long bo, MemorySegment xs, long xo, SupernodalSolves w) {
        w.solveTransposed(b, bo, xs, xo);
    }

    @Override
    SupernodalSolves newWork() {
        return new SupernodalSolves(st, lx, ux, ipiv, pivoted, rowScale);
    }

    // ---------------------------------------------------------------- statistics

    /** The options this factorization was made with. */
    public SparseOptions options() {
        return options;
    }

    @Override
    public SupernodalAnalysis analysis() {
        return analysis;
    }

    /** {@link Method#SUPERNODAL_LU}. */
    @Override
    public Method method() {
        return Method.SUPERNODAL_LU;
    }

    /** The ordering used for Q (AMD or NATURAL), postordered by the analysis. */
    public Ordering ordering() {
        return st.ordering;
    }

    /** Structural symmetry of A (see {@link Symbolic#symmetry()}). */
    public double symmetry() {
        return st.symmetry;
    }

    /** Number of supernodes (fronts) after amalgamation. */
    public int supernodes() {
        return st.count;
    }

    /** Columns of supernode s (for tests). */
    int supernodeColumns(int s) {
        return st.first[s + 1] - st.first[s];
    }

    /** Whether supernode s's block exchanged rows at the last (re)factor (for tests). */
    boolean supernodePivoted(int s) {
        return pivoted[s];
    }

    /** Largest front order m. */
    public int maxFrontOrder() {
        return st.maxFront;
    }

    /** nnz(L) as stored, its unit diagonal and explicit zeros included. */
    public long nnzL() {
        return st.nnzL();
    }

    /** nnz(U) as stored, its diagonal and explicit zeros included (the same count as L's: the structure is symmetric). */
    public long nnzU() {
        return st.nnzL();
    }

    /** nnz(L + U) with the diagonal counted once. */
    @Override
    public long factorNonzeros() {
        return 2 * st.nnzL() - n;
    }

    /**
     * Explicit zeros in L + U that relaxed amalgamation added to the exact Cholesky structure of
     * Q(A + Aᵀ)Qᵀ (zeros of A + Aᵀ over A's own pattern come on top and are not counted here).
     */
    public long amalgamationZeros() {
        return 2 * st.amalgamationZeros;
    }

    @Override
    int[] rowOrder() {
        return rowPerm;
    }

    @Override
    int[] columnOrder() {
        return st.q;
    }

    /** Off-heap bytes held: the factor panels and the pattern copy. */
    public long nativeBytes() {
        return lx.byteSize() + ux.byteSize() + patternBytes;
    }

    @Override
    void release() {
        arena.close();
    }

    @Override
    public String toString() {
        return "SupernodalLu[n=" + n + ", ordering=" + st.ordering + ", supernodes=" + st.count + ", maxFront="
                + st.maxFront + ", nnz(L+U)=" + factorNonzeros() + " (amalgamation zeros " + amalgamationZeros()
                + "), offDiagonalPivots=" + offDiagonalPivots + "]";
    }
}

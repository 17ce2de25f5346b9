package dev.pullback.sparse;

import dev.pullback.factor.Method;
import dev.pullback.factor.NotPositiveDefiniteException;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import dev.pullback.internal.Checks;
import dev.pullback.kernel.gemm.Gemm;
import dev.pullback.kernel.gemm.GemmWorkspace;
import dev.pullback.kernel.gemm.Gemms;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Supernodal (multifrontal) Cholesky factorization of a sparse symmetric positive definite matrix:
 * <pre>  Qᵀ·A·Q = L·Lᵀ = Uᵀ·U   (U = Lᵀ)</pre>
 * with Q a symmetric order of A + Aᵀ ({@code SymmetricOrder}: AMD or nested dissection),
 * postordered. Half the flops, memory and solve traffic of an LU.
 *
 * <p><b>Only the lower triangle of A is read</b> (entries a_ij with i ≥ j): the values above the
 * diagonal are never looked at, so a matrix whose upper triangle differs is factored as the
 * symmetric matrix its lower triangle defines. The pattern may be stored in full (the usual
 * case) or as its lower triangle; the order is computed on the pattern of A + Aᵀ either way. The
 * condition estimate ({@link #rcond()}) and the refining solves compute residuals and norms with A
 * as stored, so they assume the full symmetric matrix is stored.
 *
 * <p>Method (Liu, "The multifrontal method for sparse matrix solution", SIAM Review 34, 1992; the
 * symbolic phase is {@link SupernodalLu}'s, {@link SupernodalStructure}): in postorder of the
 * supernodal tree, the front of a supernode with k columns and row structure R (m = k + |R|) is
 * the lower triangle of a dense m×m matrix, assembled from A's lower triangle and the children's
 * update matrices (extend-add of their lower triangles), then
 * <pre>
 *   F = [F11  · ]   F11 = L11·L11ᵀ,  L21 = F21·L11⁻ᵀ,
 *       [F21 F22]   update matrix C = F22 − L21·L21ᵀ, pushed for the parent
 * </pre>
 * (the first two by panels of columns, see {@link #factorFront}) on the {@link Gemms#get()} kernels
 * (plain loops for tiny fronts, and updates that read small fronts unpacked, where packing
 * costs more than it saves). No pivoting: Cholesky is backward stable for any SPD matrix, so the structure fixed by
 * the analysis is final and {@link #reciprocalPivotGrowth()} is 1. The factor is stored as U in
 * {@link SupernodalLayout}'s U layout (U11 packed by columns, then U12ᵀ = L21), which both sweeps of
 * the solve read: Lx = b with Uᵀ forward, Lᵀ with U backward ({@link SupernodalSolves#solveCholesky}).
 * A is symmetric, so {@link #solveTransposed} is {@link #solve}.
 *
 * <p>Errors: a pivot d = a_jj − Σ l_jp² that is ≤ 0 or not finite raises
 * {@link NotPositiveDefiniteException} naming the column of A (original numbering) and d; the
 * factorization is then unusable (solves refused) until a successful {@link #refactor}. A NaN or
 * infinite entry of the lower triangle is an {@link IllegalArgumentException} naming it.
 *
 * <p>Storage: the factor (off-heap, allocated once), the front and update-matrix stack (heap,
 * allocated once, as in {@link SupernodalLu}); {@link #refactor} and the solves allocate nothing.
 * Threads: as {@link dev.pullback.factor.Factorization} says (concurrent solves; refactor and close
 * refused while a solve runs).
 */
public final class SupernodalCholesky extends SparseLuBase<SupernodalSolves> {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /** Fronts with fewer multiply-adds than this (m²·k) are factored by plain loops rather than the kernels. */
    static final long SMALL_FRONT = 8192;
    /** Pivot columns per panel of a front's blocked factorization. */
    static final int PANEL = 16;
    /**
     * Pivot columns per block of a front's right-looking factorization: the depth of the products
     * that update the rest of the pivot columns (docs/PERFORMANCE.md, 2026-12-07 '3D analysis and
     * factor: front blocks, one count, row subtrees').
     */
    static final int BLOCK = 128;
    /**
     * Largest left operand (rows × depth, in doubles: 256 KiB) of an update that reads the front
     * unpacked; past it the packed, cache-blocked SYRK and GEMM win (docs/PERFORMANCE.md,
     * 2026-12-07 'unpacked updates of small fronts').
     */
    static final long DIRECT = 32768;
    /**
     * Doubles past the end of the front and the stack: the unpacked update's last vector of rows
     * in a block is read and written under a mask, and a masked access whose full vector would
     * reach past an array's end takes the Vector API's checked path, which allocated here.
     */
    private static final int TAIL = 64;

    private final CholeskyAnalysis analysis;
    private final SupernodalStructure st;
    private final double[] front;
    private final MemorySegment frontSeg;
    private final double[] stack;
    private final MemorySegment stackSeg;
    private final Arena arena;
    /** U = Lᵀ: per supernode, U11's upper triangle packed by columns, then U12ᵀ ((m−k)×k column-major). */
    private final MemorySegment ux;
    private final long patternBytes;
    private final Gemm gemm;
    private final GemmWorkspace ws;

    private SupernodalCholesky(CscMatrix a, CholeskyAnalysis analysis) {
        super(analysis.n(), "supernodal Cholesky factorization");
        this.analysis = analysis;
        this.st = analysis.structure;
        front = new double[Math.max(1, st.maxFront * st.maxFront) + TAIL];
        frontSeg = MemorySegment.ofArray(front);
        stack = new double[Math.max(1, st.stackPeak) + TAIL];
        stackSeg = MemorySegment.ofArray(stack);
        gemm = Gemms.get();
        ws = gemm.newWorkspace();
        arena = NativeMemory.openArena();
        try {
            ux = NativeMemory.doubles(arena, Math.max(1, st.uSize));
            patternBytes = keepPatternCopy(arena, a.pattern());
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- analysis and factor

    /** Factors A with {@link SparseOptions#defaults()} (AMD order). */
    public static SupernodalCholesky factor(CscMatrix a) {
        return analyze(a.pattern(), SparseOptions.defaults()).factor(a);
    }

    /**
     * The analysis of a square pattern: a symmetric order of A + Aᵀ ({@code SymmetricOrder}: AUTO
     * is AMD, or nested dissection on large patterns where its factor is cheaper; COLAMD means AMD
     * here, the factor needs a symmetric permutation), the
     * supernodes, and the maps of A's lower triangle into the fronts. Only the options' ordering,
     * dense factor and aggressive absorption matter (no pivoting, no scaling).
     */
    public static CholeskyAnalysis analyze(CscPattern a, SparseOptions options) {
        Checks.square("supernodal Cholesky", a.rows(), a.cols());
        SymmetricStructure sym = SymmetricStructure.of(a);
        return analyze(a, sym, SymmetricOrder.of(sym, options), options);
    }

    /** The analysis in a symmetric order already chosen (its elimination tree and counts reused when it has them). */
    static CholeskyAnalysis analyze(CscPattern a, SymmetricStructure sym, SymmetricOrder order, SparseOptions options) {
        return analyze(a, sym, order.perm, order.used, options, order.reason, order.tree);
    }

    static CholeskyAnalysis analyze(CscPattern a, SymmetricStructure sym, int[] order, Ordering used,
            SparseOptions options, String reason) {
        return analyze(a, sym, order, used, options, reason, null);
    }

    /** {@code tree}: the elimination tree and column counts of {@code order}, or null to count them here. */
    static CholeskyAnalysis analyze(CscPattern a, SymmetricStructure sym, int[] order, Ordering used,
            SparseOptions options, String reason, EliminationTree.Counted tree) {
        return new CholeskyAnalysis(SupernodalStructure.of(a, sym, order, used, true, tree), options, reason);
    }

    /** Factors A, whose pattern must be the analysed one (checked: order and nnz). */
    static SupernodalCholesky factor(CscMatrix a, CholeskyAnalysis s) {
        Checks.square("supernodal Cholesky", a.rows(), a.cols());
        checkAnalysed(a, s);
        return firstFactor(new SupernodalCholesky(a, s), f -> f.factorNumeric(a));
    }

    /**
     * Recomputes the factor for new values of the same pattern, allocating nothing.
     *
     * @throws IllegalArgumentException a different pattern, or a NaN/infinite value (factor left as it was)
     * @throws NotPositiveDefiniteException the new values are not positive definite (the factor is
     *                                      unusable until a successful refactor)
     */
    @Override
    void refactorValues(CscMatrix a) {
        checkSamePattern(a);
        factorNumeric(a);
    }

    private void factorNumeric(CscMatrix a) {
        checkLowerFinite(a);
        valid = false;
        final SupernodalStructure st = this.st;
        final int[] first = st.first, rowPtr = st.rowPtr, childPtr = st.childPtr, child = st.child;
        final double[] front = this.front, stack = this.stack;
        startPivotStatistics();
        MemorySegment ax = a.values();
        int top = 0;
        for (int s = 0; s < st.count; s++) {
            int f = first[s];
            int k = first[s + 1] - f;
            int r = rowPtr[s + 1] - rowPtr[s];
            int m = k + r;
            for (int j = 0; j < m; j++) Arrays.fill(front, j * m + j, (j + 1) * m, 0.0);
            final int[] src = st.aSrc, dst = st.aDst;
            for (int t = st.aPtr[s], e = st.aPtr[s + 1]; t < e; t++) front[dst[t]] += ax.getAtIndex(D, src[t]);
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
            factorFront(f, k, m);
            storeFactor(s, k, r, m);
            if (r > 0) pushUpdate(k, m, top);
            top += r * r;
        }
        recordGrowth(1.0, 1.0);
        finishPivotStatistics();
        describe(a);
    }

    /**
     * Every value of A's lower triangle is finite (the upper one is not read). First one pass over
     * all the values: v·0 is 0 for a finite v and NaN otherwise, summed in four independent chains;
     * only when that sum is not 0 are the entries walked by column to name the first bad one below
     * the diagonal.
     */
    private static void checkLowerFinite(CscMatrix a) {
        MemorySegment ax = a.values();
        long nnz = ax.byteSize() / Double.BYTES, p = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (; p + 4 <= nnz; p += 4) {
            s0 += ax.getAtIndex(D, p) * 0.0;
            s1 += ax.getAtIndex(D, p + 1) * 0.0;
            s2 += ax.getAtIndex(D, p + 2) * 0.0;
            s3 += ax.getAtIndex(D, p + 3) * 0.0;
        }
        for (; p < nnz; p++) s0 += ax.getAtIndex(D, p) * 0.0;
        if (s0 + s1 + s2 + s3 == 0) return;
        nameNonFiniteLower(a);
    }

    private static void nameNonFiniteLower(CscMatrix a) {
        MemorySegment cp = a.pattern().colPtr(), ri = a.pattern().rowIdx(), ax = a.values();
        ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
        for (int j = 0, n = a.cols(); j < n; j++) {
            for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) {
                double v = ax.getAtIndex(D, p);
                if (!(Math.abs(v) <= Double.MAX_VALUE) && ri.getAtIndex(I, p) >= j) {
                    throw new IllegalArgumentException("matrix entry A(" + ri.getAtIndex(I, p) + ", " + j + ") is " + v
                            + "; the Cholesky factor needs finite values");
                }
            }
        }
    }

    /**
     * Adds the lower triangle of the rc×rc update matrix at stack[at] into the front (order m) along
     * the child's map, two columns per pass (each map entry read once for both).
     */
    private void extendAdd(int at, int rc, int mapOff, int m) {
        final int[] map = st.relMap;
        final double[] front = this.front, stack = this.stack;
        int jj = 0;
        for (; jj + 2 <= rc; jj += 2) {
            int col0 = map[mapOff + jj] * m, col1 = map[mapOff + jj + 1] * m;
            int src0 = at + jj * rc, src1 = src0 + rc;
            front[col0 + map[mapOff + jj]] += stack[src0 + jj];
            for (int ii = jj + 1; ii < rc; ii++) {
                int row = map[mapOff + ii];
                front[col0 + row] += stack[src0 + ii];
                front[col1 + row] += stack[src1 + ii];
            }
        }
        for (; jj < rc; jj++) {
            int col = map[mapOff + jj] * m;
            int src = at + jj * rc;
            for (int ii = jj; ii < rc; ii++) front[col + map[mapOff + ii]] += stack[src + ii];
        }
    }

    /**
     * The first k columns of the front's lower triangle become [L11; L21] ({@link #pushUpdate} then
     * forms the update matrix from the rest). Tiny fronts: left-looking plain loops (each pivot
     * column takes the updates of the columns before it, four per pass, then is pivoted). Else
     * right-looking by blocks of {@value #BLOCK} pivot columns ({@link #factorBlock}), each followed
     * by the update of the pivot columns after it ({@link #lowerUpdate}, depth {@value #BLOCK}).
     * A block alone would update its later columns by panels of {@value #PANEL}: on a large root
     * front (3D meshes, k in the thousands) those shallow products would carry most of F11's k³/3
     * multiply-adds. F22 takes its update in one product of depth k, the deepest and cheapest form.
     */
    private void factorFront(int f, int k, int m) {
        if ((long) m * m * k < SMALL_FRONT) {
            for (int c = 0; c < k; c++) {
                updateColumn(c, 0, c, m);
                pivotColumn(f, c, m);
            }
            return;
        }
        for (int b0 = 0; b0 < k; b0 += BLOCK) {
            int b1 = Math.min(k, b0 + BLOCK);
            factorBlock(f, b0, b1, m);
            if (b1 < k) lowerUpdate(b0, b1, k, m);
        }
    }

    /**
     * The update matrix C = F22 − L21·L21ᵀ (r×r, r = m − k, lower triangle) onto the stack at
     * {@code top}, leading dimension r, written there straight: by the unpacked update when L21 is
     * small enough ({@value #DIRECT}), else by the packed {@link Gemm#syrkTrapezoid}.
     */
    private void pushUpdate(int k, int m, int top) {
        int r = m - k;
        if ((long) r * k <= DIRECT) {
            gemm.lowerRankUpdate(r, r, k, front, k, m, front, k + k * m, m, stack, top, r);
            return;
        }
        gemm.syrkTrapezoid(r, r, k, -1.0, frontSeg, k, m, 1.0, frontSeg, k + (long) k * m, m, stackSeg, top, r, ws);
    }

    /**
     * Columns c1..c2−1 of the front, rows from their diagonal down, take the update of the factored
     * columns c0..c1−1: a(i, j) −= Σ a(i, p)·a(j, p), p in [c0, c1). While those factored columns'
     * rows from c1 down (the product's left operand) fit in {@value #DIRECT} doubles, by
     * {@link Gemm#lowerRankUpdate} where they lie; else by {@link Gemm#syrkTrapezoid}, which packs
     * its operand first.
     */
    private void lowerUpdate(int c0, int c1, int c2, int m) {
        if ((long) (m - c1) * (c1 - c0) <= DIRECT) {
            gemm.lowerRankUpdate(m - c1, c2 - c1, c1 - c0, front, c1 + c0 * m, m, front, c1 + c1 * m, m, front, c1 + c1 * m, m);
            return;
        }
        long block = c1 + (long) c1 * m;
        gemm.syrkTrapezoid(m - c1, c2 - c1, c1 - c0, -1.0, frontSeg, c1 + (long) c0 * m, m, 1.0, frontSeg, block, m, frontSeg, block, m, ws);
    }

    /**
     * Pivot columns b0..b1−1 of the front (all rows below the diagonal, their updates from the
     * columns before b0 already applied), by panels of {@value #PANEL}: the panel by left-looking
     * column operations (contiguous in the front), then the block's columns after the panel by
     * {@link #lowerUpdate}.
     */
    private void factorBlock(int f, int b0, int b1, int m) {
        for (int j0 = b0; j0 < b1; j0 += PANEL) {
            int j1 = Math.min(b1, j0 + PANEL);
            for (int j = j0; j < j1; j++) {
                updateColumn(j, j0, j, m);
                pivotColumn(f, j, m);
            }
            if (j1 < b1) lowerUpdate(j0, j1, b1, m);
        }
    }

    /** l_jj = √d for the pivot d = a_jj (checked), and column j below it divided by l_jj. */
    private void pivotColumn(int f, int j, int m) {
        final double[] a = front;
        int cj = j * m;
        double d = a[cj + j];
        if (!(d > 0 && d <= Double.MAX_VALUE)) throw notPositive(f + j, d);
        double u = Math.sqrt(d);
        a[cj + j] = u;
        double inv = 1.0 / u;
        for (int i = j + 1; i < m; i++) a[cj + i] *= inv;
    }

    /**
     * a(c:m, c) −= Σ a(c:m, j)·a(c, j) over the factored columns j in [j0, j1) (left-looking: column c
     * is read and written once per four of them, the rows from c down, its lower triangle).
     */
    private void updateColumn(int c, int j0, int j1, int m) {
        final double[] a = front;
        final int cc = c * m;
        int j = j0;
        for (; j + 4 <= j1; j += 4) {
            int p0 = j * m, p1 = p0 + m, p2 = p1 + m, p3 = p2 + m;
            double t0 = a[p0 + c], t1 = a[p1 + c], t2 = a[p2 + c], t3 = a[p3 + c];
            for (int i = c; i < m; i++) a[cc + i] -= a[p0 + i] * t0 + a[p1 + i] * t1 + a[p2 + i] * t2 + a[p3 + i] * t3;
        }
        for (; j < j1; j++) {
            int p = j * m;
            double t = a[p + c];
            if (t == 0.0) continue;
            for (int i = c; i < m; i++) a[cc + i] -= a[p + i] * t;
        }
    }

    private NotPositiveDefiniteException notPositive(int step, double pivot) {
        return new NotPositiveDefiniteException(st.q[step], step, pivot, "supernodal Cholesky of a " + n + "x" + n + " matrix");
    }

    /**
     * Copies U11 = L11ᵀ (packed by columns: column j of U11 is row j of L11) and U12ᵀ = L21 (r×k,
     * contiguous columns of the front) to the factor's storage; records the pivots l_jj².
     */
    private void storeFactor(int s, int k, int r, int m) {
        final double[] a = front;
        final MemorySegment ux = this.ux;
        final long uo = st.uOff[s];
        final long up = SupernodalLayout.upperPanel(uo, k);
        for (int j = 0; j < k; j++) {
            long dst = SupernodalLayout.upperColumn(uo, j);
            for (int i = 0, src = j; i <= j; i++, src += m) ux.setAtIndex(D, dst + i, a[src]);
            double u = a[j + j * m];
            recordPivot(u * u);
        }
        for (int j = 0; j < k; j++) MemorySegment.copy(a, k + j * m, ux, D, (up + (long) j * r) * Double.BYTES, r);
    }

    // ---------------------------------------------------------------- solves

    @Override
    void solveColumn(MemorySegment b, long bo, MemorySegment xs, long xo, SupernodalSolves w) {
        w.solveCholesky(b, bo, xs, xo);
    }

    /** A is symmetric: the same solve. */
    @Override
    void solveTransposedColumn(MemorySegment b, long bo, MemorySegment xs, long xo, SupernodalSolves w) {
        w.solveCholesky(b, bo, xs, xo);
    }

    @Override
    SupernodalSolves newWork() {
        return new SupernodalSolves(st, MemorySegment.NULL, ux, new int[0], new boolean[st.count], null);
    }

    // ---------------------------------------------------------------- statistics

    @Override
    public CholeskyAnalysis analysis() {
        return analysis;
    }

    /** {@link Method#CHOLESKY}. */
    @Override
    public Method method() {
        return Method.CHOLESKY;
    }

    /** The ordering used for Q (AMD or NATURAL), postordered by the analysis. */
    public Ordering ordering() {
        return st.ordering;
    }

    /** Number of supernodes (fronts) after amalgamation. */
    public int supernodes() {
        return st.count;
    }

    /** Largest front order m. */
    public int maxFrontOrder() {
        return st.maxFront;
    }

    /** nnz(L) as stored, diagonal and amalgamation zeros included. */
    public long nnzL() {
        return st.nnzL();
    }

    /** nnz(L) (the factor is L; Lᵀ is the same storage). */
    @Override
    public long factorNonzeros() {
        return st.nnzL();
    }

    @Override
    int[] rowOrder() {
        return st.q;
    }

    @Override
    int[] columnOrder() {
        return st.q;
    }

    /** Off-heap bytes held: the factor and the pattern copy. */
    public long nativeBytes() {
        return ux.byteSize() + patternBytes;
    }

    @Override
    void release() {
        arena.close();
    }

    @Override
    public String toString() {
        return "SupernodalCholesky[n=" + n + ", ordering=" + st.ordering + ", supernodes=" + st.count + ", maxFront="
                + st.maxFront + ", nnz(L)=" + st.nnzL() + "]";
    }
}

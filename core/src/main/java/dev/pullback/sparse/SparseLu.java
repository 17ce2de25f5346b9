package dev.pullback.sparse;

import dev.pullback.factor.SparseOptions;

import dev.pullback.factor.Ordering;
import dev.pullback.factor.Method;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.internal.Checks;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Sparse LU factorization of a square matrix, KLU class: {@link #analyze} orders the columns
 * (AMD, COLAMD or natural, see {@link Ordering}), {@link #factor} computes
 * <pre>  P · R⁻¹ · A · Q = L · U</pre>
 * by left-looking Gilbert–Peierls elimination with threshold partial pivoting, {@link #refactor}
 * recomputes L and U for new values on the same pattern with the same P and Q, and the solves use
 * the factors for A⁻¹b and A⁻ᵀb. R is the diagonal of row maxima (r_i = max_j |a_ij|) when row
 * scaling is on, else I; Q is the analysis's column order, P the pivot rows found by factor.
 *
 * <p>Column k of L and U (Gilbert and Peierls 1988): the pattern of x = L⁻¹·R⁻¹A(:,Q[k]) is the set
 * of rows reachable from the pattern of A(:,Q[k]) in the graph of the columns of L computed so far;
 * a depth-first search (iterative, explicit stack) finds it in topological order, and the sparse
 * triangular solve then costs the flops it does. A column of A with many rows (at least 64, and an
 * eighth of the steps done: an arrow matrix's dense columns) skips the search: one pass over the
 * steps in ascending order, itself a topological order, finds the pattern and eliminates at once,
 * and U(:,k) is then stored in that order, as it is after a long search, so that factor and
 * refactor run the side-by-side columns of L it names as one loop. The graph is pruned as in KLU
 * (symmetric reductions of Eisenstat and Liu): once column s of L contains the pivot row of a column k with
 * U(s, k) ≠ 0, the search only visits the rows of L(:, s) that were pivotal at that moment. The
 * pivot is the preferred ("diagonal") row Q[k] when |x_Q[k]| ≥ τ·max_i |x_i| over the rows not yet
 * pivotal (τ = {@link SparseOptions#pivotTolerance()}, default 0.001), else the row of largest magnitude.
 * L is unit lower triangular and stored without its diagonal; U keeps its diagonal apart.
 *
 * <p>Refactor takes two steps k, k+1 at once when U(:,k+1) is U(:,k) followed by k (a power-flow
 * Jacobian's two unknowns per bus): one pass over U(:,k) updates both columns, each column of L
 * read once for the two ({@link #refactorPair}; docs/PERFORMANCE.md, 2026-12-07 'refactor in
 * column pairs').
 *
 * <p>The last steps go to dense kernels when L and U fill them (a circuit's hub nets: a few hundred
 * trailing steps carry most of the flops): once a column of L holds most of the rows left, the
 * factor assembles the remaining columns' Schur complement by the sparse updates from the steps
 * before it and factors it by {@link DenseTrailingBlock} (GEMM and TRSM, threshold pivoting);
 * refactor does the same on the kept pivots (and finds such a block in the pattern if the factor
 * did not switch), copying the dense factors back into L's and U's entries, which hold the block
 * in full.
 *
 * <p>Storage: L, U, their column pointers and a copy of A (pattern, values) live in heap arrays
 * owned by this object, grown during the first factorization only and cut to size at its end.
 * A's values are scaled by R⁻¹ where a column pass scatters them (as KLU does: no pass of its own),
 * and the first factorization of a large A reads its columns from a copy in step order
 * (docs/PERFORMANCE.md, 2026-12-08 'GP factor: A in step order, the reach as KLU's'). The column
 * passes of factor, refactor and the solves touch a few entries per column on circuit-like
 * matrices, and a short loop over heap arrays costs C2 less set-up than one over MemorySegments
 * (docs/PERFORMANCE.md, 2026-12-07 'GP factors on the heap'). {@link #refactor},
 * {@link #solve} and {@link #solveTransposed} allocate nothing (the workspace is owned by the
 * factorization). Accuracy: the computed x satisfies a backward error ‖b − Ax‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞) of order ε times the pivot
 * growth; {@link #reciprocalPivotGrowth()} and {@link #pivotRatio()} tell when to factor again.
 *
 * <p>Errors: a column with no entry outside the already pivotal rows (structurally singular) or
 * whose candidate pivots are all zero (numerically singular) raises a
 * {@link SingularMatrixException} naming that column in A's own numbering; a NaN or infinite entry
 * is an {@link IllegalArgumentException} naming its row and column; solving after the matrix's
 * values changed ({@link CscMatrix#version()} moved) without a refactor is an
 * {@link IllegalStateException}. Not thread-safe: one factorization, one thread at a time.
 */
public final class SparseLu extends SparseLuBase<double[]> {
    // Unaligned layouts skip the per-access alignment check, and accept A's segments wherever they
    // lie (docs/PERFORMANCE.md, 2026-12-01 'unaligned layouts').
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private final Symbolic symbolic;
    private final SparseOptions options;
    private final int[] q;
    private final int[] pinv;
    private final int[] prow;
    private final double[] rowScale;
    /**
     * The row scale in step order, stepScale[k] = rowScale[prow[k]] (null without scaling): refactor's
     * scatter scales A(:,j) where it writes x[step] (as KLU does), and the solves read it in order.
     */
    private final double[] stepScale;
    private final double[] work;
    /** {@link #growthFromFactors}'s scratch: max |(R⁻¹A)(:,j)| for each column j (its lock too). */
    private final double[] columnMax;

    /** A's pattern as factored (column pointers, rows), for refactor's scatter and its pattern check. */
    private final int[] aColPtr;
    private final int[] aRowIdx;
    /** A's values (not scaled: the column passes scale them as they read them), copied out of A's segment. */
    private final double[] aValues;
    /** The pivot step of each of A's entries, pinv[aRowIdx[p]], set by factor for refactor's scatter. */
    private final int[] aStep;
    private final int[] lp;
    private final int[] up;
    private final double[] udiag;
    private int[] li;
    private double[] lx;
    private int[] ui;
    private double[] ux;
    private int lnz;
    private int unz;

    /**
     * Columns of L and U long enough that the solves take them on their own (the transposed solves
     * sum them with several partial sums); fixed by the pattern, so computed by factor and kept by
     * refactor.
     */
    private int[] longL = new int[0];
    private int[] longU = new int[0];
    /**
     * For each of {@link #longU}'s columns, its first row when its rows are one ascending run
     * r0, r0+1, … (an arrow matrix's dense trailing columns: U(:,k) holds every step before k), else
     * −1; the solves then read y there without the row indices.
     */
    private int[] longURun = new int[0];
    /**
     * The column of each entry of L and of U (fixed by the pattern, so computed by factor and kept
     * by refactor): the sweeps over runs of short columns then run as one branch-free loop over the
     * entries (see the comment above the solves).
     */
    private int[] lcol = new int[0];
    private int[] ucol = new int[0];
    private static final int LONG_COLUMN = 32;

    /**
     * pairStart[k]: steps k and k+1 refactor as a pair ({@link #markIfPair}); null when the
     * factors have none. {@link #pairWork} is the second pair member's scatter vector.
     */
    private boolean[] pairStart;
    private double[] pairWork;

    /**
     * The dense trailing block that factor and refactor eliminate by dense kernels, or null: where
     * the first factorization switched to it ({@link #factorTrailing}), else found in the factors'
     * pattern for refactor ({@link #setUpTrailingBlock}).
     */
    private DenseTrailingBlock block;
    /** For each step k0 + c of the block: where U(:,k)'s entries from the block start (those before are from steps &lt; k0). */
    private int[] blockUStart;

    /**
     * A column of A, or a reach, of at least this many rows and at least 1/{@value #ASCENDING_SCAN}
     * of the steps done gives U(:,k) in ascending order ({@link #sweep}, {@link #storeReachedSteps}).
     */
    private static final int ASCENDING_MIN_REACH = 64;
    private static final int ASCENDING_SCAN = 8;


    private SparseLu(CscMatrix a, Symbolic s, SparseOptions o) {
        super(s.n(), "sparse LU factorization");
        symbolic = s;
        options = o;
        q = s.columnOrderShared();
        pinv = new int[n];
        prow = new int[n];
        rowScale = o.rowScaling() ? new double[n] : null;
        stepScale = o.rowScaling() ? new double[n] : null;
        work = new double[n];
        columnMax = new double[n];
        lp = new int[n + 1];
        up = new int[n + 1];
        udiag = new double[n];
        CscPattern ap = a.pattern();
        aColPtr = ap.colPtr().toArray(I);
        aRowIdx = ap.rowIdx().asSlice(0, (long) ap.nnz() * Integer.BYTES).toArray(I);
        aValues = new double[ap.nnz()];
        aStep = new int[ap.nnz()];
        keepPattern(MemorySegment.ofArray(aColPtr), MemorySegment.ofArray(aRowIdx), ap.nnz());
        // The estimate (exact for a symmetric pattern on diagonal pivots) and an eighth more, at most
        // n: well within trimStorage's quarter, so that an exact estimate costs no copy at the end.
        long strict = Math.min(Math.max(0, s.sizeHint() - n), 10L * ap.nnz());
        int initial = (int) Math.min(MAX_ENTRIES, Math.max(16, strict + Math.min(n, strict / 8 + 1)));
        li = new int[initial];
        lx = new double[initial];
        ui = new int[initial];
        ux = new double[initial];
    }

    // ---------------------------------------------------------------- analysis

    /** {@link #analyze(CscMatrix, SparseOptions)} with {@link SparseOptions#defaults()}. */
    public static Symbolic analyze(CscMatrix a) {
        return analyze(a.pattern(), SparseOptions.defaults());
    }

    /** The symbolic analysis of A's pattern (values are not read). */
    public static Symbolic analyze(CscMatrix a, SparseOptions options) {
        return analyze(a.pattern(), options);
    }

    /**
     * Orders the columns of a square pattern and estimates the factors' size; see {@link Ordering}
     * and {@link Symbolic#choleskyNonzeros()}.
     */
    public static Symbolic analyze(CscPattern a, SparseOptions options) {
        Checks.square("sparse LU", a.rows(), a.cols());
        return analyze(a, SymmetricStructure.of(a), options);
    }

    /** COLAMD's order of A without its Cholesky count; {@code sizeHint} sizes the first factor instead. */
    static Symbolic analyzeColamd(CscPattern a, SymmetricStructure s, SparseOptions options, long sizeHint) {
        int[] perm = Colamd.order(a, options.denseFactor(), options.aggressiveAbsorption());
        return new Symbolic(options, a.cols(), a.nnz(), Ordering.COLAMD, perm, s.symmetry, -1, sizeHint);
    }

    /** {@link #analyze(CscPattern, SparseOptions)} with the structure of A + Aᵀ already built. */
    static Symbolic analyze(CscPattern a, SymmetricStructure s, SparseOptions options) {
        Ordering used = options.ordering();
        if (used == Ordering.AUTO) used = s.symmetry >= 0.5 ? Ordering.AMD : Ordering.COLAMD;
        int[] perm = switch (used) {
            case AMD -> Amd.order(s, options.denseFactor(), options.aggressiveAbsorption());
            case COLAMD -> Colamd.order(a, options.denseFactor(), options.aggressiveAbsorption());
            case NESTED_DISSECTION -> NestedDissection.order(s);
            default -> identity(a.cols());
        };
        long lnz = EliminationTree.choleskyNonzeros(s, perm);
        return new Symbolic(options, a.cols(), a.nnz(), used, perm, s.symmetry, lnz);
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    // ---------------------------------------------------------------- factorization

    /** Analyses and factors A with the default options. */
    public static SparseLu factor(CscMatrix a) {
        return factor(a, analyze(a), SparseOptions.defaults());
    }

    /** Factors A with a symbolic analysis of its pattern and the default pivoting options. */
    public static SparseLu factor(CscMatrix a, Symbolic s) {
        return factor(a, s, SparseOptions.defaults());
    }

    /**
     * Factors A: P·R⁻¹·A·Q = L·U with Q from {@code s} and P chosen by threshold partial pivoting.
     *
     * @throws SingularMatrixException  A is structurally or numerically singular (the column named)
     * @throws IllegalArgumentException shape mismatch with {@code s}, or a NaN/infinite entry
     */
    public static SparseLu factor(CscMatrix a, Symbolic s, SparseOptions options) {
        Checks.square("sparse LU", a.rows(), a.cols());
        if (a.cols() != s.n()) {
            throw new IllegalArgumentException("matrix is " + a.rows() + "x" + a.cols()
                    + " but the symbolic analysis is for n = " + s.n());
        }
        return factorChecked(a, s, options);
    }

    /** {@link #factor(CscMatrix, Symbolic, SparseOptions)} for a matrix already checked against {@code s}. */
    static SparseLu factorChecked(CscMatrix a, Symbolic s, SparseOptions options) {
        SparseLu f = new SparseLu(a, s, options);
        try {
            f.factorNumeric(a);
            return f;
        } catch (RuntimeException | Error e) {
            f.close();
            throw e;
        }
    }

    /**
     * The columns the first factorization reads: A's copy, or for a large A (at least
     * {@value #GATHER_MIN_ENTRIES} entries) a copy in step order, column q[k] at k, so that the
     * column passes read A's rows and values one after the other instead of a column each time
     * somewhere else (a cache miss or three per column once A outgrows the caches). Values not
     * scaled: the passes scale as they scatter.
     */
    private int[] colPtr;
    private int[] colRows;
    private double[] colValues;
    private boolean columnsInStepOrder;
    /** The row scale the first factorization's passes multiply by: R⁻¹, or ones without row scaling. */
    private double[] scatterScale;
    private static final int GATHER_MIN_ENTRIES = 1 << 16;

    /**
     * Copies A's values and sets the columns the first factorization reads (see {@link #colPtr});
     * the row scale comes from the pass that copies a large A's columns into step order.
     */
    private void chooseColumns(CscMatrix a) {
        scatterScale = rowScale;
        if (scatterScale == null) {
            scatterScale = new double[n];
            Arrays.fill(scatterScale, 1.0);
        }
        columnsInStepOrder = aRowIdx.length >= GATHER_MIN_ENTRIES;
        if (!columnsInStepOrder) {
            scaleAndCopyValues(a);
            colPtr = aColPtr;
            colRows = aRowIdx;
            colValues = aValues;
            return;
        }
        MemorySegment.copy(a.values(), D, 0, aValues, 0, aValues.length);
        final int[] cp = new int[n + 1], rows = aStep; // aStep is set at the end of factor
        final double[] vals = new double[rows.length];
        final int[] acp = aColPtr, ari = aRowIdx, q = this.q;
        final double[] av = aValues, rmax = rowScale != null ? rowScale : work; // work: factor zeroes it next
        Arrays.fill(rmax, 0.0);
        int t = 0;
        for (int k = 0; k < n; k++) {
            cp[k] = t;
            int j = q[k];
            for (int p = acp[j], e = acp[j + 1]; p < e; p++) {
                int i = ari[p];
                double v = av[p];
                rows[t] = i;
                vals[t++] = v;
                rmax[i] = Math.max(rmax[i], Math.abs(v)); // NaN stays NaN, +∞ stays +∞
            }
        }
        cp[n] = t;
        for (int i = 0; i < n; i++) {
            if (!(rmax[i] <= Double.MAX_VALUE)) throw notFinite(a, firstNotFinite(av));
        }
        if (rowScale != null) for (int i = 0; i < n; i++) rmax[i] = rowScaleOf(rmax[i]);
        colPtr = cp;
        colRows = rows;
        colValues = vals;
    }

    /** The first of A's values (in A's order) that is NaN or infinite, for the error that names it. */
    private static int firstNotFinite(double[] v) {
        int p = 0;
        while (Math.abs(v[p]) <= Double.MAX_VALUE) p++;
        return p;
    }

    /** Where the first factorization finds column j (step k) in {@link #colPtr}. */
    private int columnIndex(int j, int k) {
        return columnsInStepOrder ? k : j;
    }

    /** Workspace of the first factorization only (dropped afterwards). */
    private int[] flag;
    private int[] stack;
    private int[] dfs;
    private int[] pos;
    private int[] lend;
    private boolean[] pruned;

    /*
     * The factorization is split into one small method per phase of a column, each called n
     * times: the JIT compiles small hot methods fully, while one large method with a single
     * long-running loop would be left to on-stack replacement (and C1 gives up on its size).
     */
    private void factorNumeric(CscMatrix a) {
        chooseColumns(a);
        flag = new int[n];
        stack = new int[n];
        dfs = new int[n];
        pos = new int[n];
        lend = new int[n];
        pruned = new boolean[n];
        Arrays.fill(flag, -1);
        Arrays.fill(pinv, -1);
        Arrays.fill(work, 0.0);
        lnz = 0;
        startPivotStatistics();
        unz = 0;
        offDiagonalPivots = 0;
        lp[0] = 0;
        up[0] = 0;
        for (int k = 0; k < n; k++) {
            int j = q[k];
            int top = eliminateColumn(j, k, k);
            int pivotRow = splitAndPivot(top, k, j, ascendingEnd);
            if (k > 0) markIfPair(k);
            prune(k, pivotRow);
            if (DenseTrailingBlock.startsAfter(n, k, lp[k + 1] - lp[k], (long) lnz + unz + aRowIdx.length)) {
                factorTrailing(k + 1);
                break;
            }
        }
        renumberL();
        for (int p = 0; p < aStep.length; p++) aStep[p] = pinv[aRowIdx[p]];
        scaleInStepOrder();
        flag = stack = dfs = pos = lend = null;
        colPtr = colRows = null;
        colValues = scatterScale = null;
        pruned = null;
        if (block == null) setUpTrailingBlock();
        if (pairStart != null) pairWork = new double[n];
        trimStorage();
        longL = longColumns(lp, n);
        longU = longColumns(up, n);
        longURun = runStarts(ui, up, longU);
        ucol = columnOfEntry(up, n);
        finish(a);
    }

    /**
     * From now on L's rows are pivot steps, as U's are; in the same pass {@link #lcol}, each
     * entry's column (trimming L's storage later keeps both).
     */
    private void renumberL() {
        final int[] li = this.li, lp = this.lp, pinv = this.pinv;
        final int[] col = new int[lnz];
        for (int k = 0; k < n; k++) {
            for (int p = lp[k], e = lp[k + 1]; p < e; p++) {
                li[p] = pinv[li[p]];
                col[p] = k;
            }
        }
        lcol = col;
    }

    /**
     * x = L⁻¹·R⁻¹A(:,j) for step k over the {@code steps} pivotal steps done (k, or the steps before
     * a dense trailing block): by the ascending sweep for a long column of A, else by the
     * depth-first reach, eliminating along U's ascending order when the reach is long. Returns top
     * (the reach in stack[top..n)); {@link #ascendingEnd} ends U(:,k)'s pattern stored in ascending
     * order, or is −1.
     */
    private int eliminateColumn(int j, int k, int steps) {
        int c = columnIndex(j, k);
        int a0 = colPtr[c];
        int a1 = colPtr[c + 1];
        int top;
        ascendingEnd = -1;
        if (isLong(a1 - a0, steps)) {
            ensureU(steps, k, j);
            top = sweep(a0, a1, k, steps);
            ascendingEnd = sweepEnd;
        } else {
            top = reach(a0, a1, k);
            if (isLong(n - top + found, steps)) {
                ensureU(n - top, k, j);
                ascendingEnd = storeReachedSteps(k, steps);
                eliminateAlong(unz, ascendingEnd, prow, work);
            } else {
                eliminate(top);
            }
        }
        return top;
    }

    /** See {@link #eliminateColumn}. */
    private int ascendingEnd;

    /**
     * The reach's rows not yet pivotal: stack[0..found) in the order found ({@link #reach},
     * {@link #sweep}); its pivotal rows fill the stack from the other end, so both fit in n.
     */
    private int found;

    /**
     * The rows reachable from the pattern of A(:,j) in the graph of L (row i leads to the rows of
     * L(:, pinv[i]) when i is pivotal), by iterative depth-first search; returns top such that
     * stack[top..n-1] lists the pivotal ones in topological order, and leaves the others, which
     * lead nowhere, in stack[0..{@link #found}) as they are found (as KLU does: the elimination
     * and the split then need no test of which kind a row is). Scatters x = R⁻¹A(:,j) on the way
     * (one pass over the column instead of two).
     */
    private int reach(int a0, int a1, int k) {
        final int[] flag = this.flag, stack = this.stack, dfs = this.dfs, pos = this.pos, lend = this.lend;
        final int[] pinv = this.pinv;
        final int[] li = this.li, lp = this.lp;
        final double[] x = work, av = colValues, rs = scatterScale;
        final int[] ari = colRows;
        // A row not yet pivotal has no column of L to lead on: it is finished as soon as it is
        // found, without a visit on the search stack (on circuit-like matrices most rows found are such).
        int top = n;
        int found = 0;
        for (int p = a0; p < a1; p++) {
            int i = ari[p];
            x[i] = av[p] * rs[i];
            if (flag[i] == k) continue;
            flag[i] = k;
            int s0 = pinv[i];
            if (s0 < 0) {
                stack[found++] = i;
                continue;
            }
            int head = 0;
            dfs[0] = i;
            pos[0] = lp[s0];
            search:
            while (head >= 0) {
                int v = dfs[head];
                int e = lend[pinv[v]];
                for (int t = pos[head]; t < e; ) {
                    int c = li[t++];
                    if (flag[c] == k) continue;
                    flag[c] = k;
                    int sc = pinv[c];
                    if (sc < 0) {
                        stack[found++] = c;
                        continue;
                    }
                    pos[head] = t;
                    dfs[++head] = c;
                    pos[head] = lp[sc];
                    continue search;
                }
                head--;
                stack[--top] = v;
            }
        }
        this.found = found;
        return top;
    }

    /** Whether m rows (of A's column or of the reach) at step k make U(:,k) worth its ascending order. */
    private static boolean isLong(int m, int k) {
        return m >= ASCENDING_MIN_REACH && (long) ASCENDING_SCAN * m >= k;
    }

    /** Where {@link #sweep} ended U(:,k)'s pattern. */
    private int sweepEnd;

    /**
     * Reach and elimination in one pass, for a long column of A (an arrow matrix's dense trailing
     * columns): x = R⁻¹A(:,j) is scattered, then the
     * pivotal steps s = 0, 1, …, steps−1 (k, or the steps before a dense trailing block) are taken
     * in ascending order (a topological one: L(r,s) ≠ 0 only for r &gt; s, so by step s every update of x at s's
     * pivot row is done); a step whose pivot row is reached joins U(:,k) and updates x by
     * −L(:,s)·x, reaching L(:,s)'s rows. No search: the pattern comes out of the pass, U's part
     * ascending in ui[unz..{@link #sweepEnd}), the reached rows not yet pivotal in
     * stack[0..{@link #found}) (the returned top is n: no pivotal row is left on the stack).
     * Costs {@code steps} plus the flops; taken when A's column has at least steps/{@value #ASCENDING_SCAN} rows.
     */
    private int sweep(int a0, int a1, int k, int steps) {
        final int[] flag = this.flag, stack = this.stack, pinv = this.pinv, prow = this.prow;
        final double[] x = work, av = colValues, rs = scatterScale;
        final int[] ari = colRows;
        final int[] li = this.li, lp = this.lp, ui = this.ui;
        final double[] lx = this.lx;
        int found = 0;
        for (int p = a0; p < a1; p++) {
            int i = ari[p];
            x[i] = av[p] * rs[i];
            flag[i] = k;
            if (pinv[i] < 0) stack[found++] = i;
        }
        int u = unz;
        for (int s = 0; s < steps; s++) {
            int i = prow[s];
            if (flag[i] != k) continue;
            ui[u++] = s;
            double xi = x[i];
            for (int t = lp[s], te = lp[s + 1]; t < te; t++) {
                int r = li[t];
                x[r] -= lx[t] * xi;
                if (flag[r] != k) {
                    flag[r] = k;
                    if (pinv[r] < 0) stack[found++] = r;
                }
            }
        }
        sweepEnd = u;
        this.found = found;
        return n;
    }

    /**
     * U(:,k)'s pattern in ascending order of pivot step (a topological order too, see
     * {@link #sweep}), for a long reach: the pivotal steps s &lt; {@code steps} whose pivot row the
     * search reached, found by a scan of all of them (at most {@value #ASCENDING_SCAN} times the reach). Returns the end.
     */
    private int storeReachedSteps(int k, int steps) {
        final int[] flag = this.flag, prow = this.prow;
        final int[] ui = this.ui;
        int p = unz;
        for (int s = 0; s < steps; s++) {
            if (flag[prow[s]] == k) ui[p++] = s;
        }
        return p;
    }

    /** x := L⁻¹x: each pivotal row of the reach, in topological order, updates by its column of L. */
    private void eliminate(int top) {
        final int[] stack = this.stack, pinv = this.pinv;
        final double[] x = work;
        final int[] li = this.li, lp = this.lp;
        final double[] lx = this.lx;
        for (int t = top; t < n; t++) {
            int i = stack[t];
            int s = pinv[i];
            double xi = x[i];
            if (xi == 0.0) continue;
            scatterAxpy(li, lx, lp[s], lp[s + 1], xi, x);
        }
    }

    /**
     * x := L⁻¹x along the stored pattern U(:,k) = ui[u0..u1) (topological order) during the first
     * factorization: each column s of L updates x (indexed by original row) by −L(:,s)·x[rowOfStep[s]].
     * A run of consecutive steps s, s+1, …, s+m−1 in U's order has its L columns side by side and is
     * done as one pair of nested loops over them ({@link #runAxpy}); the long columns of U that an
     * arrow matrix's dense trailing columns make are such runs once they are in ascending order
     * ({@link #sweep} and {@link #storeReachedSteps} store them so).
     */
    private void eliminateAlong(int u0, int u1, int[] rowOfStep, double[] x) {
        final int[] ui = this.ui, li = this.li, lp = this.lp;
        final double[] lx = this.lx;
        int p = u0;
        while (p < u1) {
            int s = ui[p];
            int e = p + 1;
            while (e < u1 && ui[e] == s + (e - p)) e++;
            if (e - p == 1) {
                double u = x[rowOfStep[s]];
                if (u != 0.0) scatterAxpy(li, lx, lp[s], lp[s + 1], u, x);
            } else {
                runAxpy(s, s + (e - p), rowOfStep, x);
            }
            p = e;
        }
    }

    /** x −= L(:,c)·x[c] for c = c0, …, c1−1 in turn. */
    private void runAxpy(int c0, int c1, int[] rowOfStep, double[] x) {
        final int[] li = this.li, lp = this.lp;
        final double[] lx = this.lx;
        int start = lp[c0];
        for (int c = c0; c < c1; c++) {
            int end = lp[c + 1];
            double xc = x[rowOfStep[c]];
            for (int t = start; t < end; t++) x[li[t]] -= lx[t] * xc;
            start = end;
        }
    }

    /** x[idx[p]] −= val[p]·u for p in [from, to): the flop kernel of factor and refactor. */
    private static void scatterAxpy(int[] idx, double[] val, int from, int to, double u, double[] x) {
        for (int p = from; p < to; p++) x[idx[p]] -= val[p] * u;
    }

    /**
     * Moves x's pivotal rows into U(:,k) (in topological order, which refactor relies on: the
     * search's, or ascending when {@link #storeReachedSteps} stored the pattern up to
     * {@code ascendingEnd}, else −1) and the others into L(:,k), last found first; picks the pivot
     * (the diagonal row j if it passes the threshold test, else the largest), divides L(:,k) by it
     * and returns the pivot row. Clears x.
     */
    private int splitAndPivot(int top, int k, int j, int ascendingEnd) {
        if (ascendingEnd >= 0) {
            moveAscendingU(unz, ascendingEnd);
            unz = ascendingEnd;
        } else {
            ensureU(n - top, k, j);
            moveReachedU(top);
        }
        ensureL(found, k, j);
        final int[] stack = this.stack;
        final double[] x = work;
        final int[] li = this.li;
        final double[] lx = this.lx;
        int lnz = this.lnz;
        int lstart = lnz;
        int maxPos = -1;
        int diagPos = -1;
        double max = -1.0;
        for (int t = found - 1; t >= 0; t--) {
            int i = stack[t];
            double v = x[i];
            x[i] = 0.0;
            li[lnz] = i;
            lx[lnz] = v;
            double av = Math.abs(v);
            if (av > max) {
                max = av;
                maxPos = lnz;
            }
            if (i == j) diagPos = lnz;
            lnz++;
        }
        int unz = this.unz;
        if (lnz == lstart) {
            throw new SingularMatrixException("matrix is structurally singular: column " + j
                    + " has no entry outside the rows already pivotal (step " + k + " of " + n + ")", j);
        }
        if (!(max > 0.0)) {
            throw noPivotCandidate(j, k);
        }
        if (max > Double.MAX_VALUE) throw overflow(j, k);
        double tol = options.pivotTolerance();
        int piv = diagPos >= 0 && Math.abs(lx[diagPos]) >= tol * max ? diagPos : maxPos;
        double pivot = lx[piv];
        int pivotRow = li[piv];
        lnz--;
        li[piv] = li[lnz];
        lx[piv] = lx[lnz];
        double inv = 1.0 / pivot;
        for (int p = lstart; p < lnz; p++) lx[p] = lx[p] * inv;
        udiag[k] = pivot;
        recordPivot(pivot);
        pinv[pivotRow] = k;
        prow[k] = pivotRow;
        if (pivotRow != j) offDiagonalPivots++;
        lp[k + 1] = lnz;
        up[k + 1] = unz;
        lend[k] = lnz;
        this.lnz = lnz;
        this.unz = unz;
        return pivotRow;
    }

    /**
     * Steps k0 … n−1 of the first factorization as one dense block ({@link DenseTrailingBlock}):
     * each column is eliminated by the pivotal steps before k0 as any other (its entries in their
     * rows go to U(:,k)), and its entries in the m rows not yet pivotal go into the dense Schur
     * complement S, row q[k] in slot k − k0 where it can (the diagonal the threshold test prefers);
     * S is then factored with threshold partial pivoting, its pivot rows become steps k0 … n−1, and
     * L₂₂ and U₂₂ are stored as dense columns (U(:,k)'s block rows after its other entries, as
     * refactor expects).
     */
    private void factorTrailing(int k0) {
        final int m = n - k0;
        DenseTrailingBlock b = new DenseTrailingBlock(k0, m);
        int[] rowAt = new int[m];
        int[] slotOf = new int[n];
        Arrays.fill(slotOf, -1);
        Arrays.fill(rowAt, -1);
        for (int c = 0; c < m; c++) {
            int i = q[k0 + c];
            if (pinv[i] < 0) {
                rowAt[c] = i;
                slotOf[i] = c;
            }
        }
        for (int i = 0, c = 0; i < n; i++) {
            if (pinv[i] >= 0 || slotOf[i] >= 0) continue;
            while (rowAt[c] >= 0) c++;
            rowAt[c] = i;
            slotOf[i] = c;
        }
        blockUStart = new int[m];
        for (int c = 0; c < m; c++) {
            int k = k0 + c;
            int j = q[k];
            if (ui.length - unz < k) growU(checkedEntries("U", unz + (long) k, k, j));
            int top = eliminateBlockColumn(j, k, k0);
            splitIntoBlock(top, k0, c, b, slotOf);
        }
        int bad = b.factor(options.pivotTolerance(), rowAt);
        if (bad >= 0) {
            int j = q[k0 + bad];
            double pivot = b.get(bad, bad);
            if (pivot != pivot || Math.abs(pivot) > Double.MAX_VALUE) throw overflow(j, k0 + bad);
            throw noPivotCandidate(j, k0 + bad);
        }
        storeBlock(b, rowAt);
        block = b;
    }

    /**
     * {@link #eliminateColumn} for column c of the block, always along U(:,k)'s ascending order:
     * refactor updates the block's columns in that order (the steps' columns of L then come in
     * storage order, which the caches follow better than a search's order), and the two must do
     * the same operations for a refactor on the same values to give the same factors.
     */
    private int eliminateBlockColumn(int j, int k, int k0) {
        int c = columnIndex(j, k);
        int a0 = colPtr[c];
        int a1 = colPtr[c + 1];
        if (isLong(a1 - a0, k0)) {
            int top = sweep(a0, a1, k, k0);
            ascendingEnd = sweepEnd;
            return top;
        }
        int top = reach(a0, a1, k);
        ascendingEnd = isLong(n - top + found, k0) ? storeReachedSteps(k, k0) : storeReachSorted(top);
        eliminateAlong(unz, ascendingEnd, prow, work);
        return top;
    }

    /** The pivotal steps of the reach stack[top..n) into ui[unz..], sorted; returns the end. */
    private int storeReachSorted(int top) {
        final int[] stack = this.stack, pinv = this.pinv, ui = this.ui;
        int p = unz;
        for (int t = top; t < n; t++) ui[p++] = pinv[stack[t]];
        Arrays.sort(ui, unz, p);
        return p;
    }

    /** The reach's pivotal rows stack[top..n) into U(:,k) in that (topological) order, their values moved out of x. */
    private void moveReachedU(int top) {
        final int[] stack = this.stack, pinv = this.pinv, ui = this.ui;
        final double[] x = work, ux = this.ux;
        int u = unz;
        for (int t = top; t < n; t++) {
            int i = stack[t];
            ui[u] = pinv[i];
            ux[u++] = x[i];
            x[i] = 0.0;
        }
        unz = u;
    }

    /**
     * U(:,k)'s entries ui[from..end), stored in ascending order by {@link #sweep} or
     * {@link #storeReachedSteps}: their values moved out of x (cleared).
     */
    private void moveAscendingU(int from, int end) {
        final int[] prow = this.prow, ui = this.ui;
        final double[] x = work, ux = this.ux;
        for (int p = from; p < end; p++) {
            int i = prow[ui[p]];
            ux[p] = x[i];
            x[i] = 0.0;
        }
    }

    /**
     * Column c of the block after {@link #eliminateBlockColumn}: the pivotal rows of x into U(:,k)
     * (stored ascending there), the others into S(slot, c); then c slots for U₂₂ (rows k0 … k−1,
     * values set by {@link #storeBlock}). Clears x.
     */
    private void splitIntoBlock(int top, int k0, int c, DenseTrailingBlock b, int[] slotOf) {
        final int[] stack = this.stack, ui = this.ui;
        final double[] x = work, ux = this.ux;
        moveAscendingU(this.unz, ascendingEnd);
        int unz = ascendingEnd;
        for (int t = 0; t < found; t++) {
            int i = stack[t];
            b.set(slotOf[i], c, x[i]);
            x[i] = 0.0;
        }
        blockUStart[c] = unz;
        for (int r = 0; r < c; r++) {
            ui[unz] = k0 + r;
            ux[unz++] = 0.0;
        }
        int k = k0 + c;
        lp[k + 1] = lnz;
        up[k + 1] = unz;
        this.unz = unz;
    }

    /**
     * After S = L₂₂U₂₂ with its rows in pivot order rowAt: the pivot rows become steps k0 … n−1,
     * L₂₂'s columns (rows below the diagonal, as original rows like the rest of L until factor
     * renumbers them) and U₂₂'s block entries are stored, and each column's statistics recorded.
     */
    private void storeBlock(DenseTrailingBlock b, int[] rowAt) {
        final int k0 = b.k0, m = b.m;
        for (int t = 0; t < m; t++) {
            int i = rowAt[t];
            prow[k0 + t] = i;
            pinv[i] = k0 + t;
            if (i != q[k0 + t]) offDiagonalPivots++;
        }
        long lower = (long) m * (m - 1) / 2;
        if (li.length - lnz < lower) growL(checkedEntries("L", lnz + lower, k0, q[k0]));
        for (int c = 0; c < m; c++) {
            int k = k0 + c;
            for (int t = c + 1; t < m; t++) {
                li[lnz] = rowAt[t];
                lx[lnz++] = b.get(t, c);
            }
            lp[k + 1] = lnz;
        }
        storeBlockU(b);
    }

    /** U₂₂'s stored entries and the diagonal from the factored block; the pivots recorded. */
    private void storeBlockU(DenseTrailingBlock b) {
        final int k0 = b.k0;
        final int[] ui = this.ui;
        final double[] ux = this.ux;
        for (int k = k0; k < n; k++) {
            int c = k - k0;
            for (int p = blockUStart[c], pe = up[k + 1]; p < pe; p++) ux[p] = b.get(ui[p] - k0, c);
            double pivot = b.get(c, c);
            udiag[k] = pivot;
            recordPivot(pivot);
        }
    }

    /**
     * Symmetric pruning: a column s with U(s,k) ≠ 0 whose L part holds k's pivot row only needs its
     * then-pivotal rows in later searches (the others are reachable through column k).
     */
    private void prune(int k, int pivotRow) {
        final int[] pinv = this.pinv, lend = this.lend;
        final boolean[] pruned = this.pruned;
        final int[] li = this.li, ui = this.ui, lp = this.lp;
        final double[] lx = this.lx;
        for (int p = up[k], pe = up[k + 1]; p < pe; p++) {
            int s = ui[p];
            if (pruned[s]) continue;
            int b = lp[s];
            int e = lp[s + 1];
            int t = b;
            while (t < e && li[t] != pivotRow) t++;
            if (t == e) continue;
            int w = b;
            for (t = b; t < e; t++) {
                int r = li[t];
                if (pinv[r] >= 0) {
                    double v = lx[t];
                    li[t] = li[w];
                    lx[t] = lx[w];
                    li[w] = r;
                    lx[w] = v;
                    w++;
                }
            }
            lend[s] = w;
            pruned[s] = true;
        }
    }

    /**
     * Recomputes L and U for new values of the same pattern, keeping the pivot order (P and Q);
     * allocates nothing. Check {@link #reciprocalPivotGrowth()} and {@link #pivotRatio()} afterwards:
     * when they collapse, the kept pivots are no longer good and a fresh {@link #factor} is due.
     *
     * @throws IllegalArgumentException A's pattern differs from the one factored, or a value is NaN/infinite
     *                                  (the factors are then left as they were)
     * @throws SingularMatrixException  a kept pivot became exactly zero (the factors are then unusable
     *                                  until a successful refactor)
     */
    @Override
    void refactorValues(CscMatrix a) {
        checkSamePattern(a);
        scaleAndCopyValues(a);
        scaleInStepOrder();
        valid = false;
        Arrays.fill(work, 0.0);
        startPivotStatistics();
        final boolean[] pairs = pairStart;
        final int sparseEnd = block == null ? n : block.k0;
        if (pairs == null) {
            for (int k = 0; k < sparseEnd; k++) refactorColumn(k);
        } else {
            for (int k = 0; k < sparseEnd; ) {
                if (pairs[k]) {
                    refactorPair(k);
                    k += 2;
                } else {
                    refactorColumn(k++);
                }
            }
        }
        if (block != null) refactorTrailing();
        finish(a);
    }

    /**
     * Finds the dense trailing block ({@link DenseTrailingBlock#find}) once L's rows are pivot
     * steps, and orders each of its columns of U with the entries from steps before the block first
     * and the block's own after them, each part ascending: refactor applies the first sparsely (in
     * that order, a topological one since L(r,s) ≠ 0 only for r &gt; s) and leaves the others to the
     * dense factorization. No pair straddles the block.
     */
    private void setUpTrailingBlock() {
        block = DenseTrailingBlock.find(n, lp, up, ui);
        if (block == null) return;
        final int k0 = block.k0, m = block.m;
        blockUStart = new int[m];
        int[] rows = new int[n];
        double[] vals = new double[n];
        for (int k = k0; k < n; k++) {
            int w = up[k], inside = 0;
            for (int p = up[k], e = up[k + 1]; p < e; p++) {
                int r = ui[p];
                if (r < k0) {
                    ui[w] = r;
                    ux[w++] = ux[p];
                } else {
                    rows[inside] = r;
                    vals[inside++] = ux[p];
                }
            }
            blockUStart[k - k0] = w;
            sortByStep(up[k], w);
            sortByRow(rows, vals, inside);
            System.arraycopy(rows, 0, ui, w, inside);
            System.arraycopy(vals, 0, ux, w, inside);
        }
        if (pairStart != null) for (int k = Math.max(0, k0 - 1); k < n; k++) pairStart[k] = false;
    }

    /** Sorts U's entries ui[from..to) by step, their values along (each step once in a column). */
    private void sortByStep(int from, int to) {
        long[] keyed = new long[to - from];
        for (int p = from; p < to; p++) keyed[p - from] = (long) ui[p] << 32 | (p - from);
        Arrays.sort(keyed);
        double[] vals = Arrays.copyOfRange(ux, from, to);
        for (int t = 0; t < keyed.length; t++) {
            ui[from + t] = (int) (keyed[t] >>> 32);
            ux[from + t] = vals[(int) keyed[t]];
        }
    }

    /** Sorts rows[0..count) ascending, vals along (insertion sort: a column of the block, at most its order). */
    private static void sortByRow(int[] rows, double[] vals, int count) {
        for (int i = 1; i < count; i++) {
            int r = rows[i];
            double v = vals[i];
            int j = i - 1;
            while (j >= 0 && rows[j] > r) {
                rows[j + 1] = rows[j];
                vals[j + 1] = vals[j];
                j--;
            }
            rows[j + 1] = r;
            vals[j + 1] = v;
        }
    }

    /**
     * Steps k0 … n−1 of a refactor: each column's updates from the steps before the block as in
     * {@link #refactorColumn}, its rows in the block then copied into the dense Schur complement
     * S; S = L₂₂U₂₂ by dense kernels on the kept pivots; L₂₂, U₂₂ copied back into the columns'
     * stored entries.
     */
    private void refactorTrailing() {
        final DenseTrailingBlock b = block;
        final int k0 = b.k0, m = b.m;
        for (int c = 0; c < m; c++) refactorBlockColumn(c);
        int bad = b.factor();
        if (bad >= 0) {
            throw keptPivotFailed(k0 + bad, b.get(bad, bad));
        }
        storeBlockU(b);
        for (int k = k0; k < n; k++) {
            int c = k - k0;
            for (int t = lp[k], te = lp[k + 1]; t < te; t++) lx[t] = b.get(li[t] - k0, c);
        }
    }

    /** The order of the dense trailing block refactor factors by dense kernels, 0 when there is none. */
    int trailingBlockOrder() {
        return block == null ? 0 : block.m;
    }

    /**
     * Block column c's updates by the steps before the block, along U(:,k)'s ascending entries as
     * in {@link #refactorColumn}; its rows in the block then go into S(:, c).
     */
    private void refactorBlockColumn(int c) {
        final DenseTrailingBlock b = block;
        final int k0 = b.k0, k = k0 + c;
        final double[] x = work;
        scatterColumn(q[k], x);
        eliminateAlongU(up[k], blockUStart[c], x);
        MemorySegment.copy(x, k0, b.s, ValueLayout.JAVA_DOUBLE, b.at(0, c) * Double.BYTES, b.m);
        Arrays.fill(x, k0, n, 0.0);
    }

    /** Drops the dense trailing block: refactor then runs every column sparsely (for tests comparing the two). */
    void dropTrailingBlock() {
        block = null;
    }

    /**
     * A's values into {@link #aValues} and R, the diagonal of row maxima (see
     * {@link SparseLuBase#scaleRows}), into {@link #rowScale}: the maxima and the check for NaN and
     * ±Inf read A's segment, and only values that pass are copied, so a refused refactor leaves
     * A's copy, which the factors' pivot growth is computed from, as it was.
     *
     * @throws IllegalArgumentException naming the first NaN or infinite entry
     */
    private void scaleAndCopyValues(CscMatrix a) {
        final MemorySegment src = a.values();
        final double[] v = aValues, rs = rowScale;
        final int[] rows = aRowIdx;
        if (rs == null) {
            for (int p = 0; p < v.length; p++) if (!(Math.abs(src.getAtIndex(D, p)) <= Double.MAX_VALUE)) throw notFinite(a, p);
        } else {
            Arrays.fill(rs, 0.0);
            for (int p = 0; p < v.length; p++) {
                double m = Math.abs(src.getAtIndex(D, p));
                if (!(m <= Double.MAX_VALUE)) throw notFinite(a, p);
                int i = rows[p];
                rs[i] = Math.max(rs[i], m); // no branch on the data (m is finite, not NaN)
            }
            for (int i = 0; i < n; i++) rs[i] = rowScaleOf(rs[i]);
        }
        MemorySegment.copy(src, D, 0, v, 0, v.length);
    }

    /** {@link #stepScale} from {@link #rowScale} once the pivot rows are known. */
    private void scaleInStepOrder() {
        final double[] rs = rowScale, ss = stepScale;
        if (rs == null) return;
        final int[] prow = this.prow;
        for (int k = 0; k < n; k++) ss[k] = rs[prow[k]];
    }

    /**
     * Column k of L and U from A(:,Q[k]) along the stored patterns: x = L⁻¹·R⁻¹A(:,j) in U's
     * (topological) order, one pass over U(:,k) as in KLU: x[s] is final when its turn comes, so it
     * is stored into U, cleared, and applied with L(:,s) at once.
     */
    private void refactorColumn(int k) {
        final double[] x = work, lx = this.lx;
        final int[] li = this.li, lp = this.lp;
        scatterColumn(q[k], x);
        eliminateAlongU(up[k], up[k + 1], x);
        double pivot = keptPivot(x, k);
        recordPivot(pivot);
        double inv = 1.0 / pivot;
        for (int t = lp[k], te = lp[k + 1]; t < te; t++) {
            int r = li[t];
            lx[t] = x[r] * inv;
            x[r] = 0.0;
        }
    }

    /**
     * x = L⁻¹x along U's stored entries ui[from..to) (a topological order): each x[s] is final when
     * its turn comes, so it is moved into U (cleared in x) and applied with L(:,s) at once.
     */
    private void eliminateAlongU(int from, int to, double[] x) {
        final double[] lx = this.lx, ux = this.ux;
        final int[] li = this.li, lp = this.lp, ui = this.ui;
        for (int p = from; p < to; p++) {
            int s = ui[p];
            double u = x[s];
            x[s] = 0.0;
            ux[p] = u;
            if (u == 0.0) continue;
            for (int t = lp[s], te = lp[s + 1]; t < te; t++) x[li[t]] -= lx[t] * u;
        }
    }

    /**
     * Columns k and k+1 of a pair (see {@link #markIfPair}) in one pass: x = column k's and
     * y = column k+1's vector go through U(:,k) together, each L(:,s) read once for both; then
     * L(:,k) is formed and applies U(k,k+1) to y in the same loop (its rows lie in column k+1's
     * pattern, since U(k,k+1) ≠ 0), and L(:,k+1) is gathered from y. Each vector sees the
     * operations of {@link #refactorColumn} in the same order, so the factors are the same (up to
     * the sign of a zero: a zero u with a nonzero partner is applied, not skipped).
     */
    private void refactorPair(int k) {
        final double[] x = work, y = pairWork, lx = this.lx, ux = this.ux;
        final int[] li = this.li, lp = this.lp, ui = this.ui;
        scatterColumn(q[k], x);
        scatterColumn(q[k + 1], y);
        int p0 = up[k], p1 = up[k + 1], shift = p1 - p0;
        for (int p = p0; p < p1; p++) {
            int s = ui[p];
            double u = x[s], v = y[s];
            x[s] = 0.0;
            y[s] = 0.0;
            ux[p] = u;
            ux[p + shift] = v;
            if (u == 0.0 && v == 0.0) continue;
            for (int t = lp[s], te = lp[s + 1]; t < te; t++) {
                int r = li[t];
                double l = lx[t];
                x[r] -= l * u;
                y[r] -= l * v;
            }
        }
        double pivot = keptPivot(x, k);
        recordPivot(pivot);
        double ukNext = y[k];
        y[k] = 0.0;
        ux[p1 + shift] = ukNext;
        double inv = 1.0 / pivot;
        for (int t = lp[k], te = lp[k + 1]; t < te; t++) {
            int r = li[t];
            double l = x[r] * inv;
            lx[t] = l;
            x[r] = 0.0;
            y[r] -= l * ukNext;
        }
        double pivotNext = keptPivot(y, k + 1);
        recordPivot(pivotNext);
        double invNext = 1.0 / pivotNext;
        for (int t = lp[k + 1], te = lp[k + 2]; t < te; t++) {
            int r = li[t];
            lx[t] = y[r] * invNext;
            y[r] = 0.0;
        }
    }

    /** x[step] = (R⁻¹A)(:,j) at the entries' pivot steps, scaled as they are written. */
    private void scatterColumn(int j, double[] x) {
        final double[] av = aValues, ss = stepScale;
        final int[] step = aStep;
        if (ss == null) {
            for (int p = aColPtr[j], e = aColPtr[j + 1]; p < e; p++) x[step[p]] = av[p];
        } else {
            for (int p = aColPtr[j], e = aColPtr[j + 1]; p < e; p++) {
                int s = step[p];
                x[s] = av[p] * ss[s];
            }
        }
    }

    /**
     * The reciprocal pivot growth of the stored factors: min over k of max |(R⁻¹AQ)(:,k)| over
     * max(|U(k,k)|, max |U(:,k)|). Factor and refactor leave it to the first call that asks
     * ({@link #reciprocalPivotGrowth()}): running maxima in every column cost a tenth of a refactor
     * on short columns, and KLU's refactor does not compute it either.
     */
    @Override
    double growthFromFactors() {
        synchronized (columnMax) {
            final double[] av = aValues, ux = this.ux, amax = columnMax, ss = stepScale;
            final int[] step = aStep;
            // A's column maxima in A's own order (one sequential pass), then U's columns in step order.
            for (int j = 0; j < n; j++) {
                double m = 0.0;
                for (int p = aColPtr[j], e = aColPtr[j + 1]; p < e; p++) {
                    m = maxAbs(m, ss == null ? av[p] : av[p] * ss[step[p]]);
                }
                amax[j] = m;
            }
            double growth = Double.POSITIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                double umax = Math.abs(udiag[k]);
                for (int p = up[k], e = up[k + 1]; p < e; p++) umax = maxAbs(umax, ux[p]);
                if (umax > 0) {
                    double g = amax[q[k]] / umax;
                    if (g < growth) growth = g;
                }
            }
            return growth;
        }
    }

    /**
     * U(k,k) from x (cleared there), kept in {@link #udiag}; a zero or non-finite kept pivot clears
     * the work vectors and raises the error naming A's column.
     */
    private double keptPivot(double[] x, int k) {
        double pivot = x[k];
        x[k] = 0.0;
        if (pivot == 0.0 || !(Math.abs(pivot) <= Double.MAX_VALUE)) {
            Arrays.fill(work, 0.0);
            if (pairWork != null) Arrays.fill(pairWork, 0.0);
            throw keptPivotFailed(k, pivot);
        }
        udiag[k] = pivot;
        return pivot;
    }

    /** Refactor's error for a kept pivot at step k that became zero or not finite, naming A's column. */
    private SingularMatrixException keptPivotFailed(int k, double pivot) {
        int j = q[k];
        return new SingularMatrixException("refactor: the kept pivot of column " + j + " is " + pivot
                + " (step " + k + " of " + n + "); factor the matrix again", j);
    }

    /** The factor's error for column j (step k) whose pivot candidates are all zero after elimination. */
    private SingularMatrixException noPivotCandidate(int j, int k) {
        return new SingularMatrixException("matrix is numerically singular: column " + j
                + " has only zero pivot candidates after elimination (step " + k + " of " + n + ")", j);
    }

    /** The factor's error for column j (step k) whose candidates overflowed. */
    private static ArithmeticException overflow(int j, int k) {
        return new ArithmeticException("overflow in column " + j + " of the LU factors (step " + k + ")");
    }

    /**
     * Marks steps k−1, k as a pair for {@link #refactorPair} when U(:,k) is U(:,k−1) in the same
     * order followed by k−1 (a power-flow Jacobian's 2×2 blocks make most steps such pairs) and
     * step k−1 is not already the second of a pair. Called once U(:,k) is stored, while it is in cache.
     */
    private void markIfPair(int k) {
        if (k >= 2 && pairStart != null && pairStart[k - 2]) return;
        final int[] ui = this.ui;
        int u0 = up[k - 1], u1 = up[k], u2 = up[k + 1];
        if (u2 - u1 != u1 - u0 + 1 || ui[u2 - 1] != k - 1) return;
        for (int d = u1 - u0, p = u0; p < u1; p++) if (ui[p] != ui[p + d]) return;
        if (pairStart == null) pairStart = new boolean[n];
        pairStart[k - 1] = true;
    }

    /** The steps k that start a pair k, k+1 ({@link #refactorPair}), ascending. */
    int[] pairStarts() {
        if (pairStart == null) return new int[0];
        int count = 0;
        for (boolean b : pairStart) if (b) count++;
        int[] starts = new int[count];
        for (int k = 0, c = 0; k < n; k++) if (pairStart[k]) starts[c++] = k;
        return starts;
    }

    /**
     * Records which matrix (and version) the factors describe and the pivot ratio; the growth is
     * left to the first call that asks for it ({@link #growthFromFactors}).
     */
    private void finish(CscMatrix a) {
        finishPivotStatistics();
        deferGrowth();
        describe(a);
    }

    /**
     * Ends the first factorization's storage at what L and U use when the estimate (or the
     * growth by half) left more than a quarter spare: one copy, as KLU does, so that
     * {@link #storageBytes()} is what the factors need.
     */
    private void trimStorage() {
        if (li.length - lnz > lnz / 4 + 64) resizeL(lnz);
        if (ui.length - unz > unz / 4 + 64) resizeU(unz);
    }

    /** Entries an int-indexed L or U can hold. */
    private static final long MAX_ENTRIES = Integer.MAX_VALUE - 8;

    /** {@code needed} entries of L or U at step k (column j), refused past {@link #MAX_ENTRIES}. */
    private long checkedEntries(String factor, long needed, int k, int j) {
        if (needed <= MAX_ENTRIES) return needed;
        throw new ArithmeticException("sparse LU: " + factor + " would need more than " + MAX_ENTRIES
                + " entries by step " + k + " of " + n + " (column " + j + "); the " + symbolic.ordering()
                + " order fills too much for this matrix, use AMD or COLAMD");
    }

    /** Room in L for {@code count} more entries at step k (column j). */
    private void ensureL(int count, int k, int j) {
        if (li.length - lnz < count) growL(checkedEntries("L", lnz + (long) count, k, j));
    }

    /** Room in U for {@code count} more entries at step k (column j). */
    private void ensureU(int count, int k, int j) {
        if (ui.length - unz < count) growU(checkedEntries("U", unz + (long) count, k, j));
    }

    private void growL(long needed) {
        resizeL(Math.min(MAX_ENTRIES, Math.max(needed, li.length + li.length / 2L + n)));
    }

    private void growU(long needed) {
        resizeU(Math.min(MAX_ENTRIES, Math.max(needed, ui.length + ui.length / 2L + n)));
    }

    /** L's storage resized to {@code size} entries (at least those in use). */
    private void resizeL(long size) {
        li = Arrays.copyOf(li, (int) Math.max(size, 1));
        lx = Arrays.copyOf(lx, li.length);
    }

    /** U's storage resized to {@code size} entries (at least those in use). */
    private void resizeU(long size) {
        ui = Arrays.copyOf(ui, (int) Math.max(size, 1));
        ux = Arrays.copyOf(ux, ui.length);
    }

    // ---------------------------------------------------------------- solves

    /*
     * The triangular sweeps run as one loop over the stored entries, not a loop per column: columns
     * of L and U hold a handful of entries on circuit-like matrices, and an inner loop costs C2 a
     * fixed setup on every entry into it (docs/PERFORMANCE.md, 2026-12-01 'triangular sweeps as one
     * loop'). Each entry's column comes from lcol/ucol rather than from a column switch inside the
     * loop: the loop is then a plain counted one without the branch on the column lengths, which
     * mispredicted once per column (2026-12-07 'GP sweeps without the column switch'). U's runs
     * divide y[k] by U(k,k) where they read it, so no step waits for a column's end. Within a
     * column the order of the updates is free (each entry touches its own row), so the forward
     * solves give the nested loops' values bit for bit; the transposed sweeps subtract the products
     * one by one instead of their sum (the same accuracy, other roundings).
     */

    /** y = P·R⁻¹·b; y := L⁻¹y; y := D·U⁻¹y (D = diag(U)); x = Q·D⁻¹y, the division and the order in one pass. */
    @Override
    void solveColumn(MemorySegment b, long bo, MemorySegment xs, long xo, double[] w) {
        final double[] y = w;
        final double[] ss = stepScale;
        for (int k = 0; k < n; k++) {
            int r = prow[k];
            double v = b.getAtIndex(D, bo + r);
            y[k] = ss == null ? v : v * ss[k];
        }
        lowerSolve(y);
        upperSolve(y);
        final double[] udiag = this.udiag;
        for (int k = 0; k < n; k++) xs.setAtIndex(D, xo + q[k], y[k] / udiag[k]);
    }

    /** From Aᵀ = Q·Uᵀ·Lᵀ·P·R: y = Qᵀb; z = U⁻ᵀy; z := L⁻ᵀz; x = R⁻¹·Pᵀ·z (y and z the two halves of w). */
    @Override
    void solveTransposedColumn(MemorySegment b, long bo, MemorySegment xs, long xo, double[] w) {
        final double[] ss = stepScale;
        for (int k = 0; k < n; k++) w[k] = b.getAtIndex(D, bo + q[k]);
        upperTransposedSolve(w);
        lowerTransposedSolve(w);
        for (int k = 0; k < n; k++) {
            int r = prow[k];
            double v = w[n + k];
            xs.setAtIndex(D, xo + r, ss == null ? v : v * ss[k]);
        }
    }

    /**
     * {@link #solveColumn} of a diagonal block of a block triangular form ({@link BtfLu}): b and x
     * are c[s, s + n), solved in place on the heap in workspace y.
     */
    void solveBlock(double[] c, int s, double[] y) {
        final double[] ss = stepScale;
        for (int k = 0; k < n; k++) {
            int r = prow[k];
            y[k] = ss == null ? c[s + r] : c[s + r] * ss[k];
        }
        lowerSolve(y);
        upperSolve(y);
        final double[] udiag = this.udiag;
        for (int k = 0; k < n; k++) c[s + q[k]] = y[k] / udiag[k];
    }

    /** {@link #solveTransposedColumn} of a diagonal block, as {@link #solveBlock}. */
    void solveTransposedBlock(double[] c, int s, double[] y) {
        final double[] ss = stepScale;
        for (int k = 0; k < n; k++) y[k] = c[s + q[k]];
        upperTransposedSolve(y);
        lowerTransposedSolve(y);
        for (int k = 0; k < n; k++) {
            int r = prow[k];
            c[s + r] = ss == null ? y[n + k] : y[n + k] * ss[k];
        }
    }

    /**
     * y := L⁻¹y, L unit lower triangular: y[i] −= L(i,k)·y[k] over the entries in column order (y[k]
     * is final once the columns before k are done).
     */
    private void lowerSolve(double[] y) {
        final int[] li = this.li, lcol = this.lcol;
        final double[] lx = this.lx;
        for (int p = 0, total = lp[n]; p < total; p++) y[li[p]] -= lx[p] * y[lcol[p]];
    }

    /**
     * y := D·U⁻¹y (D = diag(U)) from the last column back: column k updates the rows above it by
     * y[k] / U(k,k), and y[k] is left undivided (the caller divides as it writes x, the values of
     * dividing first bit for bit); runs of short columns in one loop, each long column on its own (a
     * run of rows without their indices, see {@link #longURun}).
     */
    private void upperSolve(double[] y) {
        final int[] ui = this.ui, up = this.up;
        final double[] ux = this.ux, udiag = this.udiag;
        final int[] longU = this.longU, run = this.longURun;
        int to = n;
        for (int t = longU.length - 1; t >= -1; t--) {
            int c = t >= 0 ? longU[t] : -1;
            upperRun(y, c + 1, to);
            if (c < 0) break;
            double yc = y[c] / udiag[c];
            int p0 = up[c], p1 = up[c + 1];
            if (run[t] >= 0) {
                for (int p = p0, r = run[t] - p0; p < p1; p++) y[r + p] -= ux[p] * yc;
            } else {
                scatterAxpy(ui, ux, p0, p1, yc, y);
            }
            to = c;
        }
    }

    /**
     * {@link #upperSolve}'s step for columns to−1 down to from, one loop over their entries: y[k] is
     * final (undivided) when column k's entries come, and each uses y[k] / U(k,k).
     */
    private void upperRun(double[] y, int from, int to) {
        if (from >= to) return;
        final int[] ui = this.ui, ucol = this.ucol;
        final double[] ux = this.ux, udiag = this.udiag;
        for (int p = up[to] - 1, first = up[from]; p >= first; p--) {
            int c = ucol[p];
            y[ui[p]] -= ux[p] * (y[c] / udiag[c]);
        }
    }

    /**
     * z = U⁻ᵀy for y = w[0, n), into z = w[n, 2n): z[k] = (y[k] − U(:,k)ᵀz) / U(k,k) for k = 0, 1, ….
     * In a run of short columns y stays undivided, y[k] −= U(i,k)·(y[i] / U(i,i)) over the entries
     * (y[i] is final when column k comes, and every read divides it as z[i] was), and z is stored
     * at the run's end; each long column sums z by {@link #dot} (or {@link #runDot} when its rows
     * are one run).
     */
    private void upperTransposedSolve(double[] w) {
        final int[] up = this.up, ui = this.ui, longU = this.longU, run = this.longURun;
        final double[] ux = this.ux, udiag = this.udiag;
        int from = 0;
        for (int t = 0; t <= longU.length; t++) {
            int c = t < longU.length ? longU[t] : n;
            upperTransposedRun(w, from, c);
            if (c == n) break;
            int p0 = up[c], p1 = up[c + 1];
            w[c] -= run[t] >= 0 ? runDot(ux, p0, p1, w, n + run[t]) : dot(ui, ux, p0, p1, w, n);
            w[n + c] = w[c] / udiag[c];
            from = c + 1;
        }
    }

    /** {@link #upperTransposedSolve}'s step for columns from … to−1, one loop over their entries. */
    private void upperTransposedRun(double[] w, int from, int to) {
        if (from >= to) return;
        final int[] ui = this.ui, ucol = this.ucol;
        final double[] ux = this.ux, udiag = this.udiag;
        for (int p = up[from], last = up[to]; p < last; p++) {
            int r = ui[p];
            w[ucol[p]] -= ux[p] * (w[r] / udiag[r]);
        }
        for (int k = from; k < to; k++) w[n + k] = w[k] / udiag[k];
    }

    /**
     * z := L⁻ᵀz for z = w[n, 2n): z[k] −= L(:,k)ᵀz for k = n−1 down to 0: runs of short columns in
     * one loop, each long column by {@link #dot}.
     */
    private void lowerTransposedSolve(double[] w) {
        final int[] li = this.li, lp = this.lp;
        final double[] lx = this.lx;
        final int[] longL = this.longL;
        int to = n;
        for (int t = longL.length - 1; t >= -1; t--) {
            int c = t >= 0 ? longL[t] : -1;
            lowerTransposedRun(w, c + 1, to);
            if (c < 0) break;
            w[n + c] -= dot(li, lx, lp[c], lp[c + 1], w, n);
            to = c;
        }
    }

    /**
     * {@link #lowerTransposedSolve}'s step for columns to−1 down to from, one loop over their
     * entries from the last: z[k] −= L(i,k)·z[i] (z[i], i &gt; k, is final when column k's entries come).
     */
    private void lowerTransposedRun(double[] w, int from, int to) {
        final int[] li = this.li, lcol = this.lcol;
        final double[] lx = this.lx;
        final int o = n;
        for (int p = lp[to] - 1, first = lp[from]; p >= first; p--) w[o + lcol[p]] -= lx[p] * w[o + li[p]];
    }

    /**
     * Σ val[p]·x[xo + idx[p]] for p in [from, to) with four partial sums: on a long column one running
     * sum is a chain of dependent additions (arrow_50k's eight dense columns of U, 50 000 entries
     * each, were half of its transposed solve).
     */
    private static double dot(int[] idx, double[] val, int from, int to, double[] x, int xo) {
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        int p = from;
        for (; p + 3 < to; p += 4) {
            s0 += val[p] * x[xo + idx[p]];
            s1 += val[p + 1] * x[xo + idx[p + 1]];
            s2 += val[p + 2] * x[xo + idx[p + 2]];
            s3 += val[p + 3] * x[xo + idx[p + 3]];
        }
        for (; p < to; p++) s0 += val[p] * x[xo + idx[p]];
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Σ val[p]·x[r0 + p − from] for p in [from, to), four partial sums as {@link #dot}: a column whose
     * rows are the run r0, r0+1, ….
     */
    private static double runDot(double[] val, int from, int to, double[] x, int r0) {
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        final int d = r0 - from;
        int p = from;
        for (; p + 3 < to; p += 4) {
            s0 += val[p] * x[d + p];
            s1 += val[p + 1] * x[d + p + 1];
            s2 += val[p + 2] * x[d + p + 2];
            s3 += val[p + 3] * x[d + p + 3];
        }
        for (; p < to; p++) s0 += val[p] * x[d + p];
        return (s0 + s1) + (s2 + s3);
    }

    /** The columns with at least {@link #LONG_COLUMN} entries, in increasing order. */
    private static int[] longColumns(int[] ptr, int n) {
        int count = 0;
        for (int k = 0; k < n; k++) if (ptr[k + 1] - ptr[k] >= LONG_COLUMN) count++;
        int[] cols = new int[count];
        count = 0;
        for (int k = 0; k < n; k++) if (ptr[k + 1] - ptr[k] >= LONG_COLUMN) cols[count++] = k;
        return cols;
    }

    /** col[p] = the column k whose entries ptr[k] ≤ p &lt; ptr[k+1] hold p, for every stored entry. */
    private static int[] columnOfEntry(int[] ptr, int n) {
        int[] col = new int[ptr[n]];
        for (int k = 0; k < n; k++) for (int p = ptr[k], e = ptr[k + 1]; p < e; p++) col[p] = k;
        return col;
    }

    /** For each column c of cols, its first row if idx[ptr[c]..ptr[c+1]) is r0, r0+1, …, else −1. */
    private static int[] runStarts(int[] idx, int[] ptr, int[] cols) {
        int[] start = new int[cols.length];
        for (int t = 0; t < cols.length; t++) {
            int p0 = ptr[cols[t]], p1 = ptr[cols[t] + 1];
            int r0 = idx[p0];
            int p = p0 + 1;
            while (p < p1 && idx[p] == r0 + (p - p0)) p++;
            start[t] = p == p1 ? r0 : -1;
        }
        return start;
    }

    @Override
    double[] newWork() {
        return new double[2 * n]; // the transposed solve's y and z
    }

    // ---------------------------------------------------------------- statistics

    /** The analysis these factors follow. */
    @Override
    public Symbolic analysis() {
        return symbolic;
    }

    /** {@link Method#GILBERT_PEIERLS}. */
    @Override
    public Method method() {
        return Method.GILBERT_PEIERLS;
    }

    /** The symbolic analysis (the same object as {@link #analysis()}). */
    public Symbolic symbolic() {
        return symbolic;
    }

    /** The ordering used for Q. */
    public Ordering ordering() {
        return symbolic.ordering();
    }

    /** nnz(L) counting its unit diagonal (as KLU does). */
    public long nnzL() {
        return (long) lnz + n;
    }

    /** nnz(U) counting its diagonal. */
    public long nnzU() {
        return (long) unz + n;
    }

    /** nnz(L + U) with the diagonal counted once: nnzL() + nnzU() − n. */
    @Override
    public long factorNonzeros() {
        return (long) lnz + unz + n;
    }

    @Override
    int[] rowOrder() {
        return prow;
    }

    @Override
    int[] columnOrder() {
        return q;
    }

    /**
     * Bytes held by the factors (L, U, their column pointers and entries' columns, U's diagonal, the
     * dense trailing block) and the copy of A.
     */
    public long storageBytes() {
        return li.length * 12L + ui.length * 12L + (lcol.length + ucol.length) * 4L + (n + 1L) * 12 + n * 8L
                + aRowIdx.length * 16L + (block == null ? 0 : block.bytes());
    }

    @Override
    void release() {
        // heap storage only: nothing to free
    }

    @Override
    public String toString() {
        return "SparseLu[n=" + n + ", ordering=" + symbolic.ordering() + ", nnz(L+U)=" + factorNonzeros()
                + ", offDiagonalPivots=" + offDiagonalPivots + "]";
    }
}

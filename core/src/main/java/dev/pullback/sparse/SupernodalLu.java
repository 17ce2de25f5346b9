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
 * pattern, with threshold pivoting and delayed pivots:
 * <pre>  P · R⁻¹ · A · Q' = L · U</pre>
 * with Q a symmetric order of A + Aᵀ ({@code SymmetricOrder}: AMD or nested dissection;
 * postordered), R the diagonal of row maxima when row scaling is on (else I), Q' = Q with each
 * delayed pivot moved to the step that took it, and P the rows chosen.
 *
 * <p>Method (Duff and Reid 1983; Liu, "The multifrontal method for sparse matrix solution", SIAM
 * Review 34, 1992): the analysis ({@link SupernodalStructure}) groups the columns of the Cholesky
 * structure of S = Q(A + Aᵀ)Qᵀ into supernodes (runs of columns with the same structure, relaxed
 * by amalgamation that admits a few explicit zeros). In postorder of the supernodal tree, each
 * supernode with k columns and row structure R assembles its dense m×m front from A's entries in
 * its rows and columns and from its children's contribution blocks (extend-add along precomputed
 * index maps), then eliminates its fully summed variables:
 * <pre>
 *   F = [F11 F12]   P11·F11·Q11 = L11·U11,  L21 = F21·Q11·U11⁻¹,  U12 = L11⁻¹·P11·F12,
 *       [F21 F22]   contribution block  C = F22 − L21·U12 (pushed for the parent)
 * </pre>
 * as a blocked right-looking LU (unblocked panels of {@value #PANEL} columns; TRSM and GEMM of the
 * {@link Gemms#get()} kernels for the rest). Pivot rows are the front's fully summed rows: at step
 * j the pivot is the diagonal when |f_jj| ≥ τ·max_{i≥j} |f_ij| over all m − j rows of the front
 * (τ = {@link SparseOptions#pivotTolerance()}, default 0.001), else the largest fully summed
 * candidate if it passes the same test.
 *
 * <p>Delayed pivots (Duff and Reid 1983; MA41, UMFPACK): a column whose fully summed candidates
 * all fail is not eliminated in its front. It is swapped, with one unused fully summed row, to the
 * end of its panel's candidates and, after the panel's update, to the end of the front's; it is not
 * retried in that front. After the front's eliminations the e pivots taken lead, and the kk − e
 * unused fully summed rows and columns (paired by position) stay in the contribution block: the
 * parent's front places them after its own k columns as further fully summed variables (its order
 * grows by their count, its A entries and children's maps shifted accordingly); every entry of a
 * delayed row or column is in the child's contribution block, since the child's structure covers
 * it. A root front's rows are all fully summed, so its candidates always include the column's
 * largest entry: delays end at the roots. The factorization gives up with
 * {@link SupernodalPivotException} (and {@link AdaptiveSparseLu} falls back to {@link SparseLu})
 * only when the delays would make L more than {@value #DELAY_GROWTH_LIMIT} times its analysed size:
 * then the symmetric structure no longer describes the factors. {@link #delayedPivots()} counts the
 * delays of the last (re)factor.
 *
 * <p>Storage: L and U are stored apart, each in supernode order, as the packed triangles and panels
 * of {@link SupernodalLayout} (a supernode that took e pivots and kept r' rows below them stores an
 * e-column block over r' rows), in off-heap segments; the panel rows are named by the steps that
 * pivot on them, as rows of L and as columns of U ({@link SupernodalFactors}), so the solves
 * ({@link SupernodalSolves}) apply P and Q' at entry and exit and no interchange inside. Each sweep
 * of a solve reads one array in one direction: the forward sweeps from start to end, the backward
 * sweeps from end to start, touching their data ahead, the order the hardware prefetches in. The
 * front, the contribution stack and the solve's work vectors are heap arrays: the assembly, the
 * extend-add (an indirect scatter), the panel loops and the solve's gathers index plain arrays
 * without a segment's per-access checks, and the GEMM kernels reach the front through one heap
 * segment that wraps it.
 *
 * <p>Delays make the factors' sizes value-dependent. The first factorization allocates for the
 * analysed structure (L and U with 1/{@value #DELAY_SLACK} more room when A has structurally zero diagonal
 * entries) and grows what its delays overflow (the front, the stack, L and U, the panel
 * rows: each to at least an eighth more); {@link #refactor} re-chooses every pivot by the same rule
 * and reuses that storage, allocating nothing when the new values fit. A refactor whose delays need
 * more than the storage holds grows the arrays that overflow in the same way (allocating, that
 * once: the larger size is kept, and the first solve after it may grow its gather buffer);
 * {@link #nativeBytes()} reports the size held. {@link #solve} and {@link #solveTransposed}
 * allocate nothing. {@link #rowPermutation()} and {@link #columnPermutation()} report P and Q'.
 *
 * <p>Accuracy: the computed x satisfies a backward error ‖b − Ax‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞) of order
 * n·ε times the pivot growth; {@link #reciprocalPivotGrowth()} and {@link #pivotRatio()} report it.
 * Unsymmetric patterns are factored with the structure of A + Aᵀ (explicit zeros where A is not
 * symmetric); for strongly unsymmetric patterns {@link SparseLu} is the better choice (see
 * {@link AdaptiveSparseLu}'s rule).
 *
 * <p>Errors: a column that is zero in every row not yet pivoted, or whose pivot is zero
 * (numerically or structurally singular), raises a {@link SingularMatrixException} naming that
 * column in A's own numbering; a NaN or infinite entry is an {@link IllegalArgumentException}
 * naming its row and column; solving after the matrix's values changed ({@link CscMatrix#version()}
 * moved) without a refactor, or after a failed refactor or {@link #close()}, is an
 * {@link IllegalStateException}. Not thread-safe.
 */
public final class SupernodalLu extends SparseLuBase<SupernodalSolves> {
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /**
     * A factorization whose delayed pivots make L more than this many times the analysed size (plus
     * n) gives up with {@link SupernodalPivotException}: so many delays mean the symmetric structure
     * no longer describes the factors, and Gilbert–Peierls, which pivots on any row, is the better
     * method.
     */
    static final int DELAY_GROWTH_LIMIT = 2;

    /**
     * A pattern with structurally zero diagonal entries (a saddle point's constraint block) will
     * likely delay pivots: its L and U start with 1/{@value} more room than the analysis counts, so
     * that a few delays do not make the first factorization reallocate and copy them.
     */
    static final int DELAY_SLACK = 16;

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
    /** The factors as the solves read them, in elimination steps (filled at each (re)factor; see {@link SupernodalFactors}). */
    private final SupernodalFactors fac;
    /** Whether supernode s exchanged rows at the last (re)factor (for tests). */
    private final boolean[] pivoted;
    /** Pivots supernode s passed to its parent at the last (re)factor. */
    private final int[] delayedOut;
    /** The delayed pivots waiting for their parents, as (row, column) labels in the analysis's numbering: a stack. */
    private final int[] delayedRow;
    private final int[] delayedCol;
    /** The step that pivoted on each row / column (analysis numbering) at the last (re)factor. */
    private final int[] rowStep;
    private final int[] colStep;
    private final double[] colUmax;
    /** Delays at the last (re)factor: Σ over the supernodes of the pivots each passed to its parent. */
    private int delayedPivots;

    /** The front and what sits at each of its positions: row and column labels (analysis numbering), the extend-add map. */
    private double[] front;
    private MemorySegment frontSeg;
    private int[] rowLabel;
    private int[] colLabel;
    private int[] map;
    private double[] stack;
    /** Why the last column that failed the threshold test did: its best fully summed candidate and its largest entry. */
    private double failBest;
    private double failMax;
    private int failColumn;

    /** Holds the pattern copy; {@link #factorArena} holds L and U (replaced when they grow). */
    private final Arena arena;
    private Arena factorArena;
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
        pivoted = new boolean[st.count];
        delayedOut = new int[st.count];
        delayedRow = new int[n];
        delayedCol = new int[n];
        rowStep = new int[n];
        colStep = new int[n];
        colUmax = new double[n];
        growFront(st.maxFront);
        stack = new double[Math.max(1, st.stackPeak)];
        gemm = Gemms.get();
        ws = gemm.newWorkspace();
        fac = new SupernodalFactors();
        fac.count = st.count;
        fac.first = new int[st.count + 1];
        fac.rowPtr = new int[st.count + 1];
        fac.lOff = new long[st.count];
        fac.uOff = new long[st.count];
        fac.lRows = new int[Math.max(1, st.rows.length)];
        fac.uRows = new int[Math.max(1, st.rows.length)];
        fac.rowOrder = new int[n];
        fac.colOrder = new int[n];
        fac.rowScale = o.rowScaling() ? new double[n] : null;
        arena = NativeMemory.openArena();
        try {
            patternBytes = keepPatternCopy(arena, a.pattern());
            factorArena = NativeMemory.openArena();
            int slack = missingDiagonal(a.pattern()) > 0 ? DELAY_SLACK : 0;
            fac.lx = NativeMemory.doubles(factorArena, Math.max(1, st.lSize + (slack == 0 ? 0 : st.lSize / slack)));
            fac.ux = NativeMemory.doubles(factorArena, Math.max(1, st.uSize + (slack == 0 ? 0 : st.uSize / slack)));
        } catch (RuntimeException | Error e) {
            if (factorArena != null) factorArena.close();
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
     * @throws SupernodalPivotException delayed pivots would make L more than {@value #DELAY_GROWTH_LIMIT}
     *                                  times its analysed size (use {@link SparseLu})
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
        return firstFactor(new SupernodalLu(a, s), f -> f.factorNumeric(a));
    }

    /**
     * Recomputes the factors for new values of the same pattern, allocating nothing when their
     * delayed pivots fit the storage held (else it grows, once: see the class comment). The pivots
     * and the delays are chosen afresh by the threshold rule.
     *
     * @throws IllegalArgumentException A's pattern differs from the one factored, or a value is
     *                                  NaN/infinite (the factors are then left as they were)
     * @throws SupernodalPivotException the delays would outgrow the limit (the factors are unusable
     *                                  until a successful refactor; use {@link SparseLu})
     * @throws SingularMatrixException  the new values are singular (factors unusable likewise)
     */
    @Override
    void refactorValues(CscMatrix a) {
        checkSamePattern(a);
        factorNumeric(a);
    }

    private void factorNumeric(CscMatrix a) {
        final SupernodalFactors fac = this.fac;
        scaleRows(a, fac.rowScale);
        valid = false;
        final SupernodalStructure st = this.st;
        final int[] first = st.first, rowPtr = st.rowPtr, childPtr = st.childPtr, child = st.child, rows = st.rows;
        offDiagonalPivots = 0;
        delayedPivots = 0;
        Arrays.fill(colUmax, 0.0);
        startPivotStatistics();
        MemorySegment ax = a.values();
        int top = 0, delayedTop = 0, step = 0, panelRows = 0, maxRows = 0;
        long lUsed = 0, uUsed = 0;
        for (int s = 0; s < st.count; s++) {
            int f = first[s];
            int k = first[s + 1] - f;
            int r0 = rowPtr[s], r = rowPtr[s + 1] - r0;
            int c0 = childPtr[s], c1 = childPtr[s + 1];
            int in = 0;
            for (int t = c0; t < c1; t++) in += delayedOut[child[t]];
            int kk = k + in, m = kk + r;
            if ((long) m * m > front.length) growFront(m);
            final double[] front = this.front;
            final int[] rowLabel = this.rowLabel, colLabel = this.colLabel;
            for (int t = 0; t < k; t++) rowLabel[t] = colLabel[t] = f + t;
            delayedTop -= in;
            System.arraycopy(delayedRow, delayedTop, rowLabel, k, in);
            System.arraycopy(delayedCol, delayedTop, colLabel, k, in);
            System.arraycopy(rows, r0, rowLabel, kk, r);
            System.arraycopy(rows, r0, colLabel, kk, r);
            Arrays.fill(front, 0, m * m, 0.0);
            assembleA(ax, s, k, in, m);
            for (int t = c0; t < c1; t++) {
                int c = child[t];
                int rc = rowPtr[c + 1] - rowPtr[c] + delayedOut[c];
                top -= rc * rc;
            }
            for (int t = c0, at = top, placed = k; t < c1; t++) {
                int c = child[t];
                int dc = delayedOut[c];
                int rc = rowPtr[c + 1] - rowPtr[c];
                if (dc == 0 && in == 0) {
                    extendAdd(at, rc, st.relMap, rowPtr[c], m);
                } else {
                    for (int i = 0; i < dc; i++) map[i] = placed + i;
                    for (int i = 0, p = rowPtr[c]; i < rc; i++, p++) {
                        int x = st.relMap[p];
                        map[dc + i] = x < k ? x : x + in;
                    }
                    placed += dc;
                    rc += dc;
                    extendAdd(at, rc, map, 0, m);
                }
                at += rc * rc;
            }
            int before = offDiagonalPivots;
            int e = factorFront(kk, m);
            pivoted[s] = offDiagonalPivots != before;
            if (e < kk && st.parent[s] == -1) {
                throw new SupernodalPivotException(st.q[failColumn], step + e, failBest, failMax, tau);
            }
            for (int t = 0; t < e; t++) {
                rowStep[rowLabel[t]] = step + t;
                colStep[colLabel[t]] = step + t;
                fac.rowOrder[step + t] = st.q[rowLabel[t]];
                fac.colOrder[step + t] = st.q[colLabel[t]];
            }
            int rr = m - e;
            long lNeed = SupernodalLayout.lowerSize(e, rr), uNeed = SupernodalLayout.upperSize(e, rr);
            if ((e < kk || delayedPivots > 0) && lUsed + lNeed > DELAY_GROWTH_LIMIT * (st.lSize + n)) {
                throw new SupernodalPivotException(st.q[failColumn], delayedPivots + kk - e
                        + " delayed pivots grew L past " + DELAY_GROWTH_LIMIT + " times its analysed size at step " + step);
            }
            if (lUsed + lNeed > fac.lx.byteSize() / Double.BYTES || uUsed + uNeed > fac.ux.byteSize() / Double.BYTES) {
                growFactors(lUsed, uUsed, lUsed + lNeed, uUsed + uNeed);
            }
            if (panelRows + rr > fac.lRows.length) {
                int cap = grown(fac.lRows.length, panelRows + rr);
                fac.lRows = Arrays.copyOf(fac.lRows, cap);
                fac.uRows = Arrays.copyOf(fac.uRows, cap);
            }
            fac.first[s] = step;
            fac.rowPtr[s] = panelRows;
            fac.lOff[s] = lUsed;
            fac.uOff[s] = uUsed;
            System.arraycopy(rowLabel, e, fac.lRows, panelRows, rr);
            System.arraycopy(colLabel, e, fac.uRows, panelRows, rr);
            storePanels(e, rr, m, lUsed, uUsed);
            step += e;
            panelRows += rr;
            maxRows = Math.max(maxRows, rr);
            lUsed += lNeed;
            uUsed += uNeed;
            int out = kk - e;
            delayedOut[s] = out;
            delayedPivots += out;
            System.arraycopy(rowLabel, e, delayedRow, delayedTop, out);
            System.arraycopy(colLabel, e, delayedCol, delayedTop, out);
            delayedTop += out;
            if ((long) top + (long) rr * rr > stack.length) stack = Arrays.copyOf(stack, grown(stack.length, top + rr * rr));
            for (int c = 0; c < rr; c++) System.arraycopy(front, e + (e + c) * m, stack, top + c * rr, rr);
            top += rr * rr;
        }
        fac.first[st.count] = step;
        fac.rowPtr[st.count] = panelRows;
        final int[] lRows = fac.lRows, uRows = fac.uRows;
        for (int p = 0; p < panelRows; p++) {
            lRows[p] = rowStep[lRows[p]];
            uRows[p] = colStep[uRows[p]];
        }
        fac.lSize = lUsed;
        fac.uSize = uUsed;
        fac.maxRows = maxRows;
        finish(a);
    }

    /**
     * front[place] += (R⁻¹A)[entry] for the entries of A in supernode s's rows and columns. The
     * analysis placed them in a front of order k + r; {@code in} delayed pivots inserted after the k
     * own columns move the rest down by {@code in}.
     */
    private void assembleA(MemorySegment ax, int s, int k, int in, int m) {
        final int[] src = st.aSrc, dst = st.aDst, row = st.aRow;
        final double[] front = this.front, rs = fac.rowScale;
        int e = st.aPtr[s + 1];
        if (in == 0) {
            if (rs == null) {
                for (int t = st.aPtr[s]; t < e; t++) front[dst[t]] += ax.getAtIndex(D, src[t]);
            } else {
                for (int t = st.aPtr[s]; t < e; t++) front[dst[t]] += ax.getAtIndex(D, src[t]) * rs[row[t]];
            }
            return;
        }
        int m0 = m - in;
        for (int t = st.aPtr[s]; t < e; t++) {
            int j = dst[t] / m0, i = dst[t] - j * m0;
            if (i >= k) i += in;
            if (j >= k) j += in;
            double v = ax.getAtIndex(D, src[t]);
            front[i + j * m] += rs == null ? v : v * rs[row[t]];
        }
    }

    /** Adds the rc×rc contribution block at stack[at] into the front (order m) along map[off .. off + rc). */
    private void extendAdd(int at, int rc, int[] map, int off, int m) {
        final double[] front = this.front, stack = this.stack;
        for (int jj = 0; jj < rc; jj++) {
            int col = map[off + jj] * m;
            int src = at + jj * rc;
            for (int ii = 0; ii < rc; ii++) front[col + map[off + ii]] += stack[src + ii];
        }
    }

    /**
     * Eliminates what it can of the kk fully summed columns of the m×m front and returns how many, e:
     * blocked right-looking LU, the pivot rows restricted to the fully summed ones. A column that
     * fails the threshold test is swapped (row and column, positions j ↔ p) to the end of its
     * panel's candidates; the panel's failed columns, as up to date as every column after the
     * panel's update, then go to the end of the front's candidates. They are not retried here: at
     * the end they sit, with as many unused fully summed rows, at positions e..kk−1, the delayed
     * pivots.
     */
    private int factorFront(int kk, int m) {
        final double[] a = front;
        int e = 0, end = kk;
        while (e < end) {
            int j0 = e;
            int j1 = Math.min(end, j0 + PANEL);
            int candidates = j1;
            while (e < candidates) {
                int p = pivotRow(e, kk, m);
                if (p < 0) {
                    candidates--;
                    if (e != candidates) swapSymmetric(e, candidates, m);
                    continue;
                }
                eliminate(e, p, m);
                int ce = e * m;
                for (int c = e + 1; c < j1; c++) {
                    int cc = c * m;
                    double u = a[e + cc];
                    if (u == 0.0) continue;
                    for (int i = e + 1; i < m; i++) a[cc + i] -= a[ce + i] * u;
                }
                e++;
            }
            if (j1 < m && e > j0) updateTrailing(j0, e, j1, m);
            int failed = j1 - e, untried = end - j1;
            for (int t = 0, swaps = Math.min(failed, untried); t < swaps; t++) swapSymmetric(e + t, end - 1 - t, m);
            end -= failed;
        }
        return e;
    }

    /**
     * The pivot row for column j among the unused fully summed rows j..kk−1 by the threshold test
     * against all rows j..m−1 (the diagonal, row j, preferred), or −1 when none passes (the reason
     * kept in {@link #failColumn}, {@link #failBest} and {@link #failMax}).
     *
     * @throws SingularMatrixException the column is zero in every remaining row
     */
    private int pivotRow(int j, int kk, int m) {
        final double[] a = front;
        int cj = j * m;
        double colmax = 0.0;
        for (int i = j; i < m; i++) colmax = Math.max(colmax, Math.abs(a[cj + i]));
        if (colmax == 0.0) {
            int column = st.q[colLabel[j]];
            throw new SingularMatrixException("supernodal LU: singular matrix, column " + column
                    + " is zero in every row not yet pivoted", column);
        }
        double d = Math.abs(a[cj + j]);
        double limit = tau * colmax;
        if (d >= limit || !(colmax <= Double.MAX_VALUE)) return j;
        int p = -1;
        double best = d;
        for (int i = j + 1; i < kk; i++) {
            double v = Math.abs(a[cj + i]);
            if (v > best) {
                best = v;
                p = i;
            }
        }
        if (best >= limit) return p;
        failBest = best;
        failMax = colmax;
        failColumn = colLabel[j];
        return -1;
    }

    /** Pivots column j on row p (≥ j, swapped into row j across the whole front) and scales L's column. */
    private void eliminate(int j, int p, int m) {
        final double[] a = front;
        if (p != j) {
            swapRows(j, p, m);
            offDiagonalPivots++;
        }
        int cj = j * m;
        double pivot = a[cj + j];
        if (pivot == 0.0 || !(Math.abs(pivot) <= Double.MAX_VALUE)) {
            int column = st.q[colLabel[j]];
            throw new SingularMatrixException("supernodal LU: singular matrix, the pivot of column " + column
                    + " is " + pivot, column);
        }
        if (Math.abs(pivot) >= Double.MIN_NORMAL) {
            double inv = 1.0 / pivot;
            for (int i = j + 1; i < m; i++) a[cj + i] *= inv;
        } else {
            for (int i = j + 1; i < m; i++) a[cj + i] /= pivot;
        }
    }

    /** Exchanges rows i and p of the front (all m columns) and their labels. */
    private void swapRows(int i, int p, int m) {
        final double[] a = front;
        for (int c = 0, pc = 0; c < m; c++, pc += m) {
            double t = a[pc + i];
            a[pc + i] = a[pc + p];
            a[pc + p] = t;
        }
        int t = rowLabel[i];
        rowLabel[i] = rowLabel[p];
        rowLabel[p] = t;
    }

    /** Exchanges rows i and p and columns i and p of the front, with their labels. */
    private void swapSymmetric(int i, int p, int m) {
        swapRows(i, p, m);
        final double[] a = front;
        int ci = i * m, cp = p * m;
        for (int r = 0; r < m; r++) {
            double t = a[ci + r];
            a[ci + r] = a[cp + r];
            a[cp + r] = t;
        }
        int t = colLabel[i];
        colLabel[i] = colLabel[p];
        colLabel[p] = t;
    }

    /**
     * After a panel that pivoted in columns j0..e−1: U's block row A(j0:e, c0:m) ←
     * L(j0:e, j0:e)⁻¹·A(j0:e, c0:m), then the Schur update A(e:m, c0:m) −= A(e:m, j0:e)·A(j0:e, c0:m),
     * for the columns c0.. after the panel (its failed columns, e..c0−1, are up to date already).
     */
    private void updateTrailing(int j0, int e, int c0, int m) {
        int w = e - j0;
        int cols = m - c0, rest = m - e;
        if ((long) rest * cols * w >= SMALL_UPDATE) {
            MemorySegment fs = frontSeg;
            gemm.trsm(true, false, true, w, cols, fs, j0 + (long) j0 * m, m, fs, j0 + (long) c0 * m, m, ws);
            gemm.gemm(false, false, rest, cols, w, -1.0, fs, e + (long) j0 * m, m, fs, j0 + (long) c0 * m, m,
                    1.0, fs, e + (long) c0 * m, m, ws);
            return;
        }
        final double[] a = front;
        for (int c = c0; c < m; c++) {
            int cc = c * m;
            for (int j = j0; j < e; j++) {
                double u = a[cc + j];
                if (u == 0.0) continue;
                int cj = j * m;
                for (int i = j + 1; i < m; i++) a[cc + i] -= a[cj + i] * u;
            }
        }
    }

    /**
     * Copies L11 (strictly below the diagonal of the e×e pivot block) and L21 (the rr rows below)
     * to L's storage at lo, U11 (on and above it) and U12ᵀ to U's at uo ({@link SupernodalLayout}),
     * and takes the pivot statistics' share of these final U entries while they are in hand: the
     * largest |U(i, col)| per column label and the smallest and largest pivot.
     */
    private void storePanels(int e, int rr, int m, long lo, long uo) {
        final double[] a = front, umax = colUmax;
        final int[] colLabel = this.colLabel;
        final MemorySegment lx = fac.lx, ux = fac.ux;
        final long lp = SupernodalLayout.lowerPanel(lo, e), up = SupernodalLayout.upperPanel(uo, e);
        for (int j = 0; j < e; j++) {
            MemorySegment.copy(a, j * m, ux, D, SupernodalLayout.upperColumn(uo, j) * Double.BYTES, j + 1);
            MemorySegment.copy(a, j * m + j + 1, lx, D, (SupernodalLayout.lowerColumn(lo, e, j) + j + 1) * Double.BYTES, e - j - 1);
            MemorySegment.copy(a, j * m + e, lx, D, (lp + (long) j * rr) * Double.BYTES, rr);
        }
        for (int j = 0; j < e; j++) {
            double um = 0.0;
            for (int i = 0, c = j * m; i <= j; i++) um = maxAbs(um, a[c + i]);
            int col = colLabel[j];
            if (um > umax[col]) umax[col] = um;
            recordPivot(a[j + j * m]);
        }
        for (int j = 0; j < e; j++) {
            long dst = up + (long) j * rr;
            for (int t = 0, src = j + e * m; t < rr; t++, src += m) {
                double v = a[src];
                ux.setAtIndex(D, dst + t, v);
                int col = colLabel[e + t];
                umax[col] = maxAbs(umax[col], v);
            }
        }
    }

    /** Columns of A with no stored diagonal entry. */
    private static int missingDiagonal(CscPattern p) {
        MemorySegment cp = p.colPtr(), ri = p.rowIdx();
        int missing = 0;
        for (int j = 0; j < p.cols(); j++) {
            boolean found = false;
            for (int q = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); q < e && !found; q++) found = ri.getAtIndex(I, q) == j;
            if (!found) missing++;
        }
        return missing;
    }

    /** A front of order m fits: the front, its labels and the extend-add map (allocates). */
    private void growFront(int m) {
        if ((long) m * m > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("supernodal LU: with its delayed pivots a front has order " + m
                    + ", more than a Java array holds; use SparseLu for this matrix");
        }
        front = new double[Math.max(1, m * m)];
        frontSeg = MemorySegment.ofArray(front);
        rowLabel = new int[Math.max(1, m)];
        colLabel = new int[Math.max(1, m)];
        map = new int[Math.max(1, m)];
    }

    /**
     * L and U need at least lNeed and uNeed doubles: new storage in a new arena (allocates), the
     * lUsed and uUsed doubles written so far copied over, the old arena closed. Only a (re)factor
     * runs here, under the mutation guard: no solve reads the old storage.
     */
    private void growFactors(long lUsed, long uUsed, long lNeed, long uNeed) {
        long lCap = fac.lx.byteSize() / Double.BYTES, uCap = fac.ux.byteSize() / Double.BYTES;
        Arena next = NativeMemory.openArena();
        try {
            MemorySegment lx = NativeMemory.doubles(next, Math.max(lNeed, lCap + lCap / 8));
            MemorySegment ux = NativeMemory.doubles(next, Math.max(uNeed, uCap + uCap / 8));
            MemorySegment.copy(fac.lx, 0, lx, 0, lUsed * Double.BYTES);
            MemorySegment.copy(fac.ux, 0, ux, 0, uUsed * Double.BYTES);
            factorArena.close();
            factorArena = next;
            fac.lx = lx;
            fac.ux = ux;
        } catch (RuntimeException | Error e) {
            next.close();
            throw e;
        }
    }

    /** A capacity of at least {@code need}, an eighth more than {@code cap} when that is more. */
    private static int grown(int cap, long need) {
        long g = Math.max(need, cap + (long) cap / 8 + 16);
        if (g > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("supernodal LU: the delayed pivots need " + need
                    + " entries in one array, more than a Java array holds; use SparseLu for this matrix");
        }
        return (int) g;
    }

    /** Records which matrix (and version) the factors describe, and the pivot statistics. */
    private void finish(CscMatrix a) {
        computeStatistics(a);
        describe(a);
    }

    /**
     * rgrowth = min over columns of max_i |(R⁻¹A)(i,j)| / max_i |U(i,step of j)| and the pivot ratio
     * min |U(k,k)| / max |U(k,k)|, as {@link SparseLu} reports them, from A and the maxima of U that
     * {@link #storePanels} gathered. Allocates nothing.
     */
    private void computeStatistics(CscMatrix a) {
        final double[] umax = colUmax, rowScale = fac.rowScale;
        MemorySegment acp = a.pattern().colPtr();
        MemorySegment ari = a.pattern().rowIdx();
        MemorySegment ax = a.values();
        for (int j = 0; j < n; j++) {
            double m = 0.0;
            for (int p = acp.getAtIndex(I, j), e = acp.getAtIndex(I, j + 1); p < e; p++) {
                double v = ax.getAtIndex(D, p);
                m = maxAbs(m, rowScale != null ? v * rowScale[ari.getAtIndex(I, p)] : v);
            }
            recordGrowth(m, umax[st.qinv[j]]);
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
        return new SupernodalSolves(fac, n);
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

    /** Largest front order m of the analysis (delayed pivots enlarge their parents' fronts by their count). */
    public int maxFrontOrder() {
        return st.maxFront;
    }

    /** nnz(L) as stored, its unit diagonal and explicit zeros included. */
    public long nnzL() {
        return fac.lSize + n;
    }

    /** nnz(U) as stored, its diagonal and explicit zeros included (the same count as L's: each front is square). */
    public long nnzU() {
        return fac.uSize;
    }

    /** nnz(L + U) with the diagonal counted once (delayed pivots make it value-dependent). */
    @Override
    public long factorNonzeros() {
        return fac.lSize + fac.uSize;
    }

    /**
     * Explicit zeros in L + U that relaxed amalgamation added to the exact Cholesky structure of
     * Q(A + Aᵀ)Qᵀ (zeros of A + Aᵀ over A's own pattern come on top and are not counted here).
     */
    public long amalgamationZeros() {
        return 2 * st.amalgamationZeros;
    }

    /**
     * Pivots delayed at the last (re)factor: Σ over the supernodes of the fully summed pivots each
     * passed to its parent (a pivot delayed twice counts twice); 0 when every pivot was found inside
     * its own supernode.
     */
    public int delayedPivots() {
        return delayedPivots;
    }

    /** The row order P: step k pivoted on row {@code rowOrder()[k]} of A. */
    @Override
    int[] rowOrder() {
        return fac.rowOrder;
    }

    /** The column order: Q of the analysis, with each delayed pivot moved to the step that took it. */
    @Override
    int[] columnOrder() {
        return fac.colOrder;
    }

    /** Off-heap bytes held: the factor panels (as allocated: delays may have grown them) and the pattern copy. */
    public long nativeBytes() {
        return fac.lx.byteSize() + fac.ux.byteSize() + patternBytes;
    }

    @Override
    void release() {
        factorArena.close();
        arena.close();
    }

    @Override
    public String toString() {
        return "SupernodalLu[n=" + n + ", ordering=" + st.ordering + ", supernodes=" + st.count + ", maxFront="
                + st.maxFront + ", nnz(L+U)=" + factorNonzeros() + " (amalgamation zeros " + amalgamationZeros()
                + "), offDiagonalPivots=" + offDiagonalPivots + ", delayedPivots=" + delayedPivots + "]";
    }
}

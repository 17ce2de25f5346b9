package dev.pullback.sparse;

import dev.pullback.factor.Inertia;
import dev.pullback.factor.Method;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SingularMatrixException;
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
 * Supernodal (multifrontal) LDLᵀ factorization of a sparse symmetric, possibly indefinite, matrix:
 * <pre>  P·(S·A·S)·Pᵀ = L·D·Lᵀ</pre>
 * L unit lower triangular, D block diagonal with 1×1 and 2×2 blocks, S a diagonal symmetric
 * scaling, P the AMD (or nested dissection) order of A + Aᵀ in which each column without a diagonal entry follows a
 * neighbour that has one ({@link ZeroDiagonalPairs}: otherwise AMD eliminates such columns first,
 * where they can only be delayed), postordered, then modified by the pivoting below. By Sylvester's law of inertia A and D have the same numbers of positive,
 * negative and zero eigenvalues: {@link #inertia()} counts them on D.
 *
 * <p><b>Only the lower triangle of A is read</b>, as in {@link SupernodalCholesky}; the condition
 * estimate and the refining solves use A as stored, so they assume the full symmetric matrix is stored.
 *
 * <p>Method (Duff and Reid, "The multifrontal solution of indefinite sparse symmetric linear
 * equations", ACM TOMS 9, 1983; the pivot test of MA57): in postorder of the supernodal tree the
 * front of supernode s has p = d + k fully summed columns — the d columns its children could not
 * eliminate (delayed), then its own k — and the r rows of its structure (m = p + r). It is
 * assembled from A's lower triangle and the children's update matrices (extend-add). Pivots are
 * chosen among the fully summed columns with the threshold u: column c is a 1×1 pivot when
 * |a_cc| ≥ u·max_{i≠c} |a_ic| (over the whole column of the front, not only the fully summed part);
 * else, with t the fully summed row of largest |a_tc|, t as a 1×1 pivot by the same test, else the
 * 2×2 block E = [a_cc a_ct; a_tc a_tt] when |E⁻¹|·(γ_c, γ_t)ᵀ ≤ (1/u, 1/u)ᵀ, γ the largest
 * entries of the two columns outside E (this bounds the growth of the entries by 1 + 1/u per step).
 * Columns with no acceptable pivot are left un-eliminated: they join the parent's front as extra
 * fully summed columns, where more of their column has been summed. The pivots are taken by
 * panels of the fully summed columns (right-looking inside the panel, keeping W = L·D beside L;
 * the columns after it updated by GEMM once the panel is done; columns the panel could not pivot
 * on stay in the next panel, which then also holds {@value #PANEL} new ones). After q pivots the
 * update matrix
 * <pre>  C = F22 − L21·D·L21ᵀ = F22 − L21·W21ᵀ</pre>
 * is formed by column blocks of its lower triangle on {@link Gemms#get()}'s GEMM (plain loops for
 * small fronts), then pushed on the stack with the p − q delayed columns in front of it.
 *
 * <p>u = min(0.5, max(0.01, {@link SparseOptions#pivotTolerance()})) (0.01 is MA57's default; the
 * LU's default τ is below it). {@link SparseOptions#rowScaling()} turns on S: three sweeps of
 * symmetric Ruiz equilibration, s_i ← s_i / √(max_j |s_i a_ij s_j|), which brings every row's
 * largest entry near 1 and keeps the matrix symmetric (on KKT and Stokes systems it is what makes
 * the threshold test compare like with like).
 *
 * <p>Errors: at a root of the tree a column that still has no acceptable pivot means that A is
 * singular (to working precision): {@link SingularMatrixException} naming that column of A
 * (original numbering); the factorization is then unusable until a successful {@link #refactor}.
 * A NaN or infinite entry of the lower triangle is an {@link IllegalArgumentException} naming it.
 *
 * <p>Storage. Delays make front and factor sizes depend on the values: the factor (off-heap), the
 * front, its W, the update-matrix stack and the factor's index lists (heap) are allocated for what
 * the factorization needs and only grow; {@link #refactor} picks pivots afresh (it is a fresh
 * factorization into the same storage, so refactor equals factor exactly) and allocates nothing
 * unless the new values delay more than any factorization before them, in which case the storage
 * grows once. The solves allocate nothing. A is symmetric: {@link #solveTransposed} is {@link #solve}.
 * Threads: as {@link dev.pullback.factor.Factorization} says.
 */
public final class SupernodalLdlt extends SparseLuBase<double[]> {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;

    /** The smallest threshold u accepted (MA57's default) and the largest (beyond it a pivot may not exist). */
    static final double MIN_THRESHOLD = 0.01;
    static final double MAX_THRESHOLD = 0.5;
    /** Sweeps of symmetric Ruiz equilibration. */
    static final int SCALING_SWEEPS = 3;
    /** Update matrices with fewer multiply-adds than this (r²·q) are formed by plain loops rather than GEMM. */
    static final long SMALL_UPDATE = 8192;
    /** Columns per block of the update's lower triangle. */
    static final int UPDATE_BLOCK = 64;
    /** New fully summed columns per panel of a front's elimination. */
    static final int PANEL = 32;

    private final LdltAnalysis analysis;
    private final SupernodalStructure st;
    private final double u;
    private final boolean scaled;
    private final Gemm gemm;
    private final GemmWorkspace ws;
    private final long patternBytes;
    private final Arena arena;

    // value-dependent storage: grows, never shrinks
    private double[] front;
    private MemorySegment frontSeg;
    private double[] w;
    private MemorySegment wSeg;
    private double[] stack;
    private Arena factorArena;
    private MemorySegment lx;
    private int[] idx;

    // fixed-size work
    private final int[] fidx;
    private final int[] cmap;
    private final int[] delayedStack;
    private final double[] scale;
    private final double[] rowMax;
    private final double[] entryScale;

    // the factorization, per supernode: delayed out, front order, pivots, where its L and index list lie
    private final int[] dOut;
    private final int[] frontOrder;
    private final int[] pivots;
    private final long[] lOff;
    private final int[] idxOff;
    /** D by pivot number: the diagonal, and the subdiagonal of a 2×2 block at its first pivot (else 0). */
    private final double[] d1;
    private final double[] d2;
    private final boolean[] twoByTwo;
    /** Column of A eliminated at each pivot. */
    private final int[] pivotColumn;
    private int positive;
    private int negative;
    private int delayed;
    private int twoByTwoPivots;
    private long nnzL;
    private int maxFrontFound;

    private SupernodalLdlt(CscMatrix a, LdltAnalysis analysis) {
        super(analysis.n(), "supernodal LDLt factorization");
        this.analysis = analysis;
        this.st = analysis.structure;
        SparseOptions o = analysis.options;
        this.u = Math.min(MAX_THRESHOLD, Math.max(MIN_THRESHOLD, o.pivotTolerance()));
        this.scaled = o.rowScaling();
        int count = st.count;
        int mf = Math.max(1, st.maxFront);
        front = new double[mf * mf];
        frontSeg = MemorySegment.ofArray(front);
        w = new double[mf * mf];
        wSeg = MemorySegment.ofArray(w);
        stack = new double[Math.max(1, st.stackPeak)];
        long lSize = 0;
        int iSize = 0;
        for (int s = 0; s < count; s++) {
            int k = st.first[s + 1] - st.first[s];
            int m = k + st.rowPtr[s + 1] - st.rowPtr[s];
            lSize += (long) m * k;
            iSize += m;
        }
        idx = new int[Math.max(1, iSize)];
        fidx = new int[Math.max(1, n)];
        cmap = new int[Math.max(1, n)];
        delayedStack = new int[Math.max(1, n)];
        scale = new double[n];
        rowMax = new double[n];
        entryScale = scaled ? new double[Math.max(1, a.nnz())] : null;
        dOut = new int[count];
        frontOrder = new int[count];
        pivots = new int[count];
        lOff = new long[count];
        idxOff = new int[count];
        d1 = new double[n];
        d2 = new double[n];
        twoByTwo = new boolean[n];
        pivotColumn = new int[n];
        gemm = Gemms.get();
        ws = gemm.newWorkspace();
        arena = NativeMemory.openArena();
        try {
            patternBytes = keepPatternCopy(arena, a.pattern());
            factorArena = NativeMemory.openArena();
            lx = NativeMemory.doubles(factorArena, Math.max(1, lSize));
        } catch (RuntimeException | Error e) {
            if (factorArena != null) factorArena.close();
            arena.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- analysis and factor

    /** Factors A with {@link SparseOptions#defaults()} (AMD order, scaling on). */
    public static SupernodalLdlt factor(CscMatrix a) {
        return analyze(a.pattern(), SparseOptions.defaults()).factor(a);
    }

    /**
     * The analysis of a square pattern: {@link SupernodalCholesky#analyze}'s (supernodes, maps of A's
     * lower triangle) in the order of {@link ZeroDiagonalPairs} (AMD's, or NATURAL when asked). Of
     * the options, the ordering, the dense factor, aggressive absorption, the pivot tolerance and
     * row scaling matter.
     */
    public static LdltAnalysis analyze(CscPattern a, SparseOptions options) {
        Checks.square("supernodal LDLt", a.rows(), a.cols());
        SymmetricStructure sym = SymmetricStructure.of(a);
        Ordering used = ldltOrdering(options.ordering());
        return analyze(a, sym, ZeroDiagonalPairs.order(a, sym, used, options), used, options, "");
    }

    /**
     * The ordering {@link ZeroDiagonalPairs} pairs under: NATURAL, AMD or NESTED_DISSECTION as
     * named (or as the adaptive analysis chose), AMD for AUTO and COLAMD.
     */
    static Ordering ldltOrdering(Ordering asked) {
        return asked == Ordering.AUTO || asked == Ordering.COLAMD ? Ordering.AMD : asked;
    }

    static LdltAnalysis analyze(CscPattern a, SymmetricStructure sym, int[] order, Ordering used,
            SparseOptions options, String reason) {
        return new LdltAnalysis(SupernodalStructure.of(a, sym, order, used, true), options, reason);
    }

    /** Factors A, whose pattern must be the analysed one (checked: order and nnz). */
    static SupernodalLdlt factor(CscMatrix a, LdltAnalysis s) {
        Checks.square("supernodal LDLt", a.rows(), a.cols());
        checkAnalysed(a, s);
        return firstFactor(new SupernodalLdlt(a, s), f -> f.factorNumeric(a));
    }

    /**
     * Factors A's new values on the same pattern, choosing the pivots afresh (the result is the
     * factorization {@link LdltAnalysis#factor} would compute). Allocates nothing unless these values
     * need larger fronts or factor than any earlier (re)factor of this object (more delays): then the
     * storage grows, once.
     *
     * @throws IllegalArgumentException a different pattern, or a NaN/infinite value (factor left as it was)
     * @throws SingularMatrixException  A is singular (the factorization is unusable until a successful refactor)
     */
    @Override
    void refactorValues(CscMatrix a) {
        checkSamePattern(a);
        factorNumeric(a);
    }

    private void factorNumeric(CscMatrix a) {
        scaleSymmetric(a);
        valid = false;
        final SupernodalStructure st = this.st;
        final int[] first = st.first, rowPtr = st.rowPtr, childPtr = st.childPtr, child = st.child;
        startPivotStatistics();
        MemorySegment ax = a.values();
        positive = negative = delayed = twoByTwoPivots = 0;
        maxFrontFound = 0;
        int top = 0, dtop = 0, pivotsDone = 0;
        long lUsed = 0;
        int iUsed = 0;
        for (int s = 0; s < st.count; s++) {
            int f = first[s];
            int k = first[s + 1] - f;
            int r = rowPtr[s + 1] - rowPtr[s];
            int m0 = k + r;
            int c0 = childPtr[s], c1 = childPtr[s + 1];
            int nd = 0;
            for (int t = c0; t < c1; t++) {
                int c = child[t];
                int mc = dOut[c] + rowPtr[c + 1] - rowPtr[c];
                top -= mc * mc;
                nd += dOut[c];
            }
            dtop -= nd;
            int p = nd + k;
            int m = p + r;
            if (m > maxFrontFound) maxFrontFound = m;
            ensureFront(m);
            final double[] fr = front;
            for (int j = 0; j < m; j++) Arrays.fill(fr, j * m + j, (j + 1) * m, 0.0);
            // the front's indices (positions in the analysis order): delayed columns, own columns, structure rows
            System.arraycopy(delayedStack, dtop, fidx, 0, nd);
            for (int t = 0; t < k; t++) fidx[nd + t] = f + t;
            System.arraycopy(st.rows, rowPtr[s], fidx, p, r);
            assemble(s, ax, nd, m0, m);
            for (int t = c0, at = top, dpos = 0; t < c1; t++) {
                int c = child[t];
                int dc = dOut[c], rc = rowPtr[c + 1] - rowPtr[c];
                for (int i = 0; i < dc; i++) cmap[i] = dpos + i;
                for (int i = 0; i < rc; i++) cmap[dc + i] = nd + st.relMap[rowPtr[c] + i];
                extendAdd(at, dc + rc, m);
                at += (dc + rc) * (dc + rc);
                dpos += dc;
            }
            int q = factorFront(s, p, m, pivotsDone);
            // the factor: L's q columns (m rows each, L11 in their lower part) and the front's index list
            lUsed = ensureFactor(lUsed, (long) m * q);
            MemorySegment.copy(front, 0, lx, D, lUsed * Double.BYTES, m * q);
            lOff[s] = lUsed;
            lUsed += (long) m * q;
            if (iUsed + m > idx.length) idx = Arrays.copyOf(idx, Math.max(iUsed + m, idx.length + idx.length / 2));
            System.arraycopy(fidx, 0, idx, iUsed, m);
            idxOff[s] = iUsed;
            iUsed += m;
            frontOrder[s] = m;
            pivots[s] = q;
            for (int t = 0; t < q; t++) pivotColumn[pivotsDone + t] = st.q[fidx[t]];
            pivotsDone += q;
            int out = p - q;
            dOut[s] = out;
            delayed += out;
            if (st.parent[s] == -1 && out > 0) throw singular(fidx[q]);
            // the update matrix (order out + r) on the stack, its delayed columns on the index stack
            int mc = m - q;
            updateMatrix(q, p, m);
            if (top + mc * mc > stack.length) stack = Arrays.copyOf(stack, Math.max(top + mc * mc, stack.length + stack.length / 2));
            for (int c = 0; c < mc; c++) System.arraycopy(fr, q + c + (q + c) * m, stack, top + c * mc + c, mc - c);
            top += mc * mc;
            System.arraycopy(fidx, q, delayedStack, dtop, out);
            dtop += out;
        }
        nnzL = 0;
        for (int s = 0; s < st.count; s++) {
            long q = pivots[s];
            nnzL += frontOrder[s] * q - q * (q - 1) / 2;
        }
        finishPivotStatistics();
        describe(a);
    }

    /**
     * Checks that A's lower triangle is finite and computes the scaling: s = 1, or {@value #SCALING_SWEEPS}
     * sweeps of s_i ← s_i / √(max_j |s_i a_ij s_j|) over the lower triangle read as the symmetric
     * matrix; then each stored entry's factor s_i·s_j. Allocates nothing.
     */
    private void scaleSymmetric(CscMatrix a) {
        MemorySegment cp = a.pattern().colPtr(), ri = a.pattern().rowIdx(), ax = a.values();
        for (int j = 0; j < n; j++) {
            for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) {
                double v = ax.getAtIndex(D, p);
                if (!(Math.abs(v) <= Double.MAX_VALUE) && ri.getAtIndex(I, p) >= j) {
                    throw new IllegalArgumentException("matrix entry A(" + ri.getAtIndex(I, p) + ", " + j + ") is " + v
                            + "; the LDLt factors need finite values");
                }
            }
        }
        Arrays.fill(scale, 1.0);
        if (!scaled) return;
        final double[] sc = scale, rm = rowMax;
        for (int sweep = 0; sweep < SCALING_SWEEPS; sweep++) {
            Arrays.fill(rm, 0.0);
            for (int j = 0; j < n; j++) {
                double sj = sc[j];
                for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) {
                    int i = ri.getAtIndex(I, p);
                    if (i < j) continue;
                    double v = Math.abs(ax.getAtIndex(D, p)) * sc[i] * sj;
                    if (v > rm[i]) rm[i] = v;
                    if (v > rm[j]) rm[j] = v;
                }
            }
            for (int i = 0; i < n; i++) if (rm[i] > 0) sc[i] /= Math.sqrt(rm[i]);
        }
        for (int j = 0; j < n; j++) {
            for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) {
                entryScale[p] = sc[ri.getAtIndex(I, p)] * sc[j];
            }
        }
    }

    /** Adds supernode s's entries of (scaled) A into the front of order m, whose first nd rows/columns are delayed ones. */
    private void assemble(int s, MemorySegment ax, int nd, int m0, int m) {
        final int[] src = st.aSrc, dst = st.aDst;
        final double[] fr = front, es = entryScale;
        for (int t = st.aPtr[s], e = st.aPtr[s + 1]; t < e; t++) {
            int p = src[t];
            double v = ax.getAtIndex(D, p);
            if (es != null) v *= es[p];
            int off = dst[t];
            if (nd == 0) {
                fr[off] += v;
            } else {
                int col = off / m0;
                fr[nd + off - col * m0 + (nd + col) * m] += v;
            }
        }
    }

    /** Adds the lower triangle of the mc×mc update matrix at stack[at] into the front (order m) along {@link #cmap}. */
    private void extendAdd(int at, int mc, int m) {
        final int[] map = cmap;
        final double[] fr = front, stk = stack;
        for (int jj = 0; jj < mc; jj++) {
            int col = map[jj] * m;
            int src = at + jj * mc;
            for (int ii = jj; ii < mc; ii++) fr[col + map[ii]] += stk[src + ii];
        }
    }

    // ---------------------------------------------------------------- the front

    /**
     * Eliminates as many of the front's p fully summed columns as the threshold test allows (see the
     * class comment), swapping each pivot to the next position; returns the number q of pivots. The
     * first q columns then hold L (unit diagonal implied; D on the diagonal and, for a 2×2 block, in
     * d2), {@link #w} the same columns of W = L·D, the columns q..p−1 the delayed ones, updated.
     */
    private int factorFront(int s, int p, int m, int pivotBase) {
        final double[] a = front;
        double amax = 0;
        for (int c = 0; c < p; c++) for (int i = c + c * m, e = (c + 1) * m; i < e; i++) amax = maxAbs(amax, a[i]);
        double umax = 0;
        int j = 0, end = 0;
        while (j < p) {
            // a panel: the columns left from the last one plus up to PANEL new ones, all up to date
            int start = j;
            end = Math.min(p, end + PANEL);
            while (j < end) {
                int size = choosePivot(j, end, m);
                if (size == 0) break;
                if (size == 1) umax = Math.max(umax, pivot1(j, end, m, pivotBase + j));
                else umax = Math.max(umax, pivot2(j, end, m, pivotBase + j));
                j += size;
            }
            if (j > start && end < p) panelUpdate(start, j, end, p, m);
            if (j < end && end == p) break;
        }
        if (j > 0) recordGrowth(amax, umax);
        return j;
    }

    /**
     * Finds a pivot among the columns [j, end) by the threshold test of the class comment and swaps
     * it to position j (a 2×2 one to j, j + 1); returns its order, 0 when there is none.
     */
    private int choosePivot(int j, int end, int m) {
        final double[] a = front;
        for (int c = j; c < end; c++) {
            double acc = a[c + c * m];
            if (acc != 0 && Math.abs(acc) >= u * columnMax(c, j, m, -1)) {
                swap(j, c, m);
                return 1;
            }
            int t = partner(c, j, end, m);
            if (t < 0) continue;
            double att = a[t + t * m];
            if (att != 0 && Math.abs(att) >= u * columnMax(t, j, m, -1)) {
                swap(j, t, m);
                return 1;
            }
            double act = c > t ? a[c + t * m] : a[t + c * m];
            double det = acc * att - act * act;
            double gc = columnMax(c, j, m, t), gt = columnMax(t, j, m, c);
            double bound = Math.abs(det) / u;
            if (det != 0 && Math.abs(att) * gc + Math.abs(act) * gt <= bound
                    && Math.abs(act) * gc + Math.abs(acc) * gt <= bound) {
                swap(j, Math.min(c, t), m);
                swap(j + 1, Math.max(c, t), m);
                return 2;
            }
        }
        return 0;
    }

    /**
     * The fully summed columns [c0, p) (rows from each block's first column down) less
     * L(:, start:stop)·W(:, start:stop)ᵀ: the panel's pivots applied to the columns after it, by
     * column blocks on the GEMM (each block also writes the front's unused upper triangle), plain
     * loops when small.
     */
    private void panelUpdate(int start, int stop, int c0, int p, int m) {
        int k = stop - start;
        if ((long) (m - c0) * (p - c0) * k < SMALL_UPDATE) {
            final double[] a = front, wv = w;
            for (int c = c0; c < p; c++) {
                int cc = c * m;
                for (int t = start; t < stop; t++) {
                    double x = wv[c + t * m];
                    if (x == 0.0) continue;
                    int ct = t * m;
                    for (int i = c; i < m; i++) a[cc + i] -= a[ct + i] * x;
                }
            }
            return;
        }
        for (int b0 = c0; b0 < p; b0 += UPDATE_BLOCK) {
            int b1 = Math.min(p, b0 + UPDATE_BLOCK);
            long off = b0 + (long) start * m;
            gemm.gemm(false, true, m - b0, b1 - b0, k, -1.0, frontSeg, off, m, wSeg, off, m, 1.0, frontSeg,
                    b0 + (long) b0 * m, m, ws);
        }
    }

    /** max |a_ic| over the rows i in [from, m) of the front other than c and ex (lower triangle: row c left of the diagonal, column c below). */
    private double columnMax(int c, int from, int m, int ex) {
        final double[] a = front;
        double g = 0;
        for (int i = from, at = c + from * m; i < c; i++, at += m) if (i != ex) g = maxAbs(g, a[at]);
        for (int i = c + 1, at = c + 1 + c * m; i < m; i++, at++) if (i != ex) g = maxAbs(g, a[at]);
        return g;
    }

    /** The fully summed row t in [from, p), t ≠ c, of largest nonzero |a_tc|; −1 when there is none. */
    private int partner(int c, int from, int p, int m) {
        final double[] a = front;
        double g = 0;
        int best = -1;
        for (int i = from, at = c + from * m; i < c; i++, at += m) {
            double v = Math.abs(a[at]);
            if (v > g) {
                g = v;
                best = i;
            }
        }
        for (int i = c + 1, at = c + 1 + c * m; i < p; i++, at++) {
            double v = Math.abs(a[at]);
            if (v > g) {
                g = v;
                best = i;
            }
        }
        return best;
    }

    /**
     * Symmetric interchange of front rows/columns i ≤ k (both not yet eliminated) in the lower
     * triangle, with the rows of the eliminated columns of L and W and the index list.
     */
    private void swap(int i, int k, int m) {
        if (i == k) return;
        final double[] a = front, wv = w;
        int t = fidx[i];
        fidx[i] = fidx[k];
        fidx[k] = t;
        double x = a[i + i * m];
        a[i + i * m] = a[k + k * m];
        a[k + k * m] = x;
        for (int l = 0; l < i; l++) {
            x = a[i + l * m];
            a[i + l * m] = a[k + l * m];
            a[k + l * m] = x;
            x = wv[i + l * m];
            wv[i + l * m] = wv[k + l * m];
            wv[k + l * m] = x;
        }
        for (int l = i + 1; l < k; l++) {
            x = a[l + i * m];
            a[l + i * m] = a[k + l * m];
            a[k + l * m] = x;
        }
        for (int l = k + 1; l < m; l++) {
            x = a[l + i * m];
            a[l + i * m] = a[l + k * m];
            a[l + k * m] = x;
        }
    }

    /** The 1×1 pivot d = a_jj: W's column j = a(j+1:m, j), L's = that / d, then the panel's columns after j (to p) updated. Returns max |W|, |d|. */
    private double pivot1(int j, int p, int m, int pivot) {
        final double[] a = front, wv = w;
        int cj = j * m;
        double d = a[cj + j];
        double inv = 1.0 / d;
        double g = Math.abs(d);
        for (int i = j + 1; i < m; i++) {
            double v = a[cj + i];
            wv[cj + i] = v;
            a[cj + i] = v * inv;
            g = maxAbs(g, v);
        }
        for (int c = j + 1, cc = c * m; c < p; c++, cc += m) {
            double t = wv[cj + c];
            if (t == 0.0) continue;
            for (int i = c; i < m; i++) a[cc + i] -= a[cj + i] * t;
        }
        d1[pivot] = d;
        d2[pivot] = 0;
        twoByTwo[pivot] = false;
        recordPivot(d);
        if (d > 0) positive++;
        else negative++;
        return g;
    }

    /** The 2×2 pivot E = [a b; b c] at j, j+1: W = the two columns, L = W·E⁻¹ (L(j+1, j) = 0), the panel's columns after (to p) updated. */
    private double pivot2(int j, int p, int m, int pivot) {
        final double[] a = front, wv = w;
        int cj = j * m, ck = cj + m;
        double e11 = a[cj + j], e21 = a[cj + j + 1], e22 = a[ck + j + 1];
        double det = e11 * e22 - e21 * e21;
        double i11 = e22 / det, i21 = -e21 / det, i22 = e11 / det;
        double g = Math.max(Math.abs(e11), Math.max(Math.abs(e21), Math.abs(e22)));
        for (int i = j + 2; i < m; i++) {
            double x = a[cj + i], y = a[ck + i];
            wv[cj + i] = x;
            wv[ck + i] = y;
            a[cj + i] = x * i11 + y * i21;
            a[ck + i] = x * i21 + y * i22;
            g = maxAbs(maxAbs(g, x), y);
        }
        a[cj + j + 1] = 0.0;
        wv[cj + j + 1] = 0.0;
        for (int c = j + 2, cc = c * m; c < p; c++, cc += m) {
            double t1 = wv[cj + c], t2 = wv[ck + c];
            if (t1 == 0.0 && t2 == 0.0) continue;
            for (int i = c; i < m; i++) a[cc + i] -= a[cj + i] * t1 + a[ck + i] * t2;
        }
        d1[pivot] = e11;
        d1[pivot + 1] = e22;
        d2[pivot] = e21;
        d2[pivot + 1] = 0;
        twoByTwo[pivot] = true;
        twoByTwo[pivot + 1] = false;
        twoByTwoPivots++;
        // eigenvalues of E: mean ± √(half-difference² + b²); det < 0: one of each sign
        double mean = 0.5 * (e11 + e22), rad = Math.hypot(0.5 * (e11 - e22), e21);
        recordPivot(mean + rad);
        recordPivot(mean - rad);
        if (det < 0) {
            positive++;
            negative++;
        } else if (mean > 0) {
            positive += 2;
        } else {
            negative += 2;
        }
        return g;
    }

    /**
     * The lower triangle of the front's rows/columns p..m−1 less L21·W21ᵀ over the q pivots: by
     * plain loops when small, else by column blocks of {@value #UPDATE_BLOCK} on the GEMM (each
     * block from its diagonal down, so about half the full product's flops).
     */
    private void updateMatrix(int q, int p, int m) {
        int r = m - p;
        if (r == 0 || q == 0) return;
        final double[] a = front, wv = w;
        if ((long) r * r * q < SMALL_UPDATE) {
            for (int c = p; c < m; c++) {
                int cc = c * m;
                for (int t = 0; t < q; t++) {
                    double x = wv[c + t * m];
                    if (x == 0.0) continue;
                    int ct = t * m;
                    for (int i = c; i < m; i++) a[cc + i] -= a[ct + i] * x;
                }
            }
            return;
        }
        for (int b0 = 0; b0 < r; b0 += UPDATE_BLOCK) {
            int b1 = Math.min(r, b0 + UPDATE_BLOCK);
            int row = p + b0;
            gemm.gemm(false, true, r - b0, b1 - b0, q, -1.0, frontSeg, row, m, wSeg, row, m, 1.0, frontSeg,
                    row + (long) row * m, m, ws);
        }
    }

    private void ensureFront(int m) {
        long need = (long) m * m;
        if (need <= front.length) return;
        if (need > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("supernodal LDLt: a front of order " + m + " (after delayed pivots) exceeds a Java array");
        }
        front = new double[(int) need];
        frontSeg = MemorySegment.ofArray(front);
        w = new double[(int) need];
        wSeg = MemorySegment.ofArray(w);
    }

    /** Makes room for {@code more} doubles of L after the {@code used} ones (a larger arena, the factor copied); returns used. */
    private long ensureFactor(long used, long more) {
        long need = used + more;
        if (need <= lx.byteSize() / Double.BYTES) return used;
        long size = Math.max(need, lx.byteSize() / Double.BYTES * 3 / 2);
        Arena grown = NativeMemory.openArena();
        try {
            MemorySegment bigger = NativeMemory.doubles(grown, size);
            MemorySegment.copy(lx, 0, bigger, 0, used * Double.BYTES);
            factorArena.close();
            factorArena = grown;
            lx = bigger;
        } catch (RuntimeException | Error e) {
            grown.close();
            throw e;
        }
        return used;
    }

    private SingularMatrixException singular(int position) {
        int column = st.q[position];
        return new SingularMatrixException("singular matrix: no acceptable 1x1 or 2x2 pivot for column " + column
                + " (supernodal LDLt of a " + n + "x" + n + " matrix, pivot threshold " + u + ")", column);
    }

    // ---------------------------------------------------------------- solves

    /**
     * x = S·Pᵀ·L⁻ᵀ·D⁻¹·L⁻¹·P·S·b: in the work vector (positions of the analysis order), a forward
     * sweep over the supernodes with each one's L columns, D's blocks, a backward sweep.
     */
    @Override
    void solveColumn(MemorySegment b, long bo, MemorySegment xs, long xo, double[] x) {
        final int[] q = st.q, idx = this.idx;
        final double[] sc = scale;
        final MemorySegment l = lx;
        for (int i = 0; i < n; i++) x[i] = b.getAtIndex(D, bo + q[i]) * sc[q[i]];
        int piv = 0;
        for (int s = 0; s < st.count; s++) {
            int m = frontOrder[s], qn = pivots[s], base = idxOff[s];
            long lo = lOff[s];
            for (int j = 0; j < qn; j++) {
                double v = x[idx[base + j]];
                if (v == 0.0) continue;
                long col = lo + (long) j * m;
                for (int i = j + 1; i < m; i++) x[idx[base + i]] -= l.getAtIndex(D, col + i) * v;
            }
            for (int j = 0; j < qn; j++, piv++) {
                int a = idx[base + j];
                if (twoByTwo[piv]) {
                    int bI = idx[base + j + 1];
                    double e11 = d1[piv], e21 = d2[piv], e22 = d1[piv + 1];
                    double det = e11 * e22 - e21 * e21;
                    double ya = x[a], yb = x[bI];
                    x[a] = (e22 * ya - e21 * yb) / det;
                    x[bI] = (e11 * yb - e21 * ya) / det;
                    j++;
                    piv++;
                } else {
                    x[a] /= d1[piv];
                }
            }
        }
        for (int s = st.count - 1; s >= 0; s--) {
            int m = frontOrder[s], qn = pivots[s], base = idxOff[s];
            long lo = lOff[s];
            for (int j = qn - 1; j >= 0; j--) {
                long col = lo + (long) j * m;
                double sum = 0;
                for (int i = j + 1; i < m; i++) sum += l.getAtIndex(D, col + i) * x[idx[base + i]];
                x[idx[base + j]] -= sum;
            }
        }
        for (int i = 0; i < n; i++) xs.setAtIndex(D, xo + q[i], x[i] * sc[q[i]]);
    }

    /** A is symmetric: the same solve. */
    @Override
    void solveTransposedColumn(MemorySegment b, long bo, MemorySegment xs, long xo, double[] x) {
        solveColumn(b, bo, xs, xo, x);
    }

    @Override
    double[] newWork() {
        return new double[Math.max(1, n)];
    }

    // ---------------------------------------------------------------- statistics

    /** The inertia of A read off D (zero is 0: a singular A is refused). */
    public Inertia inertia() {
        checkOpen();
        if (!valid) throw new IllegalStateException("the last refactor failed; refactor or factor again first");
        return new Inertia(positive, negative, n - positive - negative);
    }

    /** Columns delayed at the last (re)factor, counted once per front they left (a column delayed twice counts twice). */
    public int delayedPivots() {
        return delayed;
    }

    /** 2×2 pivots of the last (re)factor. */
    public int twoByTwoPivots() {
        return twoByTwoPivots;
    }

    /** The pivot threshold u in use. */
    public double pivotThreshold() {
        return u;
    }

    @Override
    public LdltAnalysis analysis() {
        return analysis;
    }

    /** {@link Method#LDLT}. */
    @Override
    public Method method() {
        return Method.LDLT;
    }

    /** The ordering of the analysis (AMD or NATURAL), postordered, before the pivoting's changes. */
    public Ordering ordering() {
        return st.ordering;
    }

    /** Number of supernodes (fronts). */
    public int supernodes() {
        return st.count;
    }

    /** Largest front order of the last (re)factor, delayed columns included. */
    public int maxFrontOrder() {
        return maxFrontFound;
    }

    /** nnz(L) of the last (re)factor as stored, unit diagonal and explicit zeros included. */
    @Override
    public long factorNonzeros() {
        return nnzL;
    }

    /** The pivot order: pivot k eliminated column {@code rowOrder()[k]} of A. */
    @Override
    int[] rowOrder() {
        return pivotColumn;
    }

    @Override
    int[] columnOrder() {
        return pivotColumn;
    }

    /** Off-heap bytes held: the factor and the pattern copy. */
    public long nativeBytes() {
        return lx.byteSize() + patternBytes;
    }

    @Override
    void release() {
        factorArena.close();
        arena.close();
    }

    @Override
    public String toString() {
        return "SupernodalLdlt[n=" + n + ", ordering=" + st.ordering + ", supernodes=" + st.count + ", maxFront="
                + maxFrontFound + ", nnz(L)=" + nnzL + ", delayed=" + delayed + ", 2x2=" + twoByTwoPivots + "]";
    }
}

package dev.pullback.sparse;

import dev.pullback.factor.Method;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import dev.pullback.factor.SingularMatrixException;
import dev.pullback.internal.Checks;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Sparse LU through the block triangular form, as KLU does by default: C = A(P, Q) is block upper
 * triangular ({@link BlockTriangularForm}); each diagonal block larger than 1×1 gets its own
 * {@link SparseLu} (its own fill-reducing order and pivots), 1×1 blocks are a division, and the
 * off-diagonal blocks are used as stored, in block back substitution:
 * <pre>  y_b = C_bb⁻¹ (c_b − Σ_{d &gt; b} C_bd y_d),  b = m, …, 1</pre>
 * and for Aᵀ, whose C is block lower triangular, z_b = C_bb⁻ᵀ (d_b − Σ_{d &lt; b} C_dbᵀ z_d) for
 * b = 1, …, m. Fill never crosses a block boundary and reducible parts cost only their nonzeros,
 * which pays on matrices that decompose (circuits with feed-forward stages, cascades of
 * subsystems, chemical process flowsheets); on an irreducible matrix there is one block and the
 * cost over {@link SparseLu} is the pattern analysis and one O(nnz) copy of the values.
 *
 * <p>Contract as {@link SparseLu}: {@link #refactor} keeps the permutations and every block's pivot
 * order and allocates nothing, solves allocate nothing (b and x may alias), a stale matrix version
 * is an {@link IllegalStateException}, singular input a {@link SingularMatrixException} naming the
 * column of A, a NaN or infinite entry an {@link IllegalArgumentException} naming its row and
 * column. Accuracy: each block's backward error is that of {@link SparseLu}; the off-diagonal
 * products add the usual O(nnz-per-row·ε) of a sparse matrix–vector product.
 */
public final class BtfLu extends SparseLuBase<BtfLu.Work> {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;

    private final BtfAnalysis analysis;
    private final BlockTriangularForm form;
    private final int[] prow;
    private final int[] qcol;
    private final int[] start;
    private final SparseOptions options;
    private final CscMatrix[] blockMatrix;
    private final SparseLu[] blockLu;
    private final int[][] blockSource;
    private final int[] singletonSource;
    private final double[] singleton;
    /** The off-diagonal part of C (column pointers, rows in C's order, values), on the heap for the solves' short loops. */
    private final int[] offPtr;
    private final int[] offRows;
    private final double[] offValues;
    private final int[] offSource;
    private final Arena arena;


    private BtfLu(CscMatrix a, BtfAnalysis analysis) {
        super(a.rows(), "sparse LU factorization (block triangular form)");
        this.analysis = analysis;
        this.form = analysis.form;
        this.options = analysis.options();
        prow = form.rowOrderShared();
        qcol = form.columnOrderShared();
        start = form.blockStartShared();
        int blocks = form.blocks();
        CscPattern ap = a.pattern();
        int[] patternColPtr = ap.colPtrArray();
        int[] patternRowIdx = ap.rowIdxArray();
        keepPattern(MemorySegment.ofArray(patternColPtr), MemorySegment.ofArray(patternRowIdx), ap.nnz());
        int[] pinv = new int[n];
        for (int k = 0; k < n; k++) pinv[prow[k]] = k;
        // One arena for every block's matrix: a shared arena costs a thread handshake to
        // close, and four per block made up a third of factor's time on a matrix of many small
        // blocks (docs/PERFORMANCE.md, 2026-12-01 'one arena for the BTF blocks').
        arena = NativeMemory.openArena();

        blockMatrix = new CscMatrix[blocks];
        blockLu = new SparseLu[blocks];
        blockSource = new int[blocks][];
        singletonSource = new int[n];
        singleton = new double[n];
        Arrays.fill(singletonSource, -1);
        // Off-diagonal part, column l of C: the entries whose row lies in an earlier block.
        int[] offPtr = new int[n + 1];
        int offCount = 0;
        long[] keys = new long[16];
        int[] offRows = new int[Math.max(16, ap.nnz() / 4)];
        int[] offSrc = new int[offRows.length];
        for (int b = 0; b < blocks; b++) {
            int s = start[b], e = start[b + 1], m = e - s;
            int[] cp = m > 1 ? new int[m + 1] : null;
            int[] rows = m > 1 ? new int[16] : null;
            int[] src = m > 1 ? new int[16] : null;
            int count = 0;
            for (int l = s; l < e; l++) {
                int j = qcol[l];
                int len = patternColPtr[j + 1] - patternColPtr[j];
                if (keys.length < len) keys = new long[Math.max(len, 2 * keys.length)];
                for (int p = patternColPtr[j], t = 0; p < patternColPtr[j + 1]; p++, t++) {
                    keys[t] = ((long) pinv[patternRowIdx[p]] << 32) | p;
                }
                Arrays.sort(keys, 0, len);
                for (int t = 0; t < len; t++) {
                    int k = (int) (keys[t] >>> 32);
                    int p = (int) keys[t];
                    if (k < s) {
                        if (offCount == offRows.length) {
                            offRows = Arrays.copyOf(offRows, 2 * offCount);
                            offSrc = Arrays.copyOf(offSrc, 2 * offCount);
                        }
                        offRows[offCount] = k;
                        offSrc[offCount++] = p;
                    } else if (k >= e) {
                        throw new AssertionError("entry (" + patternRowIdx[p] + ", " + j + ") below the block diagonal");
                    } else if (m == 1) {
                        singletonSource[l] = p;
                    } else {
                        if (count == rows.length) {
                            rows = Arrays.copyOf(rows, 2 * count);
                            src = Arrays.copyOf(src, 2 * count);
                        }
                        rows[count] = k - s;
                        src[count++] = p;
                    }
                }
                offPtr[l + 1] = offCount;
                if (m > 1) cp[l - s + 1] = count;
            }
            if (m > 1) {
                blockMatrix[b] = inArena(m, cp, rows, count);
                blockSource[b] = Arrays.copyOf(src, count);
            }
        }
        this.offPtr = offPtr;
        this.offRows = Arrays.copyOf(offRows, offCount);
        offValues = new double[offCount];
        offSource = Arrays.copyOf(offSrc, offCount);
    }

    /** An m×m matrix with zero values on the pattern (cp, rows[0..count)), its memory in this factorization's arena. */
    private CscMatrix inArena(int m, int[] cp, int[] rows, int count) {
        MemorySegment c = NativeMemory.ints(arena, m + 1L);
        MemorySegment r = NativeMemory.ints(arena, Math.max(1, count));
        MemorySegment.copy(cp, 0, c, I, 0, m + 1);
        MemorySegment.copy(rows, 0, r, I, 0, count);
        return CscMatrix.view(CscPattern.view(m, m, c, r), NativeMemory.doubles(arena, Math.max(1, count)));
    }

    /** Analyses, permutes to block triangular form and factors A with the default options. */
    public static BtfLu factor(CscMatrix a) {
        return factor(a, SparseOptions.defaults());
    }

    /**
     * Permutes A to block triangular form and factors every diagonal block with {@link SparseLu}
     * under {@code options}; {@link Ordering#AUTO} means AMD here (every block is ordered on its own).
     *
     * @throws SingularMatrixException  A is structurally singular (no full transversal: the column
     *                                  named is one left unmatched) or numerically singular
     * @throws IllegalArgumentException a NaN or infinite entry
     */
    public static BtfLu factor(CscMatrix a, SparseOptions options) {
        return analyze(a.pattern(), options).factor(a);
    }

    /**
     * The block triangular form of a square pattern (maximum transversal, then strongly connected
     * components). Each block's fill-reducing order is computed when a matrix is factored.
     *
     * @throws SingularMatrixException the pattern is structurally singular (the column named is
     *                                 one left unmatched)
     */
    public static BtfAnalysis analyze(CscPattern a, SparseOptions options) {
        Checks.square("sparse LU (block triangular form)", a.rows(), a.cols());
        BlockTriangularForm form = BlockTriangularForm.of(a);
        if (!form.isStructurallyNonsingular()) {
            throw new SingularMatrixException("matrix is structurally singular: structural rank " + form.structuralRank()
                    + " of " + a.cols() + " (no matching of columns to rows; column " + form.unmatchedColumn()
                    + " is left without a row)", form.unmatchedColumn());
        }
        return analyze(form, a.nnz(), options);
    }

    /** The analysis of a structurally nonsingular pattern's form (nnz entries), AMD per block under {@link Ordering#AUTO}. */
    static BtfAnalysis analyze(BlockTriangularForm form, int nnz, SparseOptions options) {
        // The matching puts a zero-free diagonal in every block, so pivots mostly stay on it and
        // AMD on C_bb + C_bbᵀ predicts the fill better than COLAMD's bound for any row order (KLU
        // also orders blocks by AMD; docs/PERFORMANCE.md, 2026-12-01 'BTF blocks ordered by AMD').
        return new BtfAnalysis(form, nnz, options.ordering() == Ordering.AUTO ? options.withOrdering(Ordering.AMD) : options);
    }

    static BtfLu factor(CscMatrix a, BtfAnalysis s) {
        checkAnalysed(a, s);
        checkFinite(a);
        SparseOptions options = s.options();
        BtfLu f = new BtfLu(a, s);
        try {
            f.gatherValues(a);
            for (int b = 0; b < f.blockLu.length; b++) {
                if (f.blockMatrix[b] == null) continue;
                try {
                    CscMatrix block = f.blockMatrix[b];
                    f.blockLu[b] = SparseLu.factorChecked(block, SparseLu.analyze(block, options), options);
                } catch (SingularMatrixException e) {
                    throw f.singular(b, e);
                }
            }
            f.checkSingletons();
            f.describe(a);
            return f;
        } catch (RuntimeException | Error e) {
            f.close();
            throw e;
        }
    }

    /**
     * New values on the same pattern: every block is refactored with its kept pivots; allocates
     * nothing. Check {@link #reciprocalPivotGrowth()} afterwards as for {@link SparseLu#refactor}.
     *
     * @throws IllegalArgumentException A's pattern differs, or a value is NaN or infinite (the
     *                                  factors are then left as they were)
     * @throws SingularMatrixException  a kept pivot became zero (the factors are unusable until a
     *                                  successful refactor)
     */
    @Override
    void refactorValues(CscMatrix a) {
        checkSamePattern(a);
        checkFinite(a);
        valid = false;
        gatherValues(a);
        for (int b = 0; b < blockLu.length; b++) {
            if (blockLu[b] == null) continue;
            try {
                blockLu[b].refactor(blockMatrix[b]);
            } catch (SingularMatrixException e) {
                throw singular(b, e);
            }
        }
        checkSingletons();
        describe(a);
    }

    /** Copies A's values into the blocks, the 1×1 pivots and the off-diagonal part. */
    private void gatherValues(CscMatrix a) {
        MemorySegment ax = a.values();
        for (int b = 0; b < blockMatrix.length; b++) {
            if (blockMatrix[b] == null) {
                int l = start[b];
                singleton[l] = ax.getAtIndex(D, singletonSource[l]);
                continue;
            }
            gather(ax, blockSource[b], blockMatrix[b]);
        }
        for (int t = 0; t < offSource.length; t++) offValues[t] = ax.getAtIndex(D, offSource[t]);
    }

    private static void gather(MemorySegment ax, int[] source, CscMatrix into) {
        MemorySegment v = into.values();
        for (int t = 0; t < source.length; t++) v.setAtIndex(D, t, ax.getAtIndex(D, source[t]));
        into.markModified();
    }

    private void checkSingletons() {
        for (int b = 0; b < blockMatrix.length; b++) {
            if (blockMatrix[b] != null) continue;
            int l = start[b];
            if (singleton[l] == 0.0) {
                throw new SingularMatrixException("matrix is numerically singular: column " + qcol[l] + " is a 1x1 block "
                        + "of the block triangular form whose only entry, A(" + prow[l] + ", " + qcol[l] + "), is zero", qcol[l]);
            }
        }
    }

    /** The block's exception, renamed into A's numbering. */
    private SingularMatrixException singular(int b, SingularMatrixException e) {
        int col = qcol[start[b] + e.column()];
        SingularMatrixException s = new SingularMatrixException("matrix is singular: column " + col + " has no usable pivot"
                + " in diagonal block " + b + " (of " + blockLu.length + ", size " + (start[b + 1] - start[b])
                + ") of the block triangular form", col);
        s.initCause(e);
        return s;
    }

    // ---------------------------------------------------------------- solves

    /*
     * The solves work on one heap vector in C's order: each block is solved in place
     * (SparseLu.solveBlock, its own row order and scaling), the off-diagonal part is applied from
     * heap arrays, and b and x are read and written once.
     */

    /** c = P·b; for each block from the last: y_b = C_bb⁻¹c_b, then c −= C(:, b)·y_b above it; x = Q·y. */
    @Override
    void solveColumn(MemorySegment bs, long bo, MemorySegment xs, long xo, BtfLu.Work w) {
        final double[] c = w.vector();
        final double[][] blockWork = w.blocks();
        for (int k = 0; k < n; k++) c[k] = bs.getAtIndex(D, bo + prow[k]);
        for (int blk = blockLu.length - 1; blk >= 0; blk--) {
            int s = start[blk];
            if (blockLu[blk] == null) c[s] /= singleton[s];
            else blockLu[blk].solveBlock(c, s, blockWork[blk]);
            subtractOffDiagonal(c, s, start[blk + 1]);
        }
        for (int l = 0; l < n; l++) xs.setAtIndex(D, xo + qcol[l], c[l]);
    }

    /** c −= C(:, s..e−1)·c[s..e−1], the off-diagonal columns of one block (their rows lie above it). */
    private void subtractOffDiagonal(double[] c, int s, int e) {
        final int[] ptr = offPtr, rows = offRows;
        final double[] v = offValues;
        for (int l = s; l < e; l++) {
            double yl = c[l];
            if (yl == 0.0) continue;
            for (int p = ptr[l], pe = ptr[l + 1]; p < pe; p++) c[rows[p]] -= v[p] * yl;
        }
    }

    /** d = Qᵀb; for each block from the first: d_b −= C(:, b)ᵀ·z above it, z_b = C_bb⁻ᵀd_b; x = Pᵀz. */
    @Override
    void solveTransposedColumn(MemorySegment bs, long bo, MemorySegment xs, long xo, BtfLu.Work w) {
        final double[] d = w.vector();
        final double[][] blockWork = w.blocks();
        for (int l = 0; l < n; l++) d[l] = bs.getAtIndex(D, bo + qcol[l]);
        for (int blk = 0; blk < blockLu.length; blk++) {
            int s = start[blk];
            subtractOffDiagonalTransposed(d, s, start[blk + 1]);
            if (blockLu[blk] == null) d[s] /= singleton[s];
            else blockLu[blk].solveTransposedBlock(d, s, blockWork[blk]);
        }
        for (int k = 0; k < n; k++) xs.setAtIndex(D, xo + prow[k], d[k]);
    }

    /** d[l] −= C(:, l)ᵀd for l = s..e−1, the off-diagonal columns of one block (their rows, above it, are final). */
    private void subtractOffDiagonalTransposed(double[] d, int s, int e) {
        final int[] ptr = offPtr, rows = offRows;
        final double[] v = offValues;
        for (int l = s; l < e; l++) {
            double t = d[l];
            for (int p = ptr[l], pe = ptr[l + 1]; p < pe; p++) t -= v[p] * d[rows[p]];
            d[l] = t;
        }
    }

    /** A solve's scratch: the permuted vector and each diagonal block's own workspace. */
    record Work(double[] vector, double[][] blocks) {}

    @Override
    Work newWork() {
        double[][] blocks = new double[blockLu.length][];
        for (int b = 0; b < blockLu.length; b++) if (blockLu[b] != null) blocks[b] = blockLu[b].newWork();
        return new Work(new double[Math.max(1, n)], blocks);
    }

    // ---------------------------------------------------------------- statistics

    /** The block triangular form used. */
    public BlockTriangularForm form() {
        return form;
    }

    @Override
    public BtfAnalysis analysis() {
        return analysis;
    }

    /** {@link Method#BTF_LU}. */
    @Override
    public Method method() {
        return Method.BTF_LU;
    }

    /**
     * min |pivot| / max |pivot| over every block's pivots (each block row-scaled on its own) and the
     * 1×1 blocks' entries.
     */
    @Override
    public double pivotRatio() {
        checkOpen();
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (int b = 0; b < blockLu.length; b++) {
            if (blockLu[b] != null) {
                min = Math.min(min, blockLu[b].minPivot());
                max = Math.max(max, blockLu[b].maxPivot());
            } else {
                double d = Math.abs(singleton[start[b]]);
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
        }
        return n == 0 ? 1.0 : min / max;
    }

    /** The BTF row order composed with each block's pivot rows (a new array). */
    @Override
    int[] rowOrder() {
        int[] p = new int[n];
        for (int b = 0; b < blockLu.length; b++) {
            int s = start[b];
            if (blockLu[b] == null) {
                p[s] = prow[s];
                continue;
            }
            int[] local = blockLu[b].rowPermutation();
            for (int i = 0; i < local.length; i++) p[s + i] = prow[s + local[i]];
        }
        return p;
    }

    /** The BTF column order composed with each block's column order (a new array). */
    @Override
    int[] columnOrder() {
        int[] q = new int[n];
        for (int b = 0; b < blockLu.length; b++) {
            int s = start[b];
            if (blockLu[b] == null) {
                q[s] = qcol[s];
                continue;
            }
            int[] local = blockLu[b].columnPermutation();
            for (int i = 0; i < local.length; i++) q[s + i] = qcol[s + local[i]];
        }
        return q;
    }

    /** nnz(L + U) over the diagonal blocks (each counted as {@link SparseLu#factorNonzeros()}) plus the off-diagonal entries. */
    @Override
    public long factorNonzeros() {
        long s = offRows.length;
        for (int b = 0; b < blockLu.length; b++) s += blockLu[b] == null ? 1 : blockLu[b].factorNonzeros();
        return s;
    }

    /** The smallest reciprocal pivot growth of the blocks (1 when every block is 1×1); see {@link SparseLu#reciprocalPivotGrowth()}. */
    @Override
    public double reciprocalPivotGrowth() {
        checkOpen();
        double g = 1.0;
        for (SparseLu lu : blockLu) if (lu != null) g = Math.min(g, lu.reciprocalPivotGrowth());
        return g;
    }

    /** Off-diagonal pivots taken by the threshold test, summed over the blocks. */
    @Override
    public int offDiagonalPivots() {
        int s = 0;
        for (SparseLu lu : blockLu) if (lu != null) s += lu.offDiagonalPivots();
        return s;
    }

    @Override
    void release() {
        for (SparseLu lu : blockLu) if (lu != null) lu.close();
        arena.close(); // the blocks, their factors and the off-diagonal part

    }

    @Override
    public String toString() {
        return "BtfLu[n=" + n + ", blocks=" + blockLu.length + ", largest=" + form.largestBlock() + ", nnz(L+U)="
                + factorNonzeros() + "]";
    }
}

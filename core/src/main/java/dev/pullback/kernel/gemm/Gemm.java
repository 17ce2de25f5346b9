package dev.pullback.kernel.gemm;

import dev.pullback.internal.Checks;

import java.lang.foreign.MemorySegment;

/**
 * Dense kernels on column-major matrices in {@link MemorySegment}s: the general matrix product
 * (GEMM), the triangular solve with one or several right-hand sides that is built on it (TRSM), and
 * the unblocked panel factorization that a blocked LU needs besides them — everything the dense LU
 * computes — and the symmetric rank-k update (SYRK) and Cholesky factorization (POTRF) of the
 * supernodal Cholesky, so that its inner loops run in one place, vectorized, and see only its own segments.
 * Two implementations: {@link ScalarGemm}, plain loops and the reference, and a packed,
 * register-blocked Vector API one ({@code dev.pullback.kernel.simd.SimdGemm}), chosen by
 * {@link Gemms#get()}.
 *
 * <p>Matrices are given as (segment, element offset, leading dimension): entry (i, j) of a matrix
 * {@code X} lives at element {@code xOff + i + j·ldx}. An output must not share elements with an
 * input. Implementations are stateless and thread-safe; their scratch space (packing buffers) lives
 * in a {@link GemmWorkspace} that the caller owns and reuses, so that a call allocates nothing once
 * the workspace has grown to the largest block it needs. A workspace serves one thread at a time.
 *
 * <p>Accuracy: every entry of a product is a sum of k products formed in a blocked order with fused
 * multiply-adds, so |ĉᵢⱼ − cᵢⱼ| ≤ γₖ Σₚ |aᵢₚ bₚⱼ| |α| + |β cᵢⱼ| u, γₖ = ku/(1 − ku), as for any
 * inner-product order (Higham, Accuracy and Stability, §3.5). The two implementations agree to that
 * bound, not bitwise.
 */
public interface Gemm {
    /** Name of the implementation, e.g. "scalar" or "simd-512 (32x6)". */
    String name();

    /**
     * C ← α·op(A)·op(B) + β·C, where op(X) is X or Xᵀ; op(A) is m×k, op(B) is k×n, C is m×n.
     *
     * <p>As in BLAS: β = 0 overwrites C without reading it (NaN or Inf in C does not survive);
     * α = 0 or k = 0 only scales C by β; m = 0 or n = 0 does nothing.
     *
     * @param transA whether op(A) = Aᵀ (then A is stored k×m)
     * @param transB whether op(B) = Bᵀ (then B is stored n×k)
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
            double alpha, MemorySegment a, long aOff, int lda,
            MemorySegment b, long bOff, int ldb,
            double beta, MemorySegment c, long cOff, int ldc, GemmWorkspace ws);

    /**
     * X ← op(T)⁻¹·X for a triangular m×m matrix T and an m×n matrix X (left side, in place): the
     * solve of op(T)·Y = X for n right-hand sides.
     *
     * <p>T is read from the triangle that {@code lower} names (the other one is never read, so L and U
     * of an LU factorization can share one array); {@code unitDiagonal} means tᵢᵢ = 1 and the diagonal
     * is not read; {@code transT} solves with Tᵀ. Substitution is backward stable: the computed Y
     * solves (T + ΔT)·Y = X with |ΔT| ≤ γₘ|T| column by column (Higham, Theorem 8.5). A zero on a
     * non-unit diagonal yields ±Inf or NaN, as in BLAS; callers that factor check their pivots.
     */
    void trsm(boolean lower, boolean transT, boolean unitDiagonal, int m, int n,
            MemorySegment t, long tOff, int ldt, MemorySegment x, long xOff, int ldx, GemmWorkspace ws);

    /**
     * Unblocked LU with partial pivoting of the m×w panel whose entry (0, 0) is element {@code off} of
     * {@code a} (LAPACK's dgetf2): for each column j < min(m, w), the pivot is the first row p ≥ j of
     * largest |a(p, j)| (a NaN wins, so that it is reported rather than skipped); rows j and p are
     * swapped across the panel's w columns; a(j+1:m, j) is divided by the pivot (a reciprocal is used
     * when it cannot overflow); and the rest of the panel gets the rank-1 update
     * a(j+1:m, j+1:w) −= a(j+1:m, j)·a(j, j+1:w). {@code ipiv[pivOff + j] = p}, relative to the panel's
     * first row. The blocked factorization calls this on narrow panels; for a small matrix it is the
     * whole factorization.
     *
     * @return −1, or the first column whose pivot candidates are all exactly zero (the columns before
     *     it are factored, it and those after are as the updates left them)
     */
    int factorPanel(int m, int w, MemorySegment a, long off, int lda, int[] ipiv, int pivOff, GemmWorkspace ws);

    /**
     * x ← U⁻¹L⁻¹x for one right-hand side, with the factors of an LU of order n in one column-major
     * array as {@link #factorPanel} and {@link #panelUpdate} leave them (L unit lower below the
     * diagonal, U on and above it) and {@code pivotInverses[i] = 1/uᵢᵢ}: the forward substitution,
     * then the backward one multiplying by the inverses where a substitution divides. The layout the
     * dense LU keeps: ld a multiple of 8, so that an implementation may read rows n … ⌈n/8⌉·8 − 1 of
     * the n columns (they do not change the result), and x and pivotInverses hold ld entries from
     * their starts, those past n scratch. Backward stable as two substitutions are: the inverse adds
     * one rounding per entry of U (Higham, Theorem 8.5).
     */
    void luSolve(int n, MemorySegment lu, long off, int ld, double[] pivotInverses, MemorySegment x, long xOff);

    /** Columns of a panel that {@link #panelUpdate} eliminates with: the rank of each trailing update. */
    int PANEL = 8;

    /**
     * One step of a right-looking LU (LAPACK's dgetrf with blocks of {@link #PANEL} columns), after
     * {@link #factorPanel} has factored the (8 + m)×8 panel whose entry (0, 0) is element {@code panel}
     * of {@code a}, with its interchanges in {@code ipiv[pivOff : pivOff+8]} relative to the panel's
     * first row. For each of the {@code cols} columns right of the panel (the first at
     * {@code panel + 8·lda}), in one pass: its rows are interchanged as the panel's were; its top 8
     * entries become U12 = L11⁻¹·a(0:8, c) (L11 the panel's unit lower triangle); and the m entries
     * below get a(8:8+m, c) −= L21·U12, each entry's eight fused multiply-adds in panel-column order.
     * The update reads the matrix where it lies: at the orders the direct LU serves, all of it sits in
     * L1 or L2, and packing would only add passes.
     */
    void panelUpdate(int m, int cols, MemorySegment a, long panel, int lda, int[] ipiv, int pivOff, GemmWorkspace ws);

    /**
     * sums[j] = Σᵢ |a(i, j)| for the m×n matrix whose entry (0, 0) is element {@code off} (the column
     * sums whose largest is ‖A‖₁), the additions in an order of the implementation's choosing. A NaN
     * or infinite entry makes its column's sum NaN or infinite; a finite column can reach infinity
     * only by overflow.
     */
    void absColumnSums(int m, int n, MemorySegment a, long off, int lda, double[] sums);

    /**
     * Copies the m×n matrix whose entry (0, 0) is element {@code srcOff} of {@code src} into the one
     * at {@code dstOff} of {@code dst} (leading dimension ldd ≥ m), writes zeros into rows m … ldd − 1
     * of each of its n columns, and returns whether every entry copied is finite (the dense LU's
     * copy-in and its check for NaN and ±Inf in one pass).
     */
    boolean copyPadded(int m, int n, MemorySegment src, long srcOff, int lds, MemorySegment dst, long dstOff, int ldd);

    /**
     * C ← α·op(A)·op(A)ᵀ + β·C on one triangle of the n×n matrix C (BLAS dsyrk): op(A) is A (n×k), or
     * with {@code trans} Aᵀ (then A is stored k×n). Only the triangle {@code lower} names, diagonal
     * included, is read and written; the other one is left as it was. β = 0 overwrites without
     * reading; α = 0 or k = 0 only scales by β. The sparse Cholesky's Schur update C −= L21·L21ᵀ
     * (or, upper, C −= U12ᵀ·U12) is this with α = −1, β = 1. Accuracy as {@link #gemm}.
     */
    void syrk(boolean lower, boolean trans, int n, int k, double alpha, MemorySegment a, long aOff, int lda,
            double beta, MemorySegment c, long cOff, int ldc, GemmWorkspace ws);

    /**
     * D ← α·A·A(0:cols, :)ᵀ + β·C on the lower trapezoid of the rows×cols blocks C and D (cols ≤
     * rows): for 0 ≤ j &lt; cols and j ≤ i &lt; rows, d(i, j) = α·Σₚ a(i, p)·a(j, p) + β·c(i, j), A
     * rows×k (its first cols rows are the columns' own). Nothing above the diagonal is read or
     * written; β and α as in {@link #syrk}, which this is at cols = rows with D = C (lower, not
     * transposed). D is C itself (same segment, offset and leading dimension) or overlaps neither
     * C nor A. The update of a front's later pivot columns by factored ones (the diagonal block a
     * SYRK, the rows below it a GEMM) in one call, or of F22 written straight to the update-matrix
     * stack. Accuracy as {@link #gemm}.
     */
    void syrkTrapezoid(int rows, int cols, int k, double alpha, MemorySegment a, long aOff, int lda,
            double beta, MemorySegment c, long cOff, int ldc, MemorySegment d, long dOff, int ldd, GemmWorkspace ws);

    /**
     * Cholesky factorization in place of the symmetric positive definite n×n matrix A (LAPACK dpotrf):
     * {@code lower}, A = L·Lᵀ with L in the lower triangle; else A = Uᵀ·U with U in the upper one. Only
     * that triangle is read and written. Pivot j is d = a_jj − Σ_{p&lt;j} l_jp²; d ≤ 0, NaN or infinite
     * stops the factorization. Backward stable: L·Lᵀ = A + ΔA with |ΔA| ≤ γ_{n+1}|L||Lᵀ| (Higham,
     * Theorem 10.3).
     *
     * @return −1, or the first column j whose pivot d is not positive and finite: a(j, j) then holds
     *     d, the columns before j are factored, j and those after hold partly updated values
     */
    int potrf(boolean lower, int n, MemorySegment a, long off, int lda, GemmWorkspace ws);

    /**
     * D = C − A·Aᵀ on the lower trapezoid of an unpacked rows×cols block, in heap arrays: for
     * 0 ≤ j &lt; cols and j ≤ i &lt; rows, d(i, j) = c(i, j) − Σₚ a(i, p)·a(j, p) over p &lt; depth
     * (A is rows×depth); nothing above the diagonal is read or written. D may be C itself (same
     * array, offset and leading dimension: C −= A·Aᵀ in place); otherwise neither C nor D may
     * overlap A, nor each other. Each sum is formed over p in increasing order with fused
     * multiply-adds and then subtracted, in every implementation, so they agree bitwise. This is
     * the Schur update of a small front, whose blocks are too small for packing to pay back: SYRK
     * for the diagonal part and GEMM below it, in one pass that reads A where it lies, and can
     * leave the result where the next step wants it (the update-matrix stack).
     */
    default void lowerRankUpdate(int rows, int cols, int depth, double[] a, int aOff, int lda, double[] c, int cOff, int ldc,
            double[] d, int dOff, int ldd) {
        checkLowerRankUpdate(rows, cols, depth, a, aOff, lda, c, cOff, ldc, d, dOff, ldd);
        ScalarGemm.lowerRankUpdateLoops(rows, cols, depth, a, aOff, lda, c, cOff, ldc, d, dOff, ldd);
    }

    /** A new, empty workspace for this implementation (it grows on first use). */
    default GemmWorkspace newWorkspace() {
        return new GemmWorkspace();
    }

    /**
     * Checks the arguments of {@link #gemm}: shapes non-negative, leading dimensions at least the
     * stored row counts, and every segment large enough for the entries the call touches.
     *
     * @throws IllegalArgumentException naming the operand and the bound it breaks
     */
    static void checkGemm(boolean transA, boolean transB, int m, int n, int k,
            MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
            MemorySegment c, long cOff, int ldc, GemmWorkspace ws) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: shape must be non-negative, got m=" + m + " n=" + n + " k=" + k);
        }
        if (ws == null) throw new IllegalArgumentException("gemm: workspace is null");
        checkOperand("gemm", "A", transA ? k : m, transA ? m : k, a, aOff, lda);
        checkOperand("gemm", "B", transB ? n : k, transB ? k : n, b, bOff, ldb);
        checkOperand("gemm", "C", m, n, c, cOff, ldc);
    }

    /** Checks the arguments of {@link #trsm} like {@link #checkGemm}. */
    static void checkTrsm(int m, int n, MemorySegment t, long tOff, int ldt,
            MemorySegment x, long xOff, int ldx, GemmWorkspace ws) {
        if (m < 0 || n < 0) {
            throw new IllegalArgumentException("trsm: shape must be non-negative, got m=" + m + " n=" + n);
        }
        if (ws == null) throw new IllegalArgumentException("trsm: workspace is null");
        checkOperand("trsm", "T", m, m, t, tOff, ldt);
        checkOperand("trsm", "X", m, n, x, xOff, ldx);
    }

    /** Checks the arguments of {@link #syrk} like {@link #checkGemm}. */
    static void checkSyrk(boolean trans, int n, int k, MemorySegment a, long aOff, int lda,
            MemorySegment c, long cOff, int ldc, GemmWorkspace ws) {
        if (n < 0 || k < 0) {
            throw new IllegalArgumentException("syrk: shape must be non-negative, got n=" + n + " k=" + k);
        }
        if (ws == null) throw new IllegalArgumentException("syrk: workspace is null");
        checkOperand("syrk", "A", trans ? k : n, trans ? n : k, a, aOff, lda);
        checkOperand("syrk", "C", n, n, c, cOff, ldc);
    }

    /** Checks the arguments of {@link #syrkTrapezoid} like {@link #checkGemm}. */
    static void checkSyrkTrapezoid(int rows, int cols, int k, MemorySegment a, long aOff, int lda,
            MemorySegment c, long cOff, int ldc, MemorySegment d, long dOff, int ldd, GemmWorkspace ws) {
        if (cols < 0 || k < 0 || rows < cols) {
            throw new IllegalArgumentException("syrkTrapezoid: need 0 <= cols <= rows and k >= 0, got rows=" + rows + " cols=" + cols
                    + " k=" + k);
        }
        if (ws == null) throw new IllegalArgumentException("syrkTrapezoid: workspace is null");
        checkOperand("syrkTrapezoid", "A", rows, k, a, aOff, lda);
        checkOperand("syrkTrapezoid", "C", rows, cols, c, cOff, ldc);
        checkOperand("syrkTrapezoid", "D", rows, cols, d, dOff, ldd);
    }

    /** Checks the arguments of {@link #lowerRankUpdate}: shapes, leading dimensions and the arrays' extents. */
    static void checkLowerRankUpdate(int rows, int cols, int depth, double[] a, int aOff, int lda, double[] c, int cOff, int ldc,
            double[] d, int dOff, int ldd) {
        if (rows < 0 || cols < 0 || depth < 0 || cols > rows) {
            throw new IllegalArgumentException("lowerRankUpdate: need 0 <= cols <= rows and depth >= 0, got rows=" + rows
                    + " cols=" + cols + " depth=" + depth);
        }
        if (a == null || c == null || d == null) {
            throw new IllegalArgumentException("lowerRankUpdate: " + (a == null ? "A" : c == null ? "C" : "D") + " is null");
        }
        checkArrayOperand("A", rows, depth, a.length, aOff, lda);
        checkArrayOperand("C", rows, cols, c.length, cOff, ldc);
        checkArrayOperand("D", rows, cols, d.length, dOff, ldd);
    }

    private static void checkArrayOperand(String name, int rows, int cols, int length, int off, int ld) {
        if (rows == 0 || cols == 0) return;
        if (off < 0 || ld < rows) {
            throw new IllegalArgumentException("lowerRankUpdate: " + name + " is " + rows + "x" + cols + " at offset " + off
                    + " with leading dimension " + ld + " (need offset >= 0 and ld >= " + rows + ")");
        }
        long last = off + (long) (cols - 1) * ld + rows;
        if (last > length) {
            throw new IllegalArgumentException("lowerRankUpdate: " + name + " (" + rows + "x" + cols + ", offset " + off + ", ld "
                    + ld + ") ends at element " + last + " past the array's " + length);
        }
    }

    /** Checks the arguments of {@link #potrf} like {@link #checkGemm}. */
    static void checkPotrf(int n, MemorySegment a, long off, int lda, GemmWorkspace ws) {
        if (n < 0) throw new IllegalArgumentException("potrf: order must be non-negative, got n=" + n);
        if (ws == null) throw new IllegalArgumentException("potrf: workspace is null");
        checkOperand("potrf", "A", n, n, a, off, lda);
    }

    /** Checks the arguments of {@link #factorPanel} like {@link #checkGemm}. */
    static void checkPanel(int m, int w, MemorySegment a, long off, int lda, int[] ipiv, int pivOff, GemmWorkspace ws) {
        if (m < 0 || w < 0) {
            throw new IllegalArgumentException("factorPanel: shape must be non-negative, got m=" + m + " w=" + w);
        }
        if (ws == null) throw new IllegalArgumentException("factorPanel: workspace is null");
        checkOperand("factorPanel", "A", m, w, a, off, lda);
        if (pivOff < 0 || (long) pivOff + Math.min(m, w) > ipiv.length) {
            throw new IllegalArgumentException("factorPanel: ipiv of length " + ipiv.length + " cannot hold "
                    + Math.min(m, w) + " pivots from offset " + pivOff);
        }
    }

    /** Checks the arguments of {@link #panelUpdate} like {@link #checkGemm}; the pivots must lie in the panel's rows. */
    static void checkPanelUpdate(int m, int cols, MemorySegment a, long panel, int lda, int[] ipiv, int pivOff, GemmWorkspace ws) {
        if (m < 0 || cols < 0) {
            throw new IllegalArgumentException("panelUpdate: shape must be non-negative, got m=" + m + " cols=" + cols);
        }
        if (ws == null) throw new IllegalArgumentException("panelUpdate: workspace is null");
        checkOperand("panelUpdate", "A", PANEL + m, PANEL + cols, a, panel, lda);
        if (pivOff < 0 || (long) pivOff + PANEL > ipiv.length) {
            throw new IllegalArgumentException("panelUpdate: ipiv of length " + ipiv.length + " cannot hold "
                    + PANEL + " pivots from offset " + pivOff);
        }
        for (int q = 0; q < PANEL; q++) {
            int p = ipiv[pivOff + q];
            if (p < q || p >= PANEL + m) {
                throw new IllegalArgumentException("panelUpdate: pivot " + q + " is row " + p
                        + ", outside rows " + q + " to " + (PANEL + m - 1) + " of the panel");
            }
        }
    }

    /** Checks the arguments of {@link #luSolve} like {@link #checkGemm}, the extents up to ld. */
    static void checkLuSolve(int n, MemorySegment lu, long off, int ld, double[] pivotInverses, MemorySegment x, long xOff) {
        if (n < 0) throw new IllegalArgumentException("luSolve: order must be non-negative, got n=" + n);
        if (ld % 8 != 0 || ld < n) {
            throw new IllegalArgumentException("luSolve: leading dimension must be a multiple of 8 and at least n = " + n + ", got " + ld);
        }
        checkOperand("luSolve", "LU", ld, n, lu, off, ld);
        checkOperand("luSolve", "x", ld, n == 0 ? 0 : 1, x, xOff, ld);
        if (n > 0 && pivotInverses.length < ld) {
            throw new IllegalArgumentException("luSolve: pivotInverses has length " + pivotInverses.length + ", needs ld = " + ld);
        }
    }

    /** Checks the arguments of {@link #copyPadded} like {@link #checkGemm}. */
    static void checkCopyPadded(int m, int n, MemorySegment src, long srcOff, int lds, MemorySegment dst, long dstOff, int ldd) {
        if (m < 0 || n < 0) {
            throw new IllegalArgumentException("copyPadded: shape must be non-negative, got m=" + m + " n=" + n);
        }
        checkOperand("copyPadded", "source", m, n, src, srcOff, lds);
        checkOperand("copyPadded", "destination", ldd, n, dst, dstOff, ldd);
    }

    /** Checks the arguments of {@link #absColumnSums} like {@link #checkGemm}. */
    static void checkAbsColumnSums(int m, int n, MemorySegment a, long off, int lda, double[] sums) {
        if (m < 0 || n < 0) {
            throw new IllegalArgumentException("absColumnSums: shape must be non-negative, got m=" + m + " n=" + n);
        }
        checkOperand("absColumnSums", "A", m, n, a, off, lda);
        if (sums.length < n) {
            throw new IllegalArgumentException("absColumnSums: sums of length " + sums.length + " cannot hold " + n + " columns");
        }
    }

    /** A stored rows×cols operand at element offset off with leading dimension ld fits its segment. */
    private static void checkOperand(String op, String name, int rows, int cols, MemorySegment s, long off, int ld) {
        if (ld < Math.max(1, rows)) {
            throw new IllegalArgumentException(op + ": leading dimension of " + name + " is " + ld
                    + ", needs at least " + Math.max(1, rows) + " (its stored rows)");
        }
        if (off < 0) throw new IllegalArgumentException(op + ": offset of " + name + " is negative: " + off);
        if (rows == 0 || cols == 0) return;
        if (s == null) throw new IllegalArgumentException(op + ": segment of " + name + " is null");
        long last = off + (long) (cols - 1) * ld + rows; // one past the last element touched
        if (last * Double.BYTES > s.byteSize()) {
            throw new IllegalArgumentException(op + ": " + name + " (" + rows + "x" + cols + ", ld " + ld
                    + ", offset " + off + ") needs " + last + " doubles, its segment has " + s.byteSize() / Double.BYTES);
        }
    }
}

package dev.pullback.kernel.simd;

import dev.pullback.kernel.gemm.Gemm;
import dev.pullback.kernel.gemm.GemmWorkspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.DoubleVector;

/**
 * GEMM and TRSM on the Vector API (SYRK and POTRF built on them), after Goto and van de Geijn, "Anatomy of high-performance matrix
 * multiplication" (ACM TOMS 34, 2008).
 *
 * <p>C ← α·op(A)·op(B) + β·C is cut into three nested blocks. The outer loop takes NC columns of C
 * and op(B); inside it, a slab of KC rows of op(B) is packed into micro-panels of NR columns
 * (row p of a micro-panel contiguous, zero-padded), the panel meant to stay in L3/L2; for each MC
 * rows of op(A), the MC×KC block is packed into micro-panels of MR rows (column p contiguous), meant
 * to stay in L2; then the {@link MicroKernel} sweeps MR×NR tiles of C, the B micro-panel staying in
 * L1 across the sweep over A micro-panels. The packing takes care of transposes, so the kernel
 * always reads unit-stride. Tiles on a ragged edge go through a small buffer. β is applied with the
 * first KC slab only; β = 0 never reads C.
 *
 * <p>TRSM (X ← op(T)⁻¹X) recurses on the rows: split the triangle in two blocks whose first one is a
 * multiple of the vector length, solve one block, update the other by GEMM, solve it; blocks of at
 * most one vector of rows are solved by {@link MicroKernel#triangularBlock} column by column. So
 * almost all of TRSM's flops run in the GEMM kernel.
 *
 * <p>Blocking, for the project's 2-core Zen 5 AVX-512 machine (48 KiB L1d, 1 MiB L2 per core,
 * 32 MiB shared L3): the constants below follow the cache sizes. Other blockings tie at n = 1000,
 * where the operands sit in L3 and the micro-kernel sets the pace (docs/PERFORMANCE.md,
 * 2026-12-01 'GEMM blocking'). Everything that varies per call lives in the caller's
 * {@link GemmWorkspace}; this object is immutable and thread-safe.
 */
public final class SimdGemm implements Gemm {
    /**
     * Depth of a packed slab. A B micro-panel is KC×NR·8 bytes = 12 KiB at KC = 256, a quarter of L1d;
     * an A micro-panel is MR×KC·8 = 64 KiB streamed from L2.
     */
    static final int KC = 256;
    /** Rows of a packed A block: MC×KC·8 bytes = 384 KiB at MC = 192, KC = 256, a third of L2. */
    static final int MC = 192;
    /** Columns of a packed B slab: KC×NC·8 bytes = 6 MiB at NC = 3072 (in the shared L3). */
    static final int NC = 3072;

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final MicroKernel kernel;
    private final int mr;
    private final int nr;
    private final int kcMax;
    private final int mcMax;
    private final int ncMax;

    private SimdGemm(MicroKernel kernel, int kc, int mc, int nc) {
        this.kernel = kernel;
        this.mr = kernel.mr();
        this.nr = kernel.nr();
        if (kc < 1 || mc < 1 || nc < 1) {
            throw new IllegalArgumentException("blocking must be positive, got kc=" + kc + " mc=" + mc + " nc=" + nc);
        }
        this.kcMax = kc;
        this.mcMax = roundUp(mc, mr);
        this.ncMax = roundUp(nc, nr);
    }

    /**
     * The Vector API GEMM for the machine's preferred vector width ({@code bits} = 0) or a narrower one
     * (128, 256 or 512), with the default blocking.
     *
     * @throws UnsupportedOperationException if the width is not supported here (wider than the
     *     machine's, below 128 bits, or not one of the three) — {@link dev.pullback.kernel.KernelProvider}
     *     then falls back to the scalar kernels
     */
    public static SimdGemm create(int bits) {
        return create(bits, KC, MC, NC);
    }

    /** As {@link #create(int)} with explicit blocking (for tuning measurements); MC and NC are rounded up to MR and NR. */
    public static SimdGemm create(int bits, int kc, int mc, int nc) {
        int preferred = DoubleVector.SPECIES_PREFERRED.vectorBitSize();
        int width = bits == 0 ? preferred : bits;
        if (width > preferred) {
            throw new UnsupportedOperationException("a " + width + "-bit vector is wider than this machine's " + preferred + " bits");
        }
        MicroKernel k = switch (width) {
            case 512 -> new MicroKernel512();
            case 256 -> new MicroKernel256();
            case 128 -> new MicroKernel128();
            default -> throw new UnsupportedOperationException("no " + width + "-bit GEMM kernel (have 512, 256, 128)");
        };
        return new SimdGemm(k, kc, mc, nc);
    }

    @Override
    public String name() {
        return "simd-" + kernel.bits() + " (" + mr + "x" + nr + ", kc=" + kcMax + ", mc=" + mcMax + ", nc=" + ncMax + ")";
    }

    /** Rows of the register tile. */
    public int mr() {
        return mr;
    }

    /** Columns of the register tile. */
    public int nr() {
        return nr;
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
            double alpha, MemorySegment a, long aOff, int lda,
            MemorySegment b, long bOff, int ldb,
            double beta, MemorySegment c, long cOff, int ldc, GemmWorkspace ws) {
        Gemm.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, ws);
        if (m == 0 || n == 0) return;
        if (alpha == 0 || k == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        // Equal blocks rather than full blocks plus a thin remainder.
        int kcStep = ceilDiv(k, ceilDiv(k, kcMax));
        int mcStep = roundUp(ceilDiv(m, ceilDiv(m, mcMax)), mr);
        int ncStep = roundUp(ceilDiv(n, ceilDiv(n, ncMax)), nr);
        double[] ap = ws.packA(Math.min(mcStep, roundUp(m, mr)) * kcStep);
        double[] bp = ws.packB(Math.min(ncStep, roundUp(n, nr)) * kcStep);
        double[] tile = ws.tile(mr * nr);
        for (int jc = 0; jc < n; jc += ncStep) {
            int nc = Math.min(ncStep, n - jc);
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                double betaHere = pc == 0 ? beta : 1.0;
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                for (int ic = 0; ic < m; ic += mcStep) {
                    int mc = Math.min(mcStep, m - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                    long cBlock = cOff + ic + (long) jc * ldc;
                    kernel.sweep(mc, nc, kc, ap, bp, alpha, betaHere, c, cBlock, ldc, c, cBlock, ldc, tile, MicroKernel.ALL);
                }
            }
        }
    }

    /**
     * Packs op(A)(i0 : i0+mc, p0 : p0+kc) into micro-panels of MR rows: element (i, p) of panel q goes
     * to {@code ap[q·MR·kc + p·MR + i]}; rows past mc are zero.
     */
    private void packA(boolean transA, MemorySegment a, long aOff, int lda, int i0, int mc, int p0, int kc, double[] ap) {
        long corner = transA ? aOff + p0 + (long) i0 * lda : aOff + i0 + (long) p0 * lda;
        kernel.packA(transA, a, corner, lda, mc, kc, ap);
    }

    /**
     * Packs op(B)(p0 : p0+kc, j0 : j0+nc) into micro-panels of NR columns: element (p, j) of panel q
     * goes to {@code bp[q·NR·kc + p·NR + j]}; columns past nc are zero.
     */
    private void packB(boolean transB, MemorySegment b, long bOff, int ldb, int p0, int kc, int j0, int nc, double[] bp) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int base = jr * kc;
            if (!transB) {
                // op(B)(p, j) = B[p + j·ldb]: columns are contiguous; read them side by side so that
                // the writes to the panel are sequential.
                long src = bOff + p0 + (long) (j0 + jr) * ldb;
                if (cols == nr && nr == 6) {
                    packSixColumns(b, src, ldb, kc, bp, base);
                } else {
                    for (int j = 0; j < cols; j++) {
                        long col = src + (long) j * ldb;
                        for (int p = 0; p < kc; p++) bp[base + p * nr + j] = b.getAtIndex(D, col + p);
                    }
                }
            } else {
                // op(B)(p, j) = B[j + p·ldb]: row p of the panel is contiguous in memory.
                long src = bOff + j0 + jr + (long) p0 * ldb;
                if (cols == nr && nr == 6) {
                    packSixRows(b, src, ldb, kc, bp, base);
                } else {
                    for (int p = 0; p < kc; p++) {
                        long row = src + (long) p * ldb;
                        for (int j = 0; j < cols; j++) bp[base + p * nr + j] = b.getAtIndex(D, row + j);
                    }
                }
            }
            for (int j = cols; j < nr; j++) {
                for (int p = 0; p < kc; p++) bp[base + p * nr + j] = 0;
            }
        }
    }

    /** The common full B micro-panel of six columns: bp[base + 6p + j] = B(src + p + j·ldb). */
    private static void packSixColumns(MemorySegment b, long src, int ldb, int kc, double[] bp, int base) {
        long c0 = src, c1 = c0 + ldb, c2 = c1 + ldb, c3 = c2 + ldb, c4 = c3 + ldb, c5 = c4 + ldb;
        for (int p = 0; p < kc; p++) {
            int d = base + 6 * p;
            bp[d] = b.getAtIndex(D, c0 + p);
            bp[d + 1] = b.getAtIndex(D, c1 + p);
            bp[d + 2] = b.getAtIndex(D, c2 + p);
            bp[d + 3] = b.getAtIndex(D, c3 + p);
            bp[d + 4] = b.getAtIndex(D, c4 + p);
            bp[d + 5] = b.getAtIndex(D, c5 + p);
        }
    }

    /**
     * The full B micro-panel of six columns from rows of B (op(B) = Bᵀ): bp[base + 6p + j] =
     * B(src + j + p·ldb). Element by element: a bulk copy of six doubles per row cost more in its
     * checks than the copy.
     */
    private static void packSixRows(MemorySegment b, long src, int ldb, int kc, double[] bp, int base) {
        for (int p = 0; p < kc; p++) {
            int d = base + 6 * p;
            long row = src + (long) p * ldb;
            bp[d] = b.getAtIndex(D, row);
            bp[d + 1] = b.getAtIndex(D, row + 1);
            bp[d + 2] = b.getAtIndex(D, row + 2);
            bp[d + 3] = b.getAtIndex(D, row + 3);
            bp[d + 4] = b.getAtIndex(D, row + 4);
            bp[d + 5] = b.getAtIndex(D, row + 5);
        }
    }

    /** C ← β·C; β = 0 overwrites with zeros. */
    private static void scale(int m, int n, double beta, MemorySegment c, long cOff, int ldc) {
        if (beta == 1) return;
        for (int j = 0; j < n; j++) {
            long cj = cOff + (long) j * ldc;
            for (int i = 0; i < m; i++) c.setAtIndex(D, cj + i, beta == 0 ? 0.0 : beta * c.getAtIndex(D, cj + i));
        }
    }

    @Override
    public void trsm(boolean lower, boolean transT, boolean unitDiagonal, int m, int n,
            MemorySegment t, long tOff, int ldt, MemorySegment x, long xOff, int ldx, GemmWorkspace ws) {
        Gemm.checkTrsm(m, n, t, tOff, ldt, x, xOff, ldx, ws);
        if (m == 0 || n == 0) return;
        if (n == 1) {
            kernel.substitute(lower, transT, unitDiagonal, m, t, tOff, ldt, x, xOff);
            return;
        }
        int v = kernel.lanes();
        solveRows(lower != transT, transT, unitDiagonal, 0, m, n, t, tOff, ldt, x, xOff, ldx, ws, ws.triangle(v * v + v));
    }

    @Override
    public void luSolve(int n, MemorySegment lu, long off, int ld, double[] pivotInverses, MemorySegment x, long xOff) {
        Gemm.checkLuSolve(n, lu, off, ld, pivotInverses, x, xOff);
        if (n > 0) kernel.luSolve(n, lu, off, ld, pivotInverses, x, xOff);
    }

    @Override
    public int factorPanel(int m, int w, MemorySegment a, long off, int lda, int[] ipiv, int pivOff, GemmWorkspace ws) {
        Gemm.checkPanel(m, w, a, off, lda, ipiv, pivOff, ws);
        return kernel.factorPanel(m, w, a, off, lda, ipiv, pivOff, ws.packA(Math.multiplyExact(m, w)));
    }

    /**
     * On the machine's preferred width, {@link LowerRankUpdate}'s register tiles; a narrower
     * kernel (tests, tuning) takes the scalar loops, which give the same values.
     */
    @Override
    public void lowerRankUpdate(int rows, int cols, int depth, double[] a, int aOff, int lda, double[] c, int cOff, int ldc,
            double[] d, int dOff, int ldd) {
        Gemm.checkLowerRankUpdate(rows, cols, depth, a, aOff, lda, c, cOff, ldc, d, dOff, ldd);
        if (kernel.bits() == DoubleVector.SPECIES_PREFERRED.vectorBitSize()) {
            LowerRankUpdate.update(rows, cols, depth, a, aOff, lda, c, cOff, ldc, d, dOff, ldd);
        } else {
            dev.pullback.kernel.gemm.ScalarGemm.lowerRankUpdateLoops(rows, cols, depth, a, aOff, lda, c, cOff, ldc, d, dOff, ldd);
        }
    }

    @Override
    public void panelUpdate(int m, int cols, MemorySegment a, long panel, int lda, int[] ipiv, int pivOff, GemmWorkspace ws) {
        Gemm.checkPanelUpdate(m, cols, a, panel, lda, ipiv, pivOff, ws);
        kernel.panelUpdate(m, cols, a, panel, lda, ipiv, pivOff, ws.triangle(12 * PANEL));
    }

    @Override
    public boolean copyPadded(int m, int n, MemorySegment src, long srcOff, int lds, MemorySegment dst, long dstOff, int ldd) {
        Gemm.checkCopyPadded(m, n, src, srcOff, lds, dst, dstOff, ldd);
        return kernel.copyPadded(m, n, src, srcOff, lds, dst, dstOff, ldd);
    }

    @Override
    public void absColumnSums(int m, int n, MemorySegment a, long off, int lda, double[] sums) {
        Gemm.checkAbsColumnSums(m, n, a, off, lda, sums);
        kernel.absColumnSums(m, n, a, off, lda, sums);
    }

    /** Columns of C per block of an upper {@link #syrk}, and of A per block step of {@link #potrf}. */
    static final int SYRK_BLOCK = 96;
    static final int POTRF_BLOCK = 64;

    /** Lower: {@link #lowerTrapezoid} on the whole triangle. Upper: {@link #upperByBlocks}. */
    @Override
    public void syrk(boolean lower, boolean trans, int n, int k, double alpha, MemorySegment a, long aOff, int lda,
            double beta, MemorySegment c, long cOff, int ldc, GemmWorkspace ws) {
        Gemm.checkSyrk(trans, n, k, a, aOff, lda, c, cOff, ldc, ws);
        if (lower) {
            lowerTrapezoid(trans, n, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc, c, cOff, ldc, ws);
        } else {
            upperByBlocks(trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc, ws);
        }
    }

    @Override
    public void syrkTrapezoid(int rows, int cols, int k, double alpha, MemorySegment a, long aOff, int lda,
            double beta, MemorySegment c, long cOff, int ldc, MemorySegment d, long dOff, int ldd, GemmWorkspace ws) {
        Gemm.checkSyrkTrapezoid(rows, cols, k, a, aOff, lda, c, cOff, ldc, d, dOff, ldd, ws);
        lowerTrapezoid(false, rows, cols, k, alpha, a, aOff, lda, beta, c, cOff, ldc, d, dOff, ldd, ws);
    }

    /**
     * d(i, j) ← α·Σₚ op(A)(i, p)·op(A)(j, p) + β·c(i, j) for j &lt; cols, j ≤ i &lt; rows (D may be C): the GEMM's
     * loops with op(B) = op(A)ᵀ, each slab of op(A)'s rows packed once and read as both operands'
     * panels, and only the blocks and tiles that reach the lower trapezoid computed (the sweep's
     * {@code diag} = the block's first row − its first column); tiles across the diagonal are merged
     * entry by entry. So the triangle costs its own flops plus a sliver along the diagonal, and no
     * entry above it is written. The first slab reads C and writes D, the later ones update D.
     */
    private void lowerTrapezoid(boolean trans, int rows, int cols, int k, double alpha, MemorySegment a, long aOff, int lda,
            double beta, MemorySegment c, long cOff, int ldc, MemorySegment d, long dOff, int ldd, GemmWorkspace ws) {
        if (cols == 0) return;
        if (alpha == 0 || k == 0) {
            scaleLower(rows, cols, beta, c, cOff, ldc, d, dOff, ldd);
            return;
        }
        int kcStep = ceilDiv(k, ceilDiv(k, kcMax));
        int ncStep = roundUp(ceilDiv(cols, ceilDiv(cols, ncMax)), nr);
        double[] ap = ws.packA(Math.min(mcMax, roundUp(rows, mr)) * kcStep);
        double[] bp = ws.packB(Math.min(ncStep, roundUp(cols, nr)) * kcStep);
        double[] tile = ws.tile(mr * nr);
        for (int jc = 0; jc < cols; jc += ncStep) {
            int nc = Math.min(ncStep, cols - jc);
            int below = rows - jc;
            int mcStep = roundUp(ceilDiv(below, ceilDiv(below, mcMax)), mr);
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                double betaHere = pc == 0 ? beta : 1.0;
                MemorySegment src = pc == 0 ? c : d;
                long srcOff = pc == 0 ? cOff : dOff;
                int lds = pc == 0 ? ldc : ldd;
                packB(!trans, a, aOff, lda, pc, kc, jc, nc, bp);
                for (int ic = jc; ic < rows; ic += mcStep) {
                    int mc = Math.min(mcStep, rows - ic);
                    // columns past the block's last row lie wholly above the diagonal
                    int ncHere = Math.min(nc, ic - jc + mc);
                    packA(trans, a, aOff, lda, ic, mc, pc, kc, ap);
                    kernel.sweep(mc, ncHere, kc, ap, bp, alpha, betaHere, src, srcOff + ic + (long) jc * lds, lds,
                            d, dOff + ic + (long) jc * ldd, ldd, tile, ic - jc);
                }
            }
        }
    }

    /** d(i, j) ← β·c(i, j) on the lower trapezoid; β = 0 writes zeros without reading C. */
    private static void scaleLower(int rows, int cols, double beta, MemorySegment c, long cOff, int ldc,
            MemorySegment d, long dOff, int ldd) {
        if (beta == 1 && c == d && cOff == dOff && ldc == ldd) return;
        for (int j = 0; j < cols; j++) {
            long cj = cOff + (long) j * ldc, dj = dOff + (long) j * ldd;
            for (int i = j; i < rows; i++) d.setAtIndex(D, dj + i, beta == 0 ? 0.0 : beta * c.getAtIndex(D, cj + i));
        }
    }

    /**
     * The upper triangle by blocks of {@value #SYRK_BLOCK} columns of C: the part of the block
     * column above the diagonal block is one GEMM into C; the diagonal block is a GEMM into the
     * workspace's block, whose upper triangle is then added into C, so the lower triangle of C is
     * never written.
     */
    private void upperByBlocks(boolean trans, int n, int k, double alpha, MemorySegment a, long aOff, int lda,
            double beta, MemorySegment c, long cOff, int ldc, GemmWorkspace ws) {
        if (n == 0) return;
        int nb = Math.min(SYRK_BLOCK, n);
        MemorySegment d = ws.block(nb * nb);
        for (int j0 = 0; j0 < n; j0 += nb) {
            int w = Math.min(nb, n - j0);
            // rows of op(A): A(i, :) at aOff + i (not trans) or A(:, i) at aOff + i·lda (trans)
            long colsA = trans ? aOff + (long) j0 * lda : aOff + j0;
            long cBlock = cOff + (long) j0 * ldc;
            if (j0 > 0) {
                gemm(trans, !trans, j0, w, k, alpha, a, aOff, lda, a, colsA, lda, beta, c, cBlock, ldc, ws);
            }
            gemm(trans, !trans, w, w, k, alpha, a, colsA, lda, a, colsA, lda, 0.0, d, 0, w, ws);
            for (int j = 0; j < w; j++) {
                long cj = cBlock + j0 + (long) j * ldc;
                for (int i = 0; i <= j; i++) {
                    double v = d.getAtIndex(D, i + (long) j * w);
                    double old = beta == 0 ? 0.0 : beta * c.getAtIndex(D, cj + i);
                    c.setAtIndex(D, cj + i, old + v);
                }
            }
        }
    }

    /**
     * Blocked, right-looking, {@value #POTRF_BLOCK} columns per step. Upper: U11 = chol(A11)
     * unblocked, U12 = U11⁻ᵀA12 (TRSM), A22 −= U12ᵀU12 (SYRK). Lower: L11 = chol(A11), then L21 =
     * A21·L11⁻ᵀ as (L11⁻¹·A21ᵀ)ᵀ through the workspace's block (TRSM has the triangle on the left),
     * A22 −= L21·L21ᵀ.
     */
    @Override
    public int potrf(boolean lower, int n, MemorySegment a, long off, int lda, GemmWorkspace ws) {
        Gemm.checkPotrf(n, a, off, lda, ws);
        for (int j0 = 0; j0 < n; j0 += POTRF_BLOCK) {
            int w = Math.min(POTRF_BLOCK, n - j0);
            long diag = off + j0 + (long) j0 * lda;
            int info = lower ? dev.pullback.kernel.gemm.ScalarGemm.potrfLower(w, a, diag, lda)
                    : dev.pullback.kernel.gemm.ScalarGemm.potrfUpper(w, a, diag, lda);
            if (info >= 0) return j0 + info;
            int rest = n - j0 - w;
            if (rest == 0) break;
            long next = off + (j0 + w) + (long) (j0 + w) * lda;
            if (!lower) {
                long panel = off + j0 + (long) (j0 + w) * lda;
                trsm(false, true, false, w, rest, a, diag, lda, a, panel, lda, ws);
                syrk(false, true, rest, w, -1.0, a, panel, lda, 1.0, a, next, lda, ws);
            } else {
                long panel = off + (j0 + w) + (long) j0 * lda;
                MemorySegment t = ws.block(Math.multiplyExact(w, rest));
                for (int j = 0; j < w; j++) {
                    for (int i = 0; i < rest; i++) t.setAtIndex(D, j + (long) i * w, a.getAtIndex(D, panel + i + (long) j * lda));
                }
                trsm(true, false, false, w, rest, a, diag, lda, t, 0, w, ws);
                for (int j = 0; j < w; j++) {
                    for (int i = 0; i < rest; i++) a.setAtIndex(D, panel + i + (long) j * lda, t.getAtIndex(D, j + (long) i * w));
                }
                syrk(true, false, rest, w, -1.0, a, panel, lda, 1.0, a, next, lda, ws);
            }
        }
        return -1;
    }

    /**
     * Solves rows i0 : i0+s of X with the diagonal block of op(T) there, assuming the other rows'
     * contributions were already subtracted. {@code forward}: op(T) is lower triangular.
     */
    private void solveRows(boolean forward, boolean transT, boolean unit, int i0, int s, int n,
            MemorySegment t, long tOff, int ldt, MemorySegment x, long xOff, int ldx, GemmWorkspace ws, double[] tri) {
        int v = kernel.lanes();
        if (s <= v) {
            solveLeaf(forward, transT, unit, i0, s, n, t, tOff, ldt, x, xOff, ldx, tri);
            return;
        }
        int s1 = roundUp(ceilDiv(s, 2), v);
        int s2 = s - s1;
        int i1 = i0 + s1;
        if (forward) {
            solveRows(true, transT, unit, i0, s1, n, t, tOff, ldt, x, xOff, ldx, ws, tri);
            // X(i1 : i0+s) −= op(T)(i1 : i0+s, i0 : i1)·X(i0 : i1); that block of op(T) is T(i1.., i0..) or T(i0.., i1..)ᵀ.
            long block = transT ? tOff + i0 + (long) i1 * ldt : tOff + i1 + (long) i0 * ldt;
            gemm(transT, false, s2, n, s1, -1.0, t, block, ldt, x, xOff + i0, ldx, 1.0, x, xOff + i1, ldx, ws);
            solveRows(true, transT, unit, i1, s2, n, t, tOff, ldt, x, xOff, ldx, ws, tri);
        } else {
            solveRows(false, transT, unit, i1, s2, n, t, tOff, ldt, x, xOff, ldx, ws, tri);
            // X(i0 : i1) −= op(T)(i0 : i1, i1 : i0+s)·X(i1 : i0+s).
            long block = transT ? tOff + i1 + (long) i0 * ldt : tOff + i0 + (long) i1 * ldt;
            gemm(transT, false, s1, n, s2, -1.0, t, block, ldt, x, xOff + i1, ldx, 1.0, x, xOff + i0, ldx, ws);
            solveRows(false, transT, unit, i0, s1, n, t, tOff, ldt, x, xOff, ldx, ws, tri);
        }
    }

    /**
     * Copies the s×s diagonal block of op(T) at (i0, i0) into the kernel's layout, scaled to a unit
     * diagonal (row i divided by its diagonal entry), and solves it for all n columns.
     */
    private void solveLeaf(boolean forward, boolean transT, boolean unit, int i0, int s, int n,
            MemorySegment t, long tOff, int ldt, MemorySegment x, long xOff, int ldx, double[] tri) {
        int v = kernel.lanes();
        java.util.Arrays.fill(tri, 0, v * v, 0.0);
        java.util.Arrays.fill(tri, v * v, v * v + v, 1.0);
        for (int i = 0; i < s; i++) {
            double d = unit ? 1.0 : opT(transT, t, tOff, ldt, i0 + i, i0 + i);
            tri[v * v + i] = d;
            int from = forward ? 0 : i + 1;
            int to = forward ? i : s;
            for (int p = from; p < to; p++) tri[p * v + i] = -(opT(transT, t, tOff, ldt, i0 + i, i0 + p) / d);
        }
        kernel.triangularBlock(forward, !unit, s, tri, x, xOff + i0, ldx, n);
    }

    /** Entry (r, c) of op(T). */
    private static double opT(boolean transT, MemorySegment t, long tOff, int ldt, int r, int c) {
        return transT ? t.getAtIndex(D, tOff + c + (long) r * ldt) : t.getAtIndex(D, tOff + r + (long) c * ldt);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int roundUp(int a, int b) {
        return ceilDiv(a, b) * b;
    }
}

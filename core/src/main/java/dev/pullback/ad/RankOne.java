package dev.pullback.ad;

import dev.pullback.kernel.KernelProvider;
import dev.pullback.kernel.Kernels;
import dev.pullback.internal.Checks;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The lazy rank-1 matrix s·u vᵀ (m×n, u of length m, v of length n): the cotangent ∂f/∂A = −λxᵀ of
 * a linear solve, held as the pair (λ, x) in O(m + n) memory instead of an m×n matrix.
 *
 * <p>Everything that touches matrix entries is an explicit call whose cost is stated:
 * <ul>
 *   <li>{@link #dot(CscMatrix)}: ⟨s·uvᵀ, A⟩ = s·Σ over the stored (i, j) of uᵢAᵢⱼvⱼ, O(nnz(A));</li>
 *   <li>{@link #dotEach(PatternGroups, DenseVector)}: the same for every group of an assembly map in
 *       one pass, O(Σ nnz(Aₑ));</li>
 *   <li>{@link #sampleOn(CscMatrix)}: the entries of s·uvᵀ at the positions of a pattern (a
 *       projection you ask for, never one applied silently), O(nnz);</li>
 *   <li>{@link #addTo(DenseMatrix, double)}: explicit densification, O(mn).</li>
 * </ul>
 *
 * <p>A RankOne references its vectors; it does not copy them. The one a {@link LinearSolve}
 * pullback returns references that solve's workspaces and is valid until its next forward or
 * pullback; {@link #copy()} makes an independent one. The scale may be 0: {@link #isZero()} then
 * says the matrix is exactly zero (a structural zero cotangent), and the operations above return
 * zeros without reading u or v.
 */
public final class RankOne {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;

    private final DenseVector u;
    private final DenseVector v;
    private double scale;

    private RankOne(double scale, DenseVector u, DenseVector v) {
        this.scale = scale;
        this.u = u;
        this.v = v;
    }

    /** u vᵀ, referencing u and v. */
    public static RankOne of(DenseVector u, DenseVector v) {
        return of(1.0, u, v);
    }

    /** s·u vᵀ, referencing u and v (not copied). s must be finite. */
    public static RankOne of(double scale, DenseVector u, DenseVector v) {
        if (u == null || v == null) throw new NullPointerException("RankOne.of: u and v must not be null");
        checkScale(scale);
        return new RankOne(scale, u, v);
    }

    /** Rows m = length of u. */
    public int rows() {
        return u.length();
    }

    /** Columns n = length of v. */
    public int cols() {
        return v.length();
    }

    public double scale() {
        return scale;
    }

    /** The left factor u (referenced, not a copy). */
    public DenseVector u() {
        return u;
    }

    /** The right factor v (referenced, not a copy). */
    public DenseVector v() {
        return v;
    }

    /** Whether this is the zero matrix by construction (scale 0); u and v are then not read. */
    public boolean isZero() {
        return scale == 0.0;
    }

    /** Entry (i, j) = s·uᵢvⱼ. */
    public double get(int i, int j) {
        if (i < 0 || i >= rows() || j < 0 || j >= cols()) {
            throw new IndexOutOfBoundsException("entry (" + i + ", " + j + ") outside a " + rows() + "x" + cols()
                    + " rank-1 matrix");
        }
        return isZero() ? 0.0 : scale * u.get(i) * v.get(j);
    }

    /**
     * ⟨s·uvᵀ, A⟩ = s·Σ over the stored (i, j) of A of uᵢAᵢⱼvⱼ = s·uᵀAv, in O(nnz(A)) (the rank-1 kernel).
     * This is the directional derivative of f along A when this RankOne is ∂f/∂A. Rounding: the
     * kernel's summation, relative error about nnz·ε·Σ|uᵢAᵢⱼvⱼ| / |result|.
     */
    public double dot(CscMatrix a) {
        checkShape("dot", a.rows(), a.cols());
        if (isZero()) return 0.0;
        return scale * KernelProvider.kernels().rank1Dot(u, a, v);
    }

    /** ⟨s·uvᵀ, A⟩ = s·Σⱼ vⱼ (Σᵢ uᵢAᵢⱼ) for a dense A, in O(mn). */
    public double dot(DenseMatrix a) {
        checkShape("dot", a.rows(), a.cols());
        if (isZero()) return 0.0;
        Kernels k = KernelProvider.kernels();
        MemorySegment as = a.segment(), us = u.segment(), vs = v.segment();
        int m = rows(), n = cols();
        long ld = a.ld();
        double total = 0;
        for (int j = 0; j < n; j++) total = Math.fma(vs.getAtIndex(D, j), k.dot(m, as, j * ld, us, 0), total);
        return scale * total;
    }

    /**
     * out[e] = ⟨s·uvᵀ, Aₑ⟩ = s·uᵀAₑv for every group e of an assembly map, in one O(Σ nnz(Aₑ)) pass
     * (the batched rank-1 kernel). With this RankOne = ∂f/∂A and A = Σₑ pₑAₑ this is ∂f/∂p.
     */
    public void dotEach(PatternGroups groups, DenseVector out) {
        CscPattern p = groups.pattern();
        checkShape("dotEach", p.rows(), p.cols());
        Checks.vectorLength("RankOne.dotEach", "out", groups.groups(), out.length());
        if (isZero()) {
            out.zero();
            return;
        }
        Kernels k = KernelProvider.kernels();
        k.rank1DotGrouped(u, groups, v, out);
        if (scale != 1.0) k.scal(groups.groups(), scale, out.segment(), 0);
    }

    /**
     * Overwrites the stored values of {@code out} with the entries of s·uvᵀ at out's pattern:
     * out(i, j) = s·uᵢvⱼ for every stored (i, j), O(nnz). Entries outside the pattern are not
     * represented; this is the explicit projection onto a pattern. Bumps out's version.
     */
    public void sampleOn(CscMatrix out) {
        sample("sampleOn", out, 1.0, false);
    }

    /** out(i, j) += α·s·uᵢvⱼ at every stored (i, j) of out, O(nnz): accumulates a sample. */
    public void addSampledTo(CscMatrix out, double alpha) {
        sample("addSampledTo", out, alpha, true);
    }

    /** A new matrix on {@code pattern} (shared, not copied) holding s·uvᵀ sampled there. Allocates; the caller closes it. */
    public CscMatrix sampleOn(CscPattern pattern) {
        CscMatrix out = CscMatrix.withPattern(pattern);
        try {
            sampleOn(out);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** M ← M + α·s·uvᵀ: explicit densification, O(mn) time, touching every entry of M. Bumps M's version. */
    public void addTo(DenseMatrix m, double alpha) {
        checkShape("addTo", m.rows(), m.cols());
        double t = alpha * scale;
        if (t != 0.0) {
            Kernels k = KernelProvider.kernels();
            MemorySegment ms = m.segment(), us = u.segment(), vs = v.segment();
            long ld = m.ld();
            int rows = rows(), cols = cols();
            for (int j = 0; j < cols; j++) {
                double c = t * vs.getAtIndex(D, j);
                if (c != 0.0) k.axpy(rows, c, us, 0, ms, j * ld);
            }
        }
        m.markModified();
    }

    /** Bytes of the doubles this RankOne references: 8·(m + n). It holds nothing else of size. */
    public long footprintBytes() {
        return ((long) rows() + cols()) * Double.BYTES;
    }

    /** An independent copy: new heap vectors holding u and v's current values, the same scale. Allocates. */
    public RankOne copy() {
        return new RankOne(scale, DenseVector.of(u.toArray()), DenseVector.of(v.toArray()));
    }

    /** Re-scales in place; nodes that own a RankOne use it to return s·uvᵀ without allocating. */
    void rescale(double s) {
        this.scale = s;
    }

    @Override
    public String toString() {
        return "RankOne[" + rows() + "x" + cols() + ", scale=" + scale + "]";
    }

    private void sample(String op, CscMatrix out, double alpha, boolean accumulate) {
        checkShape(op, out.rows(), out.cols());
        CscPattern p = out.pattern();
        MemorySegment cp = p.colPtr(), ri = p.rowIdx(), os = out.values(), us = u.segment(), vs = v.segment();
        double t = alpha * scale;
        int n = cols();
        if (t == 0.0) {
            if (!accumulate) os.fill((byte) 0);
        } else {
            for (int j = 0; j < n; j++) {
                double c = t * vs.getAtIndex(D, j);
                int end = cp.getAtIndex(I, j + 1);
                for (int k = cp.getAtIndex(I, j); k < end; k++) {
                    double s = c * us.getAtIndex(D, ri.getAtIndex(I, k));
                    os.setAtIndex(D, k, accumulate ? os.getAtIndex(D, k) + s : s);
                }
            }
        }
        out.markModified();
    }

    private void checkShape(String op, int m, int n) {
        if (m != rows() || n != cols()) {
            throw new IllegalArgumentException("RankOne." + op + ": matrix is " + m + "x" + n + ", this rank-1 matrix is "
                    + rows() + "x" + cols());
        }
    }

    private static void checkScale(double s) {
        if (!Double.isFinite(s)) throw new IllegalArgumentException("RankOne scale must be finite, got " + s);
    }
}

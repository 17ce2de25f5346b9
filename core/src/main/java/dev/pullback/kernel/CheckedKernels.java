package dev.pullback.kernel;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.lang.foreign.MemorySegment;

/**
 * The argument-checking facade over a {@link Kernels} implementation (EJML's CommonOps/Impl split):
 * every entry point checks counts, offsets, segment sizes, vector lengths against the matrix shape
 * and that an output does not overlap an input, names the offending quantity in an
 * {@link IllegalArgumentException} ("spmv: x has length 5, expected cols = 7"), and then delegates.
 *
 * <p>The checks are O(1) per call and allocate nothing on success, so they cost nothing measurable
 * on large operands; {@link KernelProvider#kernels()} hands this facade out. Code inside Pullback
 * that calls kernels in an inner loop on operands it has already validated (a factorization's
 * column updates) may use {@link KernelProvider#unchecked()} instead. Without these checks a bad
 * length is still never silent memory corruption: segment accesses are bounds-checked by the JDK,
 * but the exception then names a byte offset instead of the argument.
 */
final class CheckedKernels implements Kernels {
    private final Kernels delegate;

    CheckedKernels(Kernels delegate) {
        this.delegate = delegate;
    }

    /** The unchecked implementation this facade delegates to. */
    public Kernels delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public double dot(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        count("dot", n);
        span("dot", "x", x, xOff, n);
        span("dot", "y", y, yOff, n);
        return delegate.dot(n, x, xOff, y, yOff);
    }

    @Override
    public void axpy(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        count("axpy", n);
        span("axpy", "x", x, xOff, n);
        span("axpy", "y", y, yOff, n);
        if (!(x.equals(y) && xOff == yOff)) disjoint("axpy", "y", y, yOff, n, "x", x, xOff, n);
        delegate.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void scal(int n, double alpha, MemorySegment x, long xOff) {
        count("scal", n);
        span("scal", "x", x, xOff, n);
        delegate.scal(n, alpha, x, xOff);
    }

    @Override
    public void copy(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        count("copy", n);
        span("copy", "x", x, xOff, n);
        span("copy", "y", y, yOff, n);
        delegate.copy(n, x, xOff, y, yOff);
    }

    @Override
    public double nrm2(int n, MemorySegment x, long xOff) {
        count("nrm2", n);
        span("nrm2", "x", x, xOff, n);
        return delegate.nrm2(n, x, xOff);
    }

    @Override
    public int iamax(int n, MemorySegment x, long xOff) {
        count("iamax", n);
        span("iamax", "x", x, xOff, n);
        return delegate.iamax(n, x, xOff);
    }

    @Override
    public void gemv(boolean transpose, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
            MemorySegment x, long xOff, double beta, MemorySegment y, long yOff) {
        String op = transpose ? "gemv(transpose)" : "gemv";
        if (m < 0 || n < 0) throw new IllegalArgumentException(op + ": shape must be non-negative, got " + m + "x" + n);
        if (lda < Math.max(1, m)) {
            throw new IllegalArgumentException(op + ": lda = " + lda + " is below max(1, rows = " + m + ")");
        }
        if (aOff < 0) throw new IllegalArgumentException(op + ": A offset " + aOff + " is negative");
        long aSpan = m == 0 || n == 0 ? 0 : (long) (n - 1) * lda + m;
        span(op, "A", a, aOff, aSpan);
        int xn = transpose ? m : n, yn = transpose ? n : m;
        span(op, "x", x, xOff, xn);
        span(op, "y", y, yOff, yn);
        disjoint(op, "y", y, yOff, yn, "x", x, xOff, xn);
        disjoint(op, "y", y, yOff, yn, "A", a, aOff, aSpan);
        delegate.gemv(transpose, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    @Override
    public void spmv(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        length("spmv", "x", x, "cols", a.cols());
        length("spmv", "y", y, "rows", a.rows());
        disjoint("spmv", y, x);
        delegate.spmv(alpha, a, x, beta, y);
    }

    @Override
    public void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        length("spmvTransposed", "x", x, "rows", a.rows());
        length("spmvTransposed", "y", y, "cols", a.cols());
        disjoint("spmvTransposed", y, x);
        delegate.spmvTransposed(alpha, a, x, beta, y);
    }

    @Override
    public double rank1Dot(DenseVector u, CscMatrix a, DenseVector v) {
        length("rank1Dot", "u", u, "rows", a.rows());
        length("rank1Dot", "v", v, "cols", a.cols());
        return delegate.rank1Dot(u, a, v);
    }

    @Override
    public void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y, int from, int to) {
        length("spmvTransposed", "x", x, "rows", a.rows());
        length("spmvTransposed", "y", y, "cols", a.cols());
        columns("spmvTransposed", a, from, to);
        disjoint("spmvTransposed", y, x);
        delegate.spmvTransposed(alpha, a, x, beta, y, from, to);
    }

    @Override
    public void spmvAdd(double alpha, CscMatrix a, DenseVector x, DenseVector y, int from, int to) {
        length("spmvAdd", "x", x, "cols", a.cols());
        length("spmvAdd", "y", y, "rows", a.rows());
        columns("spmvAdd", a, from, to);
        disjoint("spmvAdd", y, x);
        delegate.spmvAdd(alpha, a, x, y, from, to);
    }

    @Override
    public double rank1Dot(DenseVector u, CscMatrix a, DenseVector v, int from, int to) {
        length("rank1Dot", "u", u, "rows", a.rows());
        length("rank1Dot", "v", v, "cols", a.cols());
        columns("rank1Dot", a, from, to);
        return delegate.rank1Dot(u, a, v, from, to);
    }

    /** 0 ≤ from ≤ to ≤ cols. */
    private static void columns(String op, CscMatrix a, int from, int to) {
        if (from < 0 || from > to || to > a.cols()) {
            throw new IllegalArgumentException(op + ": column range [" + from + ", " + to + ") is not within [0, "
                    + a.cols() + "]");
        }
    }

    @Override
    public void rank1DotGrouped(DenseVector u, PatternGroups groups, DenseVector v, DenseVector out) {
        length("rank1DotGrouped", "u", u, "rows", groups.pattern().rows());
        length("rank1DotGrouped", "v", v, "cols", groups.pattern().cols());
        length("rank1DotGrouped", "out", out, "groups", groups.groups());
        disjoint("rank1DotGrouped", out, u);
        disjoint("rank1DotGrouped", out, v);
        delegate.rank1DotGrouped(u, groups, v, out);
    }

    private static void count(String op, int n) {
        if (n < 0) throw new IllegalArgumentException(op + ": n must be >= 0, got " + n);
    }

    /** The segment must hold doubles [off, off + n). */
    private static void span(String op, String role, MemorySegment s, long off, long n) {
        if (off < 0) throw new IllegalArgumentException(op + ": " + role + " offset " + off + " is negative");
        long held = s.byteSize() / Double.BYTES;
        if (off + n > held) {
            throw new IllegalArgumentException(op + ": " + role + " holds " + held + " doubles, needs offset "
                    + off + " + " + n + " = " + (off + n));
        }
    }

    private static void length(String op, String role, DenseVector v, String dim, int expected) {
        if (v.length() != expected) {
            throw new IllegalArgumentException(op + ": " + role + " has length " + v.length() + ", expected "
                    + dim + " = " + expected);
        }
    }

    private static void disjoint(String op, DenseVector out, DenseVector in) {
        boolean overlap = out.heapArray() != null && in.heapArray() != null
                ? out.heapArray() == in.heapArray()
                : overlaps(out.segment(), 0, out.length(), in.segment(), 0, in.length());
        if (overlap) throw new IllegalArgumentException(op + ": the output vector overlaps an input vector");
    }

    private static void disjoint(String op, String outRole, MemorySegment out, long outOff, long outN,
            String inRole, MemorySegment in, long inOff, long inN) {
        if (overlaps(out, outOff, outN, in, inOff, inN)) {
            throw new IllegalArgumentException(op + ": " + outRole + " overlaps " + inRole);
        }
    }

    /**
     * Whether doubles [aOff, aOff+an) of a and [bOff, bOff+bn) of b share memory: the same native
     * memory or the same heap array, and intersecting address ranges (a heap segment's address is
     * its offset in the array).
     */
    private static boolean overlaps(MemorySegment a, long aOff, long an, MemorySegment b, long bOff, long bn) {
        if (an == 0 || bn == 0) return false;
        if (a.isNative() != b.isNative()) return false;
        if (!a.isNative() && a.heapBase().orElse(null) != b.heapBase().orElse(null)) return false;
        long a0 = a.address() + aOff * Double.BYTES, b0 = b.address() + bOff * Double.BYTES;
        return a0 < b0 + bn * Double.BYTES && b0 < a0 + an * Double.BYTES;
    }
}

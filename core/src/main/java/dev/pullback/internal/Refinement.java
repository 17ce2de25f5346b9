package dev.pullback.internal;

import dev.pullback.factor.SolveReport;
import dev.pullback.kernel.KernelProvider;
import dev.pullback.kernel.Kernels;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The refining solve of every factorization (see {@link SolveReport} for the method and its stopping
 * rules), written once: a factorization supplies its solve, the residual and ‖op(A)‖∞ through
 * {@link Steps}, implemented by its per-solve workspace (so nothing is allocated per call), and a
 * {@link Scratch} that lives in that workspace too. Also the norms and the residual of a CSC matrix.
 */
public final class Refinement {
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private Refinement() {}

    /** What the refinement loop needs from a factorization, for op(A) = A or Aᵀ. */
    public interface Steps {
        /** dst = op(A)⁻¹src with the factors; src and dst may be the same vector. */
        void solve(DenseVector src, DenseVector dst);

        /** r = b − op(A)·x (r is none of b and x). */
        void residual(DenseVector b, DenseVector x, DenseVector r);

        /** ‖op(A)‖∞, the largest row sum of |op(A)|; {@code scratch} (n doubles) may be overwritten. */
        double normInf(DenseVector scratch);

        /** dst = |op(A)|·|x| (dst is not x). */
        void absProduct(DenseVector x, DenseVector dst);
    }

    /** Four heap vectors of length n: b (kept, since b may be x), the residual and correction, the trial x, |op(A)|·|x|. */
    public static final class Scratch {
        final DenseVector b;
        final DenseVector r;
        final DenseVector t;
        final DenseVector ax;

        public Scratch(int n) {
            b = DenseVector.heap(n);
            r = DenseVector.heap(n);
            t = DenseVector.heap(n);
            ax = DenseVector.heap(n);
        }
    }

    /**
     * x = op(A)⁻¹b, refined while the componentwise backward error ω_c = max_i |b − op(A)x|_i /
     * (|op(A)|·|x| + |b|)_i (Oettli and Prager; what LAPACK's dgerfs and UMFPACK refine on) is above
     * the report's tolerance: at most {@link SolveReport#maxSteps()} steps x ← x + op(A)⁻¹r, each
     * kept only if it lowers ω_c, and none after a step that does not halve it. Records in
     * {@code report} the normwise ω = ‖b − op(A)x‖∞ / (‖op(A)‖∞‖x‖∞ + ‖b‖∞) of the first and the
     * final x, with {@code rcond} and its bar ({@link SolveReport#illConditionedBelow(int, double)}).
     * Why componentwise: on a badly scaled system (a saddle point whose blocks differ by orders of
     * magnitude) ω is already a few ε while a component of x is off by κ·ε; one step driven by ω_c
     * brings it to what the componentwise condition allows. Allocates nothing.
     */
    public static void solve(Steps op, DenseVector b, DenseVector x, Scratch w, SolveReport report, double rcond,
            double bar) {
        DenseVector sb = w.b, r = w.r, t = w.t, ax = w.ax;
        sb.copyFrom(b);
        op.solve(sb, x);
        double normA = op.normInf(r);
        double bInf = maxAbs(sb);
        op.residual(sb, x, r);
        double first = omega(maxAbs(r), normA, maxAbs(x), bInf);
        double omega = first;
        double componentwise = componentwise(op, sb, x, r, ax);
        int taken = 0;
        // ω_c = ∞ or NaN: x overflowed, and a correction computed from it cannot help.
        while (componentwise > report.tolerance() && componentwise <= Double.MAX_VALUE && taken < report.maxSteps()) {
            op.solve(r, r);
            add(x, r, t);
            op.residual(sb, t, r);
            double next = componentwise(op, sb, t, r, ax);
            taken++;
            if (!(next < componentwise)) break;
            x.copyFrom(t);
            omega = omega(maxAbs(r), normA, maxAbs(t), bInf);
            boolean halved = next <= componentwise / 2;
            componentwise = next;
            if (!halved) break;
        }
        report.record(first, omega, taken, rcond, bar);
    }

    /**
     * ω_c = max_i |r_i| / (|op(A)|·|x| + |b|)_i for the residual r of x; a row whose denominator is
     * 0 counts only if its residual is not (then ω_c = ∞). {@code ax} is overwritten.
     */
    private static double componentwise(Steps op, DenseVector b, DenseVector x, DenseVector r, DenseVector ax) {
        op.absProduct(x, ax);
        MemorySegment bs = b.segment(), rs = r.segment(), as = ax.segment();
        double m = 0;
        for (int i = 0, n = x.length(); i < n; i++) {
            double ri = Math.abs(rs.getAtIndex(D, i));
            double den = as.getAtIndex(D, i) + Math.abs(bs.getAtIndex(D, i));
            double q = den > 0 ? ri / den : (ri == 0 ? 0 : Double.POSITIVE_INFINITY);
            if (!(q <= m)) m = q == q ? q : Double.POSITIVE_INFINITY;
        }
        return m;
    }

    /** ω from its parts; 0 when b = 0 and x = 0. */
    private static double omega(double rInf, double normA, double xInf, double bInf) {
        double denominator = normA * xInf + bInf;
        return denominator == 0 ? rInf : rInf / denominator;
    }

    /** t = x + d. */
    private static void add(DenseVector x, DenseVector d, DenseVector t) {
        MemorySegment xs = x.segment(), ds = d.segment(), ts = t.segment();
        for (int i = 0, n = x.length(); i < n; i++) {
            ts.setAtIndex(D, i, xs.getAtIndex(D, i) + ds.getAtIndex(D, i));
        }
    }

    /** max |vᵢ|, or +∞ when an entry is NaN or infinite. */
    static double maxAbs(DenseVector v) {
        MemorySegment s = v.segment();
        double m = 0;
        for (int i = 0, n = v.length(); i < n; i++) {
            double a = Math.abs(s.getAtIndex(D, i));
            if (!(a <= m)) m = a == a ? a : Double.POSITIVE_INFINITY;
        }
        return m;
    }

    // ---------------------------------------------------------------- CSC helpers

    /** r = b − op(A)·x with the library's kernels (A or Aᵀ). */
    public static void residual(CscMatrix a, boolean transposed, DenseVector b, DenseVector x, DenseVector r) {
        r.copyFrom(b);
        Kernels k = KernelProvider.kernels();
        if (transposed) k.spmvTransposed(-1.0, a, x, 1.0, r);
        else k.spmv(-1.0, a, x, 1.0, r);
    }

    /** dst = |op(A)|·|x| for a CSC matrix A (op(A) = Aᵀ when {@code transposed}). */
    public static void absProduct(CscMatrix a, boolean transposed, DenseVector x, DenseVector dst) {
        MemorySegment cp = a.pattern().colPtr(), ri = a.pattern().rowIdx(), v = a.values();
        MemorySegment xs = x.segment(), ds = dst.segment();
        if (transposed) {
            for (int j = 0, n = a.cols(); j < n; j++) {
                double sum = 0;
                for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) {
                    sum += Math.abs(v.getAtIndex(D, p) * xs.getAtIndex(D, ri.getAtIndex(I, p)));
                }
                ds.setAtIndex(D, j, sum);
            }
            return;
        }
        dst.zero();
        for (int j = 0, n = a.cols(); j < n; j++) {
            double xj = Math.abs(xs.getAtIndex(D, j));
            if (xj == 0) continue;
            for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) {
                long i = ri.getAtIndex(I, p);
                ds.setAtIndex(D, i, ds.getAtIndex(D, i) + Math.abs(v.getAtIndex(D, p)) * xj);
            }
        }
    }

    /** ‖A‖₁, the largest column sum of |A|. */
    public static double norm1(CscMatrix a) {
        MemorySegment cp = a.pattern().colPtr(), v = a.values();
        double m = 0;
        for (int j = 0, n = a.cols(); j < n; j++) {
            double s = 0;
            for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) s += Math.abs(v.getAtIndex(D, p));
            m = Math.max(m, s);
        }
        return m;
    }

    /** ‖A‖∞, the largest row sum of |A|, summed in {@code rowSums} (a.rows() doubles, overwritten). */
    public static double normInf(CscMatrix a, DenseVector rowSums) {
        MemorySegment ri = a.pattern().rowIdx(), v = a.values(), s = rowSums.segment();
        rowSums.zero();
        for (int p = 0, nnz = a.nnz(); p < nnz; p++) {
            long i = ri.getAtIndex(I, p);
            s.setAtIndex(D, i, s.getAtIndex(D, i) + Math.abs(v.getAtIndex(D, p)));
        }
        return maxAbs(rowSums);
    }

    /** 1/(‖A‖·‖A⁻¹‖) from the two norms, as LAPACK's dgecon: 0 when either is 0, infinite or NaN; 1 for order 0. */
    public static double reciprocalCondition(int n, double norm, double inverseNorm) {
        if (n == 0) return 1;
        return norm == 0 || !(inverseNorm > 0) || inverseNorm == Double.POSITIVE_INFINITY || !(norm <= Double.MAX_VALUE)
                ? 0 : (1 / inverseNorm) / norm;
    }
}

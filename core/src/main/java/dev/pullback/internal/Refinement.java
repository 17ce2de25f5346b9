package dev.pullback.internal;

import dev.pullback.factor.SolveReport;
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

        /**
         * r = b − op(A)·x accumulated in twice the working precision and rounded once (see
         * {@link #residual(CscMatrix, boolean, DenseVector, DenseVector, DenseVector, DenseVector)});
         * r is none of b and x, {@code low} (n doubles, none of the others) may be overwritten.
         */
        void residual(DenseVector b, DenseVector x, DenseVector r, DenseVector low);

        /** ‖op(A)‖∞, the largest row sum of |op(A)|; {@code scratch} (n doubles) may be overwritten. */
        double normInf(DenseVector scratch);

        /** dst = |op(A)|·|x| (dst is not x). */
        void absProduct(DenseVector x, DenseVector dst);
    }

    /**
     * Five heap vectors of length n: b (kept, since b may be x), the residual and correction, the
     * trial x, |op(A)|·|x|, and the low parts of the residual's sums.
     */
    public static final class Scratch {
        final DenseVector b;
        final DenseVector r;
        final DenseVector t;
        final DenseVector ax;
        final DenseVector low;

        public Scratch(int n) {
            b = DenseVector.heap(n);
            r = DenseVector.heap(n);
            t = DenseVector.heap(n);
            ax = DenseVector.heap(n);
            low = DenseVector.heap(n);
        }
    }

    /**
     * x = op(A)⁻¹b, refined with residuals computed in twice the working precision (extra-precise
     * refinement: Demmel, Hida, Kahan, Li, Mukherjee and Riedy 2006, LAPACK's dgerfsx): each step is
     * r = b − op(A)x (accumulated error-free, rounded once), x ← x + op(A)⁻¹r. A fixed-precision
     * residual carries an error of about ε·|A||x|, so it can bring x only to a backward error of a
     * few ε, whose forward error is κ·ε; the accurate residual lets each step shrink the forward
     * error by about κ·ε·growth, down to the rounding of x itself, as long as κ·ε stays well below 1.
     *
     * <p>When: steps start if the componentwise backward error ω_c = max_i |b − op(A)x|_i /
     * (|op(A)|·|x| + |b|)_i (Oettli and Prager) of the first solve is above the report's tolerance,
     * or if its forward error bound ω/rcond is (when the condition was estimated); a well-conditioned
     * backward-stable answer is left alone. Then at most {@link SolveReport#maxSteps()} steps; a step
     * is kept unless it raises ω_c above both its previous value and the tolerance; refinement goes
     * on while ω_c is above the tolerance and was halved, or while the correction was above
     * tolerance·‖x‖∞ and at most half the previous one (the forward error still falling), and stops
     * otherwise. Records in {@code report} the normwise ω =
     * ‖b − op(A)x‖∞ / (‖op(A)‖∞‖x‖∞ + ‖b‖∞) of the first and the final x, with {@code rcond} and its
     * bar ({@link SolveReport#illConditionedBelow(int, double)}). Allocates nothing.
     */
    public static void solve(Steps op, DenseVector b, DenseVector x, Scratch w, SolveReport report, double rcond,
            double bar) {
        DenseVector sb = w.b, r = w.r, t = w.t, ax = w.ax, low = w.low;
        sb.copyFrom(b);
        op.solve(sb, x);
        double normA = op.normInf(r);
        double bInf = maxAbs(sb);
        op.residual(sb, x, r, low);
        double first = omega(maxAbs(r), normA, maxAbs(x), bInf);
        double omega = first;
        double componentwise = componentwise(op, sb, x, r, ax);
        double tolerance = report.tolerance();
        double previousCorrection = Double.POSITIVE_INFINITY;
        boolean more = componentwise > tolerance || first / rcond > tolerance;
        int taken = 0;
        // ω_c = ∞ or NaN: x overflowed, and a correction computed from it cannot help.
        while (more && componentwise <= Double.MAX_VALUE && taken < report.maxSteps()) {
            op.solve(r, r);
            double correction = maxAbs(r);
            add(x, r, t);
            op.residual(sb, t, r, low);
            double next = componentwise(op, sb, t, r, ax);
            taken++;
            if (!(next <= Math.max(componentwise, tolerance))) break;
            x.copyFrom(t);
            double xInf = maxAbs(t);
            omega = omega(maxAbs(r), normA, xInf, bInf);
            boolean backwardFalling = next > tolerance && next <= componentwise / 2;
            boolean forwardFalling = correction > tolerance * xInf && correction <= previousCorrection / 2;
            more = backwardFalling || forwardFalling;
            componentwise = next;
            previousCorrection = correction;
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

    /**
     * r = b − op(A)·x for a CSC matrix, each rᵢ summed as if in twice the working precision and
     * rounded once (Ogita, Rump and Oishi 2005, Dot2: every product split exactly by an FMA into
     * its rounded value and error, every sum by TwoSum, the errors summed apart and added at the
     * end): |r − (b − op(A)x)| ≤ ε|b − op(A)x| + γ²(|b| + |op(A)||x|) componentwise, γ = nε, where a
     * plain product is off by up to nε·(|b| + |op(A)||x|). About four times the flops of a plain
     * product, on the scalar path (it runs once per refinement step). {@code low} (n doubles) holds
     * the error sums of y = Ax, scattered by columns; it is unused for Aᵀ, whose rows are columns.
     */
    public static void residual(CscMatrix a, boolean transposed, DenseVector b, DenseVector x, DenseVector r,
            DenseVector low) {
        if (transposed) residualByDots(a, b, x, r);
        else residualByColumns(a, b, x, r, low);
    }

    /** r = b − Aᵀx: each rⱼ one sum over column j of A (a method of its own, so C2 compiles each form on its profile). */
    private static void residualByDots(CscMatrix a, DenseVector b, DenseVector x, DenseVector r) {
        MemorySegment cp = a.pattern().colPtr(), ri = a.pattern().rowIdx(), v = a.values();
        MemorySegment xs = x.segment(), bs = b.segment(), rs = r.segment();
        for (int j = 0, n = a.cols(); j < n; j++) {
            double s = bs.getAtIndex(D, j), e = 0;
            for (int p = cp.getAtIndex(I, j), end = cp.getAtIndex(I, j + 1); p < end; p++) {
                double f = -v.getAtIndex(D, p), xi = xs.getAtIndex(D, ri.getAtIndex(I, p));
                double product = f * xi, sum = s + product;
                e += lostBits(s, f, xi, product, sum);
                s = sum;
            }
            rs.setAtIndex(D, j, s + e);
        }
    }

    /** r = b − Ax by columns of A, the error sums scattered into {@code low}, added at the end. */
    private static void residualByColumns(CscMatrix a, DenseVector b, DenseVector x, DenseVector r, DenseVector low) {
        MemorySegment cp = a.pattern().colPtr(), ri = a.pattern().rowIdx(), v = a.values();
        MemorySegment xs = x.segment(), rs = r.segment(), ls = low.segment();
        r.copyFrom(b);
        low.zero();
        for (int j = 0, n = a.cols(); j < n; j++) {
            double xj = xs.getAtIndex(D, j);
            for (int p = cp.getAtIndex(I, j), end = cp.getAtIndex(I, j + 1); p < end; p++) {
                long i = ri.getAtIndex(I, p);
                double f = -v.getAtIndex(D, p);
                double s = rs.getAtIndex(D, i), product = f * xj, sum = s + product;
                rs.setAtIndex(D, i, sum);
                ls.setAtIndex(D, i, ls.getAtIndex(D, i) + lostBits(s, f, xj, product, sum));
            }
        }
        for (int i = 0, m = a.rows(); i < m; i++) rs.setAtIndex(D, i, rs.getAtIndex(D, i) + ls.getAtIndex(D, i));
    }

    /**
     * r = b − op(A)·x for a dense n×n column-major A (leading dimension lda), summed as the CSC
     * {@link #residual(CscMatrix, boolean, DenseVector, DenseVector, DenseVector, DenseVector)}.
     */
    public static void residual(MemorySegment a, long lda, int n, boolean transposed, DenseVector b, DenseVector x,
            DenseVector r, DenseVector low) {
        if (transposed) denseResidualByDots(a, lda, n, b, x, r);
        else denseResidualByColumns(a, lda, n, b, x, r, low);
    }

    /** r = b − Aᵀx for a dense A: each rⱼ one sum down column j. */
    private static void denseResidualByDots(MemorySegment a, long lda, int n, DenseVector b, DenseVector x,
            DenseVector r) {
        MemorySegment xs = x.segment(), bs = b.segment(), rs = r.segment();
        for (int j = 0; j < n; j++) {
            long col = j * lda;
            double s = bs.getAtIndex(D, j), e = 0;
            for (int i = 0; i < n; i++) {
                double f = -a.getAtIndex(D, col + i), xi = xs.getAtIndex(D, i);
                double product = f * xi, sum = s + product;
                e += lostBits(s, f, xi, product, sum);
                s = sum;
            }
            rs.setAtIndex(D, j, s + e);
        }
    }

    /** r = b − Ax for a dense A by columns, the error sums in {@code low}, added at the end. */
    private static void denseResidualByColumns(MemorySegment a, long lda, int n, DenseVector b, DenseVector x,
            DenseVector r, DenseVector low) {
        MemorySegment xs = x.segment(), rs = r.segment(), ls = low.segment();
        r.copyFrom(b);
        low.zero();
        for (int j = 0; j < n; j++) {
            long col = j * lda;
            double xj = xs.getAtIndex(D, j);
            for (int i = 0; i < n; i++) {
                double f = -a.getAtIndex(D, col + i);
                double s = rs.getAtIndex(D, i), product = f * xj, sum = s + product;
                rs.setAtIndex(D, i, sum);
                ls.setAtIndex(D, i, ls.getAtIndex(D, i) + lostBits(s, f, xj, product, sum));
            }
        }
        for (int i = 0; i < n; i++) rs.setAtIndex(D, i, rs.getAtIndex(D, i) + ls.getAtIndex(D, i));
    }

    /**
     * What rounding dropped from s + f·x, given product = fl(f·x) and sum = fl(s + product): the
     * product's error (exact, by an FMA) plus the sum's (exact, by Knuth's TwoSum).
     */
    static double lostBits(double s, double f, double x, double product, double sum) {
        double z = sum - s;
        return ((s - (sum - z)) + (product - z)) + Math.fma(f, x, -product);
    }

    /** dst = |op(A)|·|x| for a CSC matrix A (op(A) = Aᵀ when {@code transposed}). */
    public static void absProduct(CscMatrix a, boolean transposed, DenseVector x, DenseVector dst) {
        if (transposed) absProductByDots(a, x, dst);
        else absProductByColumns(a, x, dst);
    }

    /** dst = |Aᵀ|·|x|, each entry one sum over a column of A. */
    private static void absProductByDots(CscMatrix a, DenseVector x, DenseVector dst) {
        MemorySegment cp = a.pattern().colPtr(), ri = a.pattern().rowIdx(), v = a.values();
        MemorySegment xs = x.segment(), ds = dst.segment();
        for (int j = 0, n = a.cols(); j < n; j++) {
            double sum = 0;
            for (int p = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1); p < e; p++) {
                sum += Math.abs(v.getAtIndex(D, p) * xs.getAtIndex(D, ri.getAtIndex(I, p)));
            }
            ds.setAtIndex(D, j, sum);
        }
    }

    /** dst = |A|·|x| by columns of A. */
    private static void absProductByColumns(CscMatrix a, DenseVector x, DenseVector dst) {
        MemorySegment cp = a.pattern().colPtr(), ri = a.pattern().rowIdx(), v = a.values();
        MemorySegment xs = x.segment(), ds = dst.segment();
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

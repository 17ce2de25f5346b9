package dev.pullback.topopt;

import dev.pullback.solvers.Factorizer;
import dev.pullback.factor.Factorization;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * TEST SCOPE ONLY: a banded Cholesky factorization A = LLᵀ for symmetric positive definite A, the
 * independent solver the topology-optimisation tests use instead of the library's sparse LU.
 * Textbook right-looking band algorithm (Golub and Van Loan, §4.3.5): O(n·b²) work for half
 * bandwidth b, exact up to rounding, so it handles the ill-conditioned 0/1 designs (Emin = 1e-9)
 * that an iterative solver would struggle with. Top88's numbering gives b = 2·nely + 5, small for
 * the test meshes. solveTransposed = solve because A = Aᵀ. Refactoring and solving allocate nothing.
 */
final class BandCholesky implements Factorization {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final CscMatrix a;
    private final int n;
    private final int b;
    private final double[] band; // L(j + k, j) at band[j·(b+1) + k], k = 0..b
    private long factoredVersion = -1;
    private boolean closed;

    BandCholesky(CscMatrix a) {
        if (a.rows() != a.cols()) throw new IllegalArgumentException("BandCholesky needs a square matrix, got " + a);
        this.a = a;
        this.n = a.rows();
        CscPattern p = a.pattern();
        int width = 0;
        for (int j = 0; j < n; j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) width = Math.max(width, Math.abs(p.row(k) - j));
        }
        this.b = width;
        this.band = new double[n * (b + 1)];
    }

    /** A factory of {@link Factorizer}s backed by this class (refactor = factor again on the same band storage). */
    static LinearSolverFactory factory() {
        return new LinearSolverFactory() {
            @Override
            public String name() {
                return "band Cholesky (test scope)";
            }

            @Override
            public Factorizer<CscMatrix> create() {
                return new Factorizer.OfCsc() {
                    private BandCholesky chol;

                    @Override
                    public Factorization factor(CscMatrix matrix) {
                        close();
                        chol = new BandCholesky(matrix);
                        chol.factor();
                        return chol;
                    }

                    @Override
                    public Factorization refactor(CscMatrix matrix) {
                        if (chol == null || chol.a != matrix) throw new IllegalStateException("refactor of another matrix");
                        chol.factor();
                        return chol;
                    }

                    @Override
                    public void close() {
                        if (chol != null) chol.close();
                    }
                };
            }
        };
    }

    int halfBandwidth() {
        return b;
    }

    /** L from A's current values (its lower triangle is read). */
    void factor() {
        if (closed) throw new IllegalStateException("BandCholesky is closed");
        java.util.Arrays.fill(band, 0.0);
        CscPattern p = a.pattern();
        MemorySegment v = a.values();
        int w = b + 1;
        for (int j = 0; j < n; j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) {
                int i = p.row(k);
                if (i >= j) band[j * w + (i - j)] = v.getAtIndex(D, k);
            }
        }
        for (int j = 0; j < n; j++) {
            int cj = j * w;
            double d = band[cj];
            if (!(d > 0)) throw new ArithmeticException("BandCholesky: matrix not positive definite at column " + j + " (pivot " + d + ")");
            double ljj = Math.sqrt(d);
            band[cj] = ljj;
            int last = Math.min(b, n - 1 - j);
            for (int k = 1; k <= last; k++) band[cj + k] /= ljj;
            // trailing update A(r, c) -= L(r, j) L(c, j) for j < c <= r <= j + b
            for (int dc = 1; dc <= last; dc++) {
                double lc = band[cj + dc];
                if (lc == 0) continue;
                int cc = (j + dc) * w;
                for (int dr = dc; dr <= last; dr++) band[cc + (dr - dc)] -= band[cj + dr] * lc;
            }
        }
        factoredVersion = a.version();
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public void solve(DenseMatrix b, DenseMatrix x) {
        byColumns(b, x);
    }

    /** K is symmetric: Kᵀ = K. */
    @Override
    public void solveTransposed(DenseMatrix b, DenseMatrix x) {
        byColumns(b, x);
    }

    /** The vector solve, one column at a time (a test reference: it allocates two vectors). */
    private void byColumns(DenseMatrix b, DenseMatrix x) {
        DenseVector bc = DenseVector.heap(n()), xc = DenseVector.heap(n());
        for (int c = 0; c < b.cols(); c++) {
            for (int i = 0; i < n(); i++) bc.set(i, b.get(i, c));
            solve(bc, xc);
            for (int i = 0; i < n(); i++) x.set(i, c, xc.get(i));
        }
    }

    @Override
    public void solve(DenseVector rhs, DenseVector x) {
        if (closed) throw new IllegalStateException("BandCholesky is closed");
        if (factoredVersion != a.version()) throw new IllegalStateException("BandCholesky is stale: the matrix changed since factor()");
        if (rhs.length() != n || x.length() != n) throw new IllegalArgumentException("solve: vectors must have length " + n);
        if (rhs != x) x.copyFrom(rhs);
        MemorySegment s = x.segment();
        int w = b + 1;
        for (int j = 0; j < n; j++) { // L y = rhs
            double yj = s.getAtIndex(D, j) / band[j * w];
            s.setAtIndex(D, j, yj);
            int last = Math.min(b, n - 1 - j);
            for (int k = 1; k <= last; k++) s.setAtIndex(D, j + k, s.getAtIndex(D, j + k) - band[j * w + k] * yj);
        }
        for (int j = n - 1; j >= 0; j--) { // Lᵀ x = y
            double t = s.getAtIndex(D, j);
            int last = Math.min(b, n - 1 - j);
            for (int k = 1; k <= last; k++) t -= band[j * w + k] * s.getAtIndex(D, j + k);
            s.setAtIndex(D, j, t / band[j * w]);
        }
    }

    @Override
    public void solveTransposed(DenseVector rhs, DenseVector x) {
        solve(rhs, x); // A = Aᵀ
    }

    @Override
    public void close() {
        closed = true;
    }
}

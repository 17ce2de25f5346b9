package dev.pullback.ad;

import dev.pullback.solvers.Factorizer;

import dev.pullback.factor.Factorization;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.function.LongSupplier;

/**
 * Test-only reference: a textbook dense LU with partial pivoting, PA = LU, on heap arrays. It is the
 * independent solver the pullback tests run on beside the library's LUs, so that a pullback test
 * does not depend on the code it is not about. Refactor reuses its arrays and allocates nothing.
 * O(n³): for small n only.
 */
final class ReferenceLu implements Factorization {
    private int n;
    private double[] lu = new double[0]; // column-major, L strictly below the diagonal (unit), U on and above
    private int[] perm = new int[0];     // row i of PA is row perm[i] of A
    private double[] work = new double[0];
    private LongSupplier version;        // the factored matrix's version now
    private long factoredVersion;
    private boolean closed;

    @Override
    public int n() {
        return n;
    }

    void resize(int order) {
        if (order != n || lu.length != (long) order * order) {
            n = order;
            lu = new double[order * order];
            perm = new int[order];
            work = new double[order];
        }
    }

    /** Factors the values currently in {@link #lu} (column-major A). */
    void factorInPlace() {
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int k = 0; k < n; k++) {
            int p = k;
            double max = Math.abs(lu[k + k * n]);
            for (int i = k + 1; i < n; i++) {
                double a = Math.abs(lu[i + k * n]);
                if (a > max) {
                    max = a;
                    p = i;
                }
            }
            if (max == 0.0 || !Double.isFinite(max)) {
                throw new IllegalArgumentException("reference LU: matrix is singular or not finite at column " + k);
            }
            if (p != k) {
                for (int j = 0; j < n; j++) {
                    double t = lu[k + j * n];
                    lu[k + j * n] = lu[p + j * n];
                    lu[p + j * n] = t;
                }
                int t = perm[k];
                perm[k] = perm[p];
                perm[p] = t;
            }
            double pivot = lu[k + k * n];
            for (int i = k + 1; i < n; i++) lu[i + k * n] /= pivot;
            for (int j = k + 1; j < n; j++) {
                double ukj = lu[k + j * n];
                if (ukj == 0) continue;
                for (int i = k + 1; i < n; i++) lu[i + j * n] -= lu[i + k * n] * ukj;
            }
        }
    }

    @Override
    public void solve(DenseVector b, DenseVector x) {
        check(b, x);
        for (int i = 0; i < n; i++) work[i] = b.get(perm[i]);
        for (int j = 0; j < n; j++) { // L y = Pb (unit lower)
            double yj = work[j];
            for (int i = j + 1; i < n; i++) work[i] -= lu[i + j * n] * yj;
        }
        for (int j = n - 1; j >= 0; j--) { // U x = y
            work[j] /= lu[j + j * n];
            double xj = work[j];
            for (int i = 0; i < j; i++) work[i] -= lu[i + j * n] * xj;
        }
        for (int i = 0; i < n; i++) x.set(i, work[i]);
    }

    @Override
    public void solve(DenseMatrix b, DenseMatrix x) {
        byColumns(b, x, false);
    }

    @Override
    public void solveTransposed(DenseMatrix b, DenseMatrix x) {
        byColumns(b, x, true);
    }

    /** The vector solves, one column at a time (a reference: it allocates two vectors). */
    private void byColumns(DenseMatrix b, DenseMatrix x, boolean transposed) {
        DenseVector bc = DenseVector.heap(n), xc = DenseVector.heap(n);
        for (int c = 0; c < b.cols(); c++) {
            for (int i = 0; i < n; i++) bc.set(i, b.get(i, c));
            if (transposed) solveTransposed(bc, xc);
            else solve(bc, xc);
            for (int i = 0; i < n; i++) x.set(i, c, xc.get(i));
        }
    }

    @Override
    public void solveTransposed(DenseVector b, DenseVector x) {
        check(b, x);
        // Aᵀ = Uᵀ Lᵀ P: solve Uᵀ y = b, Lᵀ w = y, then x = Pᵀ w.
        for (int i = 0; i < n; i++) work[i] = b.get(i);
        for (int j = 0; j < n; j++) {
            double s = work[j];
            for (int i = 0; i < j; i++) s -= lu[i + j * n] * work[i];
            work[j] = s / lu[j + j * n];
        }
        for (int j = n - 1; j >= 0; j--) {
            double s = work[j];
            for (int i = j + 1; i < n; i++) s -= lu[i + j * n] * work[i];
            work[j] = s;
        }
        for (int i = 0; i < n; i++) x.set(perm[i], work[i]);
    }

    private void check(DenseVector b, DenseVector x) {
        if (closed) throw new IllegalStateException("reference LU is closed");
        if (version.getAsLong() != factoredVersion) throw new IllegalStateException("reference LU is stale: A changed");
        if (b.length() != n || x.length() != n) {
            throw new IllegalArgumentException("reference LU of order " + n + " got b of " + b.length() + ", x of " + x.length());
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A factorizer of sparse matrices (densified into the reference LU). */
    static Csc forCsc() {
        return new Csc();
    }

    /** A factorizer of dense matrices. */
    static Dense forDense() {
        return new Dense();
    }

    static final class Csc implements Factorizer.OfCsc {
        final ReferenceLu lu = new ReferenceLu();
        private CscPattern pattern;
        private CscMatrix bound;

        @Override
        public Factorization factor(CscMatrix a) {
            square(a.rows(), a.cols());
            lu.resize(a.rows());
            pattern = a.pattern();
            bind(a);
            load(a);
            return lu;
        }

        @Override
        public Factorization refactor(CscMatrix a) {
            if (pattern == null) throw new IllegalStateException("refactor before factor");
            if (!a.pattern().sameStructure(pattern)) throw new IllegalArgumentException("refactor: pattern differs");
            bind(a);
            load(a);
            return lu;
        }

        private void bind(CscMatrix a) {
            if (a != bound) {
                bound = a;
                lu.version = a::version;
            }
        }

        private void load(CscMatrix a) {
            int n = lu.n;
            java.util.Arrays.fill(lu.lu, 0.0);
            CscPattern p = a.pattern();
            for (int j = 0; j < n; j++) {
                for (int k = p.colStart(j); k < p.colEnd(j); k++) lu.lu[p.row(k) + j * n] = a.value(k);
            }
            lu.factoredVersion = a.version();
            lu.closed = false;
            lu.factorInPlace();
        }

        @Override
        public void close() {
            lu.close();
        }
    }

    static final class Dense implements Factorizer.OfDense {
        final ReferenceLu lu = new ReferenceLu();
        private boolean factored;
        private DenseMatrix bound;

        @Override
        public Factorization factor(DenseMatrix a) {
            square(a.rows(), a.cols());
            lu.resize(a.rows());
            bind(a);
            factored = true;
            load(a);
            return lu;
        }

        @Override
        public Factorization refactor(DenseMatrix a) {
            if (!factored) throw new IllegalStateException("refactor before factor");
            if (a.rows() != lu.n || a.cols() != lu.n) throw new IllegalArgumentException("refactor: shape differs");
            bind(a);
            load(a);
            return lu;
        }

        private void bind(DenseMatrix a) {
            if (a != bound) {
                bound = a;
                lu.version = a::version;
            }
        }

        private void load(DenseMatrix a) {
            int n = lu.n;
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) lu.lu[i + j * n] = a.get(i, j);
            lu.factoredVersion = a.version();
            lu.closed = false;
            lu.factorInPlace();
        }

        @Override
        public void close() {
            lu.close();
        }
    }

    private static void square(int rows, int cols) {
        if (rows != cols) throw new IllegalArgumentException("reference LU needs a square matrix, got " + rows + "x" + cols);
    }
}

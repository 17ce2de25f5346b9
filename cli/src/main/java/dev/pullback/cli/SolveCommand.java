package dev.pullback.cli;

import dev.pullback.factor.Method;
import dev.pullback.factor.Ordering;
import dev.pullback.factor.SolveReport;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.factor.Inertia;
import dev.pullback.factor.SparseOptions;
import dev.pullback.io.MatrixFiles;
import dev.pullback.kernel.KernelProvider;
import dev.pullback.kernel.Kernels;
import dev.pullback.solvers.Solvers;
import dev.pullback.sparse.AdaptiveSparseLu;
import dev.pullback.sparse.BtfLu;
import dev.pullback.sparse.SupernodalLdlt;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pullback solve A.mtx [--rhs b.mtx] [--transpose] [--solver auto|dense|adaptive|cholesky|ldlt|lu|supernodal|btf] [--out x.mtx]}:
 * solves Ax = b (or Aᵀx = b) with iterative refinement ({@link SolveReport}), and reports the
 * residual, the normwise backward error ‖b − Ax‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞) (Higham), which a
 * backward-stable solve keeps near n·ε, and the reciprocal condition estimate. It fails (exit 1, one
 * line on stderr, no --out written) when the backward error is above {@code --tolerance} or rcond is
 * below the library's bar for numerically singular ({@link SolveReport#illConditionedBelow(int, double)})
 * or {@code --min-rcond}: an answer that cannot be trusted is never handed over silently.
 */
@Command(name = "solve", mixinStandardHelpOptions = true,
        description = "Solves A x = b (or A^T x = b with --transpose) with a solver of the registry (by default"
                + " the adaptive one: dense LU, sparse LU, Cholesky or LDL^T, as the matrix suits), refines the"
                + " solution with residuals summed in twice the working precision when its componentwise backward"
                + " error max_i |b - A x|_i / (|A| |x| + |b|)_i is above 4 eps (at most 3 steps, while the error or"
                + " the correction keeps falling), and reports timings, the residual, the backward error"
                + " |b - A x| / (|A| |x| + |b|) (inf-norms), rcond (the estimated reciprocal 1-norm condition"
                + " number) and the forward error bound. Exits 1 (and writes no --out) when the backward error is"
                + " above --tolerance or rcond is below eps * min(n, pivot growth) or --min-rcond (numerically"
                + " singular). Without --rhs, b = A * ones (or A^T * ones; each entry summed exactly and rounded"
                + " once), so the solution is all ones to within the rounding of b, and the forward error"
                + " max |x - 1| is reported too.")
public final class SolveCommand implements Callable<Integer>, LongRunning {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "the square matrix (Matrix Market or Pullback binary)")
    Path matrix;

    @Option(names = "--rhs", paramLabel = "b", description = "right-hand side: an n x 1 matrix file (default: A * ones)")
    Path rhs;

    @Option(names = "--transpose", description = "solve A^T x = b with the same factorization")
    boolean transpose;

    @Option(names = "--solver", defaultValue = Solvers.AUTO, converter = SolverName.class,
            description = "a solver of the library's registry: auto (dense for array-format files, else adaptive),"
                    + " adaptive (Cholesky for SPD matrices, LDLt for other symmetric ones, the supernodal sparse LU"
                    + " where it fits, else lu), cholesky (supernodal, SPD only, reads the lower triangle), ldlt"
                    + " (supernodal, symmetric indefinite, reads the lower triangle), lu (Gilbert-Peierls), supernodal,"
                    + " btf (a sparse LU per block of the block triangular form) or dense; default ${DEFAULT-VALUE}")
    String solver;

    @Option(names = "--ordering", defaultValue = "AUTO",
            description = "fill-reducing ordering of the sparse LU: ${COMPLETION-CANDIDATES}; default ${DEFAULT-VALUE}")
    Ordering ordering;

    @Option(names = "--out", paramLabel = "x", description = "write the solution (Matrix Market array, or binary for .pbmat)")
    Path out;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Option(names = "--tolerance", defaultValue = "1e-10", paramLabel = "OMEGA",
            description = "fail when the backward error of the solution is above this; default ${DEFAULT-VALUE}")
    double tolerance;

    @Option(names = "--min-rcond", paramLabel = "R",
            description = "fail when the estimated reciprocal condition number is below this (numerically singular:"
                    + " the solution may have no correct digit); default the library's rule, eps * min(n, pivot"
                    + " growth); 0 accepts any matrix")
    Double minRcond;

    @Option(names = "--no-refine", description = "no iterative refinement: the plain solve's answer is checked")
    boolean noRefine;

    @Override
    public Integer call() throws Exception {
        if (!(tolerance >= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tolerance must be >= 0, got " + tolerance);
        }
        if (minRcond != null && !(minRcond >= 0 && minRcond <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--min-rcond must lie in [0, 1], got " + minRcond);
        }
        long t0 = System.nanoTime();
        Activity.now("reading " + matrix);
        MatrixFiles.Description desc = MatrixFiles.describe(matrix);
        if (desc.rows() != desc.cols()) {
            throw new IllegalArgumentException(matrix + " holds a " + desc.rows() + "x" + desc.cols()
                    + " matrix; solve needs a square one");
        }
        Solvers.Solver used = Solvers.get(solver.equals(Solvers.AUTO) && desc.dense() ? "dense" : solver);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", matrix.toString());
        report.put("n", desc.rows());
        report.put("solver", used.name());
        report.put("transpose", transpose);
        Kernels k = KernelProvider.kernels();
        report.put("kernels", k.name());
        try (CscMatrix a = MatrixFiles.readSparse(matrix)) {
            int n = a.rows();
            report.put("nnz", a.nnz());
            requireFinite(a);
            if (rhs != null) Activity.now("reading the right-hand side " + rhs);
            DenseVector b = rhs != null ? MatrixFiles.readVector(rhs) : DenseVector.heap(n);
            if (b.length() != n) {
                throw new IllegalArgumentException("right-hand side " + rhs + " has length " + b.length()
                        + ", the matrix is " + n + "x" + n);
            }
            boolean onesSolution = rhs == null;
            if (onesSolution) sumsOfEntries(a, b);
            int bad = b.firstNonFinite();
            if (bad >= 0 && onesSolution) {
                throw new ArithmeticException("b = A" + (transpose ? "^T" : "") + " * ones overflows: b(" + (bad + 1)
                        + ") = " + b.get(bad) + " (1-based), the sum of " + (transpose ? "column" : "row") + " " + (bad + 1)
                        + " of " + matrix + " exceeds the largest double; scale the matrix or give --rhs");
            }
            if (bad >= 0) {
                throw new IllegalArgumentException("right-hand side " + rhs + ": entry " + (bad + 1) + " (1-based) is "
                        + b.get(bad) + "; solve needs finite values");
            }
            long tRead = System.nanoTime();
            report.put("read_ms", ms(tRead - t0));

            DenseVector x = DenseVector.heap(n);
            long tFactor;
            Activity.now("factoring " + matrix + " (n = " + n + ", nnz = " + a.nnz() + ") with the " + used.name()
                    + " solver");
            SolveReport solved = new SolveReport(SolveReport.DEFAULT_TOLERANCE, noRefine ? 0 : SolveReport.DEFAULT_MAX_STEPS,
                    true);
            try (SparseFactorization f = factor(used, a, report)) {
                tFactor = System.nanoTime();
                report.put("factor_ms", ms(tFactor - tRead));
                Activity.now("solving with the factors of " + matrix);
                if (transpose) f.solveTransposed(b, x, solved);
                else f.solve(b, x, solved);
            }
            long tSolve = System.nanoTime();
            report.put("solve_ms", ms(tSolve - tFactor));
            report.put("rcond", solved.rcond());
            report.put("refinement_steps", solved.steps());
            report.put("backward_error_unrefined", solved.firstBackwardError());
            report.put("forward_error_bound", solved.forwardErrorBound());
            int overflow = x.firstNonFinite();
            if (overflow >= 0) {
                throw new ArithmeticException("the solution overflowed: x(" + (overflow + 1) + ") = " + x.get(overflow)
                        + " (1-based); the matrix is too ill-conditioned or badly scaled for this right-hand side");
            }
            Activity.now("computing the residual");

            DenseVector r = DenseVector.heap(n);
            apply(k, a, x, r); // r = op(A) x
            double rInf = 0, xInf = 0, bInf = 0, errInf = 0;
            for (int i = 0; i < n; i++) {
                rInf = Math.max(rInf, Math.abs(b.get(i) - r.get(i)));
                xInf = Math.max(xInf, Math.abs(x.get(i)));
                bInf = Math.max(bInf, Math.abs(b.get(i)));
                if (onesSolution) errInf = Math.max(errInf, Math.abs(x.get(i) - 1.0));
            }
            double aInf = transpose ? norm1(a) : normInf(a);
            report.put("residual_inf", rInf);
            double denom = aInf * xInf + bInf;
            double omega = denom == 0 ? 0.0 : rInf / denom;
            report.put("backward_error", omega);
            if (onesSolution) report.put("forward_error_inf", errInf);
            String refused = refusal(omega, solved);
            if (refused != null) {
                report.put("warning", refused);
                Activity.done();
                print(report);
                spec.commandLine().getErr().println("pullback solve: " + refused
                        + (out != null ? "; " + out + " not written" : ""));
                spec.commandLine().getErr().flush();
                return PullbackCli.EXIT_FAILURE;
            }
            if (out != null) {
                Activity.now("writing " + out);
                try (DenseMatrix xm = DenseMatrix.ofColumnMajor(n, 1, x.toArray())) {
                    MatrixFiles.write(out, xm);
                }
                report.put("out", out.toString());
            }
        }
        Activity.done();
        print(report);
        return 0;
    }

    /** Progress on stderr unless the output is JSON. */
    @Override
    public boolean quiet() {
        return json;
    }

    /** Factors A with the named solver and reports what the factorization says about itself. */
    private SparseFactorization factor(Solvers.Solver used, CscMatrix a, Map<String, Object> report) {
        SparseFactorization f = used.analyze(a.pattern(), SparseOptions.defaults().withOrdering(ordering)).factor(a);
        report.put("method", f.method().label());
        if (!f.methodReason().isEmpty()) report.put("method_reason", f.methodReason());
        if (f.analysis().method() != Method.DENSE_LU) report.put("ordering", f.analysis().ordering().toString().toLowerCase(Locale.ROOT));
        // What the factors store: L alone for the symmetric factorizations (U = Lᵀ is not kept).
        report.put("nnz_factors", f.factorNonzeros());
        report.put("factors_stored", f.method() == Method.CHOLESKY || f.method() == Method.LDLT ? "L" : "L+U");
        report.put("pivot_growth_reciprocal", f.reciprocalPivotGrowth());
        if (f instanceof BtfLu btf) {
            report.put("blocks", btf.form().blocks());
            report.put("largest_block", btf.form().largestBlock());
        }
        SparseFactorization held = f instanceof AdaptiveSparseLu adaptive ? adaptive.delegate() : f;
        if (held instanceof SupernodalLdlt ldlt) {
            Inertia in = ldlt.inertia();
            report.put("inertia_positive", in.positive());
            report.put("inertia_negative", in.negative());
            report.put("inertia_zero", in.zero());
            report.put("delayed_pivots", ldlt.delayedPivots());
            report.put("pivots_2x2", ldlt.twoByTwoPivots());
        }
        return f;
    }

    /** Why the solution is refused (numerically singular, or its backward error above the tolerance), or null. */
    private String refusal(double omega, SolveReport solved) {
        double bar = minRcond != null ? minRcond : solved.illConditionedBelow();
        if (solved.rcond() < bar) {
            return String.format(Locale.ROOT, "numerically singular: rcond %.3e is below %.3e (%s), the solution may"
                    + " have no correct digit (backward error %.3e)", solved.rcond(), bar,
                    minRcond != null ? "--min-rcond" : "eps * min(n, pivot growth); --min-rcond sets another bar", omega);
        }
        if (!(omega <= tolerance)) {
            return String.format(Locale.ROOT, "the backward error %.3e of the solution is above the tolerance %.3e"
                    + " (--tolerance) after %d refinement step%s%s", omega, tolerance, solved.steps(),
                    solved.steps() == 1 ? "" : "s", noRefine ? " (--no-refine)" : "");
        }
        return null;
    }

    /** Accepts the registry's names (a usage error lists them). */
    static final class SolverName implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                Solvers.get(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Refuses a matrix with a NaN or infinite entry, naming it (1-based, as in the file). */
    private void requireFinite(CscMatrix a) {
        for (int j = 0; j < a.cols(); j++) {
            for (int p = a.pattern().colStart(j); p < a.pattern().colEnd(j); p++) {
                double v = a.value(p);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(matrix + ": entry (" + (a.pattern().row(p) + 1) + ", " + (j + 1)
                            + ") (1-based) is " + v + "; solve needs finite values");
                }
            }
        }
    }

    /**
     * b = op(A)·1, each entry the row (column, for Aᵀ) sum rounded once: summed with Knuth's TwoSum
     * and the rounding errors added at the end (Ogita, Rump and Oishi's Sum2), so that the all-ones
     * vector solves op(A)x = b to within the rounding of b, and the reported forward error is the
     * solver's, not that of a b whose sums lost up to n·ε·Σ|aᵢⱼ| to cancellation.
     */
    private void sumsOfEntries(CscMatrix a, DenseVector b) {
        int n = a.rows();
        double[] high = new double[n], low = new double[n];
        for (int j = 0; j < n; j++) {
            for (int p = a.pattern().colStart(j); p < a.pattern().colEnd(j); p++) {
                int i = transpose ? j : a.pattern().row(p);
                double v = a.value(p), s = high[i], sum = s + v, z = sum - s;
                low[i] += (s - (sum - z)) + (v - z);
                high[i] = sum;
            }
        }
        for (int i = 0; i < n; i++) b.set(i, Double.isFinite(high[i]) ? high[i] + low[i] : high[i]); // overflow stays ±∞
    }

    /** y = op(A) x. */
    private void apply(Kernels k, CscMatrix a, DenseVector x, DenseVector y) {
        if (transpose) k.spmvTransposed(1.0, a, x, 0.0, y);
        else k.spmv(1.0, a, x, 0.0, y);
    }

    private static double normInf(CscMatrix a) {
        double[] rowSum = new double[a.rows()];
        for (int j = 0; j < a.cols(); j++) {
            for (int p = a.pattern().colStart(j); p < a.pattern().colEnd(j); p++) {
                rowSum[a.pattern().row(p)] += Math.abs(a.value(p));
            }
        }
        double m = 0;
        for (double s : rowSum) m = Math.max(m, s);
        return m;
    }

    private static double norm1(CscMatrix a) {
        double m = 0;
        for (int j = 0; j < a.cols(); j++) {
            double s = 0;
            for (int p = a.pattern().colStart(j); p < a.pattern().colEnd(j); p++) s += Math.abs(a.value(p));
            m = Math.max(m, s);
        }
        return m;
    }

    private void print(Map<String, Object> report) {
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(JsonLine.of(report));
        } else {
            report.forEach((key, v) -> w.printf(Locale.ROOT, "%-24s %s%n", key, v instanceof Double d ? fmt(d) : v));
        }
        w.flush();
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, d != 0 && (Math.abs(d) < 1e-3 || Math.abs(d) >= 1e6) ? "%.3e" : "%.3f", d);
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }
}

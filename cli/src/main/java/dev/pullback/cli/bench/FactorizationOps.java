package dev.pullback.cli.bench;

import dev.pullback.factor.SolveReport;
import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.util.SplittableRandom;

/**
 * The factorization ops, for any solver of the registry ({@link Solvers}: {@code --solver auto},
 * {@code lu}, {@code supernodal}, {@code btf}, {@code dense}, …). analyze: the analysis of A's pattern;
 * factor: analysis and numeric factorization, what a new pattern costs (as KLU's analyze + factor);
 * refactor: new values on the same pattern; solve (x = A⁻¹b) and solve-t (x = A⁻ᵀb) with one
 * factorization made outside the timing; solve-berr, a solve that also reports its backward error
 * (one product with A), and solve-refine, the refining solve with the default {@link SolveReport}
 * (its condition estimate made once, before the timing). Not bandwidth-bound: no GB/s.
 */
final class FactorizationOps {
    private FactorizationOps() {}

    static void registerAll(BenchOps r) {
        r.register("analyze", "the analysis of A's pattern (ordering, symbolic structure)", in -> task(in, Kind.ANALYZE));
        r.register("factor", "analysis and numeric factorization", in -> task(in, Kind.FACTOR));
        r.register("refactor", "numeric factorization of new values on the analysed pattern", in -> task(in, Kind.REFACTOR));
        r.register("solve", "x = A⁻¹ b with one factorization", in -> task(in, Kind.SOLVE));
        r.register("solve-t", "x = A⁻ᵀ b with the same factorization (transposed solve)", in -> task(in, Kind.SOLVE_T));
        r.register("solve-berr", "x = A⁻¹ b and its backward error (one product with A)", in -> task(in, Kind.SOLVE_BERR));
        r.register("solve-refine", "x = A⁻¹ b refined while the backward error is above 4 eps (default SolveReport)",
                in -> task(in, Kind.SOLVE_REFINE));
    }

    private enum Kind { ANALYZE, FACTOR, REFACTOR, SOLVE, SOLVE_T, SOLVE_BERR, SOLVE_REFINE }

    private static BenchOp.Task task(BenchInput in, Kind kind) {
        CscMatrix a = in.matrix();
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("factorization ops need a square matrix, got " + a.rows() + "x" + a.cols());
        }
        Solvers.Solver solver;
        try {
            solver = Solvers.get(in.solver());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--solver: " + e.getMessage(), e);
        }
        if (solver.name().equals("dense") && (long) a.rows() * a.cols() > 50_000_000L) {
            throw new IllegalArgumentException("--solver dense would store a " + a.rows() + "x" + a.cols()
                    + " matrix densely (" + 8L * a.rows() * a.cols() / (1 << 20) + " MiB); use --solver lu");
        }
        String label = switch (solver.name()) {
            case "lu" -> "sparse-lu";
            case "cholesky" -> "cholesky";
            case "ldlt" -> "ldlt";
            default -> solver.name() + "-lu";
        };
        SparseAnalysis analysis = solver.analyze(a.pattern());
        Vectors v = new Vectors(a.rows());
        return new Task(label, analysis.factor(a), v) {
            @Override
            public double run() {
                switch (kind) {
                    case ANALYZE -> {
                        return solver.analyze(a.pattern()).nnz();
                    }
                    case FACTOR -> {
                        factorization.close();
                        factorization = solver.analyze(a.pattern()).factor(a);
                    }
                    case REFACTOR -> factorization.refactor(a);
                    case SOLVE -> factorization.solve(v.b, v.x);
                    case SOLVE_T -> factorization.solveTransposed(v.b, v.x);
                    case SOLVE_BERR -> factorization.solve(v.b, v.x, v.backwardErrorOnly);
                    case SOLVE_REFINE -> factorization.solve(v.b, v.x, v.refine);
                }
                // The pivot ratio depends on every pivot and costs nothing more; the pivot growth is a
                // pass of its own for some factorizations (KLU's refactor computes neither).
                return kind == Kind.FACTOR || kind == Kind.REFACTOR ? factorization.pivotRatio() : v.x.get(0);
            }
        };
    }

    /** A random right-hand side b and a solution vector x, both heap-backed, and the reports of the checked solves. */
    private static final class Vectors {
        final DenseVector b;
        final DenseVector x;
        final SolveReport backwardErrorOnly = SolveReport.backwardErrorOnly();
        final SolveReport refine = new SolveReport();

        Vectors(int n) {
            b = DenseVector.heap(n);
            x = DenseVector.heap(n);
            SplittableRandom rnd = new SplittableRandom(7);
            for (int i = 0; i < n; i++) b.set(i, rnd.nextDouble(-1, 1));
        }
    }

    /** A prepared factorization op; closes its factorization. */
    private abstract static class Task implements BenchOp.Task {
        private final String name;
        final Vectors v;
        SparseFactorization factorization;

        Task(String name, SparseFactorization f, Vectors v) {
            this.name = name;
            this.factorization = f;
            this.v = v;
        }

        @Override
        public long bytesPerRun() {
            return 0;
        }

        @Override
        public String implementation() {
            return name;
        }

        @Override
        public void close() {
            factorization.close();
        }
    }
}

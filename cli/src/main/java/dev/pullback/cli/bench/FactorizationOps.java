package dev.pullback.cli.bench;

import dev.pullback.dense.DenseLu;
import dev.pullback.factor.Factorization;
import dev.pullback.sparse.AdaptiveSparseLu;
import dev.pullback.sparse.BtfLu;
import dev.pullback.sparse.SparseLu;
import dev.pullback.sparse.SupernodalLu;
import dev.pullback.sparse.Symbolic;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The factorization ops, for {@code --solver dense} (DenseLu on A stored dense), {@code lu}
 * (SparseLu, Gilbert–Peierls), {@code supernodal} (SupernodalLu), {@code adaptive}
 * (AdaptiveSparseLu: supernodal where it fits, else lu; what {@code auto} picks) or {@code btf}
 * (BtfLu: block triangular form, a SparseLu per diagonal block). factor: analysis once outside
 * the timing for lu, included for the others (as KLU's analyze + factor); refactor (new values on
 * the same pattern); solve (x = A⁻¹b) and solve-t (x = A⁻ᵀb) with one factorization made outside
 * the timing. Not bandwidth-bound: no GB/s.
 */
final class FactorizationOps {
    private FactorizationOps() {}

    static void registerAll(BenchOps r) {
        r.register("factor", "numeric LU factorization (lu: after one analysis; dense: blocked LU into reused storage)",
                in -> task(in, Kind.FACTOR));
        r.register("refactor", "LU with the pivots of a first factorization, new values (lu); dense LU factors again",
                in -> task(in, Kind.REFACTOR));
        r.register("solve", "x = A⁻¹ b with one factorization", in -> task(in, Kind.SOLVE));
        r.register("solve-t", "x = A⁻ᵀ b with the same factorization (transposed solve)", in -> task(in, Kind.SOLVE_T));
    }

    private enum Kind { FACTOR, REFACTOR, SOLVE, SOLVE_T }

    private static BenchOp.Task task(BenchInput in, Kind kind) {
        CscMatrix a = in.matrix();
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("factorization ops need a square matrix, got " + a.rows() + "x" + a.cols());
        }
        String solver = in.solver().toLowerCase(Locale.ROOT);
        return switch (solver) {
            case "dense" -> dense(a, kind);
            case "lu", "sparse", "gp" -> sparse(a, kind);
            case "auto", "adaptive" -> whole("adaptive-lu", a, kind, AdaptiveSparseLu::factor, AdaptiveSparseLu::refactor,
                    AdaptiveSparseLu::reciprocalPivotGrowth);
            case "supernodal" -> whole("supernodal-lu", a, kind, SupernodalLu::factor, SupernodalLu::refactor,
                    SupernodalLu::reciprocalPivotGrowth);
            case "btf" -> whole("btf-lu", a, kind, BtfLu::factor, BtfLu::refactor, BtfLu::reciprocalPivotGrowth);
            default -> throw new IllegalArgumentException("--solver must be auto, adaptive, lu, supernodal, btf or dense"
                    + " for factorization ops, got '" + in.solver() + "'");
        };
    }

    private static BenchOp.Task sparse(CscMatrix a, Kind kind) {
        Symbolic s = SparseLu.analyze(a);
        SparseLu lu = SparseLu.factor(a, s);
        Vectors v = new Vectors(a.rows());
        return new Task("sparse-lu", lu, v, null) {
            @Override
            double body() {
                switch (kind) {
                    case FACTOR -> {
                        factorization.close();
                        factorization = SparseLu.factor(a, s);
                    }
                    case REFACTOR -> ((SparseLu) factorization).refactor(a);
                    case SOLVE -> factorization.solve(v.b, v.x);
                    case SOLVE_T -> factorization.solveTransposed(v.b, v.x);
                }
                return kind == Kind.FACTOR || kind == Kind.REFACTOR ? ((SparseLu) factorization).reciprocalPivotGrowth()
                        : v.x.get(0);
            }
        };
    }

    /** A factorization whose factor includes its own analysis: factor, refactor, solves. */
    private static <F extends Factorization> BenchOp.Task whole(String name, CscMatrix a, Kind kind,
            Function<CscMatrix, F> factor, BiConsumer<F, CscMatrix> refactor, ToDoubleFunction<F> growth) {
        Vectors v = new Vectors(a.rows());
        return new Task(name, factor.apply(a), v, null) {
            @SuppressWarnings("unchecked")
            @Override
            double body() {
                switch (kind) {
                    case FACTOR -> {
                        factorization.close();
                        factorization = factor.apply(a);
                    }
                    case REFACTOR -> refactor.accept((F) factorization, a);
                    case SOLVE -> factorization.solve(v.b, v.x);
                    case SOLVE_T -> factorization.solveTransposed(v.b, v.x);
                }
                return kind == Kind.FACTOR || kind == Kind.REFACTOR ? growth.applyAsDouble((F) factorization) : v.x.get(0);
            }
        };
    }

    private static BenchOp.Task dense(CscMatrix a, Kind kind) {
        if ((long) a.rows() * a.cols() > 50_000_000L) {
            throw new IllegalArgumentException("--solver dense would store a " + a.rows() + "x" + a.cols()
                    + " matrix densely (" + 8L * a.rows() * a.cols() / (1 << 20) + " MiB); use --solver lu");
        }
        DenseMatrix d = a.toDense();
        DenseLu lu = DenseLu.factor(d);
        Vectors v = new Vectors(a.rows());
        return new Task("dense-lu", lu, v, d) {
            @Override
            double body() {
                switch (kind) {
                    case FACTOR, REFACTOR -> ((DenseLu) factorization).refactor(d);
                    case SOLVE -> factorization.solve(v.b, v.x);
                    case SOLVE_T -> factorization.solveTransposed(v.b, v.x);
                }
                return kind == Kind.SOLVE || kind == Kind.SOLVE_T ? v.x.get(0) : ((DenseLu) factorization).determinantSign();
            }
        };
    }

    /** A random right-hand side b and a solution vector x, both heap-backed. */
    private static final class Vectors {
        final DenseVector b;
        final DenseVector x;

        Vectors(int n) {
            b = DenseVector.heap(n);
            x = DenseVector.heap(n);
            SplittableRandom rnd = new SplittableRandom(7);
            for (int i = 0; i < n; i++) b.set(i, rnd.nextDouble(-1, 1));
        }
    }

    /** A prepared factorization op; closes the factorization and the dense copy. */
    private abstract static class Task implements BenchOp.Task {
        private final String name;
        private final AutoCloseable dense;
        final Vectors v;
        Factorization factorization;

        Task(String name, Factorization f, Vectors v, AutoCloseable dense) {
            this.name = name;
            this.factorization = f;
            this.v = v;
            this.dense = dense;
        }

        abstract double body();

        @Override
        public double run() {
            return body();
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
        public void close() throws Exception {
            factorization.close();
            if (dense != null) dense.close();
        }
    }
}

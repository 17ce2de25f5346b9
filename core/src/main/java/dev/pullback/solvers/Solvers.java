package dev.pullback.solvers;

import dev.pullback.dense.CscDenseLu;
import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseOptions;
import dev.pullback.sparse.AdaptiveSparseLu;
import dev.pullback.sparse.BtfLu;
import dev.pullback.sparse.SparseLu;
import dev.pullback.sparse.SupernodalCholesky;
import dev.pullback.sparse.SupernodalLdlt;
import dev.pullback.sparse.SupernodalLu;
import dev.pullback.storage.CscPattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry of named solvers for sparse matrices: the CLI's {@code --solver}, the showcase and
 * the benchmarks take their factorization from here, so adding a solver is one entry.
 *
 * <pre>{@code
 * SparseAnalysis s = Solvers.get("auto").analyze(a.pattern(), SparseOptions.defaults());
 * try (SparseFactorization f = s.factor(a)) { f.solve(b, x); a.setValues(v); f.refactor(a); }
 * }</pre>
 */
public final class Solvers {
    /** The name that lets the library choose: the {@code adaptive} solver. */
    public static final String AUTO = "auto";

    private static final Map<String, Solver> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of(AUTO, "adaptive", "gp", "lu");

    static {
        add(new Solver("adaptive", "adaptive: Cholesky for SPD matrices, supernodal LU for symmetric patterns with fill,"
                + " else Gilbert-Peierls", AdaptiveSparseLu::analyze));
        add(new Solver("cholesky", "sparse Cholesky, supernodal (multifrontal), for symmetric positive definite matrices"
                + " (reads the lower triangle)", SupernodalCholesky::analyze));
        add(new Solver("ldlt", "sparse LDLt, supernodal (multifrontal), 1x1/2x2 and delayed pivots, for symmetric"
                + " indefinite matrices (reads the lower triangle)", SupernodalLdlt::analyze));
        add(new Solver("lu", "sparse LU, Gilbert-Peierls (left-looking), threshold pivoting, KLU class",
                SparseLu::analyze));
        add(new Solver("supernodal", "sparse LU, supernodal (multifrontal), dense fronts on the SIMD kernels",
                SupernodalLu::analyze));
        add(new Solver("btf", "sparse LU per diagonal block of the block triangular form", BtfLu::analyze));
        add(new Solver("dense", "dense LU with partial pivoting of the matrix copied to dense storage",
                (p, o) -> CscDenseLu.analyze(p, "")));
    }

    private Solvers() {}

    private static void add(Solver s) {
        BY_NAME.put(s.name(), s);
    }

    /** The registered names, in a fixed order (the first is the adaptive solver, which {@link #AUTO} names too). */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The solver of that name (case-insensitive; {@code auto} is {@code adaptive}, {@code gp} is {@code lu}).
     *
     * @throws IllegalArgumentException naming the registered solvers when there is none of that name
     */
    public static Solver get(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Solver s = BY_NAME.get(ALIASES.getOrDefault(key, key));
        if (s == null) {
            throw new IllegalArgumentException("no solver named '" + name + "'; the solvers are " + String.join(", ", names())
                    + " (auto = adaptive)");
        }
        return s;
    }

    /** How a named solver analyses a pattern. */
    @FunctionalInterface
    public interface Analyzer {
        /** The analysis of a square pattern under these options. */
        SparseAnalysis analyze(CscPattern pattern, SparseOptions options);
    }

    /**
     * A named sparse solver.
     *
     * @param name        its registry name
     * @param description one line for help texts and reports
     * @param analyzer    how it analyses a pattern
     */
    public record Solver(String name, String description, Analyzer analyzer) {
        /** The analysis of a square pattern (its {@link SparseAnalysis#factor} factors matrices of that pattern). */
        public SparseAnalysis analyze(CscPattern pattern, SparseOptions options) {
            return analyzer.analyze(pattern, options);
        }

        /**
         * Whether this solver reads only A's lower triangle ({@code cholesky}, {@code ldlt}), and so
         * factors a matrix correctly only when it is symmetric.
         */
        public boolean symmetricOnly() {
            return name.equals("cholesky") || name.equals("ldlt");
        }

        /** {@link #analyze} with {@link SparseOptions#defaults()}. */
        public SparseAnalysis analyze(CscPattern pattern) {
            return analyze(pattern, SparseOptions.defaults());
        }

        /** A factorizer with the refactor-and-growth-check policy of {@link Factorizers#sparse}. */
        public Factorizer.OfCsc factorizer(SparseOptions options, double minPivotGrowth) {
            return Factorizers.sparse(p -> analyze(p, options), minPivotGrowth);
        }

        /** {@link #factorizer(SparseOptions, double)} with default options and {@link Factorizers#DEFAULT_MIN_PIVOT_GROWTH}. */
        public Factorizer.OfCsc factorizer() {
            return factorizer(SparseOptions.defaults(), Factorizers.DEFAULT_MIN_PIVOT_GROWTH);
        }
    }
}

package dev.pullback.ad;

import dev.pullback.solvers.Factorizers;

import dev.pullback.solvers.Factorizer;

import dev.pullback.factor.SparseOptions;
import dev.pullback.factor.Factorization;
import dev.pullback.sparse.SparseLu;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The factorizers every pullback test runs on: the test-scope reference LU and the library's real
 * LUs, each behind a counting wrapper so tests can see which calls a pullback makes.
 */
final class Backends {
    private Backends() {}

    static Stream<Named<Supplier<Counting<CscMatrix>>>> sparse() {
        SparseOptions o = SparseOptions.defaults();
        double g = Factorizers.DEFAULT_MIN_PIVOT_GROWTH;
        return Stream.of(Named.of("reference LU", () -> new Counting<>(ReferenceLu.forCsc())),
                Named.of("adaptive sparse LU", () -> new Counting<>(Factorizers.sparseLu())),
                Named.of("Gilbert-Peierls LU", () -> new Counting<>(Factorizers.named("lu", o, g))),
                Named.of("block triangular LU", () -> new Counting<>(Factorizers.named("btf", o, g))));
    }

    static Stream<Named<Supplier<Counting<DenseMatrix>>>> dense() {
        return Stream.of(Named.of("reference LU", () -> new Counting<>(ReferenceLu.forDense())),
                Named.of("DenseLu", () -> new Counting<>(Factorizers.denseLu())));
    }

    /** A factorizer that counts factor, refactor, solve and transposed-solve calls of another. */
    static final class Counting<M> implements Factorizer<M> {
        private final Factorizer<M> inner;
        private Factorization lastInner;
        private CountingFactorization wrapped;
        int factors, refactors, solves, transposedSolves;

        Counting(Factorizer<M> inner) {
            this.inner = inner;
        }

        @Override
        public Factorization factor(M a) {
            factors++;
            return wrap(inner.factor(a));
        }

        @Override
        public Factorization refactor(M a) {
            refactors++;
            return wrap(inner.refactor(a));
        }

        private Factorization wrap(Factorization f) {
            if (f != lastInner) { // a new underlying object (first factor, or a fallback): wrap it once
                lastInner = f;
                wrapped = new CountingFactorization(f);
            }
            return wrapped;
        }

        @Override
        public long version(M a) {
            return inner.version(a);
        }

        @Override
        public void close() {
            inner.close();
        }

        final class CountingFactorization implements Factorization {
            private final Factorization f;

            CountingFactorization(Factorization f) {
                this.f = f;
            }

            @Override
            public int n() {
                return f.n();
            }

            @Override
            public void solve(DenseVector b, DenseVector x) {
                solves++;
                f.solve(b, x);
            }

            @Override
            public void solveTransposed(DenseVector b, DenseVector x) {
                transposedSolves++;
                f.solveTransposed(b, x);
            }

            @Override
            public void solve(DenseMatrix b, DenseMatrix x) {
                solves++;
                f.solve(b, x);
            }

            @Override
            public void solveTransposed(DenseMatrix b, DenseMatrix x) {
                transposedSolves++;
                f.solveTransposed(b, x);
            }

            @Override
            public void close() {
                f.close();
            }
        }
    }
}

package dev.pullback.bench.latency;

import dev.pullback.ad.DotProduct;
import dev.pullback.ad.ElementwiseMap;
import dev.pullback.ad.LinearSolve;
import dev.pullback.ad.ParametricMatrix;
import dev.pullback.ad.RankOne;
import dev.pullback.ad.ScalarFunction;
import dev.pullback.ad.SolveChain;
import dev.pullback.gallery.Grids;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.solvers.Factorizers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * The operations the latency benchmark calls again and again, each a complete gradient as an
 * application calls it: new values in A (a refactor), the forward solve, the pullback.
 * <ul>
 *   <li>{@code seed-dense-100}: f(a, A, b) = aᵀA⁻¹b, n = 100, A stored dense (DenseLu): refactor,
 *       x = A⁻¹b, f = aᵀx, λ = A⁻ᵀa, ∂f/∂A = −λxᵀ read at one entry. A as in the seed example
 *       (10% unsymmetric Gaussian entries, diagonal 13).
 *   <li>{@code seed-sparse-100}: the same A stored sparse (adaptive sparse LU), and ⟨∂f/∂A, A⟩
 *       over A's stored entries (the rank-1 kernel).
 *   <li>{@code fem-q4-30x10}: f(θ) = lᵀK(SIMP(θ))⁻¹F on the top88 MBB beam, 30x10 Q4 elements,
 *       670 free dofs: {@link SolveChain#value} and {@link SolveChain#gradient} (assembly, refactor,
 *       solve, transposed solve, θ̄).
 *   <li>{@code sparse-5k}: convection–diffusion on a 71x71 grid (5,041 unknowns, unsymmetric
 *       values): refactor, x = A⁻¹b and the adjoint λ = A⁻ᵀx̄ through {@link LinearSolve}.
 * </ul>
 * Every workload's first call factors (analysis and allocation of the factors): that is part of
 * call 1, as in an application.
 */
final class Workloads {
    private Workloads() {}

    /**
     * One prepared workload: {@link #call()} runs one gradient and returns a number derived from it;
     * closing closes what it owns, in order.
     */
    static final class Workload implements AutoCloseable {
        private final int n;
        private final DoubleSupplier call;
        private final AutoCloseable[] owned;

        Workload(int n, DoubleSupplier call, AutoCloseable... owned) {
            this.n = n;
            this.call = call;
            this.owned = owned;
        }

        /** Order of the linear system. */
        int n() {
            return n;
        }

        double call() {
            return call.getAsDouble();
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable c : owned) c.close();
        }
    }

    static final List<String> NAMES = List.of("seed-dense-100", "seed-sparse-100", "fem-q4-30x10", "sparse-5k");

    static Workload create(String name) {
        return switch (name) {
            case "seed-dense-100" -> seed(true);
            case "seed-sparse-100" -> seed(false);
            case "fem-q4-30x10" -> fem(30, 10);
            case "sparse-5k" -> sparse(71);
            default -> throw new IllegalArgumentException("unknown workload '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    private static Workload seed(boolean dense) {
        int n = 100;
        Random rnd = new Random(2026);
        double[][] entries = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) entries[i][j] = i == j ? 13 : rnd.nextDouble() < 0.1 ? rnd.nextGaussian() : 0;
        }
        double[] av = new double[n], bv = new double[n];
        for (int i = 0; i < n; i++) {
            av[i] = rnd.nextGaussian();
            bv[i] = rnd.nextGaussian();
        }
        DenseVector a = DenseVector.of(av), b = DenseVector.of(bv);
        DenseVector xbar = DenseVector.heap(n), da = DenseVector.heap(n), db = DenseVector.heap(n);
        DotProduct objective = new DotProduct(a);
        DenseMatrix d = DenseMatrix.of(entries);
        if (dense) {
            LinearSolve<DenseMatrix> solve = new LinearSolve<>(Factorizers.denseLu());
            return new Workload(n, () -> {
                d.markModified(); // new values of A: refactor
                double f = objective.forward(solve.forward(d, b));
                objective.pullback(1.0, xbar, da);
                RankOne dA = solve.pullback(xbar, db);
                return f + dA.get(3, 7);
            }, solve, d);
        }
        CscMatrix s = CscMatrix.fromDense(d, false);
        d.close();
        LinearSolve<CscMatrix> solve = new LinearSolve<>(Factorizers.sparseLu());
        return new Workload(n, () -> {
            s.markModified();
            double f = objective.forward(solve.forward(s, b));
            objective.pullback(1.0, xbar, da);
            RankOne dA = solve.pullback(xbar, db);
            return f + dA.dot(s);
        }, solve, s);
    }

    private static Workload fem(int nelx, int nely) {
        PlaneStressQ4 q4 = new PlaneStressQ4(nelx, nely, 0.3);
        PlaneStressQ4.Assembly assembly = q4.assemble(q4.mbbFixedDofs());
        int n = assembly.stiffness().rows(), ne = q4.elements();
        ParametricMatrix matrix = ParametricMatrix.of(assembly.elementMap());
        LinearSolve<CscMatrix> solve = new LinearSolve<>(Factorizers.sparseLu());
        ElementwiseMap simp = new ElementwiseMap(ScalarFunction.simp(1e-9, 1, 3), ne);
        Random rnd = new Random(88);
        double[] theta = new double[ne], load = new double[n], output = new double[n];
        for (int e = 0; e < ne; e++) theta[e] = 0.3 + 0.4 * rnd.nextDouble();
        load[assembly.fullToFree()[1]] = -1; // top88's load: downwards at the top-left node
        output[assembly.fullToFree()[q4.dofs() - 2]] = 1; // x-displacement of the bottom-right node
        DenseVector th = DenseVector.wrap(theta), thetaBar = DenseVector.heap(ne);
        SolveChain chain = SolveChain.of(simp, matrix, solve, DenseVector.wrap(load),
                new DotProduct(DenseVector.wrap(output)));
        return new Workload(n, () -> {
            double f = chain.value(th);
            chain.gradient(1.0, thetaBar);
            return f + thetaBar.get(0);
        }, solve, matrix, assembly);
    }

    private static Workload sparse(int grid) {
        CscMatrix a = Grids.convectionDiffusion2d(grid, grid, 50.0, 25.0);
        int n = a.rows();
        Random rnd = new Random(5041);
        DenseVector b = DenseVector.heap(n), xbar = DenseVector.heap(n), bbar = DenseVector.heap(n);
        for (int i = 0; i < n; i++) {
            b.set(i, rnd.nextGaussian());
            xbar.set(i, rnd.nextGaussian());
        }
        LinearSolve<CscMatrix> solve = new LinearSolve<>(Factorizers.sparseLu());
        return new Workload(n, () -> {
            a.markModified();
            DenseVector x = solve.forward(a, b);
            solve.pullback(xbar, bbar);
            return x.get(0) + bbar.get(0);
        }, solve, a);
    }
}

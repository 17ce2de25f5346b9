package dev.pullback.examples;

import dev.pullback.ad.DotProduct;
import dev.pullback.solvers.Factorizers;
import dev.pullback.ad.LinearSolve;
import dev.pullback.ad.RankOne;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;

/**
 * The seed example: f(a, A, b) = aᵀA⁻¹b and its three gradients,
 * <pre>
 *   ∂f/∂a = x = A⁻¹b,   ∂f/∂b = λ = A⁻ᵀa,   ∂f/∂A = −λxᵀ (a {@link RankOne}: 8·2n bytes, not 8·n²)
 * </pre>
 * for a dense or a sparse A, whichever the {@link LinearSolve}'s factorizer takes. {@link #main} runs it
 * for n = 100 on an unsymmetric A (10% dense plus a dominant diagonal), stored dense (DenseLu) and
 * sparse (SparseLu), and prints the gradients' agreement and the footprint of ∂f/∂A.
 */
public final class SeedExample {
    private SeedExample() {}

    /** f and its gradients; dA references the solve node's workspaces (valid until its next call). */
    public record Gradients(double f, DenseVector da, DenseVector db, RankOne dA) {}

    /** Evaluates f(a, A, b) = aᵀA⁻¹b and pulls back f̄ = 1 (allocates the three holders). */
    public static <M> Gradients gradients(LinearSolve<M> solve, M matrix, DenseVector a, DenseVector b) {
        DotProduct objective = new DotProduct(a);
        DenseVector x = solve.forward(matrix, b);         // x = A⁻¹b
        double f = objective.forward(x);                  // f = aᵀx
        int n = a.length();
        DenseVector xbar = DenseVector.heap(n), da = DenseVector.heap(n), db = DenseVector.heap(n);
        objective.pullback(1.0, xbar, da);                // x̄ = a, ∂f/∂a = x
        RankOne dA = solve.pullback(xbar, db);            // ∂f/∂b = λ = A⁻ᵀa, ∂f/∂A = −λxᵀ
        return new Gradients(f, da, db, dA);
    }

    public static void main(String[] args) {
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
        try (DenseMatrix dense = DenseMatrix.of(entries); CscMatrix sparse = CscMatrix.fromDense(dense, false);
                LinearSolve<DenseMatrix> denseSolve = new LinearSolve<>(Factorizers.denseLu());
                LinearSolve<CscMatrix> sparseSolve = new LinearSolve<>(Factorizers.sparseLu())) {
            Gradients d = gradients(denseSolve, dense, a, b);
            Gradients s = gradients(sparseSolve, sparse, a, b);
            double maxDiff = 0;
            for (int i = 0; i < n; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(d.db().get(i) - s.db().get(i)));
                maxDiff = Math.max(maxDiff, Math.abs(d.da().get(i) - s.da().get(i)));
            }
            System.out.printf("f = aᵀA⁻¹b = %.15g (dense A), %.15g (sparse A, nnz = %d)%n", d.f(), s.f(), sparse.nnz());
            System.out.printf("max |dense − sparse| over ∂f/∂a and ∂f/∂b: %.3g%n", maxDiff);
            System.out.printf("∂f/∂A(0, 1) = −λ₀x₁ = %.15g (dense), %.15g (sparse)%n", d.dA().get(0, 1), s.dA().get(0, 1));
            System.out.printf("∂f/∂A as a RankOne: %d bytes; as a dense %dx%d matrix: %d bytes%n",
                    s.dA().footprintBytes(), n, n, (long) n * n * Double.BYTES);
            System.out.printf("⟨∂f/∂A, A⟩ = −λᵀAx = −aᵀx = %.15g (rank-1 kernel on the %d stored entries)%n",
                    s.dA().dot(sparse), sparse.nnz());
        }
    }
}

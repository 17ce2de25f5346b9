package dev.pullback.ad.examples;

import dev.pullback.ad.DotProduct;
import dev.pullback.ad.LinearSolve;
import dev.pullback.ad.RankOne;
import dev.pullback.storage.DenseVector;

/**
 * The seed example: f(a, A, b) = aᵀA⁻¹b and its three gradients,
 * <pre>
 *   ∂f/∂a = x = A⁻¹b,   ∂f/∂b = λ = A⁻ᵀa,   ∂f/∂A = −λxᵀ (a {@link RankOne}: 8·2n bytes, not 8·n²)
 * </pre>
 * for a dense or a sparse A, whichever the {@link LinearSolve}'s factorizer takes.
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
}

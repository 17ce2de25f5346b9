package dev.pullback.ad;

import dev.pullback.storage.DenseVector;

/**
 * A square nonlinear system F(x) = 0 with its Jacobian J(x) = ∂F/∂x on a fixed structure, as
 * {@link NewtonSolve} needs it: circuit equations (Kirchhoff's current law at every node), AC power
 * flow (power mismatches), implicit time steps. Parameters p of F are the implementation's own state;
 * set them before {@link NewtonSolve#solve} and leave them until its pullback is done.
 *
 * <p>Both methods are called many times per solve and should allocate nothing (the Newton loop
 * itself allocates nothing after its first factorization).
 *
 * @param <M> the Jacobian's matrix type, as the {@link dev.pullback.solvers.Factorizer} takes it
 */
public interface NonlinearSystem<M> {
    /**
     * Writes F(x) into {@code f} (length n). {@code x} must not be modified. A point where F is not
     * defined may produce NaN or an infinity: the line search then takes a shorter step.
     */
    void residual(DenseVector x, DenseVector f);

    /**
     * Writes the values of J(x) = ∂F/∂x into {@code jacobian}, the matrix given to the
     * {@link NewtonSolve}, on the same structure at every call (a sparse pattern fixed once: entries
     * that can become zero stay stored). The solver refactors after each call.
     */
    void jacobian(DenseVector x, M jacobian);
}

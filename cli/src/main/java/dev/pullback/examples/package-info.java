/**
 * Runnable examples of the library: {@link dev.pullback.examples.SeedExample}, the README's
 * f(a, A, b) = aᵀA⁻¹b and its three gradients, for a dense and a sparse A;
 * {@link dev.pullback.examples.DiodeMeshExample}, a nonlinear circuit solved by Newton's method and its
 * sensitivities through the adjoint of the converged solve.
 */
package dev.pullback.examples;

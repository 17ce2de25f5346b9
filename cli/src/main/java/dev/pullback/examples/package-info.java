/**
 * Runnable examples of the library: {@link dev.pullback.examples.SeedExample}, the README's
 * f(a, A, b) = aᵀA⁻¹b and its three gradients, for a dense and a sparse A.
 */
package dev.pullback.examples;

/**
 * Choosing a factorization: {@link dev.pullback.solvers.Solvers}, the registry of named solvers
 * ({@code auto}/{@code adaptive}, {@code lu}, {@code supernodal}, {@code btf}, {@code dense}) that the
 * CLI, the showcase and the benchmarks use; and {@link dev.pullback.solvers.Factorizers}, which wraps
 * any of them in the refactor policy a changing A(p) needs ({@link dev.pullback.solvers.Factorizer}:
 * refactor; on a zero pivot or a low pivot growth, a fresh factorization with the same analysis).
 */
package dev.pullback.solvers;

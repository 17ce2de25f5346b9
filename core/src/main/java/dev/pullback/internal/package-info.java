/**
 * Internal (not exported by the module): argument checks shared by the public entry points,
 * {@link dev.pullback.internal.SolveGuard}, the enforced concurrency contract of the factorizations, and
 * {@link dev.pullback.internal.Refinement}, their refining solve written once.
 */
package dev.pullback.internal;

/**
 * Internal (not exported by the module): argument checks shared by the public entry points, and
 * {@link dev.pullback.internal.SolveGuard}, the enforced concurrency contract of the factorizations.
 */
package dev.pullback.internal;

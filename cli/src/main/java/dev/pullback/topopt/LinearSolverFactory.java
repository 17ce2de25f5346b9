package dev.pullback.topopt;

import dev.pullback.solvers.Factorizer;
import dev.pullback.storage.CscMatrix;

/**
 * Where a {@link StructuralModel} gets the factorization of its stiffness matrix: a named source of
 * {@link Factorizer}s (the pullback layer's refactor policy: factor once, refactor on the same
 * pattern afterwards). {@link SolverChoice#named} gives the library's; tests plug in an independent one.
 */
public interface LinearSolverFactory {
    /** A short description for progress output, e.g. "sparse LU (AMD)". */
    String name();

    /** A new factorizer; the caller owns it and closes it. */
    Factorizer<CscMatrix> create();
}

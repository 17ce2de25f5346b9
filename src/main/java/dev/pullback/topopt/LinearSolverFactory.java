package dev.pullback.topopt;

import dev.pullback.storage.CscMatrix;

/** Opens a {@link LinearSolver} for a square matrix; the solver reads the matrix's values at each factor(). */
@FunctionalInterface
public interface LinearSolverFactory {
    /** Analyzes {@code a}'s pattern. The solver does not own {@code a}; {@code a} must outlive it. */
    LinearSolver open(CscMatrix a);
}

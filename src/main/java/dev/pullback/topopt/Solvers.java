package dev.pullback.topopt;

/** The {@link LinearSolverFactory} implementations the library provides. */
public final class Solvers {
    private Solvers() {}

    /**
     * The sparse LU (analyze once, factor at the first iteration, refactor afterwards). Not in this
     * build yet: opening a solver from this factory fails with a message that says so.
     */
    public static LinearSolverFactory sparseLu() {
        return a -> {
            throw new IllegalStateException("topopt needs the sparse LU (dev.pullback.factor), which this build does not contain yet");
        };
    }
}

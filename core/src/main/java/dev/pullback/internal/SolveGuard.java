package dev.pullback.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The concurrency contract of a factorization, enforced: its factors are read-only between
 * (re)factorizations, so any number of threads may solve at once, each in a workspace of its own;
 * a refactor or close is refused (IllegalStateException) while a solve runs, and a solve is refused
 * while a refactor or close runs, so nothing is ever torn.
 *
 * <p>A solve that starts while no other runs (the common, single-threaded case) uses the
 * factorization's own workspace; one that overlaps another uses its thread's spare, made at that
 * thread's first overlap and kept: steady-state solves allocate nothing on either path. Two atomic
 * operations per solve.
 *
 * @param <W> the workspace type
 */
public final class SolveGuard<W> {
    /** ≥ 0: the number of running solves; −1: a refactor or close is under way. */
    private final AtomicInteger state = new AtomicInteger();
    private final String name;
    private final Supplier<W> newWork;
    private final ThreadLocal<W> spare;
    private W own;

    /**
     * @param name    how messages call the factorization, e.g. "sparse LU factorization"
     * @param newWork makes a workspace (for the own one when none is given, and for each thread's spare)
     */
    public SolveGuard(String name, Supplier<W> newWork) {
        this.name = name;
        this.newWork = newWork;
        this.spare = ThreadLocal.withInitial(newWork);
    }

    /** Sets the own workspace (e.g. one the factorization's factor also uses, which solves may share). */
    public void own(W w) {
        own = w;
    }

    /** Enters a solve and returns the workspace it uses; pair every call with {@link #endSolve()}. */
    public W beginSolve() {
        for (;;) {
            int s = state.get();
            if (s < 0) {
                throw new IllegalStateException(name + ": a refactor or close is under way in another thread;"
                        + " solve after it has returned");
            }
            if (state.compareAndSet(s, s + 1)) {
                if (s > 0) return spare.get();
                if (own == null) own = newWork.get();
                return own;
            }
        }
    }

    public void endSolve() {
        state.decrementAndGet();
    }

    /** Enters a refactor or close ({@code what}); refused while solves or another one run. Pair with {@link #endMutation()}. */
    public void beginMutation(String what) {
        if (!state.compareAndSet(0, -1)) {
            int s = state.get();
            throw new IllegalStateException(name + ": " + what + " refused: " + (s < 0
                    ? "another refactor or close is under way" : s + " solve(s) are running in other threads")
                    + "; the factors stay as they were");
        }
    }

    public void endMutation() {
        state.set(0);
    }
}

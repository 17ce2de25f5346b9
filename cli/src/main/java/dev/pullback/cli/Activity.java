package dev.pullback.cli;

/**
 * What the command running on this thread is doing, in words ("reading A.mtx", "factoring A.mtx
 * (n = 40000) with the dense LU"): when the JVM runs out of memory, {@link PullbackCli} reports it
 * as one line naming this instead of a stack trace, and a {@link Progress} attached to the thread
 * shows the phases that run long. Commands set it at the start of each phase.
 */
final class Activity {
    private static final ThreadLocal<String> NOW = new ThreadLocal<>();
    private static final ThreadLocal<Progress> SHOWN = new ThreadLocal<>();

    private Activity() {}

    /** Records the phase that starts now. */
    static void now(String what) {
        NOW.set(what);
        Progress p = SHOWN.get();
        if (p != null) p.phase(what);
    }

    /** The last phase has ended: what follows is the command printing its result. */
    static void done() {
        NOW.remove();
        Progress p = SHOWN.get();
        if (p != null) p.phase(null);
    }

    /** The phase under way, or null before any was set. */
    static String current() {
        return NOW.get();
    }

    /** Shows this thread's phases on {@code progress} from now on (null: not shown). */
    static void showOn(Progress progress) {
        SHOWN.set(progress);
    }

    static void clear() {
        NOW.remove();
        SHOWN.remove();
    }
}

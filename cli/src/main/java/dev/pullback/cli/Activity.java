package dev.pullback.cli;

/**
 * What the command running on this thread is doing, in words ("reading A.mtx", "factoring A.mtx
 * (n = 40000) with the dense LU"): when the JVM runs out of memory, {@link PullbackCli} reports it
 * as one line naming this instead of a stack trace. Commands set it at the start of each phase.
 */
final class Activity {
    private static final ThreadLocal<String> NOW = new ThreadLocal<>();

    private Activity() {}

    /** Records the phase that starts now. */
    static void now(String what) {
        NOW.set(what);
    }

    /** The phase under way, or null before any was set. */
    static String current() {
        return NOW.get();
    }

    static void clear() {
        NOW.remove();
    }
}

package dev.pullback.cli;

/**
 * A command that can run long on a large input: the phases it records with {@link Activity#now}
 * are shown on stderr as they run ({@link Progress}), unless {@link #quiet()}.
 */
interface LongRunning {
    /** True when the command's output must stay machine-readable (its {@code --json}): no progress then. */
    boolean quiet();
}

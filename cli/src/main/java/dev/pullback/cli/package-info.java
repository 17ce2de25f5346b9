/**
 * The {@code pullback} command line (picocli): {@code info}, {@code convert}, {@code solve},
 * {@code bench} and {@code topopt}; start at {@link dev.pullback.cli.PullbackCli}. Errors are one
 * line on stderr with exit code 1 (bad input) or 2 (bad usage).
 */
package dev.pullback.cli;

package dev.pullback.topopt;

import dev.pullback.cli.TopoptCommand;
import picocli.CommandLine;

/**
 * TEST SCOPE ONLY: runs {@code pullback topopt} on the test-scope {@link BandCholesky}, to measure
 * the loop before the library's sparse LU is wired in. Same options as the command.
 */
public final class BandCholeskyTopopt {
    private BandCholeskyTopopt() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new TopoptCommand(BandCholesky.factory())).execute(args));
    }
}

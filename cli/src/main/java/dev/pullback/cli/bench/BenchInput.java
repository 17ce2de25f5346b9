package dev.pullback.cli.bench;

import dev.pullback.kernel.Kernels;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.PatternGroups;

/**
 * What a {@link BenchOp} works on: the matrix (with its element map when the gallery made one), the
 * kernels chosen by {@code --kernel}, the {@code --solver} value for ops that have several
 * implementations, and whether vectors live off-heap ({@code --off-heap}).
 */
public record BenchInput(String label, CscMatrix matrix, PatternGroups groups, Kernels kernels, String solver,
        boolean offHeapVectors) {

    /** The element map, or a clear failure for ops that need one. */
    public PatternGroups requireGroups(String op) {
        if (groups == null) {
            throw new IllegalArgumentException("--op " + op + " needs an element map: use --gallery q4:NXxNY");
        }
        return groups;
    }
}

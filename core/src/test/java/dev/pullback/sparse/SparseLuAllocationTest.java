package dev.pullback.sparse;

import static dev.pullback.sparse.AllocationTesting.assertSteadyStateAllocatesNothing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.gallery.CircuitMna;
import dev.pullback.gallery.Grids;
import dev.pullback.storage.CscMatrix;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Refactor and the solves allocate nothing on the Java heap once the factorization exists. */
@Tag("allocation")
class SparseLuAllocationTest {
    @Test
    void refactorAndSolvesAllocateZeroBytes() {
        try (CscMatrix a = Grids.convectionDiffusion2d(20, 20, 50, 20); SparseLu lu = SparseLu.factor(a)) {
            assertSteadyStateAllocatesNothing(lu, () -> lu.refactor(a), 3, 2000, 200, 200, 200);
        }
    }

    @Test
    void refactorThroughADenseTrailingBlockAndSolvesAllocateZeroBytes() {
        try (CscMatrix a = CircuitMna.generate(6000, 2).matrix(); SparseLu lu = SparseLu.factor(a)) {
            assertTrue(lu.trailingBlockOrder() > 0, "no dense trailing block in " + lu);
            assertSteadyStateAllocatesNothing(lu, () -> lu.refactor(a), 2, 1500, 100, 100, 100);
        }
    }

    @Test
    void blockTriangularRefactorAndSolvesAllocateZeroBytes() {
        try (CscMatrix a = Grids.cascade(600, 12, 2, 2, 9); BtfLu lu = BtfLu.factor(a)) {
            assertSteadyStateAllocatesNothing(lu, () -> lu.refactor(a), 2, 2000, 200, 200, 200);
        }
    }
}

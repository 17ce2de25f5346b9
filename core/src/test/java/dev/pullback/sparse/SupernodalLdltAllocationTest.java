package dev.pullback.sparse;

import static dev.pullback.sparse.AllocationTesting.assertSteadyStateAllocatesNothing;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import dev.pullback.gallery.Kkt;
import dev.pullback.gallery.StokesMac;
import dev.pullback.storage.CscMatrix;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Refactor and the solves of SupernodalLdlt allocate nothing on the Java heap once the
 * factorization exists, delayed pivots included (the storage fits what the first factor found).
 */
@Tag("allocation")
class SupernodalLdltAllocationTest {
    @Test
    void kktRefactorAndSolvesAllocateZeroBytes() {
        // Q4 KKT in AMD's order without the zero-diagonal pairing: fronts large enough for the GEMM
        // update, small ones for the plain loops, and delayed pivots
        try (CscMatrix a = Kkt.q4(40, 14, 2); SupernodalLdlt f = plainAmd(a)) {
            assertTrue(f.delayedPivots() > 0, "delays exercised: " + f);
            assertSteadyStateAllocatesNothing(f, () -> f.refactor(a), 3, 800, 30, 200, 100);
        }
    }

    private static SupernodalLdlt plainAmd(CscMatrix a) {
        SymmetricStructure sym = SymmetricStructure.of(a.pattern());
        int[] amd = SupernodalLu.symmetricOrder(sym, Ordering.AMD, SparseOptions.defaults(), new long[1]);
        return SupernodalLdlt.analyze(a.pattern(), sym, amd, Ordering.AMD, SparseOptions.defaults(), "").factor(a);
    }

    @Test
    void stokesRefactorAndSolvesAllocateZeroBytes() {
        try (CscMatrix a = StokesMac.of2d(16, 14, 1.0, 2); SupernodalLdlt f = SupernodalLdlt.factor(a)) {
            assertSteadyStateAllocatesNothing(f, () -> f.refactor(a), 3, 800, 30, 200, 100);
        }
        try (CscMatrix a = StokesMac.of2d(16, 14, 1.0, 2); SupernodalLdlt f = plainAmd(a)) {
            assertTrue(f.delayedPivots() > 0, "delays exercised: " + f);
            assertSteadyStateAllocatesNothing(f, () -> f.refactor(a), 3, 800, 30, 200, 100);
        }
    }
}

package dev.pullback.sparse;

import static dev.pullback.sparse.AllocationTesting.assertSteadyStateAllocatesNothing;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        // Q4 KKT: fronts large enough for the GEMM update and small ones for the plain loops; delays happen
        try (CscMatrix a = Kkt.q4(40, 14, 2); SupernodalLdlt f = SupernodalLdlt.factor(a)) {
            assertTrue(f.delayedPivots() > 0 || f.twoByTwoPivots() > 0, "indefinite pivoting exercised: " + f);
            assertSteadyStateAllocatesNothing(f, () -> f.refactor(a), 3, 300, 30, 200, 100);
        }
    }

    @Test
    void stokesRefactorAndSolvesAllocateZeroBytes() {
        try (CscMatrix a = StokesMac.of2d(16, 14, 1.0, 2); SupernodalLdlt f = SupernodalLdlt.factor(a)) {
            assertSteadyStateAllocatesNothing(f, () -> f.refactor(a), 3, 300, 30, 200, 100);
        }
    }
}

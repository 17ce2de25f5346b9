package dev.pullback.sparse;

import static dev.pullback.sparse.AllocationTesting.assertSteadyStateAllocatesNothing;

import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CscMatrix;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Refactor and the solves of SupernodalLu allocate nothing on the Java heap once the factorization exists. */
@Tag("allocation")
class SupernodalLuAllocationTest {
    @Test
    void refactorAndSolvesAllocateZeroBytes() {
        // Q4 elasticity: fronts large enough for the GEMM path and small ones for the plain loops.
        PlaneStressQ4 mesh = new PlaneStressQ4(30, 10, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs())) {
            CscMatrix a = asm.stiffness();
            try (SupernodalLu lu = SupernodalLu.factor(a)) {
                assertSteadyStateAllocatesNothing(lu, () -> lu.refactor(a), 3, 500, 50, 200, 100);
            }
        }
    }
}

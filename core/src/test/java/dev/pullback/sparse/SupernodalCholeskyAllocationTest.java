package dev.pullback.sparse;

import static dev.pullback.sparse.AllocationTesting.assertSteadyStateAllocatesNothing;

import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CscMatrix;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Refactor and the solves of SupernodalCholesky allocate nothing on the Java heap once the factorization exists. */
@Tag("allocation")
class SupernodalCholeskyAllocationTest {
    @Test
    void refactorAndSolvesAllocateZeroBytes() {
        // Q4 elasticity: fronts large enough for POTRF/TRSM/SYRK on the kernels and small ones for the plain loops.
        PlaneStressQ4 mesh = new PlaneStressQ4(40, 14, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs())) {
            CscMatrix a = asm.stiffness();
            try (SupernodalCholesky ch = SupernodalCholesky.factor(a)) {
                assertSteadyStateAllocatesNothing(ch, () -> ch.refactor(a), 3, 500, 50, 200, 100);
            }
        }
    }
}

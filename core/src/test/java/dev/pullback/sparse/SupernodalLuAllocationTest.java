package dev.pullback.sparse;

import static dev.pullback.sparse.AllocationTesting.assertSteadyStateAllocatesNothing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.gallery.Kkt;
import dev.pullback.gallery.Oseen;
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

    @Test
    void withDelayedPivotsRefactorAndSolvesAllocateZeroBytes() {
        // Oseen (unsymmetric, zero pressure diagonal): delays at every factorization, fronts of both sizes.
        try (CscMatrix a = Oseen.of2d(24, 20, 150, 1.0, 5); SupernodalLu lu = SupernodalLu.factor(a)) {
            assertTrue(lu.delayedPivots() > 0, lu.toString());
            assertSteadyStateAllocatesNothing(lu, () -> lu.refactor(a), 3, 500, 50, 200, 100);
        }
    }

    @Test
    void afterARefactorThatGrewTheFactorsRefactorAndSolvesAllocateZeroBytes() {
        // [[K, Bᵀ], [B, −I]] factors without delays; with the (2,2) diagonal zeroed the refactor delays and grows.
        try (CscMatrix kkt = Kkt.q4(20, 12, 21); CscMatrix a = SupernodalLuDelayTest.withConstraintDiagonal(kkt, 1.0);
                SupernodalLu lu = SupernodalLu.factor(a)) {
            long before = lu.nativeBytes();
            for (int j = 0; j < a.cols(); j++) if (kkt.pattern().find(j, j) < 0) a.setValue(a.pattern().find(j, j), 0.0);
            lu.refactor(a);
            assertTrue(lu.delayedPivots() > 0 && lu.nativeBytes() > before, lu.toString());
            assertSteadyStateAllocatesNothing(lu, () -> lu.refactor(a), 3, 500, 50, 200, 100);
        }
    }
}

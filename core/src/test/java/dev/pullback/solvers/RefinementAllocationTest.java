package dev.pullback.solvers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.dense.Allocations;
import dev.pullback.dense.DenseLu;
import dev.pullback.factor.Factorization;
import dev.pullback.factor.SolveReport;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A refining solve allocates nothing in steady state: its vectors live in the solve's workspace and
 * the condition estimate is kept. Every solver of the registry on a plane-stress stiffness matrix
 * with tolerance 0, so that refinement always takes steps (until one fails to halve ω), and the
 * dense LU on Wilkinson's growth matrix, where it must.
 *
 * <p>Why not the badly scaled matrices of {@link AccuracyTest}: their residuals run the SIMD sparse
 * kernels on single columns, and in this JVM (-Xbatch, shared by every allocation test) C2 then
 * compiles the twin-column kernels that {@code SparseKernelAllocationTest} times afterwards into code
 * that allocates (docs/PERFORMANCE.md, 2026-12-07 'kernel profile after refinement').
 */
@Tag("allocation")
class RefinementAllocationTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.pullback.solvers.AccuracyTest#spdSolvers")
    void refiningSolvesAllocateNothingInSteadyState(String solver) {
        PlaneStressQ4 mesh = new PlaneStressQ4(12, 6, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs());
                Factorization f = Solvers.get(solver).analyze(asm.stiffness().pattern()).factor(asm.stiffness())) {
            assertRefiningSolvesAllocateNothing(solver, f, new SolveReport(0, SolveReport.DEFAULT_MAX_STEPS, true));
        }
    }

    @Test
    void denseLuRefiningSolvesAllocateNothingInSteadyState() {
        try (DenseMatrix a = DenseMatrix.of(AccuracyMatrices.wilkinson(60)); DenseLu lu = DenseLu.factor(a)) {
            assertRefiningSolvesAllocateNothing("DenseLu", lu, new SolveReport());
        }
    }

    private static void assertRefiningSolvesAllocateNothing(String what, Factorization f, SolveReport report) {
        int n = f.n();
        DenseVector b = DenseVector.wrap(new SplittableRandom(3).doubles(n, -1, 1).toArray());
        DenseVector x = DenseVector.heap(n);
        f.solve(b, x, report);
        assertTrue(report.steps() >= 1, what + ": nothing refined, " + report.describe());
        Allocations.assertSteadyStateAllocatesNothing(what + " refining solve", () -> f.solve(b, x, report));
        Allocations.assertSteadyStateAllocatesNothing(what + " refining transposed solve",
                () -> f.solveTransposed(b, x, report));
    }
}

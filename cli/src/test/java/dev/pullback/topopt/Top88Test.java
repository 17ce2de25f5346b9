package dev.pullback.topopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pullback.solvers.Factorizer;
import dev.pullback.factor.Factorization;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.kernel.KernelProvider;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The top88 MBB beam and the inverter end to end, on the test-scope {@link BandCholesky}. */
@Tag("kernel-paths")
class Top88Test {
    private static final double NU = 0.3;

    @Test
    void mbb30x10ConvergesToTheScipyReference() {
        // Reference: `python3 bench/topopt_scipy.py 30 10` (same algorithm in numpy/scipy, SuperLU)
        // stops after 58 iterations (change < 0.01) at c = 248.8334, volume 0.500. Rounding in the
        // solver and in the summation order may move the stopping iteration by a few, so accept
        // 50..70 iterations and c within 0.5% (the last iterations change c by less than that).
        Problem p = Problem.mbb(30, 10, NU);
        try (TopologyOptimizer opt = new TopologyOptimizer(p, Settings.compliance(0.5, 3, 1.5, 200, 0.01),
                BandCholesky.factory())) {
            List<Iteration> its = opt.run(it -> {});
            Iteration last = its.getLast();
            assertTrue(opt.converged(), "not converged after " + its.size() + " iterations");
            assertTrue(its.size() >= 50 && its.size() <= 70, "iterations " + its.size());
            assertEquals(248.8334, last.objective(), 0.005 * 248.8334);
            assertEquals(0.5, last.volume(), 1e-3);
            // the first iteration is the uniform design, whose compliance scipy prints as well
            assertEquals(SCIPY_30x10_FIRST, its.getFirst().objective(), 1e-9 * SCIPY_30x10_FIRST);
        }
    }

    /** `python3 bench/topopt_scipy.py 30 10 --json`, iteration 1: c of the uniform design x = 0.5. */
    private static final double SCIPY_30x10_FIRST = 984.5548024962354;

    @Test
    void mbbGradientMatchesFiniteDifferencesAndTheElementFormula() {
        Problem p = Problem.mbb(12, 6, NU);
        Settings s = Settings.compliance(0.5, 3, 1.5, 10, 0.01);
        try (StructuralModel m = new StructuralModel(p, s, BandCholesky.factory())) {
            DenseVector x = randomDesign(m.elements(), 11);
            DenseVector g = DenseVector.heap(m.elements());
            double c = m.evaluate(x, g);
            assertTrue(c > 0);
            DenseVector reference = elementFormulaGradient(m, p, s);
            for (int e = 0; e < m.elements(); e++) {
                assertEquals(reference.get(e), g.get(e), 1e-10 * Math.abs(reference.get(e)) + 1e-14, "element " + e);
            }
            for (GradientCheck.Entry en : GradientCheck.check(m, x, 6, GradientCheck.DEFAULT_STEP)) {
                assertTrue(en.relativeError() < 1e-6, en.toString());
            }
        }
    }

    @Test
    void inverterGradientMatchesFiniteDifferencesAndUsesOneFactorization() {
        Problem p = Problem.inverter(12, 6, NU);
        Settings s = Settings.mechanism(0.3, 3, 1.5, 10, 0.01);
        int[] counts = new int[3];
        LinearSolverFactory counting = counting(BandCholesky.factory(), counts);
        try (StructuralModel m = new StructuralModel(p, s, counting)) {
            DenseVector x = randomDesign(m.elements(), 5);
            DenseVector g = DenseVector.heap(m.elements());
            m.evaluate(x, g);
            assertEquals(1, counts[0], "factorizations");
            assertEquals(1, counts[1], "forward solves");
            assertEquals(1, counts[2], "transposed solves");
            boolean positive = false, negative = false;
            for (int e = 0; e < m.elements(); e++) {
                positive |= g.get(e) > 0;
                negative |= g.get(e) < 0;
            }
            assertTrue(positive && negative, "the mechanism gradient changes sign");
            List<GradientCheck.Entry> check = GradientCheck.check(m, x, 6, GradientCheck.DEFAULT_STEP);
            assertEquals(6, check.size());
            for (GradientCheck.Entry en : check) assertTrue(en.relativeError() < 1e-6, en.toString());
        }
    }

    @Test
    void inverterOptimisationMakesTheOutputMoveAgainstTheInput() {
        Problem p = Problem.inverter(40, 20, NU);
        try (TopologyOptimizer opt = new TopologyOptimizer(p, Settings.mechanism(0.3, 3, 1.5, 40, 0.01),
                BandCholesky.factory())) {
            List<Iteration> its = opt.run(it -> {});
            // the uniform start moves the output with the input (u_out > 0); an inverter moves it back
            assertTrue(its.getFirst().objective() > 0, "uniform design: u_out = " + its.getFirst().objective());
            assertTrue(its.getLast().objective() < 0, "after " + its.size() + " iterations u_out = " + its.getLast().objective());
            assertEquals(0.3, its.getLast().volume(), 2e-3);
        }
    }

    @Test
    @Tag("allocation")
    void steadyStateIterationsAllocateNothing() {
        // On the Vector API kernels allocation-freedom needs C2-compiled kernels (interpreted and C1
        // code box every vector), which 40 iterations of this small mesh do not reach; the scalar run
        // of this tagged class checks the code itself. The CLI's counters show the SIMD path at full size.
        assumeTrue(KernelProvider.kernels().name().equals("scalar"), "checked on the scalar-kernel run");
        Problem p = Problem.inverter(20, 10, NU);
        try (TopologyOptimizer opt = new TopologyOptimizer(p, Settings.mechanism(0.3, 3, 1.5, 40, 1e-9),
                BandCholesky.factory())) {
            List<Iteration> its = opt.run(it -> {});
            if (!PhaseClock.countsAllocation()) return;
            // An allocation on the hot path shows in every iteration; a one-off JIT event (code being
            // replaced re-materialises a few objects) in at most one of the last ten.
            List<Iteration> last = its.subList(its.size() - 10, its.size());
            for (Phase ph : Phase.values()) {
                long allocating = last.stream().filter(it -> it.bytes(ph) != 0).count();
                assertTrue(allocating <= 1, ph + " allocated in " + allocating + " of the last 10 iterations: "
                        + last.stream().map(it -> it.bytes(ph)).toList());
            }
        }
    }

    @Test
    @Tag("allocation")
    void complianceSolvePhaseAllocatesNothingFromTheSecondIteration() {
        // The Cholesky sweeps and the sparse objective are plain code on both kernel paths, so no
        // Vector API boxing waits for C2 here: after the first iteration (analysis, first factor),
        // the solve phase allocates nothing. At most one iteration may show a JIT event.
        Problem p = Problem.mbb(30, 10, NU);
        try (TopologyOptimizer opt = new TopologyOptimizer(p, Settings.compliance(0.5, 3, 1.5, 15, 1e-9),
                SolverChoice.named("auto"))) {
            List<Iteration> its = opt.run(it -> {});
            if (!PhaseClock.countsAllocation()) return;
            List<Long> bytes = its.subList(1, its.size()).stream().map(it -> it.bytes(Phase.SOLVE)).toList();
            long allocating = bytes.stream().filter(b -> b != 0).count();
            assertTrue(allocating <= 1, "solve phase bytes from iteration 2: " + bytes);
        }
    }

    /** dc/dxₑ by the element formula −E'(x̃ₑ)·uₑᵀKₑλₑ on full-dof vectors, then the filter by its definition. */
    private static DenseVector elementFormulaGradient(StructuralModel m, Problem p, Settings s) {
        PlaneStressQ4 mesh = p.mesh();
        int nelx = mesh.nelx(), nely = mesh.nely(), nel = mesh.elements();
        double[] u = new double[mesh.dofs()], lam = new double[mesh.dofs()];
        try (PlaneStressQ4.Assembly a = mesh.assemble(p.fixedDofs())) {
            for (int k = 0; k < a.freeDofs().length; k++) {
                u[a.freeDofs()[k]] = m.displacement().get(k);
                lam[a.freeDofs()[k]] = m.adjoint().get(k);
            }
        }
        double[] ke = mesh.elementStiffness();
        double[] dPhys = new double[nel];
        int[] dofs = new int[8];
        for (int e = 0; e < nel; e++) {
            mesh.elementDofs(e, dofs);
            double q = 0;
            for (int r = 0; r < 8; r++) for (int c = 0; c < 8; c++) q += lam[dofs[r]] * ke[r * 8 + c] * u[dofs[c]];
            dPhys[e] = -s.simp().derivative(m.physical().get(e)) * q;
        }
        DenseVector out = DenseVector.heap(nel);
        for (int e = 0; e < nel; e++) {
            double sum = 0;
            for (int i = 0; i < nel; i++) {
                double w = Math.max(0, s.rmin() - Math.hypot(e / nely - i / nely, e % nely - i % nely));
                if (w == 0) continue;
                double hs = 0;
                for (int j = 0; j < nel; j++) hs += Math.max(0, s.rmin() - Math.hypot(i / nely - j / nely, i % nely - j % nely));
                sum += w / hs * dPhys[i];
            }
            out.set(e, sum);
        }
        assertEquals(nelx * nely, nel);
        return out;
    }

    private static DenseVector randomDesign(int nel, long seed) {
        Random rnd = new Random(seed);
        DenseVector x = DenseVector.heap(nel);
        for (int e = 0; e < nel; e++) x.set(e, 0.1 + 0.9 * rnd.nextDouble());
        return x;
    }

    /** Counts factor and refactor [0], solve [1] and solveTransposed [2] calls through a solver. */
    static LinearSolverFactory counting(LinearSolverFactory inner, int[] counts) {
        return new LinearSolverFactory() {
            @Override
            public String name() {
                return "counting " + inner.name();
            }

            @Override
            public Factorizer<CscMatrix> create() {
                Factorizer<CscMatrix> f = inner.create();
                return new Factorizer.OfCsc() {
                    @Override
                    public Factorization factor(CscMatrix a) {
                        counts[0]++;
                        return counted(f.factor(a));
                    }

                    @Override
                    public Factorization refactor(CscMatrix a) {
                        counts[0]++;
                        return counted(f.refactor(a));
                    }

                    @Override
                    public void close() {
                        f.close();
                    }
                };
            }

            private Factorization counted(Factorization f) {
                return new Factorization() {
                    @Override
                    public int n() {
                        return f.n();
                    }

                    @Override
                    public void solve(DenseVector b, DenseVector x) {
                        counts[1]++;
                        f.solve(b, x);
                    }

                    @Override
                    public void solveTransposed(DenseVector b, DenseVector x) {
                        counts[2]++;
                        f.solveTransposed(b, x);
                    }

                    @Override
                    public void solve(DenseMatrix b, DenseMatrix x) {
                        counts[1]++;
                        f.solve(b, x);
                    }

                    @Override
                    public void solveTransposed(DenseMatrix b, DenseMatrix x) {
                        counts[2]++;
                        f.solveTransposed(b, x);
                    }

                    @Override
                    public void close() {
                        f.close();
                    }
                };
            }
        };
    }
}

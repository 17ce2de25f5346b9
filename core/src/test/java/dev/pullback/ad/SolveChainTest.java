package dev.pullback.ad;

import static dev.pullback.ad.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The composed chain θ → p → A(p) → x → f against finite differences and top88's closed form. */
@Tag("kernel-paths")
class SolveChainTest {
    private static final double PENAL = 3, EMIN = 1e-9, E0 = 1;

    /** Directional check: |D(h) − ⟨θ̄, d⟩| ≤ 1e-6·‖θ̄‖‖d‖ (see FiniteDifference for the step and bound). */
    private static void assertDirectional(SolveChain chain, double[] theta, double[] grad, double[] d, double scale) {
        double fd = FiniteDifference.central(t -> chain.value(vec(plus(theta, t, d))), FiniteDifference.step(scale));
        assertEquals(fd, dot(grad, d), 1e-6 * norm(grad) * norm(d), "directional derivative");
    }

    /**
     * Compliance c = fᵀu of a SIMP-interpolated MBB beam: θ̄ against top88's closed form
     * ∂c/∂xₑ = −p·xₑᵖ⁻¹(E0 − Emin)·uₑᵀKₑuₑ (computed here element by element from u) and against finite
     * differences.
     */
    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#sparse")
    void complianceGradientIsTop88sFormula(Supplier<Backends.Counting<CscMatrix>> backend) {
        PlaneStressQ4 mesh = new PlaneStressQ4(8, 4, 0.3);
        Random rnd = new Random(61);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs());
                ParametricMatrix pm = ParametricMatrix.of(asm.elementMap());
                LinearSolve<CscMatrix> solve = new LinearSolve<>(backend.get())) {
            int n = asm.stiffness().rows(), ne = mesh.elements();
            double[] load = new double[n];
            load[asm.fullToFree()[1]] = -1; // top88: F(2) = −1, a downward unit load at the top-left node
            DenseVector f = vec(load);
            SolveChain chain = SolveChain.of(new ElementwiseMap(ScalarFunction.simp(EMIN, E0, PENAL), ne), pm, solve, f,
                    new DotProduct(f));
            double[] x = uniform(ne, 0.3, 1.0, rnd);
            DenseVector grad = DenseVector.heap(ne);
            double c = chain.valueAndGradient(vec(x), grad);
            double[] u = chain.state().toArray();
            assertEquals(dot(load, u), c, 1e-12 * Math.abs(c));

            double[] ke = mesh.elementStiffness();
            int[] edof = new int[8];
            double[] top88 = new double[ne];
            for (int e = 0; e < ne; e++) {
                mesh.elementDofs(e, edof);
                double ce = 0;
                for (int r = 0; r < 8; r++) {
                    for (int s = 0; s < 8; s++) {
                        int i = asm.fullToFree()[edof[r]], j = asm.fullToFree()[edof[s]];
                        if (i >= 0 && j >= 0) ce += u[i] * ke[r * 8 + s] * u[j];
                    }
                }
                top88[e] = -PENAL * Math.pow(x[e], PENAL - 1) * (E0 - EMIN) * ce;
            }
            assertTrue(relErrInf(grad.toArray(), top88) < 1e-10, "top88 sensitivity: " + relErrInf(grad.toArray(), top88));
            double[] g = grad.toArray();
            for (int r = 0; r < 3; r++) assertDirectional(chain, x, g, gaussian(ne, rnd), 0.3);
        }
    }

    /**
     * An unsymmetric family A(θ) = A₀ + Σₑ exp(θₑ)Aₑ with f = lᵀx and l ≠ b: λ = A⁻ᵀl ≠ A⁻¹l, so a
     * pullback using the forward solve instead of the transposed one fails this test.
     */
    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#sparse")
    void unsymmetricChainMatchesFiniteDifferences(Supplier<Backends.Counting<CscMatrix>> backend) {
        Random rnd = new Random(62);
        int n = 24, groups = 10;
        double[][] a = unsymmetric(n, 0.25, rnd);
        try (DenseMatrix d = dense(a); CscMatrix a0 = CscMatrix.fromDense(d, false)) {
            int entries = 2 * a0.nnz();
            int[] ptr = new int[groups + 1], pos = new int[entries];
            for (int g = 0; g <= groups; g++) ptr[g] = g * entries / groups;
            for (int t = 0; t < entries; t++) pos[t] = rnd.nextInt(a0.nnz());
            double[] coef = new double[entries];
            for (int t = 0; t < entries; t++) coef[t] = 0.3 * rnd.nextGaussian();
            try (PatternGroups pg = PatternGroups.of(a0.pattern(), ptr, pos, coef);
                    ParametricMatrix pm = ParametricMatrix.of(a0, pg);
                    LinearSolve<CscMatrix> solve = new LinearSolve<>(backend.get())) {
                DenseVector b = vec(gaussian(n, rnd));
                for (Objective obj : new Objective[] {new DotProduct(vec(gaussian(n, rnd))), new QuadraticForm(a0)}) {
                    SolveChain chain = SolveChain.of(new ElementwiseMap(ScalarFunction.exp(), groups), pm, solve, b, obj);
                    double[] theta = uniform(groups, -0.5, 0.5, rnd);
                    DenseVector grad = DenseVector.heap(groups);
                    chain.valueAndGradient(vec(theta), grad);
                    double[] g = grad.toArray();
                    for (int r = 0; r < 3; r++) assertDirectional(chain, theta, g, gaussian(groups, rnd), 1.0);
                    for (int e = 0; e < groups; e++) {
                        double[] unit = new double[groups];
                        unit[e] = 1;
                        double fd = FiniteDifference.central(t -> chain.value(vec(plus(theta, t, unit))), FiniteDifference.step(1.0));
                        assertEquals(fd, g[e], 1e-6 * normInf(g), "∂f/∂θ" + e);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.ad.Backends#sparse")
    void zeroSeedStopsTheChainEarly(Supplier<Backends.Counting<CscMatrix>> backend) {
        PlaneStressQ4 mesh = new PlaneStressQ4(4, 2, 0.3);
        Backends.Counting<CscMatrix> factorizer = backend.get();
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs());
                ParametricMatrix pm = ParametricMatrix.of(asm.elementMap());
                LinearSolve<CscMatrix> solve = new LinearSolve<>(factorizer)) {
            int n = asm.stiffness().rows(), ne = mesh.elements();
            DenseVector f = DenseVector.heap(n);
            f.set(0, 1);
            SolveChain chain = SolveChain.of(new ElementwiseMap(ScalarFunction.simp(EMIN, E0, PENAL), ne), pm, solve, f,
                    new DotProduct(f));
            assertThrows(IllegalStateException.class, () -> chain.gradient(1, DenseVector.heap(ne)));
            DenseVector grad = vec(uniform(ne, 1, 2, new Random(63)));
            double[] x = new double[ne];
            java.util.Arrays.fill(x, 0.5);
            chain.value(vec(x));
            chain.gradient(0.0, grad);
            assertEquals(0.0, normInf(grad.toArray()));
            assertEquals(0, factorizer.transposedSolves, "f̄ = 0: no transposed solve");
            chain.gradient(1.0, grad);
            assertEquals(1, factorizer.transposedSolves);
            assertEquals(1, factorizer.factors);
            chain.value(vec(x));
            assertEquals(1, factorizer.refactors, "each new p is a refactor, never a new factorization");
            var e = assertThrows(IllegalArgumentException.class, () -> chain.gradient(1.0, DenseVector.heap(ne + 1)));
            assertTrue(e.getMessage().contains("thetaBar"), e.getMessage());
        }
    }
}

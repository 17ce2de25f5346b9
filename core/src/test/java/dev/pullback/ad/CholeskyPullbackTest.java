package dev.pullback.ad;

import static dev.pullback.ad.TestData.dot;
import static dev.pullback.ad.TestData.gaussian;
import static dev.pullback.ad.TestData.normInf;
import static dev.pullback.ad.TestData.plus;
import static dev.pullback.ad.TestData.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.factor.Method;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.gallery.Kkt;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pullback of x = A⁻¹b through the supernodal Cholesky (named, and chosen by the adaptive
 * solver for an SPD stiffness matrix) and through the supernodal LDLᵀ (a KKT matrix), against
 * central differences: f = aᵀA(t)⁻¹(b + t·e) with
 * A(t) = A + t·E, E symmetric on A's pattern (the Cholesky factor reads A's lower triangle, so
 * only a symmetric change of A is a change it sees), gives ⟨Ā, E⟩ and b̄ = λ = A⁻¹a.
 */
@Tag("kernel-paths")
class CholeskyPullbackTest {
    @ParameterizedTest
    @ValueSource(strings = {"cholesky", "auto"})
    void gradientsThroughCholeskyMatchFiniteDifferences(String solver) {
        PlaneStressQ4 mesh = new PlaneStressQ4(24, 12, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs()); CscMatrix a = asm.stiffness().copy()) {
            checkGradients(solver, a, Method.CHOLESKY);
        }
    }

    /** The same through the supernodal LDLᵀ (named, and chosen by the adaptive solver) on a KKT matrix. */
    @ParameterizedTest
    @ValueSource(strings = {"ldlt", "auto"})
    void gradientsThroughLdltMatchFiniteDifferences(String solver) {
        try (CscMatrix a = Kkt.q4(30, 12, 4)) {
            checkGradients(solver, a, Method.LDLT);
        }
    }

    private static void checkGradients(String solver, CscMatrix a, Method expected) {
        Random rnd = new Random(21);
        try (CscMatrix e = a.copy(); LinearSolve<CscMatrix> solve = new LinearSolve<>(Solvers.get(solver).factorizer())) {
            int n = a.cols();
            // E symmetric: the value of (i, j) and (j, i) drawn once
            double[] ev = new double[e.nnz()];
            for (int j = 0; j < n; j++) {
                for (int p = e.pattern().colStart(j); p < e.pattern().colEnd(j); p++) {
                    int i = e.pattern().row(p);
                    if (i < j) continue;
                    double v = rnd.nextGaussian() * 0.1 * (Math.abs(a.value(p)) + (i == j ? 0.0 : 1e-3));
                    ev[p] = v;
                    ev[mirror(e, i, j)] = v;
                }
            }
            e.setValues(ev);
            double[] xa = gaussian(n, rnd), b = gaussian(n, rnd);
            solve.forward(a, vec(b));
            assertEquals(expected, ((SparseFactorization) solve.factorization()).method(), solver);
            DenseVector bbar = DenseVector.heap(n);
            RankOne abar = solve.pullback(vec(xa), bbar);
            double[] lambda = bbar.toArray();
            // b̄ along a random direction
            double[] db = gaussian(n, rnd);
            double fdb = dev.pullback.ad.FiniteDifference.central(
                    t -> dot(xa, solve.forward(a, vec(plus(b, t, db))).toArray()), FiniteDifference.step(normInf(b)));
            assertEquals(fdb, dot(lambda, db), 1e-6 * Math.abs(fdb) + 1e-12, "⟨b̄, δb⟩");
            double[] a0 = a.valuesArray();
            double fda = FiniteDifference.central(t -> {
                a.setValues(plus(a0, t, ev));
                double f = dot(xa, solve.forward(a, vec(b)).toArray());
                a.setValues(a0);
                return f;
            }, FiniteDifference.step(1.0));
            solve.forward(a, vec(b));
            abar = solve.pullback(vec(xa), Tangents.NONE);
            double g = abar.dot(e);
            assertTrue(Math.abs(g) > 0);
            assertEquals(fda, g, 1e-6 * Math.abs(fda), "⟨Ā, E⟩ on the pattern");
        }
    }

    /** The position of A(j, i) in A's storage (the pattern is symmetric). */
    private static int mirror(CscMatrix a, int i, int j) {
        for (int p = a.pattern().colStart(i); p < a.pattern().colEnd(i); p++) if (a.pattern().row(p) == j) return p;
        throw new AssertionError("no mirror of (" + i + ", " + j + ")");
    }
}

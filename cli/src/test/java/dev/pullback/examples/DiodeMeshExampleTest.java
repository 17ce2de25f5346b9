package dev.pullback.examples;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.ad.NewtonSolve;
import dev.pullback.solvers.Factorizers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.api.Test;

/** The README's circuit example: its sensitivities against central differences of fresh Newton solves. */
class DiodeMeshExampleTest {
    @Test
    void sensitivitiesOfANodeVoltageMatchCentralDifferences() {
        try (DiodeMeshExample mesh = new DiodeMeshExample(24, 17, 12, 3);
                CscMatrix jacobian = CscMatrix.withPattern(mesh.laplacian().pattern());
                NewtonSolve<CscMatrix> newton = new NewtonSolve<>(Factorizers.sparseLu(), jacobian)) {
            newton.tolerances(1e-15, 1e-14).maxIterations(200);
            int n = mesh.n(), out = n / 3;
            DenseVector v0 = DenseVector.heap(n), seed = DenseVector.heap(n);
            seed.set(out, 1.0);
            DenseVector v = newton.solve(mesh, v0);
            double maxV = 0;
            for (int i = 0; i < n; i++) maxV = Math.max(maxV, v.get(i));
            assertTrue(maxV > 0.5, "the diodes conduct somewhere (max v " + maxV + " V)");
            DenseVector lambda = newton.pullback(seed);
            double dg = newton.matrixCotangent().dot(mesh.laplacian());
            double dIs = mesh.saturationCurrentSensitivity(v, lambda);
            int source = 0;
            while (mesh.sources[source] == 0) source++;
            double di = lambda.get(source);

            int s = source;
            assertRelative(central(p -> mesh.conductance = p, mesh.conductance, newton, mesh, v0, out), dg, "dv/dg");
            assertRelative(central(p -> mesh.saturationCurrent = p, mesh.saturationCurrent, newton, mesh, v0, out), dIs,
                    "dv/dIs");
            assertRelative(central(p -> mesh.sources[s] = p, mesh.sources[s], newton, mesh, v0, out), di, "dv/di");
        }
    }

    private static double central(DoubleConsumer set, double p, NewtonSolve<CscMatrix> newton, DiodeMeshExample mesh,
            DenseVector v0, int out) {
        double h = 1e-5 * p;
        set.accept(p + h);
        double plus = newton.solve(mesh, v0).get(out);
        set.accept(p - h);
        double minus = newton.solve(mesh, v0).get(out);
        set.accept(p);
        return (plus - minus) / (2 * h);
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= 1e-6 * Math.abs(expected),
                what + ": adjoint " + actual + ", central difference " + expected);
    }
}

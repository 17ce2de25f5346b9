package dev.pullback.examples;

import dev.pullback.ad.NewtonSolve;
import dev.pullback.ad.NonlinearSystem;
import dev.pullback.gallery.Grids;
import dev.pullback.solvers.Factorizers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * A nonlinear circuit and its sensitivities through a converged Newton solve: a mesh of resistors
 * (conductance g between neighbouring nodes, and from the mesh's rim to ground) with a diode from
 * every node to ground, driven by current sources. Kirchhoff's current law at every node,
 * <pre>
 *   F(v) = g·L·v + I_s·(exp(v / V_t) − 1) − i = 0        (L the mesh's 5-point Laplacian)
 *   J(v) = g·L + diag(I_s/V_t · exp(v / V_t))
 * </pre>
 * gives the DC operating point v* ({@link NewtonSolve}). For the voltage of one node, f = v*ₒ, the
 * adjoint λ = J(v*)⁻ᵀeₒ gives every sensitivity at the cost of one transposed solve:
 * <pre>
 *   ∂f/∂iₖ = λₖ                                  (∂F/∂i = −I)
 *   ∂f/∂g  = −λᵀL·v*                             (the matrix cotangent −λv*ᵀ against L)
 *   ∂f/∂I_s = −Σₖ λₖ·(exp(v*ₖ / V_t) − 1)
 * </pre>
 * {@link #main} solves a 100×100 mesh, checks the sensitivities against central differences (each a
 * new Newton solve), and times the Newton solve and the gradient in steady state with their heap
 * allocation (0 B after the first factorization).
 */
public final class DiodeMeshExample implements NonlinearSystem<CscMatrix>, AutoCloseable {
    /** Thermal voltage at 300 K, volts. */
    public static final double THERMAL_VOLTAGE = 0.025852;

    private final CscMatrix laplacian;
    private final int[] diagonal;
    private final int n;
    /** Mesh conductance (S), diode saturation current (A), source currents (A, one per node). */
    public double conductance = 0.005, saturationCurrent = 1e-14;
    public final double[] sources;

    /** An nx×ny mesh with {@code drives} current sources of 1-20 mA at random nodes (seeded). */
    public DiodeMeshExample(int nx, int ny, int drives, long seed) {
        laplacian = Grids.poisson2d(nx, ny);
        n = laplacian.cols();
        diagonal = new int[n];
        for (int j = 0; j < n; j++) diagonal[j] = laplacian.pattern().find(j, j);
        sources = new double[n];
        Random rnd = new Random(seed);
        for (int d = 0; d < drives; d++) sources[rnd.nextInt(n)] += 1e-3 + 19e-3 * rnd.nextDouble();
    }

    /** Unknowns: one node voltage per mesh node. */
    public int n() {
        return n;
    }

    /** The mesh Laplacian L (the Jacobian's pattern: L's pattern includes the diagonal). */
    public CscMatrix laplacian() {
        return laplacian;
    }

    @Override
    public void residual(DenseVector v, DenseVector f) {
        for (int i = 0; i < n; i++) f.set(i, diode(v.get(i)) - sources[i]);
        for (int j = 0; j < n; j++) {
            double gv = conductance * v.get(j);
            for (int k = laplacian.pattern().colStart(j), end = laplacian.pattern().colEnd(j); k < end; k++) {
                int i = laplacian.pattern().row(k);
                f.set(i, f.get(i) + laplacian.value(k) * gv);
            }
        }
    }

    @Override
    public void jacobian(DenseVector v, CscMatrix j) {
        for (int k = 0; k < laplacian.nnz(); k++) j.setValue(k, conductance * laplacian.value(k));
        for (int i = 0; i < n; i++) {
            j.setValue(diagonal[i], j.value(diagonal[i]) + saturationCurrent / THERMAL_VOLTAGE * Math.exp(v.get(i) / THERMAL_VOLTAGE));
        }
    }

    private double diode(double v) {
        return saturationCurrent * Math.expm1(v / THERMAL_VOLTAGE);
    }

    /** ∂f/∂I_s = −Σ λₖ(exp(vₖ/V_t) − 1) for the λ of a pullback at v. */
    public double saturationCurrentSensitivity(DenseVector v, DenseVector lambda) {
        double s = 0;
        for (int k = 0; k < n; k++) s -= lambda.get(k) * Math.expm1(v.get(k) / THERMAL_VOLTAGE);
        return s;
    }

    @Override
    public void close() {
        laplacian.close();
    }

    public static void main(String[] args) {
        int side = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        try (DiodeMeshExample mesh = new DiodeMeshExample(side, side, 40, 7);
                CscMatrix jacobian = CscMatrix.withPattern(mesh.laplacian().pattern());
                NewtonSolve<CscMatrix> newton = new NewtonSolve<>(Factorizers.sparseLu(), jacobian)) {
            newton.tolerances(1e-15, 1e-14).maxIterations(200);
            int n = mesh.n(), out = n / 2 + side / 2;
            DenseVector v0 = DenseVector.heap(n), seed = DenseVector.heap(n);
            seed.set(out, 1.0);

            DenseVector v = newton.solve(mesh, v0);                        // DC operating point
            double f = v.get(out);
            DenseVector lambda = newton.pullback(seed);                    // λ = J(v*)⁻ᵀ e_out
            double dg = newton.matrixCotangent().dot(mesh.laplacian());    // −λᵀ L v*
            double dIs = mesh.saturationCurrentSensitivity(v, lambda);
            int source = argmax(mesh.sources);
            double di = lambda.get(source);                                // ∂f/∂i_source
            System.out.printf("diode mesh %dx%d: n = %d, %d Newton steps, |F(v*)|inf = %.2e A, v_out = %.6f V%n",
                    side, side, n, newton.iterations(), newton.residualNorm(), f);

            double fdG = central(p -> mesh.conductance = p, mesh.conductance, newton, mesh, v0, out);
            double fdIs = central(p -> mesh.saturationCurrent = p, mesh.saturationCurrent, newton, mesh, v0, out);
            double fdI = central(p -> mesh.sources[source] = p, mesh.sources[source], newton, mesh, v0, out);
            System.out.printf("dv_out/dg      = % .9e  (central difference % .9e, rel. error %.1e)%n", dg, fdG, rel(dg, fdG));
            System.out.printf("dv_out/dIs     = % .9e  (central difference % .9e, rel. error %.1e)%n", dIs, fdIs, rel(dIs, fdIs));
            System.out.printf("dv_out/di[%d] = % .9e  (central difference % .9e, rel. error %.1e)%n", source, di, fdI, rel(di, fdI));

            // a sweep of one source current, each solve warm-started from the last operating point
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            DenseVector start = DenseVector.heap(n);
            start.copyFrom(v);
            double base = mesh.sources[source], sink = 0;
            for (int warm = 0; warm < 2000; warm++) sink += sweepStep(mesh, newton, start, seed, source, base, warm, out);
            int reps = 200, steps = 0;
            long bytes = threads.getCurrentThreadAllocatedBytes(), t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                sink += sweepStep(mesh, newton, start, seed, source, base, r, out);
                steps += newton.iterations();
            }
            long t1 = System.nanoTime();
            bytes = threads.getCurrentThreadAllocatedBytes() - bytes;
            System.out.printf("sweep of i[%d] by ±0.1%%, warm-started: %.2f ms per Newton solve (%.1f steps) + gradient, %d B allocated%s%n",
                    source, (t1 - t0) / 1e6 / reps, (double) steps / reps, bytes / reps, sink == 0 ? " " : "");
        }
    }

    /** One point of the sweep: i[source] = base·(1 ± 0.001), Newton from the last v*, then the gradient. */
    private static double sweepStep(DiodeMeshExample mesh, NewtonSolve<CscMatrix> newton, DenseVector start,
            DenseVector seed, int source, double base, int r, int out) {
        mesh.sources[source] = base * (1 + ((r & 1) == 0 ? 1e-3 : -1e-3));
        DenseVector v = newton.solve(mesh, start);
        start.copyFrom(v);
        return v.get(out) + newton.pullback(seed).get(out);
    }

    private interface Parameter {
        void set(double value);
    }

    /** (f(p + h) − f(p − h)) / 2h with h = 10⁻⁵·p, each f a Newton solve from v0; p restored after. */
    private static double central(Parameter parameter, double p, NewtonSolve<CscMatrix> newton, DiodeMeshExample mesh,
            DenseVector v0, int out) {
        double h = 1e-5 * p;
        parameter.set(p + h);
        double plus = newton.solve(mesh, v0).get(out);
        parameter.set(p - h);
        double minus = newton.solve(mesh, v0).get(out);
        parameter.set(p);
        return (plus - minus) / (2 * h);
    }

    private static double rel(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}

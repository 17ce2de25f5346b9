package dev.pullback.bench.ad;

import dev.pullback.ad.DotProduct;
import dev.pullback.ad.ElementwiseMap;
import dev.pullback.solvers.Factorizer;
import dev.pullback.solvers.Factorizers;
import dev.pullback.ad.LinearSolve;
import dev.pullback.ad.ParametricMatrix;
import dev.pullback.ad.RankOne;
import dev.pullback.ad.ScalarFunction;
import dev.pullback.ad.SolveChain;
import dev.pullback.ad.Tangents;
import dev.pullback.factor.Factorization;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.interfaces.linsol.LinearSolverSparse;
import org.ejml.sparse.FillReducing;
import org.ejml.sparse.csc.factory.LinearSolverFactory_DSCC;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gradient of f(θ) = lᵀK(p)⁻¹F, p = SIMP(θ), on the top88 MBB beam: K(p) = Σₑ pₑKₑ assembled in
 * place, refactor (same pattern, same pivots), solve K u = F, transposed solve Kᵀλ = l, and
 * θ̄ₑ = −SIMP'(θₑ)·λᵀKₑu. Each part is timed on its own, the whole pipeline (SolveChain) as one
 * operation, and the same pipeline as an EJML user would write it: EJML's sparse LU (it has no
 * fill-reducing ordering for LU and cannot keep a pivot order, so every iteration is a full setA),
 * its solve twice (EJML has no transposed solve; the user exploits K = Kᵀ to get λ from the same
 * factors — an unsymmetric K would need a second factorization of Kᵀ) and a hand-written adjoint loop.
 *
 * <p>Run: {@code bench/run GradientPipelineBench -prof gc}. B/op: see {@link #floor()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GradientPipelineBench {
    private static final double EMIN = 1e-9, E0 = 1, PENAL = 3;

    /** nelx x nely: 300x100 has 60,700 free dofs and 30,000 elements, 600x200 has 241,400 and 120,000. */
    @Param({"300x100", "600x200"})
    public String mesh;

    PlaneStressQ4 q4;
    PlaneStressQ4.Assembly assembly;
    private ParametricMatrix matrix;
    private Factorizer<CscMatrix> factorizer;
    private LinearSolve<CscMatrix> solve;
    private ElementwiseMap simp;
    private SolveChain chain;
    double[] thetaValues;
    double[] loadValues;
    double[] outputValues;
    private DenseVector theta, thetaBar, p, pbar, load, output, x, lambda, xbar;
    private RankOne abar;
    private Factorization lu;

    @Setup
    public void setUp() {
        String[] s = mesh.split("x");
        q4 = new PlaneStressQ4(Integer.parseInt(s[0]), Integer.parseInt(s[1]), 0.3);
        assembly = q4.assemble(q4.mbbFixedDofs());
        int n = assembly.stiffness().rows(), ne = q4.elements();
        matrix = ParametricMatrix.of(assembly.elementMap());
        factorizer = Factorizers.sparseLu();
        solve = new LinearSolve<>(factorizer);
        simp = new ElementwiseMap(ScalarFunction.simp(EMIN, E0, PENAL), ne);
        Random rnd = new Random(88);
        thetaValues = new double[ne];
        for (int e = 0; e < ne; e++) thetaValues[e] = 0.3 + 0.4 * rnd.nextDouble();
        loadValues = new double[n];
        loadValues[assembly.fullToFree()[1]] = -1; // top88's load: downwards at the top-left node
        outputValues = new double[n];
        outputValues[assembly.fullToFree()[q4.dofs() - 2]] = 1; // x-displacement of the bottom-right node
        theta = DenseVector.wrap(thetaValues);
        load = DenseVector.wrap(loadValues);
        output = DenseVector.wrap(outputValues);
        thetaBar = DenseVector.heap(ne);
        p = DenseVector.heap(ne);
        pbar = DenseVector.heap(ne);
        x = DenseVector.heap(n);
        lambda = DenseVector.heap(n);
        xbar = DenseVector.wrap(outputValues.clone());
        chain = SolveChain.of(simp, matrix, solve, load, new DotProduct(output));
        chain.valueAndGradient(theta, thetaBar); // first call: analysis + factorization, workspaces
        simp.forward(theta, p);
        lu = solve.factorization();
        abar = solve.pullback(xbar, Tangents.NONE);
    }

    @TearDown
    public void tearDown() {
        solve.close();
        matrix.close();
        assembly.close();
    }

    /** The whole gradient: SIMP, assembly, refactor, solve, transposed solve, θ̄. */
    @Benchmark
    public double gradient() {
        double f = chain.value(theta);
        chain.gradient(1.0, thetaBar);
        return f + thetaBar.get(0);
    }

    /** Part: p = SIMP(θ) and K(p)'s values in place. */
    @Benchmark
    public CscMatrix assemble() {
        simp.forward(theta, p);
        return matrix.forward(p);
    }

    /** Part: numeric refactorization of K (same pattern, same pivot order). */
    @Benchmark
    public Factorization refactor() {
        return factorizer.refactor(matrix.matrix());
    }

    /** Part: u = K⁻¹F. */
    @Benchmark
    public DenseVector solve() {
        lu.solve(load, x);
        return x;
    }

    /** Part: λ = K⁻ᵀl. */
    @Benchmark
    public DenseVector solveTransposed() {
        lu.solveTransposed(output, lambda);
        return lambda;
    }

    /** Part: p̄ₑ = −λᵀKₑu, all elements in one pass. */
    @Benchmark
    public DenseVector parameterGradient() {
        matrix.pullback(abar, pbar);
        return pbar;
    }

    /** The pullback part: transposed solve, p̄ and θ̄ (target: at most 1.2× {@link #solve()}). */
    @Benchmark
    public DenseVector pullback() {
        RankOne a = solve.pullback(xbar, Tangents.NONE);
        matrix.pullback(a, pbar);
        simp.pullback(pbar, thetaBar);
        return thetaBar;
    }

    /**
     * A loop that allocates nothing, for the B/op floor: JMH's gc profiler counts every thread of the
     * fork, whose harness traffic (a few kB/s) appears as rate × time per op. An operation whose
     * gc.alloc.rate matches this one's allocates nothing itself (ZeroAllocationTest reads the
     * benchmark thread alone).
     */
    @Benchmark
    public double floor() {
        double s = 0;
        for (int r = 0; r < 16; r++) for (int i = 0; i < loadValues.length; i++) s += loadValues[i] * outputValues[(i * 31) % outputValues.length];
        return s;
    }

    // ---------------------------------------------------------------- EJML, as a user writes it

    /** EJML's side: K in its CSC type, the element map as heap arrays, its LU. */
    @State(Scope.Thread)
    public static class Ejml {
        DMatrixSparseCSC k;
        LinearSolverSparse<DMatrixSparseCSC, DMatrixRMaj> lu;
        DMatrixRMaj f, l, u, lambda;
        int[] groupPtr, position, row, col;
        double[] coef, theta, thetaBar;

        @Setup
        public void setUp(GradientPipelineBench b) {
            CscMatrix kk = b.assembly.stiffness();
            int n = kk.rows();
            k = new DMatrixSparseCSC(n, n, kk.nnz());
            k.col_idx = kk.pattern().colPtrArray();
            k.nz_rows = kk.pattern().rowIdxArray();
            k.nz_values = kk.valuesArray();
            k.nz_length = kk.nnz();
            k.indicesSorted = true;
            var g = b.assembly.elementMap();
            int entries = g.entries(), groups = g.groups();
            groupPtr = new int[groups + 1];
            position = new int[entries];
            row = new int[entries];
            col = new int[entries];
            coef = new double[entries];
            for (int e = 0; e <= groups; e++) groupPtr[e] = g.groupPtr().getAtIndex(ValueLayout.JAVA_INT, e);
            for (int t = 0; t < entries; t++) {
                position[t] = g.position().getAtIndex(ValueLayout.JAVA_INT, t);
                row[t] = g.row().getAtIndex(ValueLayout.JAVA_INT, t);
                col[t] = g.col().getAtIndex(ValueLayout.JAVA_INT, t);
                coef[t] = g.coef().getAtIndex(ValueLayout.JAVA_DOUBLE, t);
            }
            theta = b.thetaValues.clone();
            thetaBar = new double[groups];
            f = new DMatrixRMaj(n, 1, true, b.loadValues);
            l = new DMatrixRMaj(n, 1, true, b.outputValues);
            u = new DMatrixRMaj(n, 1);
            lambda = new DMatrixRMaj(n, 1);
            lu = LinearSolverFactory_DSCC.lu(FillReducing.NONE);
            if (lu.modifiesA() || lu.modifiesB()) throw new IllegalStateException("EJML LU modifies its inputs: copy them");
            assemble();
            if (!lu.setA(k)) throw new IllegalStateException("EJML LU failed on K");
        }

        /** K(SIMP(θ)) into K's values: the loop an EJML user writes over the element map. */
        void assemble() {
            double[] v = k.nz_values;
            java.util.Arrays.fill(v, 0, k.nz_length, 0.0);
            int groups = groupPtr.length - 1;
            for (int e = 0; e < groups; e++) {
                double pe = EMIN + Math.pow(theta[e], PENAL) * (E0 - EMIN);
                for (int t = groupPtr[e]; t < groupPtr[e + 1]; t++) v[position[t]] += pe * coef[t];
            }
        }

        /** θ̄ₑ = −SIMP'(θₑ)·λᵀKₑu by hand. */
        void adjoint() {
            double[] ua = u.data, la = lambda.data;
            int groups = groupPtr.length - 1;
            for (int e = 0; e < groups; e++) {
                double s = 0;
                for (int t = groupPtr[e]; t < groupPtr[e + 1]; t++) s += coef[t] * la[row[t]] * ua[col[t]];
                thetaBar[e] = -PENAL * Math.pow(theta[e], PENAL - 1) * (E0 - EMIN) * s;
            }
        }
    }

    /** EJML: assembly, full LU (setA), two solves, hand adjoint. */
    @Benchmark
    public double ejmlGradient(Ejml e) {
        e.assemble();
        if (!e.lu.setA(e.k)) throw new IllegalStateException("EJML LU failed");
        e.lu.solve(e.f, e.u);
        e.lu.solve(e.l, e.lambda); // λ = K⁻ᵀl = K⁻¹l because K is symmetric
        e.adjoint();
        return e.thetaBar[0];
    }

    /** EJML part: the LU of K (EJML's only way to refactor). */
    @Benchmark
    public Object ejmlFactor(Ejml e) {
        if (!e.lu.setA(e.k)) throw new IllegalStateException("EJML LU failed");
        return e.lu;
    }

    /** EJML part: one solve. */
    @Benchmark
    public DMatrixRMaj ejmlSolve(Ejml e) {
        e.lu.solve(e.f, e.u);
        return e.u;
    }

    /** EJML part: the hand adjoint loop (λ and u from the last solves). */
    @Benchmark
    public double[] ejmlAdjoint(Ejml e) {
        e.adjoint();
        return e.thetaBar;
    }
}

package dev.pullback.bench.sparse;

import dev.pullback.sparse.Amd;
import dev.pullback.storage.CscMatrix;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.sparse.FillReducing;
import org.ejml.sparse.csc.factory.LinearSolverFactory_DSCC;
import org.ejml.interfaces.linsol.LinearSolverSparse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * EJML 0.46.1's sparse LU (up-looking, partial pivoting) on the same matrices, beside
 * {@link SparseLuBench}: as it ships ({@code FillReducing.NONE}), and handed the matrix symmetrically
 * permuted by Pullback's AMD order (P·A·Pᵀ, formed outside the timed region). EJML has neither a
 * transposed solve nor a refactor (its LU refuses setStructureLocked: "pivots change depending on
 * numerical values"), so factor and solve are all there is to compare. Run:
 * {@code bench/run EjmlSparseLuBench -prof gc -f 1 -wi 3 -w 1 -i 5 -r 1 -p ordering=AMD}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EjmlSparseLuBench {
    @Param({"q4_60k", "q4_240k", "poisson_250", "convdiff_250", "arrow_50k"})
    public String matrix;

    @Param({"NONE", "AMD"})
    public String ordering;

    private DMatrixSparseCSC a;
    private LinearSolverSparse<DMatrixSparseCSC, DMatrixRMaj> solver;
    private DMatrixRMaj b;
    private DMatrixRMaj x;

    @Setup(Level.Trial)
    public void setUp() {
        try (CscMatrix m = SparseMatrices.build(matrix)) {
            int[] perm = ordering.equals("AMD") ? Amd.order(m.pattern()) : null;
            a = toEjml(m, perm);
        }
        solver = LinearSolverFactory_DSCC.lu(FillReducing.NONE);
        if (!solver.setA(a.copy())) throw new IllegalStateException("EJML: singular " + matrix);
        b = new DMatrixRMaj(a.numRows, 1);
        b.fill(1.0);
        x = new DMatrixRMaj(a.numRows, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a = null;
        solver = null;
    }

    /** A(perm, perm) (or A when perm is null) as an EJML matrix. */
    static DMatrixSparseCSC toEjml(CscMatrix m, int[] perm) {
        int n = m.cols();
        int[] inv = new int[n];
        for (int k = 0; k < n; k++) inv[perm == null ? k : perm[k]] = k;
        DMatrixSparseCSC e = new DMatrixSparseCSC(n, n, m.nnz());
        int q = 0;
        for (int k = 0; k < n; k++) {
            int j = perm == null ? k : perm[k];
            e.col_idx[k] = q;
            for (int p = m.pattern().colStart(j); p < m.pattern().colEnd(j); p++) {
                e.nz_rows[q] = inv[m.pattern().row(p)];
                e.nz_values[q] = m.value(p);
                q++;
            }
        }
        e.col_idx[n] = q;
        e.nz_length = q;
        e.indicesSorted = false;
        e.sortIndices(null);
        return e;
    }

    @Benchmark
    public boolean factor() {
        DMatrixSparseCSC in = solver.modifiesA() ? a.copy() : a;
        return solver.setA(in);
    }

    @Benchmark
    public DMatrixRMaj solve() {
        solver.solve(b, x);
        return x;
    }
}

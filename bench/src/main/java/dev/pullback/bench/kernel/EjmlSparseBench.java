package dev.pullback.bench.kernel;

import dev.pullback.cli.bench.GalleryMatrices;
import dev.pullback.storage.CscMatrix;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DGrowArray;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.sparse.csc.CommonOps_DSCC;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * EJML 0.46.1 on the matrices of {@link SparseKernelBench}: {@code CommonOps_DSCC.mult} (y = Ax),
 * {@code multTransA} (y = Aᵀx, with a reused work array) and uᵀAv as multTransA followed by a dot
 * (EJML has no fused form).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EjmlSparseBench {
    @Param({"poisson:10x10", "poisson:100x100", "poisson:500x500", "q4:30x10", "q4:300x100", "q4:600x200"})
    public String matrix;

    DMatrixSparseCSC a;
    DMatrixRMaj x;
    DMatrixRMaj y;
    DMatrixRMaj xt;
    DMatrixRMaj yt;
    DGrowArray work;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        try (GalleryMatrices.Generated g = GalleryMatrices.generate(matrix)) {
            a = toEjml(g.matrix());
        }
        SplittableRandom rnd = new SplittableRandom(1);
        x = random(rnd, a.numCols);
        y = new DMatrixRMaj(a.numRows, 1);
        xt = random(rnd, a.numRows);
        yt = new DMatrixRMaj(a.numCols, 1);
        work = new DGrowArray();
    }

    static DMatrixSparseCSC toEjml(CscMatrix m) {
        DMatrixSparseCSC e = new DMatrixSparseCSC(m.rows(), m.cols(), m.nnz());
        e.col_idx = m.pattern().colPtrArray();
        e.nz_rows = m.pattern().rowIdxArray();
        e.nz_values = m.valuesArray();
        e.nz_length = m.nnz();
        e.indicesSorted = true;
        return e;
    }

    static DMatrixRMaj random(SplittableRandom rnd, int n) {
        DMatrixRMaj v = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) v.data[i] = rnd.nextDouble(-1, 1);
        return v;
    }

    @Benchmark
    public DMatrixRMaj mult() {
        return CommonOps_DSCC.mult(a, x, y);
    }

    @Benchmark
    public DMatrixRMaj multTransA() {
        return CommonOps_DSCC.multTransA(a, xt, yt, work);
    }

    @Benchmark
    public double rank1Dot() {
        CommonOps_DSCC.multTransA(a, xt, yt, work);
        double s = 0;
        for (int j = 0; j < a.numCols; j++) s += yt.data[j] * x.data[j];
        return s;
    }
}

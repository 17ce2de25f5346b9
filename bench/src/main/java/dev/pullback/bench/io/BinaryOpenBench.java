package dev.pullback.bench.io;

import dev.pullback.io.BinaryMatrixFile;
import dev.pullback.io.MappedMatrix;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Time to open (map, verify, view) a ~100 MB binary matrix file and read one value, then unmap:
 * {@code FULL} runs CRC32C over every byte; {@code HEADER_ONLY} checks the header (and, for CSC,
 * the structure: colPtr and rowIdx, a third of the bytes). The file is in the page cache (written
 * in setup), so this is the cost of verification and page mapping, not of the disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BinaryOpenBench {
    @Param({"dense", "csc"})
    public String kind;

    @Param({"FULL", "HEADER_ONLY"})
    public BinaryMatrixFile.Verify verify;

    public Path file;
    private Path dir;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        dir = Files.createTempDirectory("pullback-bin-bench");
        file = dir.resolve("a" + BinaryMatrixFile.EXTENSION);
        SplittableRandom r = new SplittableRandom(7);
        if (kind.equals("dense")) {
            int n = 3620; // 3620² doubles = 104.8 MB
            try (DenseMatrix a = DenseMatrix.zeros(n, n)) {
                MemorySegment s = a.segment();
                for (long k = 0; k < (long) n * n; k++) s.setAtIndex(ValueLayout.JAVA_DOUBLE, k, r.nextDouble());
                BinaryMatrixFile.write(file, a);
            }
        } else {
            int perCol = 10;
            int n = 873_000; // 8.73e6 nonzeros · 12 bytes + colPtr = 108 MB
            int[] colPtr = new int[n + 1];
            int[] rowIdx = new int[n * perCol];
            double[] v = new double[n * perCol];
            int stride = n / perCol;
            for (int j = 0; j < n; j++) {
                colPtr[j + 1] = colPtr[j] + perCol;
                int base = r.nextInt(stride);
                for (int t = 0; t < perCol; t++) rowIdx[j * perCol + t] = base + t * stride;
            }
            for (int k = 0; k < v.length; k++) v[k] = r.nextDouble();
            try (CscMatrix a = CscMatrix.of(n, n, colPtr, rowIdx, v)) {
                BinaryMatrixFile.write(file, a);
            }
        }
    }

    @TearDown(Level.Trial)
    public void cleanup() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public double open() throws IOException {
        try (MappedMatrix m = BinaryMatrixFile.open(file, verify)) {
            return m.kind() == BinaryMatrixFile.Kind.DENSE ? m.dense().get(m.rows() - 1, m.cols() - 1)
                    : m.sparse().value(m.sparse().nnz() - 1);
        }
    }
}

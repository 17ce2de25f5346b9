package dev.pullback.bench.io;

import dev.pullback.io.MatrixMarket;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Read throughput of a Matrix Market coordinate file generated in a temporary directory: the
 * {@code bytes} counter is file bytes per second (divide by 10^6 for MB/s); the primary score is
 * files per second. {@code naive} is the usual BufferedReader.readLine + String.split +
 * Double.parseDouble reader feeding the same CooBuilder, as the baseline.
 *
 * <p>Values: {@code full} = random doubles written in shortest round-trip form (16-17 significant
 * digits, as Pullback writes them); {@code short} = six significant digits (typical of exported
 * FEM data). The matrix is n×n with n = nnz/10 and 10 random rows per column.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class MatrixMarketReadBench {
    @Param({"1000000", "10000000"})
    public int nnz;

    @Param({"full", "short"})
    public String values;

    public Path file;
    private Path dir;
    private long fileBytes;

    /** Counts file bytes read, so JMH reports bytes per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void generate() throws IOException {
        dir = Files.createTempDirectory("pullback-mm-bench");
        file = dir.resolve("a.mtx");
        int perCol = 10;
        int n = nnz / perCol;
        SplittableRandom r = new SplittableRandom(42);
        int[] colPtr = new int[n + 1];
        int[] rowIdx = new int[n * perCol];
        double[] v = new double[n * perCol];
        int[] rows = new int[perCol];
        for (int j = 0; j < n; j++) {
            colPtr[j + 1] = colPtr[j] + perCol;
            pickRows(r, n, rows);
            System.arraycopy(rows, 0, rowIdx, j * perCol, perCol);
        }
        for (int k = 0; k < v.length; k++) {
            double x = (r.nextDouble() * 2 - 1) * Math.pow(10, r.nextInt(7) - 3);
            v[k] = values.equals("short") ? roundSignificant(x, 6) : x;
        }
        try (CscMatrix a = CscMatrix.of(n, n, colPtr, rowIdx, v)) {
            MatrixMarket.write(file, a);
        }
        fileBytes = Files.size(file);
    }

    /** perCol distinct rows in [0, n), sorted. */
    private static void pickRows(SplittableRandom r, int n, int[] rows) {
        int k = 0;
        while (k < rows.length) {
            int i = r.nextInt(n);
            boolean dup = false;
            for (int t = 0; t < k; t++) dup |= rows[t] == i;
            if (!dup) rows[k++] = i;
        }
        Arrays.sort(rows);
    }

    private static double roundSignificant(double x, int digits) {
        if (x == 0) return 0;
        return new java.math.BigDecimal(x).round(new java.math.MathContext(digits)).doubleValue();
    }

    @TearDown(Level.Trial)
    public void cleanup() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long pullback(Bytes counter) throws IOException {
        try (CscMatrix a = MatrixMarket.readSparse(file)) {
            counter.bytes += fileBytes;
            return a.nnz() + Double.doubleToRawLongBits(a.value(a.nnz() - 1));
        }
    }

    @Benchmark
    public long naive(Bytes counter) throws IOException {
        try (CscMatrix a = naiveRead(file)) {
            counter.bytes += fileBytes;
            return a.nnz() + Double.doubleToRawLongBits(a.value(a.nnz() - 1));
        }
    }

    /** The baseline: line by line, split on blanks, Integer.parseInt and Double.parseDouble. */
    static CscMatrix naiveRead(Path f) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.US_ASCII)) {
            String line = in.readLine();
            if (line == null || !line.startsWith("%%MatrixMarket")) throw new IOException("bad banner");
            do {
                line = in.readLine();
            } while (line != null && (line.isBlank() || line.startsWith("%")));
            if (line == null) throw new IOException("no size line");
            String[] size = line.trim().split("\\s+");
            int rows = Integer.parseInt(size[0]);
            int cols = Integer.parseInt(size[1]);
            long entries = Long.parseLong(size[2]);
            CooBuilder b = new CooBuilder(rows, cols);
            for (long k = 0; k < entries; k++) {
                String[] t = in.readLine().trim().split("\\s+");
                b.add(Integer.parseInt(t[0]) - 1, Integer.parseInt(t[1]) - 1, Double.parseDouble(t[2]));
            }
            return b.build(CooBuilder.Zeros.KEEP);
        }
    }
}

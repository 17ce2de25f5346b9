package dev.pullback.bench.chronicle;

import dev.pullback.chronicle.BytesView;
import dev.pullback.chronicle.ChronicleViews;
import dev.pullback.chronicle.MatrixCodec;
import dev.pullback.chronicle.MatrixCodec.Checksum;
import dev.pullback.chronicle.RecordHeader;
import dev.pullback.storage.DenseMatrix;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.Bytes;
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
 * Exposing a dense matrix that lives in Chronicle Bytes as a Pullback matrix: a view (O(1), whatever
 * the size) against a copy into Pullback storage (O(size)). 1024 rows, as many columns as the size
 * takes. Each operation opens and closes its view or copy, and reads one entry so nothing is dead.
 *
 * <pre>
 * bench/run ChronicleViewBench -prof gc -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChronicleViewBench {
    private static final int ROWS = 1024;

    /** Matrix size in MiB (2^20 bytes). */
    @Param({"1", "10", "100"})
    public int mebibytes;

    private Bytes<?> bytes;
    private long payloadOffset;
    private int rows;
    private int cols;

    @Setup(Level.Trial)
    public void setUp() {
        rows = ROWS;
        cols = (int) ((long) mebibytes * (1 << 20) / Double.BYTES / ROWS);
        bytes = Bytes.allocateDirect(MatrixCodec.maxRecordBytes(RecordHeader.Kind.DENSE, rows, cols, (long) rows * cols));
        Random rnd = new Random(1);
        try (DenseMatrix a = DenseMatrix.zeros(rows, cols)) {
            for (int j = 0; j < cols; j++) for (int i = 0; i < rows; i++) a.set(i, j, rnd.nextDouble());
            MatrixCodec.writeAt(a, bytes, 0);
        }
        payloadOffset = MatrixCodec.header(bytes, 0).payloadOffset();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bytes.releaseLast();
    }

    /** A DenseMatrix over the payload, in place: pin, arena, reservation, then close. */
    @Benchmark
    public double viewRaw() {
        try (BytesView<DenseMatrix> v = ChronicleViews.dense(bytes, payloadOffset, rows, cols)) {
            return v.get().get(rows - 1, cols - 1);
        }
    }

    /** The record viewed in place, header validated, checksum not verified. */
    @Benchmark
    public double viewRecord() {
        try (BytesView<DenseMatrix> v = MatrixCodec.viewDense(bytes, 0, Checksum.SKIP)) {
            return v.get().get(rows - 1, cols - 1);
        }
    }

    /** The record viewed in place after a CRC32C pass over it. */
    @Benchmark
    public double viewRecordVerified() {
        try (BytesView<DenseMatrix> v = MatrixCodec.viewDense(bytes, 0, Checksum.VERIFY)) {
            return v.get().get(rows - 1, cols - 1);
        }
    }

    /** The record copied into a new Pullback matrix (allocate, CRC32C, copy), then freed. */
    @Benchmark
    public double copyRecord() {
        try (DenseMatrix m = MatrixCodec.readDense(bytes, 0)) {
            return m.get(rows - 1, cols - 1);
        }
    }

    /** A plain copy of the viewed payload into a new Pullback matrix (no checksum), then freed. */
    @Benchmark
    public double copyRaw() {
        try (BytesView<DenseMatrix> v = ChronicleViews.dense(bytes, payloadOffset, rows, cols);
             DenseMatrix m = v.get().copy()) {
            return m.get(rows - 1, cols - 1);
        }
    }
}

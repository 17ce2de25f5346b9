package dev.pullback.fuzz;

import dev.pullback.chronicle.MatrixCodec;
import dev.pullback.io.BinaryMatrixFile;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Writes the fuzzer's seed corpus (src/test/resources/fuzz-corpus): one small valid file of each
 * kind the readers take. Matrix Market texts are spelled out here so that every header variant is
 * present; binary files and Chronicle records come from Pullback's own writers. The corpus is
 * committed; regenerate it with
 * {@code java @jvm.config -cp target/classes:target/test-classes:$(cat cp.txt) dev.pullback.fuzz.CorpusGenerator DIR}
 * (cp.txt from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class CorpusGenerator {
    private CorpusGenerator() {}

    static final String[][] TEXTS = {
        {"coordinate-real-general.mtx", """
            %%MatrixMarket matrix coordinate real general
            % column order, an explicit zero, an empty column
            5 4 7
            1 1 4.5
            3 1 -2.25e-3
            2 2 1
            5 2 0
            1 4 3
            4 4 -7.5
            5 4 1e300
            """},
        {"coordinate-real-unordered.mtx", """
            %%MatrixMarket matrix coordinate real general
            4 4 6
            3 3 2
            1 1 1
            3 3 0.5
            4 1 -1
            2 4 8
            1 1 -0.0
            """},
        {"coordinate-real-symmetric.mtx", """
            %%MatrixMarket matrix coordinate real symmetric
            4 4 6
            1 1 4
            2 1 -1
            2 2 4
            3 2 -1
            4 3 -1
            4 4 4
            """},
        {"coordinate-real-skew.mtx", """
            %%MatrixMarket matrix coordinate real skew-symmetric
            3 3 3
            2 1 1.5
            3 1 -2
            3 2 0.25
            """},
        {"coordinate-pattern-general.mtx", """
            %%MatrixMarket matrix coordinate pattern general
            3 5 5
            1 1
            2 2
            3 3
            1 5
            3 5
            """},
        {"coordinate-pattern-symmetric.mtx", """
            %%MatrixMarket matrix coordinate pattern symmetric
            3 3 4
            1 1
            2 1
            3 2
            3 3
            """},
        {"coordinate-integer-general.mtx", """
            %%MatrixMarket matrix coordinate integer general
            3 3 4
            1 1 7
            2 2 -9223372036854775807
            3 1 12
            3 3 +5
            """},
        {"array-real-general.mtx", """
            %%MatrixMarket matrix array real general
            3 2
            1
            -2.5
            3e-5
            4
            NaN
            inf
            """},
        {"array-real-symmetric.mtx", """
            %%MatrixMarket matrix array real symmetric
            3 3
            2
            -1
            0
            2
            -1
            2
            """},
        {"array-integer-skew.mtx", """
            %%MatrixMarket matrix array integer skew-symmetric
            3 3
            1
            -2
            3
            """},
        {"vector-array.mtx", """
            %%MatrixMarket matrix array real general
            6 1
            1
            2
            3
            4
            5
            6
            """},
        {"vector-coordinate.mtx", """
            %%MatrixMarket matrix coordinate real general
            6 1 3
            1 1 1.5
            4 1 -3
            6 1 2
            """},
        {"crlf-blanks.mtx", "%%MatrixMarket matrix coordinate real general\r\n%\r\n\r\n 2\t2  2 \r\n1 1 1\r\n2 2 -Infinity\r\n"},
    };

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/fuzz-corpus");
        Files.createDirectories(dir);
        for (String[] t : TEXTS) Files.writeString(dir.resolve(t[0]), t[1], StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(TEXTS[2][1].getBytes(StandardCharsets.ISO_8859_1));
        }
        Files.write(dir.resolve("coordinate-real-symmetric.mtx.gz"), gz.toByteArray());

        try (CscMatrix csc = csc(); DenseMatrix dense = DenseMatrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 10}, {0, -1, 1e-300}});
             DenseMatrix vector = DenseMatrix.ofColumnMajor(5, 1, new double[] {1, -2, 3, -4, 5});
             CscMatrix empty = CscMatrix.of(0, 3, new int[4], new int[0], new double[0])) {
            BinaryMatrixFile.write(dir.resolve("csc.pbmat"), csc);
            BinaryMatrixFile.write(dir.resolve("dense.pbmat"), dense);
            BinaryMatrixFile.write(dir.resolve("vector.pbmat"), vector);
            BinaryMatrixFile.write(dir.resolve("empty-csc.pbmat"), empty);
            record(dir.resolve("dense.pbmx"), b -> MatrixCodec.write(dense, b));
            record(dir.resolve("csc.pbmx"), b -> MatrixCodec.write(csc, b));
            record(dir.resolve("vector.pbmx"), b -> MatrixCodec.write(DenseVector.of(1, -2, 3, -4, 5), b));
        }
    }

    /** A 6x5 matrix with an empty column, a full column and an explicit zero. */
    private static CscMatrix csc() {
        CooBuilder b = new CooBuilder(6, 5);
        for (int i = 0; i < 6; i++) b.add(i, 0, i + 1);
        b.add(2, 2, -0.5).add(5, 2, 0.0).add(0, 3, 1e-310).add(4, 4, 2).add(1, 4, -3);
        return b.build(CooBuilder.Zeros.KEEP);
    }

    private interface Writer {
        void write(Bytes<?> b);
    }

    /** One Chronicle record, written into direct Bytes at offset 0 (payload 64-byte aligned) and saved raw. */
    private static void record(Path file, Writer w) throws IOException {
        Bytes<?> b = Bytes.allocateDirect(1 << 12);
        try {
            w.write(b);
            byte[] raw = new byte[(int) b.writePosition()];
            b.read(raw);
            Files.write(file, raw);
        } finally {
            b.releaseLast();
        }
    }
}

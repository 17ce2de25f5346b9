package dev.pullback.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixFilesTest {
    @TempDir
    Path dir;

    @Test
    void formatIsChosenByContentNotByName() throws IOException {
        try (CscMatrix a = TestMatrices.sparse(new Random(8), 7, 5, 0.4)) {
            Path binaryNamedMtx = dir.resolve("really-binary.mtx");
            BinaryMatrixFile.write(binaryNamedMtx, a);
            Path textNamedBinary = dir.resolve("really-text" + BinaryMatrixFile.EXTENSION);
            MatrixMarket.write(textNamedBinary, a);
            assertEquals(MatrixFiles.Format.BINARY, MatrixFiles.detect(binaryNamedMtx));
            assertEquals(MatrixFiles.Format.MATRIX_MARKET, MatrixFiles.detect(textNamedBinary));
            try (CscMatrix b = MatrixFiles.readSparse(binaryNamedMtx); CscMatrix c = MatrixFiles.readSparse(textNamedBinary)) {
                TestMatrices.assertSameMatrix(a, b, false);
                TestMatrices.assertSameMatrix(a, c, true);
                assertFalse(b.values().isMapped(), "the facade returns a copy that outlives the mapping");
            }
            try (DenseMatrix want = a.toDense(); DenseMatrix b = MatrixFiles.readDense(binaryNamedMtx)) {
                TestMatrices.assertSameMatrix(want, b, false);
            }
            MatrixFiles.Description d = MatrixFiles.describe(binaryNamedMtx);
            assertEquals("pullback-binary csc v1", d.detail());
            assertFalse(d.dense());
            assertEquals("matrix-market coordinate real general", MatrixFiles.describe(textNamedBinary).detail());
        }
    }

    @Test
    void writeChoosesByName() throws IOException {
        try (CscMatrix a = CscMatrix.identity(3); DenseMatrix d = DenseMatrix.identity(2)) {
            Path b = dir.resolve("x" + BinaryMatrixFile.EXTENSION);
            Path t = dir.resolve("x.mtx");
            MatrixFiles.write(b, a);
            MatrixFiles.write(t, a);
            assertEquals(MatrixFiles.Format.BINARY, MatrixFiles.detect(b));
            assertEquals(MatrixFiles.Format.MATRIX_MARKET, MatrixFiles.detect(t));
            Path db = dir.resolve("d" + BinaryMatrixFile.EXTENSION.toUpperCase());
            MatrixFiles.write(db, d);
            assertTrue(MatrixFiles.describe(db).dense());
            try (DenseMatrix back = MatrixFiles.readDense(db); CscMatrix sparse = MatrixFiles.readSparse(db)) {
                TestMatrices.assertSameMatrix(d, back, false);
                assertEquals(2, sparse.nnz(), "dense to sparse stores the nonzeros");
            }
        }
    }

    @Test
    void gzippedMatrixMarketStreams() throws IOException {
        try (CscMatrix a = TestMatrices.sparse(new Random(9), 300, 200, 0.05)) {
            Path plain = dir.resolve("a.mtx");
            MatrixMarket.write(plain, a);
            Path gz = dir.resolve("a.mtx.gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
                out.write(Files.readAllBytes(plain));
            }
            assertEquals(MatrixFiles.Format.MATRIX_MARKET_GZIP, MatrixFiles.detect(gz));
            assertTrue(MatrixFiles.describe(gz).detail().endsWith("(gzip)"));
            try (CscMatrix b = MatrixFiles.readSparse(gz)) {
                TestMatrices.assertSameMatrix(a, b, true);
            }
            byte[] bytes = Files.readAllBytes(gz);
            Path cut = dir.resolve("cut.mtx.gz");
            Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            MatrixFileException e = assertThrows(MatrixFileException.class, () -> MatrixFiles.readSparse(cut));
            assertTrue(e.getMessage().startsWith(cut + ": corrupt gzip data"), e.getMessage());
        }
    }

    @Test
    void readVectorAcceptsColumnsAndRowsDenseOrSparse() throws IOException {
        Path arr = dir.resolve("b.mtx");
        Files.writeString(arr, "%%MatrixMarket matrix array real general\n3 1\n1.5\n-2\n0.25\n");
        DenseVector v = MatrixFiles.readVector(arr);
        assertArrayEquals(new double[] {1.5, -2, 0.25}, v.toArray());
        Path coo = dir.resolve("c.mtx");
        Files.writeString(coo, "%%MatrixMarket matrix coordinate real general\n1 4 2\n1 2 3\n1 4 -1\n");
        assertArrayEquals(new double[] {0, 3, 0, -1}, MatrixFiles.readVector(coo).toArray());
        Path bin = dir.resolve("v" + BinaryMatrixFile.EXTENSION);
        try (DenseMatrix d = DenseMatrix.ofColumnMajor(2, 1, new double[] {7, 8})) {
            BinaryMatrixFile.write(bin, d);
        }
        assertArrayEquals(new double[] {7, 8}, MatrixFiles.readVector(bin).toArray());
        Path mat = dir.resolve("m.mtx");
        Files.writeString(mat, "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n");
        MatrixFileException e = assertThrows(MatrixFileException.class, () -> MatrixFiles.readVector(mat));
        assertTrue(e.getMessage().contains("2x2"), e.getMessage());
    }

    @Test
    void notAMatrixFile() throws IOException {
        Path junk = dir.resolve("junk.mtx");
        Files.write(junk, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        MatrixFileException e = assertThrows(MatrixFileException.class, () -> MatrixFiles.readSparse(junk));
        assertTrue(e.getMessage().startsWith(junk + ", line 1: not a Matrix Market file"), e.getMessage());
        NoSuchFileException n = assertThrows(NoSuchFileException.class, () -> MatrixFiles.readSparse(dir.resolve("nope.mtx")));
        assertTrue(n.getMessage().contains("nope.mtx") && n.getMessage().contains("no such file"), n.getMessage());
        MatrixFileException d = assertThrows(MatrixFileException.class, () -> MatrixFiles.readDense(dir));
        assertTrue(d.getMessage().contains("is a directory"), d.getMessage());
    }
}

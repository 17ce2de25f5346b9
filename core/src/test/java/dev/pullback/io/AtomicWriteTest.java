package dev.pullback.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write leaves the old file intact and no temporary file behind; a good one replaces it whole. */
class AtomicWriteTest {
    @TempDir
    Path dir;

    private interface Writer {
        void write(Path p, CscMatrix a) throws IOException;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private void failureMidwayKeepsTheOldFile(String name, Writer writer) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "old content\n");
        byte[] old = Files.readAllBytes(f);
        // A matrix closed after its shape is known: the writer creates the temporary file, writes
        // the header, and fails on the first read of its data.
        CscMatrix a = TestMatrices.sparse(new Random(1), 50, 50, 0.2);
        a.close();
        assertThrows(IllegalStateException.class, () -> writer.write(f, a));
        assertArrayEquals(old, Files.readAllBytes(f), "the old file is untouched");
        assertEquals(List.of(f), files(), "no temporary file is left");
        try (CscMatrix b = TestMatrices.sparse(new Random(2), 20, 10, 0.3)) {
            writer.write(f, b);
            assertEquals(List.of(f), files());
            try (CscMatrix c = MatrixFiles.readSparse(f)) {
                TestMatrices.assertSameMatrix(b, c, true);
            }
        }
    }

    @Test
    void matrixMarketFailureMidway() throws IOException {
        failureMidwayKeepsTheOldFile("a.mtx", MatrixMarket::write);
    }

    @Test
    void binaryFailureMidway() throws IOException {
        failureMidwayKeepsTheOldFile("a" + BinaryMatrixFile.EXTENSION, BinaryMatrixFile::write);
    }

    @Test
    void renameOntoADirectoryFailsCleanly() throws IOException {
        Path target = dir.resolve("taken.mtx");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x");
        try (CscMatrix a = CscMatrix.identity(3); DenseMatrix d = DenseMatrix.identity(2)) {
            assertThrows(IOException.class, () -> MatrixMarket.write(target, a));
            assertThrows(IOException.class, () -> BinaryMatrixFile.write(target, a));
            assertThrows(IOException.class, () -> MatrixMarket.write(target, d));
            assertThrows(IOException.class, () -> BinaryMatrixFile.write(target, d));
        }
        assertEquals(List.of(target), files(), "no temporary file is left");
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void missingDirectoryIsAPlainIoError() {
        Path target = dir.resolve("no/such/dir/a.mtx");
        try (CscMatrix a = CscMatrix.identity(2)) {
            FileSystemException e = assertThrows(FileSystemException.class, () -> MatrixMarket.write(target, a));
            // names the target the caller gave and why, not the temporary file's made-up name
            assertEquals(target.toString(), e.getFile());
            assertEquals("cannot write: the directory " + target.toAbsolutePath().getParent() + " does not exist",
                    e.getReason());
            assertEquals(target + ": cannot write: the directory " + target.toAbsolutePath().getParent()
                    + " does not exist", FileErrors.describe(e));
        }
    }

    @Test
    void overwriteReplacesTheWholeFile() throws IOException {
        Path f = dir.resolve("m.mtx");
        try (CscMatrix big = TestMatrices.sparse(new Random(4), 200, 200, 0.1); CscMatrix small = CscMatrix.identity(1)) {
            MatrixMarket.write(f, big);
            long bigSize = Files.size(f);
            MatrixMarket.write(f, small);
            assertTrue(Files.size(f) < bigSize);
            try (CscMatrix back = MatrixMarket.readSparse(f)) {
                TestMatrices.assertSameMatrix(small, back, true);
            }
        }
        assertEquals(List.of(f), files());
    }
}

package dev.pullback.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.io.BinaryMatrixFile;
import dev.pullback.io.MatrixFileException;
import dev.pullback.io.MatrixFiles;
import dev.pullback.storage.CscMatrix;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link MatrixFileFuzzTest} found, one test each, named by the run that found it. */
class FuzzFindingsTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    /**
     * Seed 1, input 47 (and four more): a gzip file whose deflate data is damaged made
     * {@code MatrixFiles.describe} throw the JDK's raw ZipException ("invalid distance too far
     * back") instead of a MatrixFileException naming the file; the readers already wrapped it.
     */
    @Test
    void damagedGzipIsAMatrixFileExceptionInDescribeToo() throws IOException {
        byte[] gz = Mutator.gzip(("%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n2 2 2\n3 3 3\n"
                + "% padding so that the deflate stream has a body to damage\n".repeat(20)).getBytes(StandardCharsets.US_ASCII));
        int damaged = 0;
        for (int at = 10; at < gz.length - 8; at++) {
            byte[] bad = gz.clone();
            bad[at] ^= 0x5a;
            Path f = dir.resolve("bad.mtx.gz");
            Files.write(f, bad);
            try {
                MatrixFiles.describe(f);
                MatrixFiles.readSparse(f).close();
            } catch (MatrixFileException e) {
                assertTrue(e.getMessage().startsWith(f + ": ") || e.getMessage().startsWith(f + ", line "), e.getMessage());
                if (e.getMessage().contains("gzip")) damaged++;
            }
        }
        assertTrue(damaged > 0, "some damage reached the gzip decoder");
    }

    /**
     * Seed 7, input 1112 (and five more): an unordered coordinate file whose size line claims 2^31-10
     * rows made CooBuilder's counting sort by row allocate 8 GiB (OutOfMemoryError: Java heap space).
     * It is a valid file of a tall, nearly empty matrix: it must read, in memory proportional to
     * its entries (the column pointers aside).
     */
    @Test
    void aHugeRowCountNeedsNoArrayOfThatSize() throws IOException {
        Path f = dir.resolve("tall.mtx");
        Files.writeString(f, "%%MatrixMarket matrix coordinate real general\n2147483638 4 4\n"
                + "2147483638 3 2\n1 1 1\n5 3 0.5\n1 1 -0.25\n");
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try (CscMatrix a = MatrixFiles.readSparse(f)) {
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 64 << 20, allocated + " bytes allocated on the heap");
            assertEquals(2147483638, a.rows());
            assertEquals(3, a.nnz());
            assertEquals(0.75, a.get(0, 0));
            assertEquals(0.5, a.get(4, 2));
            assertEquals(2.0, a.get(2147483637, 2));
        }
    }

    /**
     * Seed 7, input 5001: a binary CSC file of shape 2147483637x3, read as dense, threw the raw
     * IllegalArgumentException of DenseMatrix ("exceeds 2^31-1 entries") without naming the file.
     */
    @Test
    void aCscFileTooLargeAsDenseNamesTheFile() throws IOException {
        Path f = dir.resolve("tall.pbmat");
        try (CscMatrix a = CscMatrix.of(2147483637, 3, new int[4], new int[0], new double[0])) {
            BinaryMatrixFile.write(f, a);
        }
        MatrixFileException e = assertThrows(MatrixFileException.class, () -> MatrixFiles.readDense(f).close());
        assertTrue(e.getMessage().startsWith(f + ": cannot be read as a dense matrix: a dense 2147483637x3"), e.getMessage());
        e = assertThrows(MatrixFileException.class, () -> MatrixFiles.readVector(f));
        assertTrue(e.getMessage().startsWith(f + ": cannot be read as a dense matrix: a dense 2147483637x3"), e.getMessage());
    }
}

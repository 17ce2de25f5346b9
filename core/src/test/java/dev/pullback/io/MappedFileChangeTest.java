package dev.pullback.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.storage.CscMatrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mapped binary file written in place by someone else: {@link MappedMatrix#verify()} notices a
 * new size, a new modification time, a changed header; a file replaced by a rename leaves the
 * mapping intact and is not an error. Each file's time is first set into the past, so that the
 * write's new time differs from it whatever the file system's timestamp granularity.
 */
class MappedFileChangeTest {
    @TempDir
    Path dir;

    private Path sample(String name) throws IOException {
        Path f = dir.resolve(name + BinaryMatrixFile.EXTENSION);
        try (CscMatrix a = TestMatrices.sparse(new Random(3), 40, 30, 0.2)) {
            BinaryMatrixFile.write(f, a);
        }
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        return f;
    }

    private static void overwrite(Path f, long at, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), at);
        }
    }

    private static void assertChanged(MappedMatrix m, String fragment) {
        MatrixFileException e = assertThrows(MatrixFileException.class, m::verify);
        assertTrue(e.getMessage().startsWith(m.file() + ": ") && e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains("must not be modified in place"), e.getMessage());
    }

    /** The danger itself: the open matrix shows the other process's write; verify() says so. */
    @Test
    void aValueRewrittenInPlaceIsNoticed() throws IOException {
        Path f = sample("values");
        try (MappedMatrix m = BinaryMatrixFile.open(f)) {
            m.verify();
            long size = Files.size(f);
            ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
            long values = header.getLong(80); // section 2: the CSC values
            overwrite(f, values, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0, 42.0).array());
            assertEquals(size, Files.size(f));
            assertEquals(42.0, m.sparse().value(0), "the mapping shows the write");
            assertChanged(m, "was modified since it was mapped");
        }
    }

    @Test
    void aHeaderRewrittenInPlaceIsNoticedEvenWithTheOldTime() throws IOException {
        Path f = sample("header");
        FileTime old = Files.getLastModifiedTime(f);
        try (MappedMatrix m = BinaryMatrixFile.open(f)) {
            overwrite(f, 16, new byte[] {41}); // rows
            Files.setLastModifiedTime(f, old);  // as a writer that restores the time would
            assertChanged(m, "its header changed since it was mapped");
        }
    }

    @Test
    void aTruncationIsNoticedWithoutTouchingTheLostPages() throws IOException {
        Path f = sample("truncated");
        try (MappedMatrix m = BinaryMatrixFile.open(f)) {
            long size = Files.size(f);
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(size - 64);
            }
            assertChanged(m, "changed size since it was mapped (" + size + " bytes, now " + (size - 64) + ")");
        }
    }

    /** Pullback's own writers replace a file by a rename: the mapping keeps the old file, whole. */
    @Test
    void aFileReplacedByARenameLeavesTheMappingIntact() throws IOException {
        Path f = sample("replaced");
        Path other = dir.resolve("other" + BinaryMatrixFile.EXTENSION);
        try (CscMatrix b = TestMatrices.sparse(new Random(4), 10, 10, 0.5)) {
            BinaryMatrixFile.write(other, b);
        }
        try (MappedMatrix m = BinaryMatrixFile.open(f); CscMatrix copy = m.sparse().copy()) {
            Files.move(other, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            m.verify();
            TestMatrices.assertSameMatrix(copy, m.sparse(), false);
            Files.delete(f);
            m.verify();
        }
        MappedMatrix closed = BinaryMatrixFile.open(sample("closed"));
        closed.close();
        assertThrows(IllegalStateException.class, closed::verify);
    }
}

package dev.pullback.io;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;

/**
 * A binary matrix file mapped into memory ({@link BinaryMatrixFile#open}), owning the mapping.
 *
 * <p>The matrix it exposes is a read-only zero-copy view of the file's pages: reading it costs no
 * copy, writing to it throws (the segment is read-only: JDK 25 reports it as
 * IllegalArgumentException "Attempt to write a read-only segment"), and once this
 * handle is closed any access to the matrix is an IllegalStateException, never a crash. Closing is
 * idempotent. Copy the matrix ({@code sparse().copy()}, {@code dense().copy()}) to keep it beyond
 * the mapping's lifetime.
 *
 * <p>The file must not be modified in place while it is mapped (see {@link BinaryMatrixFile}):
 * {@link #verify()} detects what can be detected cheaply.
 */
public final class MappedMatrix implements AutoCloseable {
    /** The file as it was when mapped: its path, attributes and header bytes. */
    record Origin(Path path, BasicFileAttributes attributes, byte[] header) {}

    private final String file;
    private final BinaryMatrixFile.Header header;
    private final CscMatrix sparse;
    private final DenseMatrix dense;
    private final Arena arena;
    private final MemorySegment mapping;
    private final Origin origin;

    MappedMatrix(String file, BinaryMatrixFile.Header header, CscMatrix sparse, DenseMatrix dense, Arena arena,
            MemorySegment mapping, Origin origin) {
        this.file = file;
        this.header = header;
        this.sparse = sparse;
        this.dense = dense;
        this.arena = arena;
        this.mapping = mapping;
        this.origin = origin;
    }

    /**
     * Checks that the mapped file has not been modified in place since it was opened: the file at
     * the path is the same file (same file key, where the file system has one) with the same size
     * and modification time, and the mapped header still holds the bytes it held at open. Costs one
     * {@code stat} and a 128-byte compare; the payload is not read (open the file again for that).
     *
     * <p>A file replaced by a rename (as Pullback's own writers replace files) or deleted is not an
     * error: the mapping keeps the old file's pages, which nobody can change any more.
     *
     * @throws MatrixFileException naming what changed: the mapped values can no longer be trusted
     * @throws IllegalStateException if this handle is closed
     */
    public void verify() throws IOException {
        if (isClosed()) throw new IllegalStateException(file + " is closed");
        BasicFileAttributes was = origin.attributes();
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(origin.path(), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return; // deleted or renamed away: the mapping still holds the file it mapped
        }
        if (was.fileKey() != null && !Objects.equals(was.fileKey(), now.fileKey())) return; // replaced by another file
        String advice = ": a mapped matrix must not be modified in place (write a new file and rename it over the old"
                + " one); open the file again";
        if (now.size() != was.size()) {
            throw new MatrixFileException(file, "changed size since it was mapped (" + was.size() + " bytes, now "
                    + now.size() + ")" + advice);
        }
        if (!now.lastModifiedTime().equals(was.lastModifiedTime())) {
            throw new MatrixFileException(file, "was modified since it was mapped (modification time "
                    + was.lastModifiedTime() + ", now " + now.lastModifiedTime() + ")" + advice);
        }
        byte[] h = mapping.asSlice(0, origin.header().length).toArray(ValueLayout.JAVA_BYTE);
        if (!Arrays.equals(h, origin.header())) {
            throw new MatrixFileException(file, "its header changed since it was mapped" + advice);
        }
    }

    /** The file's name as given to {@link BinaryMatrixFile#open}. */
    public String file() {
        return file;
    }

    public BinaryMatrixFile.Header header() {
        return header;
    }

    public BinaryMatrixFile.Kind kind() {
        return header.kind();
    }

    public int rows() {
        return header.rows();
    }

    public int cols() {
        return header.cols();
    }

    /** The CSC view; IllegalStateException if the file holds a dense matrix. */
    public CscMatrix sparse() {
        if (sparse == null) throw new IllegalStateException(file + " holds a dense matrix, not a CSC one");
        return sparse;
    }

    /** The dense view; IllegalStateException if the file holds a CSC matrix. */
    public DenseMatrix dense() {
        if (dense == null) throw new IllegalStateException(file + " holds a CSC matrix, not a dense one");
        return dense;
    }

    public boolean isClosed() {
        return !arena.scope().isAlive();
    }

    /** Unmaps the file; the views become unusable. */
    @Override
    public void close() {
        arena.close();
    }

    @Override
    public String toString() {
        return "MappedMatrix[" + file + ", " + header.describe() + ", " + rows() + "x" + cols() + "]";
    }
}

package dev.pullback.io;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import java.lang.foreign.Arena;

/**
 * A binary matrix file mapped into memory ({@link BinaryMatrixFile#open}), owning the mapping.
 *
 * <p>The matrix it exposes is a read-only zero-copy view of the file's pages: reading it costs no
 * copy, writing to it throws (the segment is read-only: JDK 25 reports it as
 * IllegalArgumentException "Attempt to write a read-only segment"), and once this
 * handle is closed any access to the matrix is an IllegalStateException, never a crash. Closing is
 * idempotent. Copy the matrix ({@code sparse().copy()}, {@code dense().copy()}) to keep it beyond
 * the mapping's lifetime.
 */
public final class MappedMatrix implements AutoCloseable {
    private final String file;
    private final BinaryMatrixFile.Header header;
    private final CscMatrix sparse;
    private final DenseMatrix dense;
    private final Arena arena;

    MappedMatrix(String file, BinaryMatrixFile.Header header, CscMatrix sparse, DenseMatrix dense, Arena arena) {
        this.file = file;
        this.header = header;
        this.sparse = sparse;
        this.dense = dense;
        this.arena = arena;
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

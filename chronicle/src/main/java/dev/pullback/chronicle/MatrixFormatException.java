package dev.pullback.chronicle;

/**
 * Bytes that are not a valid Pullback matrix record: the {@link #problem()} names what is wrong, the
 * message says where and gives the values found and expected.
 */
public final class MatrixFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with a record. */
    public enum Problem {
        /** The first four bytes are not "PBMX": not a Pullback record, or not at this offset. */
        MAGIC,
        /** A format version this reader does not know. */
        VERSION,
        /** An unknown kind, or a different kind from the one asked for (a CSC record read as dense). */
        KIND,
        /** Negative or inconsistent dimensions or nnz. */
        SHAPE,
        /** Lengths that disagree with the shape, or a record longer than the bytes available (truncated). */
        LENGTH,
        /** The CRC32C stored in the header is not the CRC32C of the header and payload. */
        CHECKSUM,
        /** A CSC payload whose pattern is invalid (colPtr not monotone, rows out of range or unsorted). */
        PATTERN
    }

    private final Problem problem;
    private final long offset;

    MatrixFormatException(Problem problem, long offset, String detail) {
        super("bad Pullback matrix record at offset " + offset + ": " + problem.name().toLowerCase() + ": " + detail);
        this.problem = problem;
        this.offset = offset;
    }

    MatrixFormatException(Problem problem, long offset, String detail, Throwable cause) {
        this(problem, offset, detail);
        initCause(cause);
    }

    public Problem problem() {
        return problem;
    }

    /** Offset of the record's first byte. */
    public long offset() {
        return offset;
    }
}

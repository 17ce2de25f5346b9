package dev.pullback.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A matrix file that cannot be read because its content is wrong: a bad Matrix Market banner or
 * size line, an index out of range, a non-numeric token, too few or too many entries; a binary
 * file that is truncated, has a bad magic number or version, or fails its checksum.
 *
 * <p>The message always names the file and what is wrong; for a text file it also names the line
 * (1-based), as in {@code A.mtx, line 12: row index 7 out of range [1, 5]}. I/O failures of the
 * file system itself (no such file, permission denied) are the plain {@link IOException}s that
 * {@link java.nio.file.Files} throws, not this class.
 */
public final class MatrixFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final String problem;

    /** A problem at a line of a text file; {@code line} is 1-based. */
    public MatrixFileException(String file, long line, String problem) {
        super(file + ", line " + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /** A problem with a file as a whole (a binary file, or a text file before its first line). */
    public MatrixFileException(String file, String problem) {
        this(file, problem, null);
    }

    /** A problem with a file as a whole, caused by {@code cause}. */
    public MatrixFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.line = -1;
        this.problem = problem;
    }

    static String name(Path path) {
        return path.toString();
    }

    /** The file's name as given to the reader. */
    public String file() {
        return file;
    }

    /** The 1-based line of a text file at fault, or -1 when the problem is not at one line. */
    public long line() {
        return line;
    }

    /** What is wrong, without the file and line. */
    public String problem() {
        return problem;
    }
}

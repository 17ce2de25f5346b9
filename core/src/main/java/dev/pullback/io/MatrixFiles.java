package dev.pullback.io;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads and writes matrix files whatever their format, for callers that do not care which: the
 * format is chosen by content (the first bytes), not by the name.
 * <ul>
 * <li>{@code %%MatrixMarket ...}: Matrix Market ({@link MatrixMarket});
 * <li>gzip magic {@code 1f 8b}: gzip-compressed Matrix Market, decompressed while streaming;
 * <li>{@code 89 'P' 'B' 'M' 'A' 'T' 0D 0A}: Pullback's binary file ({@link BinaryMatrixFile}),
 *     fully verified (CRC32C over the file) and copied into memory the result owns, then checked
 *     not to have been modified during the copy ({@link MappedMatrix#verify()}). Use
 *     {@link BinaryMatrixFile#open} directly for a zero-copy mapped view.
 * </ul>
 * Results own their memory (close them); a file that is none of these, or malformed, raises a
 * {@link MatrixFileException} naming the file and the problem. Writing picks the binary format for
 * names ending in {@value BinaryMatrixFile#EXTENSION} and Matrix Market otherwise.
 */
public final class MatrixFiles {
    /** A file's format as detected from its content. */
    public enum Format { MATRIX_MARKET, MATRIX_MARKET_GZIP, BINARY }

    /**
     * What a file holds, from its header only: the detected format, a human description
     * ({@code matrix-market coordinate real symmetric}, {@code pullback-binary csc v1}), the shape,
     * and whether it stores a dense matrix (array or dense binary) rather than a sparse one.
     */
    public record Description(Format format, String detail, int rows, int cols, boolean dense) {}

    private MatrixFiles() {}

    /**
     * Detects the format from the first bytes of the file: the binary or gzip magic, else Matrix
     * Market (a file that is not one fails when read, with a message about its first line).
     */
    public static Format detect(Path path) throws IOException {
        byte[] first = new byte[16];
        int n;
        if (Files.isDirectory(path)) throw new MatrixFileException(path.toString(), "is a directory, not a matrix file");
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(first, 0, first.length);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
        if (n == 0) throw new MatrixFileException(path.toString(), "empty file");
        if (BinaryMatrixFile.hasMagic(first, n)) return Format.BINARY;
        if (n >= 2 && (first[0] & 0xFF) == 0x1f && (first[1] & 0xFF) == 0x8b) return Format.MATRIX_MARKET_GZIP;
        // Anything else is read as Matrix Market, whose reader says what is wrong with line 1.
        return Format.MATRIX_MARKET;
    }

    /** Reads the header of a file of any supported format. */
    public static Description describe(Path path) throws IOException {
        Format f = detect(path);
        if (f == Format.BINARY) {
            BinaryMatrixFile.Header h = BinaryMatrixFile.readHeader(path);
            return new Description(f, h.describe(), h.rows(), h.cols(), h.kind() == BinaryMatrixFile.Kind.DENSE);
        }
        MatrixMarket.Header h;
        try (InputStream in = open(path, f)) {
            h = MatrixMarket.header(new MatrixMarketScanner(in, path.toString()));
        } catch (MatrixFileException e) {
            throw e;
        } catch (IOException e) {
            throw gzipDamage(path, f, e);
        }
        String detail = h.describe() + (f == Format.MATRIX_MARKET_GZIP ? " (gzip)" : "");
        return new Description(f, detail, h.rows(), h.cols(), h.format() == MatrixMarket.Format.ARRAY);
    }

    /** Reads a sparse matrix: coordinate or array Matrix Market (array: nonzeros stored), binary CSC or dense. */
    public static CscMatrix readSparse(Path path) throws IOException {
        Format f = detect(path);
        if (f == Format.BINARY) {
            try (MappedMatrix m = BinaryMatrixFile.open(path)) {
                CscMatrix a = m.kind() == BinaryMatrixFile.Kind.CSC ? m.sparse().copy() : CscMatrix.fromDense(m.dense(), false);
                return verified(m, a);
            }
        }
        try (InputStream in = open(path, f)) {
            return MatrixMarket.readSparse(in, path.toString());
        } catch (MatrixFileException e) {
            throw e;
        } catch (IOException e) {
            throw gzipDamage(path, f, e);
        }
    }

    /** Reads a dense matrix: array or coordinate Matrix Market, binary dense or CSC. */
    public static DenseMatrix readDense(Path path) throws IOException {
        Format f = detect(path);
        if (f == Format.BINARY) {
            try (MappedMatrix m = BinaryMatrixFile.open(path)) {
                DenseMatrix d;
                try {
                    d = m.kind() == BinaryMatrixFile.Kind.DENSE ? m.dense().copy() : m.sparse().toDense();
                } catch (IllegalArgumentException e) { // too large as a dense matrix: its shape, or MemoryLimit
                    throw new MatrixFileException(path.toString(), "cannot be read as a dense matrix: " + e.getMessage(), e);
                }
                return verified(m, d);
            }
        }
        try (InputStream in = open(path, f)) {
            return MatrixMarket.readDense(in, path.toString());
        } catch (MatrixFileException e) {
            throw e;
        } catch (IOException e) {
            throw gzipDamage(path, f, e);
        }
    }

    /**
     * Reads a vector: any file holding an n×1 (or 1×n) matrix, dense or sparse (missing entries are
     * zero). The result is heap-backed (the layout gathers want, see DenseVector) and holds no
     * native memory.
     */
    public static DenseVector readVector(Path path) throws IOException {
        try (DenseMatrix d = readDense(path)) {
            if (d.cols() != 1 && d.rows() != 1) {
                throw new MatrixFileException(path.toString(), "expected a vector (an n x 1 or 1 x n matrix), the file"
                        + " holds a " + d.rows() + "x" + d.cols() + " matrix");
            }
            return DenseVector.wrap(d.toColumnMajor()); // n x 1 or 1 x n: column-major order is the vector
        }
    }

    /** Writes a sparse matrix: binary for names ending in .pbmat, Matrix Market coordinate otherwise. */
    public static void write(Path path, CscMatrix a) throws IOException {
        if (isBinaryName(path)) BinaryMatrixFile.write(path, a);
        else MatrixMarket.write(path, a);
    }

    /** Writes a dense matrix: binary for names ending in .pbmat, Matrix Market array otherwise. */
    public static void write(Path path, DenseMatrix a) throws IOException {
        if (isBinaryName(path)) BinaryMatrixFile.write(path, a);
        else MatrixMarket.write(path, a);
    }

    /** Whether {@link #write} would choose the binary format for this name. */
    public static boolean isBinaryName(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(BinaryMatrixFile.EXTENSION);
    }

    /** The copy, once {@link MappedMatrix#verify()} says the file was not written while it was copied. */
    private static <T extends AutoCloseable> T verified(MappedMatrix m, T copy) throws IOException {
        try {
            m.verify();
            return copy;
        } catch (IOException | RuntimeException e) {
            try {
                copy.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** A read error inside a gzip stream is damaged data; name the file (plain I/O errors pass as they are). */
    private static IOException gzipDamage(Path path, Format f, IOException e) {
        if (f != Format.MATRIX_MARKET_GZIP) return e;
        return new MatrixFileException(path.toString(), "corrupt gzip data: " + e.getMessage(), e);
    }

    private static InputStream open(Path path, Format f) throws IOException {
        InputStream in = Files.newInputStream(path);
        if (f != Format.MATRIX_MARKET_GZIP) return in;
        try {
            return new GZIPInputStream(in, 1 << 16);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw new MatrixFileException(path.toString(), "bad gzip stream: " + e.getMessage(), e);
        }
    }
}

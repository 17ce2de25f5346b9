package dev.pullback.io;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.MemoryLimit;
import dev.pullback.storage.MemoryLimitException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads and writes the Matrix Market exchange format (NIST): a banner
 * {@code %%MatrixMarket matrix coordinate|array real|integer|pattern general|symmetric|skew-symmetric},
 * comment lines starting with {@code %}, a size line, then one entry per line with 1-based indices.
 *
 * <h2>Reading</h2>
 * <ul>
 * <li>Layout: banner keywords in any case; comment lines ({@code %}) and blank lines anywhere
 *     after the banner; blanks are spaces, tabs and CR (so CRLF files read); one entry per line,
 *     nothing after its value; the last line may lack its newline.
 * <li>Coordinate files read into a {@link CscMatrix} through {@link CooBuilder} (or, for a general
 *     file already in column order, straight into CSC arrays, with the same result): duplicate entries
 *     are summed; explicit zeros are kept, because they are structure (a position that is zero now
 *     and will not be later). Pattern files give value 1 at every stored position (a repeated
 *     position is stored once). Symmetric files store the lower triangle (i &ge; j); each
 *     off-diagonal entry is mirrored, the diagonal is not duplicated. Skew-symmetric files store the
 *     strict lower triangle; the mirror is negated; a stored diagonal entry must be zero (it is kept
 *     as an explicit zero), a nonzero one is an error. An entry above the diagonal of a symmetric or
 *     skew-symmetric file is an error.
 * <li>Array files (column-major values; symmetric: the lower triangle column by column; skew: the
 *     strict lower triangle) read into a {@link DenseMatrix}. {@link #readDense(Path)} also reads a
 *     coordinate file (duplicates summed), and {@link #readSparse(Path)} also reads an array file,
 *     storing its nonzero values (an array file has no structure beyond its values).
 * <li>Numbers: real values are parsed to exactly the double {@link Double#parseDouble} gives,
 *     including {@code nan}, {@code inf} and {@code infinity} in any case (kept, not rejected);
 *     integer values must be integers below 2^63 in magnitude (converted to the nearest double).
 * <li>Streaming: the file is parsed from a byte stream through a 64 KiB buffer; its text is never
 *     held in memory. Besides the result, a read holds the entries on the heap: 12 bytes each
 *     (reserved from the size line up to 2^22 entries, then grown by doubling) for a general file
 *     in column order; otherwise CooBuilder's triplets (16 bytes each, grown by doubling) and its
 *     sort buffers.
 * <li>Every malformed input raises a {@link MatrixFileException} naming the file, the line and what
 *     is wrong. Nothing is left allocated when reading fails.
 * </ul>
 * Limits: rows and cols at most 2^31-10, at most 2^31-9 stored entries (after symmetric
 * expansion), dense results at most 2^31-1 values. A result or a buffer whose size the size line
 * sets (a dense matrix, the column pointers of a sparse one) is checked against {@link MemoryLimit}
 * before it is allocated; the entries themselves are held in buffers that grow as they arrive,
 * so a short file cannot make the reader allocate for a size line's claim (an array file gets its
 * matrix once half of its values have been read, or at once if it declares at most 2^20).
 *
 * <h2>Writing</h2>
 * Coordinate real (general, symmetric or skew-symmetric storage) or pattern for sparse matrices,
 * array real general for dense ones. Values are written in the shortest form that parses back to
 * the same double, so a write-read round trip is bit-exact (NaN comes back as the canonical NaN).
 * Files are written atomically (temporary file, force, rename): a failure never leaves a partial
 * file, and an existing file is replaced only by a complete one.
 */
public final class MatrixMarket {
    /** The storage scheme of a file. */
    public enum Format { COORDINATE, ARRAY }

    /** The type of the stored values. */
    public enum Field { REAL, INTEGER, PATTERN }

    /** Which part of the matrix the file stores. */
    public enum Symmetry { GENERAL, SYMMETRIC, SKEW_SYMMETRIC }

    /** What a file's banner and size line say. {@code entries} is the number of entry lines. */
    public record Header(Format format, Field field, Symmetry symmetry, int rows, int cols, long entries) {
        /** The banner line that describes this header. */
        public String banner() {
            return "%%MatrixMarket matrix " + format.name().toLowerCase(Locale.ROOT) + " "
                    + field.name().toLowerCase(Locale.ROOT) + " "
                    + symmetry.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** E.g. {@code matrix-market coordinate real symmetric}. */
        public String describe() {
            return "matrix-market " + banner().substring("%%MatrixMarket matrix ".length());
        }
    }

    /** Largest rows or cols: colPtr needs cols+1 ints, and 2^31-9 is the longest array every JVM allows. */
    static final int MAX_DIM = Integer.MAX_VALUE - 9;
    /** Largest number of triplets a CooBuilder holds. */
    static final long MAX_ENTRIES = Integer.MAX_VALUE - 8L;
    /** Array files declaring at most this many values (8 MiB of doubles) get their matrix before any value is read. */
    static final long FIRST_VALUES = 1 << 20;

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private MatrixMarket() {}

    // ------------------------------------------------------------------ reading

    /** Reads only the banner and size line. */
    public static Header readHeader(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return header(new MatrixMarketScanner(in, path.toString()));
        }
    }

    /** Reads a coordinate (or array) file into a new CSC matrix; see the class comment. */
    public static CscMatrix readSparse(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return readSparse(in, path.toString());
        }
    }

    /**
     * Reads a coordinate (or array) file from a stream into a new CSC matrix; {@code name} is used in
     * error messages. The stream is read to the end of the matrix and not closed.
     */
    public static CscMatrix readSparse(InputStream in, String name) throws IOException {
        MatrixMarketScanner s = new MatrixMarketScanner(in, name);
        Header h = header(s);
        if (h.format() == Format.ARRAY) {
            try (DenseMatrix d = array(s, h)) {
                return CscMatrix.fromDense(d, false);
            }
        }
        checkLimit(s, "the column pointers of the " + h.rows() + "x" + h.cols() + " sparse matrix declared on this line",
                (h.cols() + 1L) * Integer.BYTES);
        // General files in column order skip the sort; symmetric ones mirror out of order anyway.
        boolean general = h.symmetry() == Symmetry.GENERAL;
        long expected = general ? h.entries() : 0;
        ColumnOrderedTriplets b = new ColumnOrderedTriplets(h.rows(), h.cols(), expected,
                general ? h.entries() : 2 * h.entries());
        coordinate(s, h, b::add);
        CscMatrix a = b.build();
        if (h.field() == Field.PATTERN) {
            double[] ones = new double[a.nnz()];
            Arrays.fill(ones, 1.0);
            a.setValues(ones);
        }
        return a;
    }

    /** Reads an array (or coordinate) file into a new dense matrix; see the class comment. */
    public static DenseMatrix readDense(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return readDense(in, path.toString());
        }
    }

    /** Reads an array (or coordinate) file from a stream into a new dense matrix; the stream stays open. */
    public static DenseMatrix readDense(InputStream in, String name) throws IOException {
        MatrixMarketScanner s = new MatrixMarketScanner(in, name);
        Header h = header(s);
        if (h.format() == Format.ARRAY) return array(s, h);
        checkDenseSize(s, h);
        checkDenseLimit(s, h);
        DenseMatrix d = DenseMatrix.zeros(h.rows(), h.cols());
        try {
            MemorySegment m = d.segment();
            long ld = d.ld();
            boolean pattern = h.field() == Field.PATTERN;
            // The first entry at a position sets it and later ones add, as CooBuilder does: a lone
            // -0.0 stays -0.0 (0.0 + -0.0 would be +0.0). One bit per position tells which is which.
            long[] seen = new long[(int) (((long) h.rows() * h.cols() + 63) >>> 6)];
            coordinate(s, h, (i, j, v) -> {
                long at = i + j * ld;
                int cell = (int) (i + (long) j * h.rows());
                long bit = 1L << cell;
                if (pattern) {
                    m.setAtIndex(D, at, 1.0);
                } else if ((seen[cell >>> 6] & bit) == 0) {
                    seen[cell >>> 6] |= bit;
                    m.setAtIndex(D, at, v);
                } else {
                    m.setAtIndex(D, at, m.getAtIndex(D, at) + v);
                }
            });
            return d;
        } catch (IOException | RuntimeException | Error e) {
            d.close();
            throw e;
        }
    }

    /** Receives one stored entry (0-based). */
    @FunctionalInterface
    private interface EntrySink {
        void add(int i, int j, double v);
    }

    static Header header(MatrixMarketScanner s) throws IOException {
        if (s.atEof()) throw s.error("empty file: expected a %%MatrixMarket banner");
        // Look before reading the line: a binary file (or /dev/zero) may have no line end for gigabytes.
        String start = s.peekLine(80).stripLeading();
        if (!start.regionMatches(true, 0, "%%MatrixMarket", 0, 14)) {
            throw new MatrixFileException(s.file(), 1, "not a Matrix Market file: the first line must start with"
                    + " %%MatrixMarket, got '" + shorten(start) + "'");
        }
        String banner = s.readLine(200);
        String[] w = banner.split("[ \t\f\r]+");
        if (!w[0].equalsIgnoreCase("%%MatrixMarket")) {
            throw new MatrixFileException(s.file(), 1, "not a Matrix Market file: the first line must start with"
                    + " %%MatrixMarket, got '" + shorten(banner) + "'");
        }
        if (w.length != 5) {
            throw new MatrixFileException(s.file(), 1, "bad banner '" + shorten(banner) + "': expected"
                    + " %%MatrixMarket matrix coordinate|array real|integer|pattern general|symmetric|skew-symmetric");
        }
        if (!w[1].equalsIgnoreCase("matrix")) {
            throw new MatrixFileException(s.file(), 1, "unknown object '" + shorten(w[1]) + "' in the banner (expected matrix)");
        }
        Format format = switch (w[2].toLowerCase(Locale.ROOT)) {
            case "coordinate" -> Format.COORDINATE;
            case "array" -> Format.ARRAY;
            default -> throw new MatrixFileException(s.file(), 1, "unknown format '" + shorten(w[2])
                    + "' in the banner (expected coordinate or array)");
        };
        Field field = switch (w[3].toLowerCase(Locale.ROOT)) {
            case "real", "double" -> Field.REAL;
            case "integer" -> Field.INTEGER;
            case "pattern" -> Field.PATTERN;
            case "complex" -> throw new MatrixFileException(s.file(), 1,
                    "complex matrices are not supported (Pullback matrices are real)");
            default -> throw new MatrixFileException(s.file(), 1, "unknown field '" + shorten(w[3])
                    + "' in the banner (expected real, integer or pattern)");
        };
        Symmetry symmetry = switch (w[4].toLowerCase(Locale.ROOT)) {
            case "general" -> Symmetry.GENERAL;
            case "symmetric" -> Symmetry.SYMMETRIC;
            case "skew-symmetric" -> Symmetry.SKEW_SYMMETRIC;
            case "hermitian" -> throw new MatrixFileException(s.file(), 1, "hermitian symmetry is defined only for"
                    + " complex matrices (a real hermitian matrix is 'symmetric')");
            default -> throw new MatrixFileException(s.file(), 1, "unknown symmetry '" + shorten(w[4])
                    + "' in the banner (expected general, symmetric or skew-symmetric)");
        };
        if (field == Field.PATTERN && format == Format.ARRAY) {
            throw new MatrixFileException(s.file(), 1, "an array file cannot have the pattern field");
        }
        if (field == Field.PATTERN && symmetry == Symmetry.SKEW_SYMMETRIC) {
            throw new MatrixFileException(s.file(), 1, "a pattern file cannot be skew-symmetric (it has no values to negate)");
        }
        if (!s.nextContentLine()) throw s.error("missing size line: the file ends after its comments");
        int want = format == Format.COORDINATE ? 3 : 2;
        String shape = format == Format.COORDINATE ? "'rows cols entries'" : "'rows cols'";
        long[] n = new long[3];
        StringBuilder seen = new StringBuilder();
        int count = 0;
        boolean bad = false;
        while (s.token()) {
            if (count < 3) {
                n[count] = s.tokenAsCount();
                bad |= n[count] < 0;
            }
            if (seen.length() < 80) seen.append(count == 0 ? "" : " ").append(s.tokenText());
            count++;
        }
        if (count != want || bad) {
            throw s.error("bad size line '" + seen + "': expected " + shape + " as " + want + " non-negative integers");
        }
        long sizeLine = s.line();
        s.endLine("the size line");
        s.sizeLine(sizeLine);
        long rows = n[0];
        long cols = n[1];
        if (rows > MAX_DIM || cols > MAX_DIM) {
            throw new MatrixFileException(s.file(), sizeLine, "matrix shape " + rows + "x" + cols
                    + " exceeds the limit of " + MAX_DIM + " rows or columns");
        }
        if (symmetry != Symmetry.GENERAL && rows != cols) {
            throw new MatrixFileException(s.file(), sizeLine, "a " + symmetry.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " matrix must be square, the size line says " + rows + "x" + cols);
        }
        long entries;
        if (format == Format.COORDINATE) {
            entries = n[2];
            if (entries > MAX_ENTRIES) {
                throw new MatrixFileException(s.file(), sizeLine, entries + " entries exceed the limit of " + MAX_ENTRIES);
            }
        } else {
            entries = switch (symmetry) {
                case GENERAL -> rows * cols;
                case SYMMETRIC -> rows * (rows + 1) / 2;
                case SKEW_SYMMETRIC -> rows * (rows - 1) / 2;
            };
        }
        return new Header(format, field, symmetry, (int) rows, (int) cols, entries);
    }

    private static void checkDenseSize(MatrixMarketScanner s, Header h) throws MatrixFileException {
        if ((long) Math.max(h.rows(), 1) * h.cols() > Integer.MAX_VALUE) {
            throw new MatrixFileException(s.file(), s.sizeLine(), "a dense " + h.rows() + "x" + h.cols()
                    + " matrix exceeds 2^31-1 values");
        }
    }

    /** The dense result's bytes against {@link MemoryLimit}, before anything is allocated. */
    private static void checkDenseLimit(MatrixMarketScanner s, Header h) throws MatrixFileException {
        checkLimit(s, "the dense " + h.rows() + "x" + h.cols() + " matrix declared on this line",
                (long) Math.max(h.rows(), 1) * h.cols() * Double.BYTES);
    }

    /** {@link MemoryLimit#check} as an error at the size line, which declared the size. */
    private static void checkLimit(MatrixMarketScanner s, String what, long bytes) throws MatrixFileException {
        try {
            MemoryLimit.check(what, bytes);
        } catch (MemoryLimitException e) {
            throw new MatrixFileException(s.file(), s.sizeLine(), e.getMessage());
        }
    }

    private static void coordinate(MatrixMarketScanner s, Header h, EntrySink sink) throws IOException {
        long sizeLine = s.sizeLine();
        long entries = h.entries();
        Field field = h.field();
        Symmetry sym = h.symmetry();
        for (long k = 0; k < entries; k++) {
            if (!s.nextContentLine()) {
                throw s.error("the file ends after " + k + " of the " + entries + " entries declared on line " + sizeLine);
            }
            int i = s.index("row", h.rows());
            int j = s.index("column", h.cols());
            double v;
            switch (field) {
                case REAL -> v = s.real();
                case INTEGER -> v = s.integer();
                default -> {
                    if (!s.atLineEnd()) {
                        s.token();
                        throw s.error("a pattern file has no values, but entry (" + (i + 1) + ", " + (j + 1)
                                + ") has '" + s.tokenText() + "'");
                    }
                    v = 1.0;
                }
            }
            long line = s.line();
            s.endEntry(i, j);
            if (sym == Symmetry.GENERAL) {
                add(s, line, sink, i, j, v);
                continue;
            }
            if (i < j) {
                throw new MatrixFileException(s.file(), line, "entry (" + (i + 1) + ", " + (j + 1)
                        + ") is above the diagonal: a " + sym.name().toLowerCase(Locale.ROOT).replace('_', '-')
                        + " file stores only the lower triangle");
            }
            if (i == j) {
                if (sym == Symmetry.SKEW_SYMMETRIC && v != 0.0) {
                    throw new MatrixFileException(s.file(), line, "skew-symmetric file has the nonzero"
                            + " diagonal entry (" + (i + 1) + ", " + (j + 1) + ") = " + v);
                }
                add(s, line, sink, i, j, v);
            } else {
                add(s, line, sink, i, j, v);
                add(s, line, sink, j, i, sym == Symmetry.SKEW_SYMMETRIC ? -v : v);
            }
        }
        if (s.nextContentLine()) {
            throw s.error("more entries than the " + entries + " declared on line " + sizeLine);
        }
    }

    private static void add(MatrixMarketScanner s, long line, EntrySink sink, int i, int j, double v)
            throws MatrixFileException {
        try {
            sink.add(i, j, v);
        } catch (IllegalStateException e) {
            throw new MatrixFileException(s.file(), line, "too many entries: " + e.getMessage());
        }
    }

    /**
     * Reads the values of an array file. A file that declares at most {@link #FIRST_VALUES} values
     * gets its matrix at once; a larger one only after it has shown half of them, the values until
     * then kept in a buffer that grows as they arrive: a short file whose size line claims a huge
     * matrix fails at its end having allocated in proportion to what it holds, not to the claim.
     */
    private static DenseMatrix array(MatrixMarketScanner s, Header h) throws IOException {
        long sizeLine = s.sizeLine();
        checkDenseSize(s, h);
        checkDenseLimit(s, h);
        int rows = h.rows();
        int cols = h.cols();
        long declared = h.entries();
        GrowingDoubles early = declared <= FIRST_VALUES ? null : new GrowingDoubles();
        DenseMatrix d = null;
        try {
            if (early == null) d = DenseMatrix.zeros(rows, cols);
            boolean integer = h.field() == Field.INTEGER;
            long k = 0;
            for (int j = 0; j < cols; j++) {
                for (int i = firstRow(h, j); i < rows; i++, k++) {
                    if (!s.nextContentLine()) {
                        throw s.error("the file ends after " + k + " of the " + declared + " values that the "
                                + rows + "x" + cols + " " + h.symmetry().name().toLowerCase(Locale.ROOT).replace('_', '-')
                                + " array declared on line " + sizeLine + " holds");
                    }
                    double v = integer ? s.integer() : s.real();
                    s.endEntry(i, j);
                    if (d != null) {
                        put(d, h.symmetry(), i, j, v);
                        continue;
                    }
                    early.add(v);
                    if (early.size() >= declared / 2) {
                        // Half the values are here: the claim is real to within a factor 2.
                        d = DenseMatrix.zeros(rows, cols);
                        replay(early, d, h);
                        early.close();
                        early = null;
                    }
                }
            }
            if (s.nextContentLine()) {
                throw s.error("more values than the " + declared + " that the " + rows + "x" + cols
                        + " array declared on line " + sizeLine + " holds");
            }
            return d;
        } catch (IOException | RuntimeException | Error e) {
            if (d != null) d.close();
            if (early != null) early.close();
            throw e;
        }
    }

    /** The first row an array file stores in column j: the lower triangle for symmetric, strictly for skew. */
    private static int firstRow(Header h, int j) {
        return switch (h.symmetry()) {
            case GENERAL -> 0;
            case SYMMETRIC -> j;
            case SKEW_SYMMETRIC -> j + 1;
        };
    }

    /** Stores the array file's value for (i, j) and its mirror. */
    private static void put(DenseMatrix d, Symmetry sym, int i, int j, double v) {
        MemorySegment m = d.segment();
        long ld = d.ld();
        m.setAtIndex(D, i + j * ld, v);
        if (i != j && sym == Symmetry.SYMMETRIC) m.setAtIndex(D, j + i * ld, v);
        if (sym == Symmetry.SKEW_SYMMETRIC) m.setAtIndex(D, j + i * ld, -v);
    }

    /** Stores the values read so far, which came in the file's order. */
    private static void replay(GrowingDoubles early, DenseMatrix d, Header h) {
        long k = 0;
        for (int j = 0; j < h.cols() && k < early.size(); j++) {
            for (int i = firstRow(h, j); i < h.rows() && k < early.size(); i++, k++) {
                put(d, h.symmetry(), i, j, early.get(k));
            }
        }
    }

    /** The first characters of {@code s}, escaped ({@link Printable}) to at most about 60, for quoting file content. */
    private static String shorten(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < s.length() && b.length() < 60; i++) b.append(Printable.escape(s.substring(i, i + 1)));
        return i < s.length() ? b + "..." : b.toString();
    }

    // ------------------------------------------------------------------ writing

    /** Writes a coordinate real general file with every stored entry (explicit zeros included). */
    public static void write(Path path, CscMatrix a) throws IOException {
        write(path, a, Symmetry.GENERAL);
    }

    /**
     * Writes a coordinate real file. With SYMMETRIC storage only entries with i &ge; j are written,
     * with SKEW_SYMMETRIC only i &gt; j (and stored diagonal entries, which must be zero); the
     * matrix must then have that symmetry exactly (mirrored values bit for bit equal, or negated),
     * else IllegalArgumentException naming the first entry that breaks it, before anything is written.
     */
    public static void write(Path path, CscMatrix a, Symmetry symmetry) throws IOException {
        long count = countStored(a.pattern(), symmetry, a);
        String banner = new Header(Format.COORDINATE, Field.REAL, symmetry, a.rows(), a.cols(), count).banner();
        writeCoordinate(path, banner, a.pattern(), a, symmetry, count);
    }

    /** Writes a coordinate pattern file (positions only); SYMMETRIC needs a structurally symmetric pattern. */
    public static void writePattern(Path path, CscPattern p, Symmetry symmetry) throws IOException {
        if (symmetry == Symmetry.SKEW_SYMMETRIC) {
            throw new IllegalArgumentException("a pattern file cannot be skew-symmetric");
        }
        long count = countStored(p, symmetry, null);
        String banner = new Header(Format.COORDINATE, Field.PATTERN, symmetry, p.rows(), p.cols(), count).banner();
        writeCoordinate(path, banner, p, null, symmetry, count);
    }

    /** Writes an array real general file, column by column. */
    public static void write(Path path, DenseMatrix a) throws IOException {
        AtomicFiles.write(path, ch -> {
            AsciiOut out = new AsciiOut(ch);
            out.text("%%MatrixMarket matrix array real general").nl();
            out.num(a.rows()).sp().num(a.cols()).nl();
            MemorySegment m = a.segment();
            long ld = a.ld();
            for (int j = 0; j < a.cols(); j++) {
                for (int i = 0; i < a.rows(); i++) out.num(m.getAtIndex(D, i + j * ld)).nl();
            }
            out.flush();
        });
    }

    private static void writeCoordinate(Path path, String banner, CscPattern p, CscMatrix values,
            Symmetry symmetry, long count) throws IOException {
        AtomicFiles.write(path, ch -> {
            AsciiOut out = new AsciiOut(ch);
            out.text(banner).nl();
            out.num(p.rows()).sp().num(p.cols()).sp().num(count).nl();
            MemorySegment v = values == null ? null : values.values();
            for (int j = 0; j < p.cols(); j++) {
                for (int k = p.colStart(j); k < p.colEnd(j); k++) {
                    int i = p.row(k);
                    if (!stored(symmetry, i, j)) continue;
                    out.num(i + 1L).sp().num(j + 1L);
                    if (v != null) out.sp().num(v.getAtIndex(D, k));
                    out.nl();
                }
            }
            out.flush();
        });
    }

    private static boolean stored(Symmetry symmetry, int i, int j) {
        return symmetry == Symmetry.GENERAL || i >= j;
    }

    /** Entries the file will hold; checks the claimed symmetry (values when {@code a} is given). */
    private static long countStored(CscPattern p, Symmetry symmetry, CscMatrix a) {
        if (symmetry == Symmetry.GENERAL) return p.nnz();
        if (p.rows() != p.cols()) {
            throw new IllegalArgumentException("a " + symmetry.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " file needs a square matrix, got " + p.rows() + "x" + p.cols());
        }
        boolean skew = symmetry == Symmetry.SKEW_SYMMETRIC;
        long count = 0;
        for (int j = 0; j < p.cols(); j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) {
                int i = p.row(k);
                if (i == j) {
                    if (skew && a.value(k) != 0.0) {
                        throw new IllegalArgumentException("not skew-symmetric: diagonal entry (" + (i + 1) + ", "
                                + (j + 1) + ") = " + a.value(k) + " (1-based)");
                    }
                    count++;
                    continue;
                }
                int t = p.find(j, i);
                if (t < 0) {
                    throw new IllegalArgumentException("not structurally symmetric: (" + (i + 1) + ", " + (j + 1)
                            + ") is stored but (" + (j + 1) + ", " + (i + 1) + ") is not (1-based)");
                }
                if (a != null) {
                    double x = a.value(k);
                    double y = a.value(t);
                    long want = Double.doubleToLongBits(skew ? -x : x);
                    if (Double.doubleToLongBits(y) != want) {
                        throw new IllegalArgumentException("not " + (skew ? "skew-symmetric" : "symmetric") + ": ("
                                + (i + 1) + ", " + (j + 1) + ") = " + x + " but (" + (j + 1) + ", " + (i + 1)
                                + ") = " + y + " (1-based)");
                    }
                }
                if (i > j) count++;
            }
        }
        return count;
    }
}

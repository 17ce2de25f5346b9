package dev.pullback.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.MemoryLimit;
import dev.pullback.storage.NativeMemory;
import dev.pullback.testing.SystemProperty;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files made to hurt the reader: size lines that claim far more than the file holds, streams
 * without line ends, escape sequences in the text. Each must fail at once with a MatrixFileException
 * naming the file and the line, having allocated in proportion to what the file holds.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    private static final String ARRAY = "%%MatrixMarket matrix array real general\n";
    private static final String COO = "%%MatrixMarket matrix coordinate real general\n";

    /** A stream over the given text that records the most Pullback off-heap memory live at any of its reads. */
    private static final class PeakStream extends InputStream {
        private final InputStream in;
        long peak;

        PeakStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            peak = Math.max(peak, NativeMemory.liveBytes());
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            peak = Math.max(peak, NativeMemory.liveBytes());
            return in.read(b, off, len);
        }
    }

    private static PeakStream text(String s) {
        return new PeakStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /**
     * A 60-byte array file whose size line claims 2^27 values (1 GiB) and that holds one: the read
     * fails at the end of the file, and meanwhile at most a small buffer was live, not the claim.
     */
    @Test
    void anArrayFileGetsItsMatrixOnlyOnceItsValuesArrive() {
        long before = NativeMemory.liveBytes();
        try (var limit = SystemProperty.set(MemoryLimit.PROPERTY, "1t")) {
            for (String shape : new String[] {"134217728 1", "1 134217728", "11586 11586"}) {
                for (boolean sparse : new boolean[] {false, true}) {
                    PeakStream in = text(ARRAY + shape + "\n1.5\n");
                    MatrixFileException e = assertThrows(MatrixFileException.class,
                            () -> (sparse ? MatrixMarket.readSparse(in, "claim.mtx") : MatrixMarket.readDense(in, "claim.mtx")).close());
                    assertEquals(4, e.line(), e.getMessage());
                    assertTrue(e.getMessage().contains("the file ends after 1 of the "), e.getMessage());
                    assertTrue(in.peak - before < 1 << 20, shape + ": " + (in.peak - before) + " bytes were live");
                }
            }
            PeakStream sym = text("%%MatrixMarket matrix array real symmetric\n16384 16384\n1\n2\n");
            assertThrows(MatrixFileException.class, () -> MatrixMarket.readDense(sym, "sym.mtx").close());
            assertTrue(sym.peak - before < 1 << 20, (sym.peak - before) + " bytes were live");
        }
    }

    /**
     * Array files above the size that gets its matrix at once (2^20 values) go through the growing
     * buffer and its replay into the matrix: general, symmetric and skew-symmetric come out exactly
     * as written, and a file that ends early leaves nothing allocated.
     */
    @Test
    void largeArrayFilesReadExactlyThroughTheGrowingBuffer() throws IOException {
        Random rnd = new Random(7);
        int rows = 1100, cols = 1000, n = 1500;
        double[] general = new double[rows * cols];
        StringBuilder g = new StringBuilder(ARRAY).append(rows).append(' ').append(cols).append('\n');
        for (int k = 0; k < general.length; k++) {
            general[k] = rnd.nextInt(2001) - 1000 + rnd.nextInt(8) / 8.0;
            g.append(general[k]).append('\n');
        }
        try (DenseMatrix d = MatrixMarket.readDense(text(g.toString()), "g.mtx")) {
            for (int j = 0; j < cols; j++) {
                for (int i = 0; i < rows; i++) assertEquals(general[i + j * rows], d.get(i, j), "(" + i + ", " + j + ")");
            }
        }
        for (boolean skew : new boolean[] {false, true}) {
            double[][] a = new double[n][n];
            StringBuilder s = new StringBuilder("%%MatrixMarket matrix array real " + (skew ? "skew-symmetric" : "symmetric")
                    + "\n" + n + " " + n + "\n");
            for (int j = 0; j < n; j++) {
                for (int i = skew ? j + 1 : j; i < n; i++) {
                    double v = rnd.nextInt(1000) + 1;
                    a[i][j] = v;
                    a[j][i] = skew ? -v : v;
                    s.append((long) v).append('\n');
                }
            }
            assertTrue((long) n * (n + 1) / 2 > MatrixMarket.FIRST_VALUES);
            try (DenseMatrix d = MatrixMarket.readDense(text(s.toString()), "s.mtx")) {
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) assertEquals(a[i][j], d.get(i, j), "(" + i + ", " + j + ")");
                }
            }
            // Cut after three quarters of the values: past the point where the matrix was allocated.
            String cut = s.substring(0, s.length() * 3 / 4);
            long arenas = NativeMemory.liveArenas();
            MatrixFileException e = assertThrows(MatrixFileException.class,
                    () -> MatrixMarket.readDense(text(cut.substring(0, cut.lastIndexOf('\n') + 1)), "cut.mtx"));
            assertTrue(e.getMessage().contains("the file ends after"), e.getMessage());
            assertEquals(arenas, NativeMemory.liveArenas());
        }
    }

    /** A size line whose shape alone needs more than the limit fails there, before any allocation. */
    @Test
    void shapesBeyondTheLimitFailAtTheSizeLine() throws IOException {
        try (var limit = SystemProperty.set(MemoryLimit.PROPERTY, "64m")) {
            // 2^31-10 columns: 8 GiB of column pointers for a 45-byte file (this used to be an OutOfMemoryError).
            Path f = write("cols.mtx", COO + "1 2147483638 0\n");
            MatrixFileException e = assertThrows(MatrixFileException.class, () -> MatrixFiles.readSparse(f));
            assertEquals(2, e.line());
            assertTrue(e.getMessage().contains("the column pointers of the 1x2147483638 sparse matrix declared on this"
                    + " line needs 8589934556 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("-Dpullback.maxBytes="), e.getMessage());
            Path g = write("wide.mtx", COO + "1 2147483646 0\n");
            e = assertThrows(MatrixFileException.class, () -> MatrixFiles.readSparse(g));
            assertTrue(e.getMessage().contains("exceeds the limit of 2147483638 rows or columns"), e.getMessage());
            // A coordinate file read as dense: 10^4 x 10^4 doubles are 800 MB, above 64 MiB.
            Path h = write("dense.mtx", COO + "10000 10000 1\n1 1 1\n");
            e = assertThrows(MatrixFileException.class, () -> MatrixFiles.readDense(h));
            assertEquals(2, e.line());
            assertTrue(e.getMessage().contains("the dense 10000x10000 matrix declared on this line needs 800000000 bytes"),
                    e.getMessage());
            Path v = write("vec.mtx", ARRAY + "10000000 1\n1\n");
            e = assertThrows(MatrixFileException.class, () -> MatrixFiles.readVector(v));
            assertTrue(e.getMessage().contains("needs 80000000 bytes"), e.getMessage());
        }
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.ISO_8859_1);
        return f;
    }

    /** A stream of one byte forever. */
    private static InputStream endless(byte b) {
        return new InputStream() {
            @Override
            public int read() {
                return b & 0xFF;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                java.util.Arrays.fill(buf, off, off + len, b);
                return len;
            }
        };
    }

    /** Streams without line ends end in an error naming the line, not in an endless read. */
    @Test
    void linesAreBounded() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            String[][] cases = {
                {"", "\u0000", "1", "not a Matrix Market file"},
                {"%%MatrixMarket", "x", "1", "line longer than"},
                {COO + "%", "x", "2", "line longer than"},
                {COO + "2 2 1\n", " ", "3", "line longer than"},
                {COO + "2 2 1\n1 1 ", "\t", "3", "line longer than"},
                {COO + "2 2 1\n1 1 1", "\r", "3", "line longer than"},
            };
            for (String[] c : cases) {
                InputStream in = new SequenceInputStream(new ByteArrayInputStream(c[0].getBytes(StandardCharsets.ISO_8859_1)),
                        endless((byte) c[1].charAt(0)));
                MatrixFileException e = assertThrows(MatrixFileException.class, () -> MatrixMarket.readSparse(in, "s"));
                assertEquals(Long.parseLong(c[2]), e.line(), e.getMessage());
                assertTrue(e.getMessage().contains(c[3]), e.getMessage());
            }
        });
    }

    @Test
    void devZeroIsRefusedAtOnce() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "no /dev/zero here");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            MatrixFileException e = assertThrows(MatrixFileException.class, () -> MatrixFiles.describe(zero));
            assertTrue(e.getMessage().startsWith("/dev/zero, line 1: not a Matrix Market file"), e.getMessage());
            assertTrue(e.getMessage().contains("'\\x00\\x00"), e.getMessage());
            assertThrows(MatrixFileException.class, () -> MatrixFiles.readSparse(zero));
            assertThrows(MatrixFileException.class, () -> MatrixFiles.readVector(zero));
        });
    }

    /** Bytes that a terminal would act on (ESC, CSI, BEL, bidi overrides) are quoted escaped, wherever the message quotes the file. */
    @Test
    void messagesEscapeControlCharacters() throws IOException {
        String esc = "\u001b[31m";
        String[][] cases = {
            {esc + "MatrixMarket matrix coordinate real general\n", "\\x1b[31mMatrixMarket"},
            {"%%MatrixMarket matrix coordinate real general\u0007 x\n", "\\x07"},
            {"%%MatrixMarket " + esc + "x coordinate real general\n", "unknown object '\\x1b[31mx'"},
            {"%%MatrixMarket matrix " + esc + " real general\n", "unknown format '\\x1b[31m'"},
            {"%%MatrixMarket matrix coordinate \u009b2J general\n", "unknown field '\\x9b2J'"},
            {"%%MatrixMarket matrix coordinate real " + esc + "\n", "unknown symmetry '\\x1b[31m'"},
            {COO + "2 2 " + esc + "\n", "bad size line '2 2 \\x1b[31m'"},
            {COO + "2 2 1\n1" + esc + " 1 1\n", "bad row index '1\\x1b[31m'"},
            {COO + "2 2 1\n1 1 " + esc + "\n", "non-numeric value '\\x1b[31m'"},
            {COO + "2 2 1\n1 1 1 " + esc + "\n", "unexpected token '\\x1b[31m'"},
            {"%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 \u001b\n", "non-integer value '\\x1b'"},
            {"%%MatrixMarket matrix coordinate pattern general\n2 2 1\n1 1 \u001b\n", "has '\\x1b'"},
        };
        for (String[] c : cases) {
            Path f = write("esc.mtx", c[0]);
            MatrixFileException e = assertThrows(MatrixFileException.class, () -> MatrixFiles.readSparse(f));
            String m = e.getMessage();
            assertTrue(m.contains(c[1]), m);
            assertTrue(m.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), "unescaped control character in: " + m);
        }
        assertEquals("a\\x1bb\\x7f\\x9b\\u202e\u00e9", Printable.escape("a\u001bb\u007f\u009b\u202e\u00e9"));
    }
}

package dev.pullback.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.testing.Generated;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

class MatrixMarketTest {
    @TempDir
    Path tmp;

    private static CscMatrix read(String text) throws IOException {
        return MatrixMarket.readSparse(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "t.mtx");
    }

    private static DenseMatrix readDense(String text) throws IOException {
        return MatrixMarket.readDense(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "t.mtx");
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void sparseRoundTripIsBitExact() {
        Generated.forAll(60, Generated.shapeEdges(0, 12), Generated.shapes(0, 12),
                c -> sparseRoundTripIsBitExact(c.rows(), c.cols(), c.seed()));
    }

    private void sparseRoundTripIsBitExact(int rows, int cols, long seed) throws IOException {
        Random r = new Random(seed);
        Path f = tmp.resolve("rt-" + seed + ".mtx");
        try (CscMatrix a = TestMatrices.sparse(r, rows, cols, r.nextDouble() * 0.6)) {
            MatrixMarket.write(f, a);
            try (CscMatrix b = MatrixMarket.readSparse(f)) {
                TestMatrices.assertSameMatrix(a, b, true);
            }
            try (DenseMatrix want = a.toDense(); DenseMatrix got = MatrixMarket.readDense(f)) {
                TestMatrices.assertSameMatrix(want, got, true);
            }
        }
    }

    private record SymmetricCase(int n, boolean skew, long seed) {}

    @Test
    void symmetricAndSkewStorageRoundTrip() {
        List<SymmetricCase> edges = new ArrayList<>();
        for (int n : Generated.ends(0, 10)) {
            edges.add(new SymmetricCase(n, false, 0));
            edges.add(new SymmetricCase(n, true, 0));
        }
        Gen<SymmetricCase> gen = integers().between(0, 10).zip(booleans().all(), longs().all(), SymmetricCase::new);
        Generated.forAll(40, edges, gen, c -> symmetricAndSkewStorageRoundTrip(c.n(), c.skew(), c.seed()));
    }

    private void symmetricAndSkewStorageRoundTrip(int n, boolean skew, long seed) throws IOException {
        Random r = new Random(seed);
        Path f = tmp.resolve("sym-" + seed + ".mtx");
        MatrixMarket.Symmetry s = skew ? MatrixMarket.Symmetry.SKEW_SYMMETRIC : MatrixMarket.Symmetry.SYMMETRIC;
        try (CscMatrix a = TestMatrices.symmetric(r, n, r.nextDouble(), skew)) {
            MatrixMarket.write(f, a, s);
            MatrixMarket.Header h = MatrixMarket.readHeader(f);
            assertEquals(s, h.symmetry());
            long lowerAndDiagonal = 0;
            for (int j = 0; j < n; j++) {
                for (int k = a.pattern().colStart(j); k < a.pattern().colEnd(j); k++) {
                    if (a.pattern().row(k) >= j) lowerAndDiagonal++;
                }
            }
            assertEquals(lowerAndDiagonal, h.entries(), "only the lower triangle is stored");
            try (CscMatrix b = MatrixMarket.readSparse(f)) {
                TestMatrices.assertSameMatrix(a, b, true);
            }
        }
    }

    @Test
    void patternRoundTrip() {
        Generated.forAll(30, Generated.shapeEdges(0, 10), Generated.shapes(0, 10),
                c -> patternRoundTrip(c.rows(), c.cols(), c.seed()));
    }

    private void patternRoundTrip(int rows, int cols, long seed) throws IOException {
        Random r = new Random(seed);
        Path f = tmp.resolve("pat-" + seed + ".mtx");
        try (CscMatrix a = TestMatrices.sparse(r, rows, cols, 0.3)) {
            MatrixMarket.writePattern(f, a.pattern(), MatrixMarket.Symmetry.GENERAL);
            assertEquals(MatrixMarket.Field.PATTERN, MatrixMarket.readHeader(f).field());
            try (CscMatrix b = MatrixMarket.readSparse(f)) {
                assertTrue(a.pattern().sameStructure(b.pattern()));
                for (double v : b.valuesArray()) assertEquals(1.0, v);
            }
        }
    }

    @Test
    void denseArrayRoundTrip() {
        Generated.forAll(30, Generated.shapeEdges(0, 9), Generated.shapes(0, 9),
                c -> denseArrayRoundTrip(c.rows(), c.cols(), c.seed()));
    }

    private void denseArrayRoundTrip(int rows, int cols, long seed) throws IOException {
        Path f = tmp.resolve("arr-" + seed + ".mtx");
        try (DenseMatrix a = TestMatrices.dense(new Random(seed), rows, cols)) {
            MatrixMarket.write(f, a);
            assertEquals(MatrixMarket.Format.ARRAY, MatrixMarket.readHeader(f).format());
            try (DenseMatrix b = MatrixMarket.readDense(f)) {
                TestMatrices.assertSameMatrix(a, b, true);
            }
            try (CscMatrix s = MatrixMarket.readSparse(f); CscMatrix want = CscMatrix.fromDense(a, false)) {
                TestMatrices.assertSameMatrix(want, s, true);
            }
        }
    }

    @Test
    void specialValuesSurviveExactly() throws IOException {
        double[] v = TestMatrices.SPECIAL;
        int n = v.length;
        int[] colPtr = new int[n + 1];
        int[] rowIdx = new int[n];
        for (int j = 0; j < n; j++) {
            colPtr[j + 1] = j + 1;
            rowIdx[j] = (j * 7) % n;
        }
        Path f = tmp.resolve("special.mtx");
        try (CscMatrix a = CscMatrix.of(n, n, colPtr, rowIdx, v)) {
            MatrixMarket.write(f, a);
            try (CscMatrix b = MatrixMarket.readSparse(f)) {
                TestMatrices.assertSameMatrix(a, b, true);
                assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(b.value(1)));
            }
        }
    }

    // ---------------------------------------------------------------- reading against an independent reference

    /**
     * Text written here by hand (random number forms, blanks, tabs, CRLF, comments, blank lines,
     * duplicates, symmetric storage) must read into exactly the matrix accumulated independently.
     */
    @Test
    void readsHandWrittenFilesLikeTheReference() {
        Generated.forAll(60, Generated.shapeEdges(1, 9), Generated.shapes(1, 9),
                c -> readsHandWrittenFilesLikeTheReference(c.rows(), c.cols(), c.seed()));
    }

    private static void readsHandWrittenFilesLikeTheReference(int rows, int anyCols, long seed) throws IOException {
        Random r = new Random(seed);
        int kind = r.nextInt(3); // general, symmetric, skew
        int cols = kind > 0 ? rows : anyCols;
        boolean crlf = r.nextBoolean();
        String nl = crlf ? "\r\n" : "\n";
        double[][] ref = new double[rows][cols];
        boolean[][] stored = new boolean[rows][cols];
        List<String> lines = new ArrayList<>();
        int count = r.nextInt(3 * rows * cols + 1);
        for (int t = 0; t < count; t++) {
            int i = r.nextInt(rows);
            int j = r.nextInt(kind == 0 ? cols : i + 1);
            if (kind == 2 && i == j) continue;
            // Duplicates take small integers so that their sum is exact in any order.
            double v = stored[i][j] || r.nextInt(3) == 0 ? r.nextInt(9) - 4 : TestMatrices.value(r);
            if (Double.isNaN(v)) v = -7;
            // The first entry at a position sets it, later ones add (so a lone -0.0 stays -0.0).
            ref[i][j] = stored[i][j] ? ref[i][j] + v : v;
            stored[i][j] = true;
            if (i != j && kind > 0) {
                double m = kind == 2 ? -v : v;
                ref[j][i] = stored[j][i] ? ref[j][i] + m : m;
                stored[j][i] = true;
            }
            String sep = r.nextBoolean() ? " " : r.nextBoolean() ? "\t" : "   ";
            lines.add((r.nextBoolean() ? "" : " ") + (i + 1) + sep + (j + 1) + sep + format(r, v)
                    + (r.nextInt(5) == 0 ? " \t" : ""));
            if (r.nextInt(10) == 0) lines.add(r.nextBoolean() ? "" : "% a comment between entries");
        }
        long entries = lines.stream().filter(l -> !l.isEmpty() && !l.startsWith("%")).count();
        String sym = new String[] {"general", "symmetric", "skew-symmetric"}[kind];
        StringBuilder text = new StringBuilder("%%MatrixMarket matrix coordinate ")
                .append(r.nextBoolean() ? "real " : "REAL ").append(sym).append(nl)
                .append("% comment").append(nl).append(nl)
                .append(rows).append(' ').append(cols).append(' ').append(entries).append(nl);
        for (String l : lines) text.append(l).append(nl);
        if (r.nextBoolean()) text.setLength(text.length() - nl.length()); // no final newline
        try (CscMatrix a = read(text.toString()); DenseMatrix d = readDense(text.toString())) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int k = a.pattern().find(i, j);
                    assertEquals(stored[i][j], k >= 0, "(" + i + ", " + j + ") stored");
                    double got = k >= 0 ? a.value(k) : 0.0;
                    assertEquals(Double.doubleToLongBits(ref[i][j]), Double.doubleToLongBits(got),
                            "(" + i + ", " + j + ")\n" + text);
                    assertEquals(Double.doubleToLongBits(ref[i][j]), Double.doubleToLongBits(d.get(i, j)));
                }
            }
        }
    }

    private static String format(Random r, double v) {
        boolean minusZero = Double.doubleToRawLongBits(v) == Long.MIN_VALUE;
        if (v == Math.rint(v) && Math.abs(v) < 100 && !minusZero && r.nextBoolean()) return Long.toString((long) v);
        if (!Double.isFinite(v)) return r.nextBoolean() ? Double.toString(v) : (v > 0 ? "inf" : "-INF");
        return switch (r.nextInt(5)) {
            case 0 -> Double.toString(v);
            case 1 -> String.format(Locale.ROOT, "%.17g", v);
            case 2 -> String.format(Locale.ROOT, "%.16E", v);
            case 3 -> String.format(Locale.ROOT, "%.17e", v);
            default -> minusZero ? "-0" : new java.math.BigDecimal(v).toString(); // BigDecimal has no -0
        };
    }

    /** The column-order fast path and the CooBuilder path (entered at any point) give the same matrix. */
    @Test
    void entryOrderDoesNotMatter() {
        Generated.forAll(60, Generated.shapeEdges(1, 10), Generated.shapes(1, 10),
                c -> entryOrderDoesNotMatter(c.rows(), c.cols(), c.seed()));
    }

    private static void entryOrderDoesNotMatter(int rows, int cols, long seed) throws IOException {
        Random r = new Random(seed);
        try (CscMatrix a = TestMatrices.sparse(r, rows, cols, 0.5)) {
            List<String> lines = new ArrayList<>();
            for (int j = 0; j < cols; j++) {
                for (int k = a.pattern().colStart(j); k < a.pattern().colEnd(j); k++) {
                    lines.add((a.pattern().row(k) + 1) + " " + (j + 1) + " " + a.value(k));
                }
            }
            int n = lines.size();
            switch (r.nextInt(3)) {
                case 0 -> { } // in order: the fast path all the way
                case 1 -> { // one swap somewhere: an ordered prefix, then the CooBuilder
                    if (n > 1) {
                        int x = r.nextInt(n - 1);
                        lines.set(x, lines.set(x + 1, lines.get(x)));
                    }
                }
                default -> java.util.Collections.reverse(lines);
            }
            String text = "%%MatrixMarket matrix coordinate real general\n" + rows + " " + cols + " " + n + "\n"
                    + String.join("\n", lines) + "\n";
            try (CscMatrix b = read(text)) {
                TestMatrices.assertSameMatrix(a, b, true);
            }
        }
    }

    @Test
    void symmetricExpansionDoesNotDuplicateTheDiagonal() throws IOException {
        String text = """
                %%MatrixMarket matrix coordinate real symmetric
                3 3 4
                1 1 4
                2 1 -1
                3 3 0
                3 2 2.5
                """;
        try (CscMatrix a = read(text)) {
            assertEquals(6, a.nnz());
            assertArrayEquals(new int[] {0, 2, 4, 6}, a.pattern().colPtrArray());
            assertArrayEquals(new int[] {0, 1, 0, 2, 1, 2}, a.pattern().rowIdxArray());
            assertArrayEquals(new double[] {4, -1, -1, 2.5, 2.5, 0}, a.valuesArray());
        }
    }

    @Test
    void skewExpansionNegatesAndKeepsExplicitZeroDiagonal() throws IOException {
        String text = """
                %%MatrixMarket matrix coordinate real skew-symmetric
                3 3 3
                2 1 1.5
                3 1 -2
                2 2 0
                """;
        try (CscMatrix a = read(text)) {
            assertEquals(-1.5, a.get(0, 1));
            assertEquals(1.5, a.get(1, 0));
            assertEquals(2.0, a.get(0, 2));
            assertEquals(-2.0, a.get(2, 0));
            assertTrue(a.pattern().find(1, 1) >= 0, "explicit zero on the diagonal is structure");
            assertEquals(5, a.nnz());
        }
    }

    @Test
    void explicitZerosAndCancellingDuplicatesStayStored() throws IOException {
        String text = """
                %%MatrixMarket matrix coordinate real general
                2 2 4
                1 1 0
                2 2 3
                2 2 -3
                1 2 1e-320
                """;
        try (CscMatrix a = read(text)) {
            assertEquals(3, a.nnz());
            assertEquals(0.0, a.get(0, 0));
            assertTrue(a.pattern().find(0, 0) >= 0);
            assertTrue(a.pattern().find(1, 1) >= 0);
            assertEquals(1e-320, a.get(0, 1));
        }
    }

    @Test
    void integerAndPatternFields() throws IOException {
        String integer = """
                %%MatrixMarket matrix coordinate integer general
                2 3 3
                1 1 -7
                2 3 9007199254740993
                1 2 +4
                """;
        try (CscMatrix a = read(integer)) {
            assertEquals(-7.0, a.get(0, 0));
            assertEquals(9007199254740992.0, a.get(1, 2)); // nearest double to 2^53+1
            assertEquals(4.0, a.get(0, 1));
        }
        String pattern = """
                %%MatrixMarket matrix coordinate pattern symmetric
                3 3 3
                1 1
                3 1
                3 1
                """;
        try (CscMatrix a = read(pattern); DenseMatrix d = readDense(pattern)) {
            assertEquals(3, a.nnz());
            assertArrayEquals(new double[] {1, 1, 1}, a.valuesArray());
            assertEquals(1.0, d.get(0, 2));
            assertEquals(1.0, d.get(2, 0));
        }
        String intArray = """
                %%MatrixMarket matrix array integer symmetric
                2 2
                1
                -2
                3
                """;
        try (DenseMatrix d = readDense(intArray)) {
            assertArrayEquals(new double[] {1, -2, -2, 3}, d.toColumnMajor());
        }
    }

    @Test
    void arraySymmetricAndSkewExpand() throws IOException {
        String sym = """
                %%MatrixMarket matrix array real symmetric
                3 3
                1
                2
                3
                4
                5
                6
                """;
        try (DenseMatrix d = readDense(sym)) {
            assertArrayEquals(new double[][] {{1, 2, 3}, {2, 4, 5}, {3, 5, 6}}, d.toArray());
        }
        String skew = """
                %%MatrixMarket matrix array real skew-symmetric
                3 3
                1
                2
                3
                """;
        try (DenseMatrix d = readDense(skew)) {
            assertArrayEquals(new double[][] {{0, -1, -2}, {1, 0, -3}, {2, 3, 0}}, d.toArray());
        }
    }

    @Test
    void nanAndInfinityAreKept() throws IOException {
        String text = """
                %%MatrixMarket matrix coordinate real general
                1 4 4
                1 1 NaN
                1 2 -inf
                1 3 Infinity
                1 4 nan
                """;
        try (CscMatrix a = read(text)) {
            assertTrue(Double.isNaN(a.value(0)));
            assertEquals(Double.NEGATIVE_INFINITY, a.value(1));
            assertEquals(Double.POSITIVE_INFINITY, a.value(2));
            assertTrue(Double.isNaN(a.value(3)));
        }
    }

    @Test
    void writerRejectsAClaimedSymmetryTheMatrixLacks() throws IOException {
        Path f = tmp.resolve("nosym.mtx");
        try (CscMatrix a = CscMatrix.of(2, 2, new int[] {0, 2, 3}, new int[] {0, 1, 1}, new double[] {1, 2, 3});
                CscMatrix b = CscMatrix.of(2, 2, new int[] {0, 2, 4}, new int[] {0, 1, 0, 1}, new double[] {1, 2, 3, 4})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MatrixMarket.write(f, a, MatrixMarket.Symmetry.SYMMETRIC));
            assertTrue(e.getMessage().contains("(2, 1)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> MatrixMarket.write(f, b, MatrixMarket.Symmetry.SYMMETRIC));
            assertTrue(e.getMessage().contains("= 2.0") && e.getMessage().contains("= 3.0"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> MatrixMarket.write(f, b, MatrixMarket.Symmetry.SKEW_SYMMETRIC));
            assertTrue(e.getMessage().contains("diagonal"), e.getMessage());
        }
        assertTrue(Files.notExists(f));
    }

    // ---------------------------------------------------------------- streaming

    /** Comments are streamed through the buffer, never held: reading 8 MB of them allocates well under 1 MB. */
    @Test
    void streamsWithoutHoldingTheText() throws IOException {
        byte[] comment = ("% " + "x".repeat(98) + "\n").getBytes(StandardCharsets.US_ASCII);
        long commentBytes = (8L << 20) / comment.length * comment.length;
        byte[] head = "%%MatrixMarket matrix coordinate real general\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "2 2 2\n1 1 0.5\n2 2 1.25e-3\n".getBytes(StandardCharsets.US_ASCII);
        InputStream in = new InputStream() {
            long sent;
            int headAt;
            int tailAt;

            @Override
            public int read() {
                throw new UnsupportedOperationException("the reader reads in blocks");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (headAt < head.length) {
                    int n = Math.min(len, head.length - headAt);
                    System.arraycopy(head, headAt, b, off, n);
                    headAt += n;
                    return n;
                }
                if (sent < commentBytes) {
                    int n = 0;
                    while (n < len && sent < commentBytes) {
                        b[off + n++] = comment[(int) (sent++ % comment.length)];
                    }
                    return n;
                }
                if (tailAt < tail.length) {
                    int n = Math.min(len, tail.length - tailAt);
                    System.arraycopy(tail, tailAt, b, off, n);
                    tailAt += n;
                    return n;
                }
                return -1;
            }
        };
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long before = bean.getThreadAllocatedBytes(tid);
        try (CscMatrix a = MatrixMarket.readSparse(in, "generated.mtx")) {
            long allocated = bean.getThreadAllocatedBytes(tid) - before;
            assertEquals(0.5, a.get(0, 0));
            assertEquals(1.25e-3, a.get(1, 1));
            assertTrue(allocated < (1 << 20), "reading 8 MB of comments allocated " + allocated + " bytes");
        }
    }

    /** A moderately large file written and read back through the real file path. */
    @Test
    void mediumFileRoundTrip() throws IOException {
        Random r = new Random(11);
        Path f = tmp.resolve("medium.mtx");
        try (CscMatrix a = TestMatrices.sparse(r, 3000, 2000, 0.02)) {
            MatrixMarket.write(f, a);
            assertTrue(Files.size(f) > 3 * MatrixMarketScanner.BUFFER, "tokens must straddle buffer refills");
            try (CscMatrix b = MatrixMarket.readSparse(f)) {
                TestMatrices.assertSameMatrix(a, b, true);
            }
        }
    }
}

package dev.pullback.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.cli.PullbackCli;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pullback info} and {@code pullback convert}, run in-process. */
class InfoCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PullbackCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> infoJson(Path f) {
        Run r = run("info", f.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals(1, r.out().strip().lines().count(), "one JSON object on one line");
        return (Map<String, Object>) Json.parse(r.out());
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> m, String path) {
        Object v = m;
        for (String k : path.split("\\.")) v = ((Map<String, Object>) v).get(k);
        return v;
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void describesASymmetricFile() throws IOException {
        // 4x4: a = [[2,-1,0,0],[-1,2,0,1.5e-3],[0,0,0,0],[0,1.5e-3,0,4]] with (3,3) stored as zero.
        Path f = write("a.mtx", """
                %%MatrixMarket matrix coordinate real symmetric
                4 4 6
                1 1 2.0
                2 1 -1
                2 2 2
                3 3 0
                4 2 1.5e-3
                4 4 4
                """);
        Map<String, Object> j = infoJson(f);
        assertEquals(f.toString(), j.get("file"));
        assertEquals("matrix-market coordinate real symmetric", j.get("format"));
        assertEquals(4.0, j.get("rows"));
        assertEquals(4.0, j.get("cols"));
        assertEquals(8.0, j.get("nnz"));
        assertEquals("symmetric", j.get("symmetry"));
        assertEquals(4.0, at(j, "diagonal.stored"));
        assertEquals(0.0, at(j, "diagonal.missing"));
        assertEquals(1.0, at(j, "diagonal.zero"));
        assertEquals(Boolean.TRUE, at(j, "diagonal.all_stored"));
        assertEquals(2.0, at(j, "bandwidth.lower"));
        assertEquals(2.0, at(j, "bandwidth.upper"));
        // column counts 2, 3, 1, 2
        assertEquals(1.0, at(j, "col_nnz.min"));
        assertEquals(2.0, at(j, "col_nnz.median"));
        assertEquals(3.0, at(j, "col_nnz.max"));

        Run text = run("info", f.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("symmetry    symmetric"), text.out());
        assertTrue(text.out().contains("shape       4 x 4"), text.out());
    }

    @Test
    void classifiesSymmetry() throws IOException {
        String head = "%%MatrixMarket matrix coordinate real general\n";
        assertEquals("skew", infoJson(write("skew.mtx", head + "2 2 2\n1 2 3\n2 1 -3\n")).get("symmetry"));
        assertEquals("structural", infoJson(write("st.mtx", head + "2 2 2\n1 2 3\n2 1 4\n")).get("symmetry"));
        assertEquals("none", infoJson(write("none.mtx", head + "2 2 1\n1 2 3\n")).get("symmetry"));
        assertEquals("none", infoJson(write("rect.mtx", head + "2 3 0\n")).get("symmetry"));
        Map<String, Object> j = infoJson(write("diag.mtx", head + "3 3 2\n1 1 5\n3 1 1\n"));
        assertEquals(1.0, at(j, "diagonal.stored"));
        assertEquals(2.0, at(j, "diagonal.missing"));
        assertEquals(Boolean.FALSE, at(j, "diagonal.all_stored"));
        assertEquals(2.0, at(j, "bandwidth.lower"));
        assertEquals(0.0, at(j, "bandwidth.upper"));
        assertEquals(0.0, at(j, "col_nnz.median"));
        Map<String, Object> e = infoJson(write("empty.mtx", head + "0 0 0\n"));
        assertEquals(0.0, e.get("nnz"));
        assertEquals(0.0, at(e, "col_nnz.max"));
        Map<String, Object> even = infoJson(write("even.mtx", head + "2 2 3\n1 1 1\n2 1 1\n2 2 1\n"));
        assertEquals(1.5, at(even, "col_nnz.median"));
    }

    @Test
    void jsonEscapesAWeirdFileName() throws IOException {
        Path f = write("we\"ird\\name.mtx", "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1\n");
        assertEquals(f.toString(), infoJson(f).get("file"));
    }

    @Test
    void binaryAndDenseFiles() throws IOException {
        Path b = dir.resolve("m" + BinaryMatrixFile.EXTENSION);
        try (CscMatrix a = TestMatrices.symmetric(new Random(2), 30, 0.2, false)) {
            BinaryMatrixFile.write(b, a);
        }
        Map<String, Object> j = infoJson(b);
        assertEquals("pullback-binary csc v1", j.get("format"));
        assertEquals("symmetric", j.get("symmetry"));
        Path d = dir.resolve("d.mtx");
        try (DenseMatrix x = DenseMatrix.of(new double[][] {{1, 0}, {0, 2}, {3, 0}})) {
            MatrixMarket.write(d, x);
        }
        Map<String, Object> dj = infoJson(d);
        assertEquals("matrix-market array real general", dj.get("format"));
        assertEquals(3.0, dj.get("nnz"));
    }

    @Test
    void errorsAreOneLineWithNonZeroExit() throws IOException {
        Run missing = run("info", dir.resolve("nope.mtx").toString());
        assertEquals(PullbackCli.EXIT_FAILURE, missing.code());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().contains("nope.mtx") && missing.err().contains("no such file"), missing.err());
        assertEquals("", missing.out());

        Path bad = write("bad.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1.0\n");
        Run malformed = run("info", bad.toString(), "--json");
        assertEquals(PullbackCli.EXIT_FAILURE, malformed.code());
        assertEquals(1, malformed.err().strip().lines().count(), malformed.err());
        assertTrue(malformed.err().contains(bad + ", line 3: row index 3 out of range [1, 2]"), malformed.err());

        Run option = run("info", bad.toString(), "--bogus");
        assertEquals(PullbackCli.EXIT_USAGE, option.code());
        assertEquals(1, option.err().strip().lines().count(), option.err());
        assertTrue(option.err().contains("--bogus"), option.err());

        Run noArg = run("info");
        assertEquals(PullbackCli.EXIT_USAGE, noArg.code());

        byte[] flipped;
        Path b = dir.resolve("c" + BinaryMatrixFile.EXTENSION);
        try (CscMatrix a = CscMatrix.identity(10)) {
            BinaryMatrixFile.write(b, a);
        }
        flipped = Files.readAllBytes(b);
        flipped[flipped.length - 70] ^= 4;
        Files.write(b, flipped);
        Run corrupt = run("info", b.toString());
        assertEquals(PullbackCli.EXIT_FAILURE, corrupt.code());
        assertTrue(corrupt.err().contains("payload checksum mismatch"), corrupt.err());
    }

    @Test
    void convertRoundTripsBothWays() throws IOException {
        Path src = dir.resolve("src.mtx");
        try (CscMatrix a = TestMatrices.symmetric(new Random(6), 25, 0.3, false)) {
            MatrixMarket.write(src, a, MatrixMarket.Symmetry.SYMMETRIC);
            Path bin = dir.resolve("a" + BinaryMatrixFile.EXTENSION);
            Run r = run("convert", src.toString(), bin.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals(MatrixFiles.Format.BINARY, MatrixFiles.detect(bin));
            Path back = dir.resolve("back.mtx");
            r = run("convert", bin.toString(), back.toString(), "--symmetry", "symmetric");
            assertEquals(0, r.code(), r.err());
            assertEquals(MatrixMarket.Symmetry.SYMMETRIC, MatrixMarket.readHeader(back).symmetry());
            try (CscMatrix b = MatrixFiles.readSparse(back)) {
                TestMatrices.assertSameMatrix(a, b, true);
            }
            Path forced = dir.resolve("forced.mtx");
            r = run("convert", src.toString(), forced.toString(), "--to", "binary");
            assertEquals(0, r.code(), r.err());
            assertEquals(MatrixFiles.Format.BINARY, MatrixFiles.detect(forced));
        }
        Path general = write("g.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 2 1\n");
        Run r = run("convert", general.toString(), dir.resolve("g2.mtx").toString(), "--symmetry", "symmetric");
        assertEquals(PullbackCli.EXIT_FAILURE, r.code());
        assertTrue(r.err().contains("not structurally symmetric"), r.err());
        assertTrue(Files.notExists(dir.resolve("g2.mtx")));
    }

    @Test
    void convertWritesGalleryMatricesAndRefusesAmbiguousArguments() throws IOException {
        Path out = dir.resolve("cascade.mtx");
        Run r = run("convert", "--gallery", "cascade:300", out.toString());
        assertEquals(0, r.code(), r.err());
        try (CscMatrix back = MatrixFiles.readSparse(out);
                CscMatrix generated = dev.pullback.gallery.Grids.cascade(300, 50, 3, 2, 1)) {
            TestMatrices.assertSameMatrix(generated, back, true);
        }
        Run two = run("convert", "--gallery", "cascade:300", out.toString(), dir.resolve("x.mtx").toString());
        assertEquals(PullbackCli.EXIT_USAGE, two.code(), two.err());
        assertTrue(two.err().contains("with --gallery give only OUT"), two.err());
        Run one = run("convert", out.toString());
        assertEquals(PullbackCli.EXIT_USAGE, one.code(), one.err());
        assertTrue(one.err().contains("give IN and OUT"), one.err());
        Run bad = run("convert", "--gallery", "cascade:x", dir.resolve("y.mtx").toString());
        assertEquals(PullbackCli.EXIT_FAILURE, bad.code(), bad.err());
        assertTrue(bad.err().contains("'x' is not a positive integer"), bad.err());
        assertTrue(Files.notExists(dir.resolve("y.mtx")));
    }
}

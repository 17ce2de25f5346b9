package dev.pullback.topopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.cli.PullbackCli;
import dev.pullback.cli.TopoptCommand;
import dev.pullback.storage.DenseVector;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TopoptCliTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = PullbackCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The command on the test-scope solver, outside PullbackCli (whose topopt is wired to the library's solver). */
    private static Run onBandCholesky(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new TopoptCommand(BandCholesky.factory()));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void badOptionsGiveOneLineAndAUsageExit() {
        String[][] bad = {
            {"topopt", "--nelx", "0"},
            {"topopt", "--volfrac", "2"},
            {"topopt", "--volfrac", "0"},
            {"topopt", "--rmin", "-1"},
            {"topopt", "--penal", "0.5"},
            {"topopt", "--max-iter", "-3"},
            {"topopt", "--tol", "0"},
            {"topopt", "--problem", "bridge"},
            {"topopt", "--nelx", "many"},
            {"topopt", "--frobnicate"},
        };
        for (String[] args : bad) {
            Run r = cli(args);
            assertEquals(PullbackCli.EXIT_USAGE, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), String.join(" ", args) + " printed: " + r.err());
            assertTrue(r.err().startsWith("pullback topopt: "), r.err());
            assertEquals("", r.out());
        }
        assertTrue(cli("topopt", "--nelx", "0").err().contains("--nelx must be >= 1, got 0"));
        assertTrue(cli("topopt", "--volfrac", "2").err().contains("--volfrac must lie in (0, 1], got 2.0"));
        assertTrue(cli("topopt", "--frobnicate").err().contains("Unknown option: '--frobnicate'"));
    }

    @Test
    void unwritableOutputDirectoryIsOneLineNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "not a directory");
        Path out = file.resolve("pictures");
        Run r = cli("topopt", "--nelx", "6", "--nely", "2", "--max-iter", "1", "--out", out.toString());
        assertEquals(PullbackCli.EXIT_FAILURE, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("pullback topopt: " + out + ": ") && r.err().strip().length()
                > ("pullback topopt: " + out + ": ").length(), r.err()); // the path, then a reason
    }

    @Test
    void helpDescribesEveryOption() {
        Run r = cli("topopt", "--help");
        assertEquals(0, r.code());
        for (String opt : new String[] {"--problem", "--nelx", "--nely", "--volfrac", "--penal", "--rmin", "--max-iter",
                "--tol", "--out", "--json", "--check-gradient"}) {
            assertTrue(r.out().contains(opt), opt + " missing from help:\n" + r.out());
        }
    }

    @Test
    void pullbackTopoptOnTheSparseLuConvergesToTheScipyReference() throws Exception {
        // `python3 bench/topopt_scipy.py 30 10`: 58 iterations, c = 248.8334 (see Top88Test for the tolerance)
        Run r = cli("topopt", "--nelx", "30", "--nely", "10", "--json", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        var lines = r.out().lines().toList();
        assertTrue(lines.getFirst().contains("\"solver\":\"adaptive: Cholesky for SPD"), lines.getFirst());
        String summary = lines.getLast();
        assertTrue(summary.contains("\"event\":\"summary\"") && summary.contains("\"converged\":true"), summary);
        double c = Double.parseDouble(summary.replaceAll(".*\"objective\":([-0-9.eE]+).*", "$1"));
        assertEquals(248.8334, c, 0.005 * 248.8334);
        int iterations = Integer.parseInt(summary.replaceAll(".*\"iterations\":([0-9]+).*", "$1"));
        assertTrue(iterations >= 50 && iterations <= 70, summary);
        assertEquals(30 * 16, ImageIO.read(dir.resolve("topopt-mbb.png").toFile()).getWidth());
    }

    @Test
    void mbbRunPrintsProgressAndWritesPngs() throws Exception {
        Run r = onBandCholesky("--nelx", "30", "--nely", "10", "--max-iter", "15", "--out", dir.toString(), "--check-gradient");
        assertEquals(0, r.code(), r.err());
        assertEquals(15, r.out().lines().filter(l -> l.startsWith("it ")).count(), r.out());
        assertTrue(r.out().contains("gradient check passed"), r.out());
        BufferedImage design = ImageIO.read(dir.resolve("topopt-mbb.png").toFile());
        assertEquals(30 * 16, design.getWidth()); // scale = min(16, 720 / 30)
        assertEquals(10 * 16, design.getHeight());
        BufferedImage plot = ImageIO.read(dir.resolve("topopt-mbb-convergence.png").toFile());
        assertEquals(720, plot.getWidth());
        assertEquals(420, plot.getHeight());
    }

    @Test
    void inverterJsonRunHasOneObjectPerLine() throws Exception {
        Run r = onBandCholesky("--problem", "inverter", "--nelx", "20", "--nely", "10", "--max-iter", "5", "--json",
                "--out", dir.toString(), "--check-gradient");
        assertEquals(0, r.code(), r.err());
        var lines = r.out().lines().toList();
        assertEquals(1 + 5 + 1 + 5, lines.size(), r.out()); // start, iterations, summary, gradient entries
        for (String l : lines) assertTrue(l.startsWith("{\"event\":\"") && l.endsWith("}"), l);
        assertTrue(lines.get(1).contains("\"solve_alloc_bytes\":"), lines.get(1));
        BufferedImage design = ImageIO.read(dir.resolve("topopt-inverter.png").toFile());
        assertEquals(20 * 16, design.getWidth());
        assertEquals(2 * 10 * 16, design.getHeight()); // both halves
    }

    @Test
    void designImageIsOneMinusDensityAndMirrors() throws Exception {
        int nelx = 3, nely = 2;
        DenseVector x = DenseVector.heap(nelx * nely);
        x.set(0, 1.0);  // (ely 0, elx 0): top-left, solid
        x.set(3, 0.5);  // (ely 1, elx 1)
        Path f = dir.resolve("d.png");
        DesignImage.write(x, nelx, nely, 4, true, f);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(12, img.getWidth());
        assertEquals(16, img.getHeight());
        var r = img.getRaster();
        assertEquals(0, r.getSample(1, 2 * 4 + 1, 0));          // mesh row 0 sits just below the mirror line
        assertEquals(0, r.getSample(1, 1 * 4 + 1, 0));          // and its mirror image just above it
        assertEquals(128, r.getSample(4 + 2, 3 * 4 + 2, 0));    // mesh row 1, column 1: grey 255·(1 − 0.5)
        assertEquals(255, r.getSample(9, 9, 0));                // void is white
        assertTrue(Files.size(f) > 0);
    }
}

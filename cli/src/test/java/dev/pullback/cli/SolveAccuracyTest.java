package dev.pullback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.io.MatrixFiles;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pullback solve} never hands over an answer it cannot vouch for: Wilkinson's growth matrix is
 * refined to full accuracy (and fails with --no-refine), numerically singular matrices (duplicated
 * columns, Hilbert 20) exit 1 with one line saying why under every solver, and nothing is written to --out.
 */
class SolveAccuracyTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = PullbackCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static double field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), name + " missing in " + json);
        return Double.parseDouble(m.group(1));
    }

    private Path write(String name, double[][] a, boolean dense) throws IOException {
        Path p = dir.resolve(name);
        try (DenseMatrix d = DenseMatrix.of(a)) {
            if (dense) {
                MatrixFiles.write(p, d);
            } else {
                try (CscMatrix c = CscMatrix.fromDense(d, false)) {
                    MatrixFiles.write(p, c);
                }
            }
        }
        return p;
    }

    /**
     * Saddle points (zero diagonal blocks, blocks of different scales) and a circuit: with b = A·1
     * summed exactly and the refinement's residuals in twice the working precision, max |x − 1| is
     * what the rounding of b allows, below the κ·ε a residual in working precision leaves; 1e-12 is
     * issue 16's bar for saddle points (several instances, both directions).
     */
    @Test
    void saddlePointsAndCircuitsAreSolvedToTheRoundingOfX() throws IOException {
        for (String spec : new String[] {"stokes2d:40x30:2", "kkt2d:30x20:1", "oseen2d:30x40:3", "kkt3d:6x6x5:2",
            "circuit:3000:4"}) {
            Path p = dir.resolve(spec.replace(':', '_') + ".mtx");
            assertEquals(0, run("convert", "--gallery", spec, p.toString()).code(), spec);
            for (String direction : new String[] {"", "--transpose"}) {
                Run r = direction.isEmpty() ? run("solve", p.toString(), "--json")
                        : run("solve", p.toString(), "--json", direction);
                assertEquals(0, r.code(), spec + " " + direction + ": " + r.err());
                double error = field(r.out(), "forward_error_inf");
                assertTrue(error <= 1e-12, spec + " " + direction + ": max |x - 1| = " + error + " in " + r.out());
            }
        }
    }

    @Test
    void wilkinsonsGrowthMatrixIsRefinedOrRefused() throws IOException {
        int n = 60;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) a[i][j] = -1;
            a[i][i] = 1;
            a[i][n - 1] = 1;
        }
        Path file = write("wilkinson60.mtx", a, true);
        Path x = dir.resolve("x.mtx");
        Run refined = run("solve", file.toString(), "--json", "--out", x.toString());
        assertEquals(0, refined.code, refined.err);
        assertTrue(refined.out.contains("\"solver\":\"dense\""), refined.out);
        assertTrue(field(refined.out, "backward_error_unrefined") > 1e-2, refined.out);
        assertTrue(field(refined.out, "refinement_steps") >= 1, refined.out);
        assertTrue(field(refined.out, "backward_error") < 1e-15, refined.out);
        assertTrue(field(refined.out, "forward_error_inf") < 1e-14, refined.out);
        assertTrue(field(refined.out, "rcond") > 1e-3, refined.out);
        assertTrue(Files.exists(x));

        Files.delete(x);
        Run plain = run("solve", file.toString(), "--no-refine", "--json", "--out", x.toString());
        assertEquals(PullbackCli.EXIT_FAILURE, plain.code, plain.out);
        assertEquals(1, plain.err.strip().lines().count(), plain.err);
        assertTrue(plain.err.contains("backward error") && plain.err.contains("--tolerance") && plain.err.contains("not written"),
                plain.err);
        assertTrue(field(plain.out, "backward_error") > 1e-2, plain.out);
        assertFalse(Files.exists(x), "a refused solution must not be written");
        // A looser tolerance accepts the plain answer: the check is the one asked for.
        assertEquals(0, run("solve", file.toString(), "--no-refine", "--tolerance", "0.1").code);
    }

    @Test
    void duplicatedColumnsAreRefusedUnderEverySolver() throws IOException {
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 40;
        double[][] a = new double[n][n];
        for (double[] row : a) for (int j = 0; j < n; j++) row[j] = rnd.nextDouble(-1, 1);
        for (double[] row : a) row[7] = row[3];
        Path file = write("duplicated.mtx", a, false);
        for (String solver : Solvers.names()) {
            if (solver.equals("cholesky")) continue; // for SPD matrices only: this one is refused as not positive definite
            if (solver.equals("ldlt")) continue; // for symmetric matrices only: it reads the lower triangle
            for (boolean transpose : new boolean[] {false, true}) {
                Run r = transpose ? run("solve", file.toString(), "--solver", solver, "--transpose", "--json")
                        : run("solve", file.toString(), "--solver", solver, "--json");
                assertEquals(PullbackCli.EXIT_FAILURE, r.code, solver + ": " + r.out);
                assertEquals(1, r.err.strip().lines().count(), r.err);
                assertTrue(r.err.contains("singular"), solver + ": " + r.err);
            }
        }
        // --min-rcond 0 takes the risk explicitly (the factorization succeeds with the adaptive solver).
        Run accepted = run("solve", file.toString(), "--min-rcond", "0", "--json");
        assertEquals(0, accepted.code, accepted.err);
        assertTrue(field(accepted.out, "rcond") < 2.2e-16, accepted.out);
    }

    @Test
    void hilbert20IsRefusedAsNumericallySingular() throws IOException {
        double[][] h = new double[20][20];
        for (int i = 0; i < 20; i++) for (int j = 0; j < 20; j++) h[i][j] = 1.0 / (i + j + 1);
        for (boolean dense : new boolean[] {true, false}) {
            Run r = run("solve", write("hilbert20" + dense + ".mtx", h, dense).toString(), "--json");
            assertEquals(PullbackCli.EXIT_FAILURE, r.code, r.out);
            assertTrue(r.err.contains("numerically singular") && r.err.contains("rcond"), r.err);
            assertTrue(field(r.out, "rcond") < 1e-16, r.out);
        }
    }

    @Test
    void badToleranceSettingsAreUsageErrors() throws IOException {
        Path file = write("two.mtx", new double[][] {{2, 0}, {0, 3}}, false);
        for (String[] option : new String[][] {{"--tolerance", "-1"}, {"--tolerance", "NaN"}, {"--min-rcond", "2"}}) {
            Run r = run("solve", file.toString(), option[0], option[1]);
            assertEquals(PullbackCli.EXIT_USAGE, r.code, r.err);
            assertTrue(r.err.contains(option[0]), r.err);
        }
    }
}

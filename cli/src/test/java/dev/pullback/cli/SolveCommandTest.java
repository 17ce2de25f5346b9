package dev.pullback.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.gallery.Grids;
import dev.pullback.gallery.Kkt;
import dev.pullback.io.MatrixFiles;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolveCommandTest {
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

    @Test
    void sparseAndDenseSolvesAreBackwardStableBothWays() throws IOException {
        Path a = dir.resolve("cd.mtx");
        try (CscMatrix m = Grids.convectionDiffusion2d(12, 9, 40, -25)) {
            MatrixFiles.write(a, m);
        }
        for (String solver : new String[] {"auto", "adaptive", "lu", "dense", "btf"}) {
            for (boolean t : new boolean[] {false, true}) {
                Run r = t ? run("solve", a.toString(), "--solver", solver, "--transpose", "--json")
                        : run("solve", a.toString(), "--solver", solver, "--json");
                assertEquals(0, r.code, r.err);
                assertTrue(field(r.out, "backward_error") < 1e-14, r.out);
                assertTrue(field(r.out, "forward_error_inf") < 1e-10, r.out);
            }
        }
    }

    @Test
    void theReportSaysWhichFactorsItCounts() throws IOException {
        Path grid = dir.resolve("poisson-count.mtx");
        int n = 30 * 30;
        long lowerTriangle;
        try (CscMatrix p = Grids.poisson2d(30, 30)) {
            MatrixFiles.write(grid, p);
            lowerTriangle = (p.nnz() + n) / 2;
        }
        Run chol = run("solve", grid.toString(), "--solver", "cholesky", "--json");
        Run lu = run("solve", grid.toString(), "--solver", "supernodal", "--json");
        assertEquals(0, chol.code, chol.err);
        assertEquals(0, lu.code, lu.err);
        assertTrue(chol.out.contains("\"factors_stored\":\"L\""), chol.out);
        assertTrue(lu.out.contains("\"factors_stored\":\"L+U\""), lu.out);
        double l = field(chol.out, "nnz_factors"), lPlusU = field(lu.out, "nnz_factors");
        // L holds at least A's lower triangle; the LU of the same SPD matrix in the same order holds L and Lᵀ's share again
        assertTrue(l >= lowerTriangle && l < lPlusU, chol.out + " / " + lu.out);
        assertEquals(2 * l - n, lPlusU, 0.1 * lPlusU, chol.out + " / " + lu.out);
    }

    @Test
    void autoTakesTheAdaptiveSolverAndSaysWhichMethod() throws IOException {
        Path grid = dir.resolve("poisson.mtx");
        Path arrow = dir.resolve("arrow.mtx");
        try (CscMatrix p = Grids.poisson2d(30, 30); CscMatrix w = Grids.arrow(2000, 4, 1, 9)) {
            MatrixFiles.write(grid, p);
            MatrixFiles.write(arrow, w);
        }
        Run r = run("solve", grid.toString(), "--json");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("\"solver\":\"adaptive\"") && r.out.contains("\"method\":\"cholesky\""), r.out);
        assertTrue(field(r.out, "backward_error") < 1e-14, r.out);
        r = run("solve", arrow.toString(), "--transpose", "--json");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("\"method\":\"gilbert_peierls\"") && r.out.contains("little fill"), r.out);
        assertTrue(field(r.out, "backward_error") < 1e-14, r.out);
    }

    @Test
    void ldltSolvesASaddlePointNamedOrChosenAndReportsTheInertia() throws IOException {
        Path a = dir.resolve("kkt.mtx");
        int n, m;
        try (CscMatrix k = Kkt.q4(30, 12, 4)) {
            MatrixFiles.write(a, k);
            n = k.cols();
            m = 0;
            for (int j = 0; j < n; j++) {
                boolean diagonal = false;
                for (int p = k.pattern().colStart(j); p < k.pattern().colEnd(j); p++) diagonal |= k.pattern().row(p) == j;
                if (!diagonal) m++;
            }
        }
        for (String solver : new String[] {"ldlt", "auto"}) {
            Run r = run("solve", a.toString(), "--solver", solver, "--json");
            assertEquals(0, r.code, r.err);
            assertTrue(r.out.contains("\"method\":\"ldlt\""), r.out);
            assertEquals(n - m, field(r.out, "inertia_positive"), r.out);
            assertEquals(m, field(r.out, "inertia_negative"), r.out);
            assertEquals(0, field(r.out, "inertia_zero"), r.out);
            assertTrue(field(r.out, "backward_error") < 1e-14, r.out);
            assertTrue(field(r.out, "forward_error_inf") < 1e-10, r.out);
        }
    }

    @Test
    void blockTriangularSolverReportsItsBlocks() throws IOException {
        Path a = dir.resolve("cascade.mtx");
        try (CscMatrix m = Grids.cascade(400, 8, 2, 2, 3)) {
            MatrixFiles.write(a, m);
        }
        for (boolean t : new boolean[] {false, true}) {
            Run r = t ? run("solve", a.toString(), "--solver", "btf", "--transpose", "--json")
                    : run("solve", a.toString(), "--solver", "btf", "--json");
            assertEquals(0, r.code, r.err);
            assertTrue(r.out.contains("\"solver\":\"btf\""), r.out);
            assertTrue(field(r.out, "blocks") > 20, r.out);
            assertTrue(field(r.out, "backward_error") < 1e-14, r.out);
            assertTrue(field(r.out, "forward_error_inf") < 1e-10, r.out);
        }
    }

    @Test
    void givenRightHandSideAndSolutionFile() throws IOException {
        Path a = dir.resolve("a.mtx"), b = dir.resolve("b.mtx"), x = dir.resolve("x.mtx");
        double[][] dense = {{4, 1, 0}, {2, 5, 1}, {0, 3, 6}};
        try (DenseMatrix d = DenseMatrix.of(dense); DenseMatrix bm = DenseMatrix.ofColumnMajor(3, 1, new double[] {1, 2, 3})) {
            MatrixFiles.write(a, d);
            MatrixFiles.write(b, bm);
        }
        Run r = run("solve", a.toString(), "--rhs", b.toString(), "--transpose", "--out", x.toString());
        assertEquals(0, r.code, r.err);
        DenseVector sol = MatrixFiles.readVector(x);
        for (int j = 0; j < 3; j++) { // (Aᵀx)_j = Σ_i A_ij x_i
            double s = 0;
            for (int i = 0; i < 3; i++) s += dense[i][j] * sol.get(i);
            assertEquals(j + 1.0, s, 1e-14);
        }
    }

    @Test
    void errorsAreOneLineWithNonZeroExit() throws IOException {
        Run missing = run("solve", dir.resolve("none.mtx").toString());
        assertEquals(PullbackCli.EXIT_FAILURE, missing.code);
        assertEquals(1, missing.err.strip().lines().count(), missing.err);

        Path bad = dir.resolve("bad.mtx");
        Files.writeString(bad, "%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1.0\n");
        Run malformed = run("solve", bad.toString());
        assertEquals(PullbackCli.EXIT_FAILURE, malformed.code);
        assertTrue(malformed.err.contains("line 3"), malformed.err);

        Path rect = dir.resolve("rect.mtx");
        Files.writeString(rect, "%%MatrixMarket matrix coordinate real general\n2 3 1\n1 1 1.0\n");
        Run notSquare = run("solve", rect.toString());
        assertEquals(PullbackCli.EXIT_FAILURE, notSquare.code);
        assertTrue(notSquare.err.contains("2x3"), notSquare.err);

        Path sing = dir.resolve("singular.mtx");
        Files.writeString(sing, "%%MatrixMarket matrix coordinate real general\n3 3 2\n1 1 1.0\n3 3 1.0\n");
        Run singular = run("solve", sing.toString(), "--solver", "lu");
        assertEquals(PullbackCli.EXIT_FAILURE, singular.code);
        assertTrue(singular.err.contains("column 1"), singular.err);

        Run option = run("solve", bad.toString(), "--solver", "qr");
        assertEquals(PullbackCli.EXIT_USAGE, option.code);
        assertEquals(1, option.err.strip().lines().count(), option.err);
    }
}

package dev.pullback.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactorizationBenchTest {
    private static String[] run(int expectedCode, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = PullbackCli.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(expectedCode, code, err.toString());
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void everyFactorizationOpReportsOneJsonLinePerOpForBothSolvers() {
        for (String solver : new String[] {"lu", "dense", "supernodal"}) {
            String out = run(0, "bench", "--gallery", "convdiff:6x5", "--op", "factor,refactor,solve,solve-t",
                    "--solver", solver, "--json", "--time", "0.2", "--samples", "3")[0];
            List<String> lines = out.strip().lines().toList();
            assertEquals(4, lines.size(), out);
            String[] ops = {"factor", "refactor", "solve", "solve-t"};
            for (int i = 0; i < 4; i++) {
                String line = lines.get(i);
                assertTrue(line.startsWith("{\"op\":\"" + ops[i] + "\""), line);
                assertTrue(line.contains("\"n\":30"), line);
                assertTrue(line.contains("\"kernel\":\"" + (solver.equals("lu") ? "sparse-lu" : solver + "-lu") + "\""), line);
                assertTrue(line.matches(".*\"median_ns\":[0-9.eE+]+.*"), line);
            }
        }
    }

    @Test
    void ldltBenchesFactorRefactorAndBothSolvesOnASaddlePoint() {
        String out = run(0, "bench", "--gallery", "stokes2d:6x5", "--op", "factor,refactor,solve,solve-t", "--solver", "ldlt",
                "--json", "--time", "0.2", "--samples", "3")[0];
        List<String> lines = out.strip().lines().toList();
        assertEquals(4, lines.size(), out);
        for (String line : lines) {
            assertTrue(line.contains("\"kernel\":\"ldlt\""), line);
            assertTrue(line.matches(".*\"median_ns\":[0-9.eE+]+.*"), line);
        }
    }

    @Test
    void unknownSolverIsOneLineAndFails() {
        String err = run(PullbackCli.EXIT_FAILURE, "bench", "--gallery", "poisson:4x4", "--op", "solve", "--solver", "qr")[1];
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains("--solver"), err);
    }
}

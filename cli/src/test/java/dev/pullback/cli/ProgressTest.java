package dev.pullback.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.gallery.Grids;
import dev.pullback.io.MatrixFiles;
import dev.pullback.storage.CscMatrix;
import dev.pullback.testing.SystemProperty;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress on stderr: which phases show, how a line is built, and which commands and modes print it. */
class ProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    /** A clock the test moves by hand, and a progress on it that writes into {@link #err}. */
    private long now;
    private final StringWriter err = new StringWriter();
    private final Progress p = new Progress(new PrintWriter(err), SECOND, () -> now);

    @Test
    void onlyPhasesThatRunLongShowAndAPollAnnouncesThemWhileTheyRun() {
        p.phase("reading A.mtx");
        now += SECOND / 2;
        assertTrue(p.poll());
        p.phase("factoring A.mtx");                        // the read took 0.5 s: not shown
        assertEquals("", err.toString());
        now += SECOND + SECOND / 5;
        p.poll();                                          // 1.2 s into the factorization: announced
        assertEquals("factoring A.mtx ...", err.toString());
        now += 2 * SECOND;
        p.poll();                                          // announced once
        p.phase("solving");                                // ends the line with the time
        assertEquals("factoring A.mtx ... 3.2 s\n", err.toString());
        now += 15 * SECOND;                                // long, but ended between two polls: shown whole
        p.phase(null);
        assertEquals("factoring A.mtx ... 3.2 s\nsolving ... 15 s\n", err.toString());
        p.close();
        assertFalse(p.poll(), "the watcher stops after close");
        assertEquals("factoring A.mtx ... 3.2 s\nsolving ... 15 s\n", err.toString());
    }

    /** The watcher thread polls by itself (the test waits for it, however slow the machine). */
    @Test
    void theWatcherAnnouncesALongPhaseWhileItRuns() throws InterruptedException {
        p.phase("factoring");
        now += 5 * SECOND;
        p.watch();
        for (int i = 0; i < 3000 && err.toString().isEmpty(); i++) Thread.sleep(10);
        assertEquals("factoring ...", err.toString());
        p.close();
        assertEquals("factoring ... 5.0 s\n", err.toString());
    }

    @Test
    void closeEndsAnAnnouncedLineAndFileNamesAreEscaped() {
        p.phase("reading x\u001b[2J.mtx");
        now += 2 * SECOND;
        p.poll();
        p.close();
        assertEquals("reading x\\x1b[2J.mtx ... 2.0 s\n", err.toString());
    }

    /** Runs with every phase shown by {@code mode} (threshold 0). */
    private static CliRun run(Progress.Mode mode, String... args) {
        return CliRun.of(PullbackCli.commandLine(mode, 0), args);
    }

    private Path poisson() throws IOException {
        Path f = dir.resolve("p.mtx");
        try (CscMatrix a = Grids.poisson2d(8, 8)) {
            MatrixFiles.write(f, a);
        }
        return f;
    }

    /** With every phase shown (threshold 0): the solve's phases in order, each line timed, the report untouched. */
    @Test
    void solveShowsItsPhasesOnStderrAndItsReportOnStdout() throws IOException {
        Path a = poisson();
        Path x = dir.resolve("x.mtx");
        CliRun r = run(Progress.Mode.ALWAYS, "solve", a.toString(), "--out", x.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        List<String> phases = List.of("reading " + a, "factoring " + a + " (n = 64, nnz = 288) with the adaptive solver",
                "solving with the factors of " + a, "computing the residual", "writing " + x);
        assertEquals(phases.size(), lines.size(), r.err());
        for (int i = 0; i < phases.size(); i++) {
            assertTrue(lines.get(i).matches("\\Q" + phases.get(i) + "\\E \\.\\.\\. \\d+\\.\\d s"), lines.get(i));
        }
        assertTrue(r.out().contains("backward_error"), r.out());
    }

    @Test
    void jsonNeverAndCommandsThatAreNotLongRunningShowNothing() throws IOException {
        Path a = poisson();
        CliRun json = run(Progress.Mode.ALWAYS, "solve", a.toString(), "--json");
        assertEquals(0, json.code(), json.err());
        assertEquals("", json.err());
        assertEquals("", run(Progress.Mode.ALWAYS, "info", a.toString(), "--json").err());
        assertEquals("", run(Progress.Mode.NEVER, "solve", a.toString()).err());
        CliRun bench = run(Progress.Mode.ALWAYS, "bench", a.toString(), "--op", "spmv", "--time", "0.05", "--samples", "3",
                "--triad-mb", "24");
        assertEquals(0, bench.code(), bench.err());
        // bench's own warning that a 0.05 s warm-up did not reach C2 is not progress
        assertEquals("", bench.err().lines().filter(l -> !l.contains(": not steady: ")).reduce("", String::concat),
                "bench prints a table, not progress");
    }

    @Test
    void convertAndInfoShowReadingAndWriting() throws IOException {
        Path a = poisson();
        Path b = dir.resolve("p.pbmat");
        CliRun r = run(Progress.Mode.ALWAYS, "convert", a.toString(), b.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().matches("reading \\Q" + a + "\\E \\.\\.\\. \\d\\.\\d s\nwriting \\Q" + b + "\\E \\.\\.\\. \\d\\.\\d s\n"),
                r.err());
        CliRun info = run(Progress.Mode.ALWAYS, "info", b.toString());
        assertTrue(info.err().startsWith("reading " + b + " ... "), info.err());
    }

    /** A failure ends the progress line first; the error is still the last line, and one line. */
    @Test
    void anErrorFollowsTheProgressLines() throws IOException {
        Path bad = dir.resolve("bad.mtx");
        Files.writeString(bad, "%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1.0\n");
        CliRun r = run(Progress.Mode.ALWAYS, "solve", bad.toString());
        assertEquals(PullbackCli.EXIT_FAILURE, r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("reading " + bad + " ... "), r.err());
        assertTrue(lines.get(1).startsWith("pullback solve: " + bad + ", line 3"), r.err());
    }

    @Test
    void aBadModePropertyIsAOneLineError() throws IOException {
        Path a = poisson();
        try (var mode = SystemProperty.set(Progress.PROPERTY, "sometimes")) {
            CliRun r = CliRun.of("solve", a.toString());
            assertEquals(PullbackCli.EXIT_FAILURE, r.code());
            assertEquals("pullback solve: -Dpullback.progress must be auto, always or never, got 'sometimes'\n", r.err());
        }
        try (var mode = SystemProperty.set(Progress.PROPERTY, "Never")) {
            CliRun r = CliRun.of("solve", a.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals("", r.err());
        }
    }
}

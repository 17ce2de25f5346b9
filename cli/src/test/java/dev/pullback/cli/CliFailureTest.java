package dev.pullback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pullback.storage.MemoryLimit;
import dev.pullback.testing.SystemProperty;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * What reaches the user when things go wrong: one line on stderr, exit code 1, naming the file, the
 * entry or the phase; never a stack trace, a hang, a terminal escape, or a garbage answer with exit 0.
 */
class CliFailureTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        return run(PullbackCli.commandLine(), args);
    }

    private static Run run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Exit 1 and exactly one line on stderr, starting "pullback CMD: " and containing every fragment. */
    private static void assertOneLineError(Run r, String command, String... fragments) {
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.err().endsWith("\n") && r.err().lines().count() == 1, "one line: " + r.err());
        assertTrue(r.err().startsWith("pullback " + command + ": "), r.err());
        for (String f : fragments) assertTrue(r.err().contains(f), "'" + f + "' missing from: " + r.err());
        assertTrue(r.err().strip().chars().allMatch(c -> c >= 0x20 && c != 0x7f), "control character in: " + r.err());
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.ISO_8859_1);
        return f;
    }

    /** Throws the given Error from inside a command, after recording what it is doing (or not). */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        private final Error error;
        private final String activity;
        @CommandLine.Parameters(arity = "0..*")
        List<String> files;

        Boom(Error error, String activity) {
            this.error = error;
            this.activity = activity;
        }

        @Override
        public Integer call() {
            if (activity != null) Activity.now(activity);
            throw error;
        }
    }

    @Test
    void outOfMemoryAndStackOverflowBecomeOneLineNamingThePhase() {
        CommandLine cl = PullbackCli.commandLine();
        cl.addSubcommand(new Boom(new OutOfMemoryError("Java heap space"), "factoring A.mtx (n = 100000000)"));
        assertOneLineError(run(cl, "boom"), "boom", "out of memory while factoring A.mtx (n = 100000000): Java heap space",
                "-Xmx", "PULLBACK_JAVA_OPTS");
        cl = PullbackCli.commandLine();
        cl.addSubcommand(new Boom(new OutOfMemoryError("Requested array size exceeds VM limit"), null));
        assertOneLineError(run(cl, "boom", "x.mtx"), "boom", "out of memory while running pullback boom x.mtx:",
                "Requested array size exceeds VM limit");
        cl = PullbackCli.commandLine();
        cl.addSubcommand(new Boom(new StackOverflowError(), "ordering"));
        assertOneLineError(run(cl, "boom"), "boom", "stack overflow while ordering", "-Xss");
        assertEquals(null, Activity.current(), "the phase is cleared after the command");
    }

    /** 45 bytes declaring 2^31-2 columns used to end in "OutOfMemoryError: Requested array size exceeds VM limit". */
    @Test
    void hugeShapeClaimsAreOneLineErrors() throws IOException {
        Path wide = write("wide.mtx", "%%MatrixMarket matrix coordinate real general\n1 2147483646 0\n");
        assertOneLineError(run("info", wide.toString()), "info", wide + ", line 2:", "exceeds the limit");
        Path cols = write("cols.mtx", "%%MatrixMarket matrix coordinate real general\n1 2147483638 0\n");
        try (var limit = SystemProperty.set(MemoryLimit.PROPERTY, "1g")) {
            assertOneLineError(run("info", cols.toString()), "info", cols + ", line 2:", "needs 8589934556 bytes",
                    "-Dpullback.maxBytes");
        }
    }

    /** A dense solve that the limit does not allow fails before it allocates, naming the size and the property. */
    @Test
    void aDenseSolveAboveTheLimitFailsAtOnce() throws IOException {
        StringBuilder s = new StringBuilder("%%MatrixMarket matrix coordinate real general\n3000 3000 3000\n");
        for (int i = 1; i <= 3000; i++) s.append(i).append(' ').append(i).append(" 2\n");
        Path a = write("diag.mtx", s.toString());
        try (var limit = SystemProperty.set(MemoryLimit.PROPERTY, "16m")) {
            assertOneLineError(run("solve", a.toString(), "--solver", "dense"), "solve",
                    "a dense LU of order 3000 needs 72024000 bytes", "-Dpullback.maxBytes");
            Run sparse = run("solve", a.toString(), "--json");
            assertEquals(0, sparse.code(), sparse.err());
        }
    }

    @Test
    void devZeroIsAnErrorNotAHang() {
        assumeTrue(Files.isReadable(Path.of("/dev/zero")));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertOneLineError(run("info", "/dev/zero"), "info",
                "/dev/zero, line 1: not a Matrix Market file"));
    }

    @Test
    void escapeSequencesInAFileDoNotReachTheTerminal() throws IOException {
        Path f = write("esc.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 \u001b[2J\u001b]0;pwned\u0007\n");
        assertOneLineError(run("info", f.toString()), "info", "non-numeric value '\\x1b[2J\\x1b]0;pwned\\x07'");
        Path named = write("x\u001b[31m.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 x\n");
        assertOneLineError(run("info", named.toString()), "info", "x\\x1b[31m.mtx, line 3");
    }

    private static final String A = "%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 2\n2 2 4\n3 3 8\n";

    @Test
    void aNonFiniteRightHandSideIsRefusedNamingTheEntry() throws IOException {
        Path a = write("a.mtx", A);
        for (String bad : new String[] {"nan", "inf", "-Infinity"}) {
            Path b = write("b.mtx", "%%MatrixMarket matrix array real general\n3 1\n1\n" + bad + "\n3\n");
            Run r = run("solve", a.toString(), "--rhs", b.toString());
            assertOneLineError(r, "solve", "right-hand side " + b + ": entry 2 (1-based) is ", "finite");
            assertEquals("", r.out(), "no report for a refused solve");
        }
        Path nanA = write("nan.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n2 2 NaN\n");
        assertOneLineError(run("solve", nanA.toString()), "solve", nanA + ": entry (2, 2) (1-based) is NaN");
    }

    /** Without --rhs, b = A·1: a finite matrix whose row sums overflow must say so, not solve with infinity. */
    @Test
    void anOverflowingGeneratedRightHandSideIsReported() throws IOException {
        Path a = write("big.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1e308\n2 1 1e308\n2 2 1e308\n");
        assertOneLineError(run("solve", a.toString()), "solve", "b = A * ones overflows: b(2) = Infinity (1-based)",
                "row 2", "--rhs");
        assertOneLineError(run("solve", a.toString(), "--transpose"), "solve", "b = A^T * ones overflows: b(1)",
                "column 1");
    }

    /** A finite system whose solution overflows is an error naming the entry, not a report of Infinity and NaN. */
    @Test
    void anOverflowingSolutionIsReported() throws IOException {
        Path a = write("tiny.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1e-300\n2 2 1\n");
        Path b = write("b.mtx", "%%MatrixMarket matrix array real general\n2 1\n1e300\n1\n");
        for (String solver : new String[] {"dense", "lu", "adaptive", "btf"}) {
            assertOneLineError(run("solve", a.toString(), "--rhs", b.toString(), "--solver", solver), "solve",
                    "the solution overflowed: x(1) = Infinity (1-based)");
        }
    }
}

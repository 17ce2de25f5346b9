package dev.pullback.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --verbose} (the stack trace after the one-line error) and {@code --version} (this build's). */
class VerboseAndVersionTest {
    @TempDir
    Path dir;

    /** A malformed file whose name holds an escape sequence. */
    private Path bad() throws IOException {
        Path f = dir.resolve("b\u001b[31m.mtx");
        Files.writeString(f, "%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1.0\n");
        return f;
    }

    @Test
    void verboseAddsTheEscapedStackTraceBeforeOrAfterTheSubcommand() throws IOException {
        Path f = bad();
        CliRun plain = CliRun.of("info", f.toString());
        assertEquals(PullbackCli.EXIT_FAILURE, plain.code());
        assertEquals(1, plain.err().lines().count(), plain.err());
        String message = plain.err().lines().findFirst().orElseThrow();
        assertTrue(message.startsWith("pullback info: ") && message.contains("\\x1b[31m.mtx, line 3"), message);

        for (String[] args : new String[][] {{"info", f.toString(), "--verbose"}, {"--verbose", "info", f.toString()}}) {
            CliRun v = CliRun.of(args);
            assertEquals(PullbackCli.EXIT_FAILURE, v.code());
            List<String> lines = v.err().lines().toList();
            assertEquals(message, lines.getFirst(), "the same message first");
            assertTrue(lines.get(1).startsWith("java.io.") || lines.get(1).startsWith("java.lang.")
                    || lines.get(1).startsWith("dev.pullback."), "the exception's class: " + lines.get(1));
            assertTrue(lines.stream().anyMatch(l -> l.matches(" {4}at dev\\.pullback\\.io\\..*")), v.err());
            assertTrue(lines.stream().anyMatch(l -> l.contains("InfoCommand.call")), v.err());
            assertTrue(v.err().chars().allMatch(c -> c == '\n' || (c >= 0x20 && c != 0x7f)), "control character in " + v.err());
        }
    }

    @Test
    void verboseAlsoTracesRunningOutOfMemory() {
        CommandLine cl = PullbackCli.commandLine();
        cl.addSubcommand(new CliFailureTest.Boom(new OutOfMemoryError("Java heap space"), "factoring A.mtx"));
        CliRun r = CliRun.of(cl, "--verbose", "boom");
        assertEquals(PullbackCli.EXIT_FAILURE, r.code());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.getFirst().startsWith("pullback boom: out of memory while factoring A.mtx: Java heap space"), r.err());
        assertEquals("java.lang.OutOfMemoryError: Java heap space", lines.get(1));
        assertTrue(lines.get(2).startsWith("    at dev.pullback.cli.VerboseAndVersionTest.verboseAlsoTracesRunningOutOfMemory"), r.err());
    }

    @Test
    void usageErrorsStayOneLineWithVerbose() {
        CliRun r = CliRun.of("--verbose", "info", "--bogus");
        assertEquals(PullbackCli.EXIT_USAGE, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    /** The version line is the one Maven filtered in: the version of the POM this module was built from. */
    @Test
    void versionIsTheBuildsVersion() throws IOException {
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "no parent version in the module's pom.xml");
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("pullback " + m.group(1), lines.getFirst());
        assertTrue(lines.get(1).startsWith("Java " + Runtime.version()), lines.get(1));
    }
}

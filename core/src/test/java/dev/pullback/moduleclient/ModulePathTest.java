package dev.pullback.moduleclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.storage.CscMatrix;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The core as a user's program meets it: a small solve and pullback ({@link SolveAndPullback}) in a
 * child JVM with the core on the module path (module dev.pullback) or on the class path, each with
 * and without {@code --add-modules=jdk.incubator.vector}; without it the kernels fall back to the
 * scalar ones and say so in one log line. And jdeps: the core needs java.base only.
 */
class ModulePathTest {
    private static final String FALLBACK = "Pullback runs on scalar kernels";

    @ParameterizedTest(name = "{0}, vector API {1}")
    @CsvSource({"module path, true", "module path, false", "class path, true", "class path, false"})
    void solveAndPullbackRun(String where, boolean vector) throws Exception {
        Path core = location(CscMatrix.class), client = location(SolveAndPullback.class);
        assertTrue(Files.exists(core.resolve("module-info.class")), "the core's classes hold its module descriptor: " + core);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (vector) cmd.add("--add-modules=jdk.incubator.vector");
        if (where.equals("module path")) {
            cmd.addAll(List.of("--enable-native-access=dev.pullback", "--module-path", core.toString(),
                    "--add-modules=dev.pullback", "-cp", client.toString()));
        } else {
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", core + File.pathSeparator + client));
        }
        cmd.add(SolveAndPullback.class.getName());
        File out = File.createTempFile("modulepath", ".out"), err = File.createTempFile("modulepath", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out: " + cmd);
            String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
            String both = String.join(" ", cmd) + "\n" + stdout + "\n" + stderr;
            assertEquals(0, p.exitValue(), both);
            assertTrue(stdout.contains("\nok"), both);
            String module = where.equals("module path") ? "module dev.pullback" : "module null";
            assertTrue(stdout.contains(module), both);
            assertTrue(stdout.contains(vector ? "kernels simd-" : "kernels scalar"), both);
            long fallbackLines = stderr.lines().filter(l -> l.contains(FALLBACK)).count();
            assertEquals(vector ? 0 : 1, fallbackLines, both);
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }

    @Test
    void jdepsFindsOnlyJavaBase() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "--add-modules=jdk.incubator.vector",
                "--print-module-deps", location(CscMatrix.class).toString());
        assertEquals(0, rc, out + "\n" + err);
        String deps = out.toString().strip();
        assertTrue(deps.equals("java.base") || deps.equals("java.base,jdk.incubator.vector"), deps);
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

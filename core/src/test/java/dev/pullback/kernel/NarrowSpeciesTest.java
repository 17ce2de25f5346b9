package dev.pullback.kernel;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.testing.ProjectFiles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SIMD species is a per-JVM constant (C2 vectorises only constant species), so the narrow
 * machine's path is tested in a child JVM of its own: the dense and sparse kernel tests on 128-bit
 * vectors (2 doubles), in both BLAS and gather code.
 */
class NarrowSpeciesTest {
    @Test
    void kernelTestsPassOn128BitVectors() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File out = File.createTempFile("narrow", ".out"), err = File.createTempFile("narrow", ".err");
        try {
            Process p = new ProcessBuilder(List.of(java, "@" + ProjectFiles.jvmConfig(),
                    "-Dpullback.kernel=simd:128", "-cp", System.getProperty("java.class.path"),
                    NarrowSpeciesRun.class.getName())).redirectOutput(out).redirectError(err).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
            String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8).strip();
            String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), stdout + "\n" + stderr);
            String[] last = stdout.lines().reduce((a, b) -> b).orElse("").split(" ");
            assertEquals("simd-128", last[0], stdout);
            assertTrue(Integer.parseInt(last[1]) >= 10, "tests run: " + stdout);
            assertEquals("0", last[2], stdout);
        } finally {
            out.delete();
            err.delete();
        }
    }
}

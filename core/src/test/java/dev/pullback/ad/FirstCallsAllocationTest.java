package dev.pullback.ad;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.testing.ProjectFiles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The allocation of a gradient's first 100 calls, in fresh JVMs (first calls happen once per JVM):
 * the seed gradient on the scalar kernels and on the Vector API kernels behind the opt-in warm-up
 * ({@code -Dpullback.warmup=background}), each in a child JVM ({@link FirstCallsRun}), counted by the
 * thread allocation counter. Call 1 loads classes and allocates the factors; calls 2–100 must
 * allocate nothing on the scalar path and at most a few kB on the tiered one (without the warm-up
 * the Vector API path allocates tens of MB there).
 */
class FirstCallsAllocationTest {
    @Test
    void scalarKernelsAllocateNothingAfterTheFirstCall() throws Exception {
        long[] r = child("-Dpullback.kernel=scalar");
        assertTrue(r[0] < 4 << 20, "call 1: " + r[0] + " B");
        assertTrue(r[1] < 16 << 10, "calls 2-100: " + r[1] + " B in all");
    }

    @Test
    void tieredVectorKernelsAllocateNothingAfterTheFirstCall() throws Exception {
        long[] r = child("-Dpullback.warmup=background");
        assertTrue(r[0] < 4 << 20, "call 1: " + r[0] + " B");
        assertTrue(r[1] < 16 << 10, "calls 2-100: " + r[1] + " B in all");
    }

    /** {call 1 bytes, calls 2..100 bytes, the largest of those} from a child JVM with these flags. */
    private static long[] child(String... flags) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File out = File.createTempFile("firstcalls", ".out"), err = File.createTempFile("firstcalls", ".err");
        try {
            List<String> cmd = new ArrayList<>(List.of(java, "@" + ProjectFiles.jvmConfig()));
            cmd.addAll(List.of(flags));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FirstCallsRun.class.getName(), "100"));
            Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
            String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8).strip();
            String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), stdout + "\n" + stderr);
            String[] f = stdout.lines().reduce((a, b) -> b).orElse("").split(" ");
            assertEquals(5, f.length, stdout);
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
        } finally {
            out.delete();
            err.delete();
        }
    }
}

package dev.pullback.cli.bench;

import dev.pullback.testing.ProjectFiles;
import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The warm-up waits for C2 code and says when it did not get there: in this JVM a plain loop
 * reaches C2 well within a generous budget; in a child JVM whose JIT stops at C1
 * ({@code -XX:TieredStopAtLevel=1}) the same command reports c2_ready false and warns on stderr.
 */
class HarnessTest {
    /** A small loop with a call in it: what the JIT compiles at every tier. */
    private static final class Sum implements BenchOp.Task {
        private final double[] x = new double[256];

        @Override
        public double run() {
            double s = 0;
            for (int i = 0; i < x.length; i++) s += Math.sqrt(x[i] + i);
            return s;
        }

        @Override
        public long bytesPerRun() {
            return 0;
        }

        @Override
        public String implementation() {
            return "sum";
        }
    }

    @Test
    void warmUpEndsOnC2Code() throws Exception {
        try (TierWatch watch = TierWatch.start(Thread.currentThread())) {
            assertNotNull(watch, "JFR streams in this JVM");
            Harness.Timing t = Harness.measure(new Sum(), 120, 5, watch);
            assertTrue(t.c2Ready(), "warm-up of " + t.warmupSeconds() + " s ended without C2: " + t.warning());
            assertTrue(t.warmupRuns() > 1 && t.medianNs() > 0, t.toString());
            assertEquals(0, t.allocBytesPerRun(), 1e-9, "the loop allocates nothing once compiled");
        }
    }

    @Test
    void withoutC2TheResultSaysSoAndWarns() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File out = File.createTempFile("tier", ".out"), err = File.createTempFile("tier", ".err");
        try {
            List<String> cmd = new ArrayList<>(List.of(java, "@" + ProjectFiles.jvmConfig(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.pullback.cli.PullbackCli",
                    "bench", "--gallery", "poisson:10x10", "--op", "factor", "--solver", "dense", "--time", "2",
                    "--samples", "5", "--triad-mb", "8", "--json"));
            Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
            String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8).strip();
            String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), stdout + "\n" + stderr);
            assertTrue(stdout.contains("\"c2_ready\":false") && stdout.contains("\"steady\":false"), stdout);
            assertTrue(stderr.contains("pullback bench: factor: not steady: no C2 code for the op")
                    && stderr.contains("at level 1"), stderr);
        } finally {
            out.delete();
            err.delete();
        }
    }
}

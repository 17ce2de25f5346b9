package dev.pullback.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.chronicle.ChronicleLeaks;
import dev.pullback.storage.MemoryLimit;
import dev.pullback.testing.SystemProperty;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutational fuzzer over every reader of matrix files and records. Each input is a
 * mutation ({@link Mutator}) of a valid seed from {@code src/test/resources/fuzz-corpus}, run
 * through {@link Targets} within a time bound: every outcome must be a value or a documented
 * exception with a one-line message; a crash (any other exception, an Error such as
 * OutOfMemoryError), a hang, or a CLI stack trace fails the test. Input k of a run with base seed
 * s is always the same (its Random is seeded with s·1000003 + k), so a failure names the seed and
 * input that reproduce it; its bytes are also saved under {@code target/fuzz/}.
 *
 * <p>The normal test run tries {@value #DEFAULT_INPUTS} inputs (about a minute here). Longer runs:
 * <pre>
 * mvn -B test -Dtest=MatrixFileFuzzTest -Dpullback.fuzz.inputs=100000 [-Dpullback.fuzz.seed=2] [-Dpullback.fuzz.seconds=3600]
 * </pre>
 * ({@code pullback.fuzz.seconds} stops a run early at that wall-clock budget). The report
 * (inputs, outcomes by kind, crashes, hangs) is written to {@code target/fuzz/report.txt}. Reads run
 * under {@code pullback.maxBytes=256m}, so that a mutated size line fails at its claim rather than
 * allocating gigabytes on a shared machine (the claims above the limit are the interesting ones).
 */
@ExtendWith(ChronicleLeaks.class)
class MatrixFileFuzzTest {
    static final int DEFAULT_INPUTS = 10_000;
    /** No valid input of this corpus takes more than milliseconds; 20 s flags a hang even on a loaded machine. */
    private static final long TIME_BOUND_SECONDS = 20;

    @TempDir
    Path dir;

    private record Seed(String name, byte[] bytes, Mutator.Kind kind) {}

    static List<Seed> corpus() throws IOException, URISyntaxException {
        Path root = Path.of(MatrixFileFuzzTest.class.getResource("/fuzz-corpus").toURI());
        List<Seed> seeds = new ArrayList<>();
        try (var files = Files.list(root)) {
            for (Path p : files.sorted().toList()) {
                String n = p.getFileName().toString();
                Mutator.Kind kind = n.endsWith(".gz") ? Mutator.Kind.GZIP : n.endsWith(".pbmat") ? Mutator.Kind.BINARY
                        : n.endsWith(".pbmx") ? Mutator.Kind.RECORD : Mutator.Kind.TEXT;
                seeds.add(new Seed(n, Files.readAllBytes(p), kind));
            }
        }
        return seeds;
    }

    /** Every seed reads as a value through every reader that takes its kind (so the mutations start from valid input). */
    @Test
    void theSeedsAreValid() throws Exception {
        List<Seed> seeds = corpus();
        assertTrue(seeds.size() >= 20, "corpus of " + seeds.size());
        for (Seed s : seeds) {
            for (Targets.Outcome o : run(s.kind(), s.bytes(), dir)) {
                assertEquals(null, o.crash(), s.name());
                boolean vectorOnly = o.key().startsWith("readVector") || o.key().contains("Vector")
                        || o.key().contains("vector") || o.key().contains("Dense") || o.key().contains("Csc")
                        || o.key().contains("dense") || o.key().contains("csc") || o.key().contains("binary.");
                // A record reads as its own kind only, a matrix as a vector only when it is n x 1.
                if (!vectorOnly) assertTrue(o.key().endsWith(": value") || o.key().endsWith(": exit 0"), s.name() + ": " + o.key());
            }
        }
    }

    private static List<Targets.Outcome> run(Mutator.Kind kind, byte[] bytes, Path dir) throws IOException {
        if (kind == Mutator.Kind.RECORD) return Targets.record(bytes);
        Path f = dir.resolve("fuzz-input" + (kind == Mutator.Kind.BINARY ? ".pbmat" : ".mtx"));
        Files.write(f, bytes);
        try {
            return Targets.file(f, kind == Mutator.Kind.BINARY);
        } finally {
            Targets.delete(f);
        }
    }

    @Test
    void mutatedFilesGiveValuesOrOneLineErrors() throws Exception {
        long seed = Long.getLong("pullback.fuzz.seed", 1);
        int inputs = Integer.getInteger("pullback.fuzz.inputs", DEFAULT_INPUTS);
        long budgetNs = TimeUnit.SECONDS.toNanos(Long.getLong("pullback.fuzz.seconds", Long.MAX_VALUE / 2_000_000_000L));
        List<Seed> seeds = corpus();
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> crashes = new ArrayList<>();
        List<String> hangs = new ArrayList<>();
        Path out = Path.of("target", "fuzz");
        Files.createDirectories(out);
        long start = System.nanoTime();
        int tried = 0;
        ExecutorService worker = Executors.newSingleThreadExecutor(daemon());
        try (var limit = SystemProperty.set(MemoryLimit.PROPERTY, "256m")) {
            for (int k = 0; k < inputs && System.nanoTime() - start < budgetNs; k++, tried++) {
                Random rnd = new Random(seed * 1_000_003L + k);
                Seed s = seeds.get(rnd.nextInt(seeds.size()));
                Mutator.Mutant m = Mutator.mutate(s.bytes(), s.kind(), rnd);
                String id = "seed " + seed + " input " + k + " (" + s.name() + ": " + m.how() + ")";
                Path input = dir.resolve("input-" + k);
                Files.createDirectories(input);
                Future<List<Targets.Outcome>> f = worker.submit(() -> run(s.kind(), m.bytes(), input));
                List<Targets.Outcome> got;
                try {
                    got = f.get(TIME_BOUND_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor(daemon());
                    hangs.add(id);
                    save(out, "hang", k, m.bytes());
                    continue;
                }
                for (Targets.Outcome o : got) {
                    outcomes.merge(o.key(), 1, Integer::sum);
                    if (o.crash() != null) {
                        crashes.add(id + ": " + o.crash());
                        save(out, "crash", k, m.bytes());
                    }
                }
                Files.deleteIfExists(input);
            }
        } finally {
            worker.shutdownNow();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        StringBuilder report = new StringBuilder();
        long kinds = outcomes.keySet().stream().map(key -> key.substring(key.indexOf(": ") + 2)).distinct().count();
        report.append(String.format("fuzz: seed %d, %d inputs in %d s, %d distinct outcomes (%d by reader), %d crashes,"
                + " %d hangs%n", seed, tried, seconds, kinds, outcomes.size(), crashes.size(), hangs.size()));
        outcomes.forEach((key, n) -> report.append(String.format("%8d  %s%n", n, key)));
        for (String c : crashes) report.append("CRASH ").append(c).append('\n');
        for (String h : hangs) report.append("HANG ").append(h).append('\n');
        Files.writeString(out.resolve("report.txt"), report, StandardCharsets.UTF_8);
        assertTrue(crashes.isEmpty() && hangs.isEmpty(), () -> crashes.size() + " crashes and " + hangs.size()
                + " hangs; the first: " + (crashes.isEmpty() ? hangs.get(0) : crashes.get(0)) + "; see target/fuzz/report.txt");
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        };
    }

    private static void save(Path out, String what, int k, byte[] bytes) throws IOException {
        Files.write(out.resolve(what + "-" + k + ".bin"), bytes);
    }
}

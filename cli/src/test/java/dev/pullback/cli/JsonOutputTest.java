package dev.pullback.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.pullback.gallery.Grids;
import dev.pullback.io.MatrixFiles;
import dev.pullback.storage.CscMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's {@code --json} output read back by a real JSON parser (Jackson jr's, strict:
 * no NaN tokens, no raw control characters, no duplicate keys, nothing after the value), with a
 * file name holding a quotation mark, a backslash, control characters and a non-ASCII letter, and
 * with figures that are not finite.
 */
class JsonOutputTest {
    /** A quote, a backslash, a tab, U+0001 and an e-acute: every escaping rule at once. */
    private static final String WEIRD = "we\"ird\\na\tme\u0001\u00e9";

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JSON READER = JSON.builder().enable(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS).build();

    @TempDir
    Path dir;

    /** Each line of a successful run as one JSON object. */
    private static List<Map<String, Object>> jsonLines(CliRun r) {
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().isBlank(), "no output");
        return r.out().lines().map(JsonOutputTest::parse).toList();
    }

    /** One line: printable ASCII only (non-ASCII and control characters escaped), one object, nothing after it. */
    static Map<String, Object> parse(String line) {
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "raw control or non-ASCII character in " + line);
        try (JsonParser p = FACTORY.createParser(line)) {
            Map<String, Object> m = READER.mapFrom(p);
            assertNull(p.nextToken(), "something after the object in " + line);
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }

    private static double number(Map<String, Object> o, String key) {
        Object v = o.get(key);
        assertInstanceOf(Number.class, v, key + " in " + o);
        return ((Number) v).doubleValue();
    }

    private Path poisson(String name) throws IOException {
        Path f = dir.resolve(name);
        try (CscMatrix a = Grids.poisson2d(6, 5)) {
            MatrixFiles.write(f, a);
        }
        return f;
    }

    @Test
    void theWriterEscapesAndSpellsNonFiniteNumbersAsDocumented() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", WEIRD + "\n\u001b[31m\u2028");
        o.put("nan", Double.NaN);
        o.put("inf", Double.POSITIVE_INFINITY);
        o.put("minus_inf", Double.NEGATIVE_INFINITY);
        o.put("tiny", 1e-300);
        o.put("count", 7L);
        o.put("absent", null);
        o.put("nested", Map.of("ok", true));
        String line = JsonLine.of(o);
        assertEquals("{\"name\":\"we\\\"ird\\\\na\\tme\\u0001\\u00E9\\n\\u001B[31m\\u2028\",\"nan\":\"NaN\","
                + "\"inf\":\"Infinity\",\"minus_inf\":\"-Infinity\",\"tiny\":1.0E-300,\"count\":7,\"absent\":null,"
                + "\"nested\":{\"ok\":true}}", line);
        Map<String, Object> back = parse(line);
        assertEquals(o.get("name"), back.get("name"));
        assertEquals(1e-300, number(back, "tiny"));
        assertTrue(back.containsKey("absent") && back.get("absent") == null);
    }

    @Test
    void infoOfAWeirdlyNamedFile() throws IOException {
        Path f = poisson(WEIRD + ".mtx");
        Map<String, Object> o = parse(CliRun.of("info", f.toString(), "--json").out().strip());
        assertEquals(f.toString(), o.get("file"));
        assertEquals(30.0, number(o, "rows"));
        assertEquals(List.of("file", "format", "rows", "cols", "nnz", "symmetry", "diagonal", "bandwidth", "col_nnz"),
                List.copyOf(o.keySet()), "keys in the order they were put");
        @SuppressWarnings("unchecked")
        Map<String, Object> diagonal = (Map<String, Object>) o.get("diagonal");
        assertEquals(Boolean.TRUE, diagonal.get("all_stored"));
        assertEquals(List.of("lower", "upper"), List.copyOf(((Map<?, ?>) o.get("bandwidth")).keySet()));
    }

    @Test
    void solveOfAWeirdlyNamedFile() throws IOException {
        Path f = poisson(WEIRD + ".mtx");
        for (String solver : new String[] {"auto", "dense"}) {
            List<Map<String, Object>> lines = jsonLines(CliRun.of("solve", f.toString(), "--solver", solver, "--json"));
            assertEquals(1, lines.size());
            Map<String, Object> o = lines.getFirst();
            assertEquals(f.toString(), o.get("file"));
            assertEquals(30.0, number(o, "n"));
            assertTrue(number(o, "backward_error") < 1e-14, o.toString());
            assertTrue(number(o, "forward_error_inf") < 1e-12, o.toString());
        }
    }

    /**
     * A solve whose residual overflows: row 1 of A is (1e308, 1e308, −1e308) and x = (1, 1, 1), so
     * the sparse product's partial sum 2e308 is infinite although b₁ = 1e308 is not: the residual is
     * infinite and the backward error ∞/∞. Both reach the JSON as the documented strings; the solve
     * is refused (exit 1: a NaN backward error is no accuracy, and rcond ≈ 5e-309), the report printed.
     */
    @Test
    void solveWithAnInfiniteResidualAndANaNBackwardError() throws IOException {
        Path a = dir.resolve(WEIRD + "-a.mtx"), b = dir.resolve("b.mtx");
        Files.writeString(a, "%%MatrixMarket matrix coordinate real general\n3 3 5\n1 1 1e308\n1 2 1e308\n1 3 -1e308\n"
                + "2 2 1\n3 3 1\n");
        Files.writeString(b, "%%MatrixMarket matrix array real general\n3 1\n1e308\n1\n1\n");
        CliRun r = CliRun.of("solve", a.toString(), "--rhs", b.toString(), "--solver", "lu", "--json");
        assertEquals(PullbackCli.EXIT_FAILURE, r.code(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        Map<String, Object> o = parse(r.out().strip());
        assertEquals("Infinity", o.get("residual_inf"), o.toString());
        assertEquals("NaN", o.get("backward_error"), o.toString());
        assertEquals(a.toString(), o.get("file"));
    }

    @Test
    void benchOfAWeirdlyNamedFile() throws IOException {
        Path f = poisson(WEIRD + ".mtx");
        List<Map<String, Object>> lines = jsonLines(CliRun.of("bench", f.toString(), "--op", "spmv,solve", "--json",
                "--time", "0.05", "--samples", "3", "--triad-mb", "24"));
        assertEquals(2, lines.size());
        for (Map<String, Object> o : lines) {
            assertEquals(f.toString(), o.get("matrix"));
            assertEquals(30.0, number(o, "n"));
            assertTrue(number(o, "p10_ns") <= number(o, "median_ns") && number(o, "median_ns") <= number(o, "p90_ns"),
                    o.toString());
            assertTrue(number(o, "alloc_bytes_per_op") >= 0, o.toString());
        }
    }

    @Test
    void topoptEventsWithAWeirdOutputDirectoryAndTheGradientCheck() {
        Path out = dir.resolve(WEIRD);
        List<Map<String, Object>> lines = jsonLines(CliRun.of("topopt", "--nelx", "12", "--nely", "6", "--max-iter", "3",
                "--out", out.toString(), "--check-gradient", "--json"));
        assertEquals("start", lines.getFirst().get("event"));
        assertEquals(72.0, number(lines.getFirst(), "elements"));
        List<Map<String, Object>> iterations = lines.stream().filter(o -> o.get("event").equals("iteration")).toList();
        assertEquals(3, iterations.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1.0, number(iterations.get(i), "iteration"));
            assertTrue(number(iterations.get(i), "objective") > 0);
            assertTrue(number(iterations.get(i), "solve_alloc_bytes") >= 0);
        }
        Map<String, Object> summary = lines.stream().filter(o -> o.get("event").equals("summary")).findFirst().orElseThrow();
        assertEquals(3.0, number(summary, "iterations"));
        assertEquals(number(iterations.getLast(), "objective"), number(summary, "objective"));
        assertEquals(out.resolve("topopt-mbb.png").toString(), summary.get("design_png"));
        assertTrue(Files.isRegularFile(out.resolve("topopt-mbb.png")));
        List<Map<String, Object>> checks = lines.stream().filter(o -> o.get("event").equals("gradient_check")).toList();
        assertFalse(checks.isEmpty(), "no gradient check lines");
        for (Map<String, Object> c : checks) assertTrue(number(c, "relative_error") <= 1e-4, c.toString());
    }

    /** No iteration: the objective and the medians are NaN ("NaN"), the allocation-free iterations do not apply (null). */
    @Test
    void topoptWithoutIterationsReportsNaNAndNull() {
        List<Map<String, Object>> lines = jsonLines(CliRun.of("topopt", "--nelx", "4", "--nely", "2", "--max-iter", "0",
                "--out", dir.toString(), "--json"));
        assertEquals(2, lines.size(), "start and summary");
        Map<String, Object> summary = lines.getLast();
        assertEquals("summary", summary.get("event"));
        assertEquals("NaN", summary.get("objective"));
        assertEquals("NaN", summary.get("median_iteration_ms"));
        assertTrue(summary.containsKey("solve_alloc_free_from_iteration"));
        assertNull(summary.get("solve_alloc_free_from_iteration"));
    }
}

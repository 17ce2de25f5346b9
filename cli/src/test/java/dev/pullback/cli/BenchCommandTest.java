package dev.pullback.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pullback bench}, in-process: JSON lines with the measuring contract's fields, usage errors. */
class BenchCommandTest {
    private static final String[] QUICK = {"--time", "0.05", "--samples", "5", "--triad-mb", "24"};

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = PullbackCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String[] quick(String... args) {
        String[] all = new String[args.length + QUICK.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(QUICK, 0, all, args.length, QUICK.length);
        return all;
    }

    @Test
    void jsonLinesCarryTheMeasuringContract() {
        Result r = run(quick("bench", "--gallery", "poisson:30x20", "--op", "spmv,spmv-t,rank1,spmv-2t,spmv-t-2t,rank1-2t", "--json"));
        assertEquals(0, r.code, r.err);
        List<String> lines = r.out.lines().toList();
        String[] ops = {"spmv", "spmv-t", "rank1", "spmv-2t", "spmv-t-2t", "rank1-2t"};
        assertEquals(ops.length, lines.size(), r.out);
        for (int i = 0; i < ops.length; i++) {
            Map<String, Object> o = parseFlatJson(lines.get(i));
            assertEquals(ops[i], o.get("op"));
            assertEquals(600.0, o.get("n"));
            assertEquals(5.0 * 600 - 2 * 30 - 2 * 20, o.get("nnz")); // 5-point stencil minus the boundary links
            assertEquals(KernelNames.current(), o.get("kernel"));
            double median = (Double) o.get("median_ns"), p10 = (Double) o.get("p10_ns"), p90 = (Double) o.get("p90_ns");
            assertTrue(p10 > 0 && p10 <= median && median <= p90, lines.get(i));
            assertTrue((Double) o.get("alloc_bytes_per_op") >= 0, lines.get(i));
            assertTrue((Double) o.get("bound_gbps") > 0 && (Double) o.get("gbps") > 0, lines.get(i));
            assertEquals((Double) o.get("bytes_per_op") / median, (Double) o.get("gbps"), 1e-3 * (Double) o.get("gbps"));
            assertTrue((Double) o.get("warmup_ms") > 0 && (Double) o.get("warmup_ops") >= 1, lines.get(i));
            assertTrue(o.get("c2_ready") instanceof Boolean && o.get("steady") instanceof Boolean, lines.get(i));
        }
    }

    @Test
    void groupedRankOneNeedsTheQ4ElementMap() {
        Result ok = run(quick("bench", "--gallery", "q4:6x4", "--op", "rank1-grouped", "--json", "--kernel", "scalar"));
        assertEquals(0, ok.code, ok.err);
        Map<String, Object> o = parseFlatJson(ok.out.strip());
        assertEquals("scalar", o.get("kernel"));
        Result bad = run(quick("bench", "--gallery", "poisson:5x5", "--op", "rank1-grouped"));
        assertEquals(PullbackCli.EXIT_FAILURE, bad.code);
        assertEquals(1, bad.err.lines().count(), bad.err);
        assertTrue(bad.err.contains("needs an element map"), bad.err);
    }

    @Test
    void readsAMatrixMarketFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.mtx");
        Files.writeString(f, "%%MatrixMarket matrix coordinate real general\n3 4 5\n1 1 2.0\n2 2 -1\n3 2 4\n1 4 1\n3 4 0.5\n");
        Result r = run(quick("bench", f.toString(), "--op", "spmv-t", "--json"));
        assertEquals(0, r.code, r.err);
        Map<String, Object> o = parseFlatJson(r.out.strip());
        assertEquals(4.0, o.get("n"));
        assertEquals(3.0, o.get("rows"));
        assertEquals(5.0, o.get("nnz"));
    }

    @Test
    void textOutputHasAHeaderAndOneRowPerOp() {
        Result r = run(quick("bench", "--gallery", "arrow:500", "--op", "spmv,rank1"));
        assertEquals(0, r.code, r.err);
        List<String> lines = r.out.lines().toList();
        assertEquals(4, lines.size(), r.out);
        assertTrue(lines.get(0).startsWith("matrix arrow:500: 500 x 500"), lines.get(0));
        assertTrue(lines.get(2).startsWith("spmv "), lines.get(2));
        assertTrue(lines.get(3).startsWith("rank1 "), lines.get(3));
    }

    @Test
    void unknownOpIsOneLineAndExitTwo() {
        Result r = run("bench", "--gallery", "poisson:4x4", "--op", "spmv,frobnicate");
        assertEquals(PullbackCli.EXIT_USAGE, r.code);
        assertEquals("", r.out);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.contains("unknown --op 'frobnicate'") && r.err.contains("spmv-t"), r.err);
    }

    @Test
    void otherUsageErrorsExitTwoAndBadSpecsExitOne() {
        assertEquals(PullbackCli.EXIT_USAGE, run("bench", "--op", "spmv").code, "neither file nor gallery");
        assertEquals(PullbackCli.EXIT_USAGE, run("bench", "x.mtx", "--gallery", "poisson:3x3", "--op", "spmv").code);
        assertEquals(PullbackCli.EXIT_USAGE, run("bench", "--gallery", "poisson:3x3").code, "--op is required");
        assertEquals(PullbackCli.EXIT_USAGE, run("bench", "--gallery", "poisson:3x3", "--op", "spmv", "--kernel", "gpu").code);
        Result spec = run("bench", "--gallery", "poisson:3y3", "--op", "spmv");
        assertEquals(PullbackCli.EXIT_FAILURE, spec.code);
        assertTrue(spec.err.contains("--gallery poisson:3y3"), spec.err);
        Result missing = run("bench", "/nonexistent/a.mtx", "--op", "spmv");
        assertEquals(PullbackCli.EXIT_FAILURE, missing.code);
        assertEquals(1, missing.err.lines().count(), missing.err);
    }

    /** Parses one flat JSON object of strings, numbers and booleans (all this command prints). */
    static Map<String, Object> parseFlatJson(String line) {
        assertTrue(line.startsWith("{") && line.endsWith("}"), line);
        Map<String, Object> m = new LinkedHashMap<>();
        int i = 1;
        while (i < line.length() - 1) {
            assertEquals('"', line.charAt(i), "key at " + i + " in " + line);
            int end = line.indexOf('"', i + 1);
            String key = line.substring(i + 1, end);
            assertEquals(':', line.charAt(end + 1), line);
            i = end + 2;
            Object value;
            if (line.charAt(i) == '"') {
                int close = line.indexOf('"', i + 1);
                value = line.substring(i + 1, close);
                i = close + 1;
            } else {
                int close = i;
                while (close < line.length() - 1 && line.charAt(close) != ',') close++;
                String lit = line.substring(i, close);
                value = lit.equals("true") || lit.equals("false") ? (Object) Boolean.valueOf(lit) : (Object) Double.valueOf(lit);
                i = close;
            }
            assertNull(m.put(key, value), "duplicate key " + key);
            if (line.charAt(i) == ',') i++;
        }
        return m;
    }

    /** The kernel name the default (auto) choice reports. */
    private static final class KernelNames {
        static String current() {
            return dev.pullback.kernel.KernelProvider.kernels().name();
        }
    }
}

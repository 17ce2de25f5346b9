package dev.pullback.bench.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Summarises the JSON lines of several {@link LatencyBench} JVMs as a Markdown table, one row per
 * workload: medians over the JVMs of call 1's time and bytes, of the bytes allocated until
 * allocation stops and of the tail percentiles; the range of the calls after which allocation
 * stays below 1 kB per call and stays 0; the spread over the JVMs (min–max, and the largest
 * deviation from their median in percent) of the wall-time p50 and of the CPU-time p50; and the
 * median share of the window the thread spent on a CPU.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.pullback.bench.latency.LatencySummary results.jsonl ...</pre>
 */
public final class LatencySummary {
    private static final Pattern FIELD = Pattern.compile("\"([a-z0-9_]+)\":(\"[^\"]*\"|[-0-9.eE+]+)");

    private LatencySummary() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: LatencySummary results.jsonl ...");
            System.exit(2);
        }
        Map<String, List<Map<String, String>>> byWorkload = new LinkedHashMap<>();
        for (String file : args) {
            int lineNo = 0;
            for (String line : Files.readAllLines(Path.of(file))) {
                lineNo++;
                if (line.isBlank()) continue;
                Map<String, String> row = parse(line);
                String w = row.get("workload");
                if (w == null) throw new IllegalArgumentException(file + ":" + lineNo + ": no \"workload\" in " + line);
                byWorkload.computeIfAbsent(w, k -> new ArrayList<>()).add(row);
            }
        }
        System.out.print(table(byWorkload));
    }

    static Map<String, String> parse(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher x = FIELD.matcher(line);
        while (x.find()) m.put(x.group(1), x.group(2).replace("\"", ""));
        return m;
    }

    private static final List<String> COLUMNS = List.of("workload", "n", "JVMs", "calls timed", "call 1", "call 1 bytes",
            "bytes until allocation stops", "allocation < 1 kB after call", "allocation 0 after call", "p50", "p99",
            "p99.9", "p99.99", "max", "GCs in window", "p50 over JVMs", "CPU-time p50 over JVMs", "on CPU");

    static String table(Map<String, List<Map<String, String>>> byWorkload) {
        StringBuilder s = new StringBuilder("| " + String.join(" | ", COLUMNS) + " |\n|");
        for (int i = 0; i < COLUMNS.size(); i++) s.append(i == 0 ? " --- |" : " ---: |");
        s.append('\n');
        for (var e : byWorkload.entrySet()) {
            List<Map<String, String>> rows = e.getValue();
            long total = (long) (median(rows, "warmup") + median(rows, "calls"));
            double[] stops = values(rows, "alloc_last_call");
            boolean never = Arrays.stream(stops).anyMatch(v -> v >= total);
            List<String> cells = List.of(e.getKey(), Long.toString((long) median(rows, "n")), Integer.toString(rows.size()),
                    Long.toString((long) median(rows, "calls")), LatencyBench.time(median(rows, "call1_ns")),
                    bytes(median(rows, "call1_bytes")), bytes(median(rows, "alloc_total_bytes")),
                    range(values(rows, "alloc_last_kb_call")), never ? "never (allocates to the end)" : range(stops),
                    time(rows, "p50_ns"), time(rows, "p99_ns"), time(rows, "p99_9_ns"), time(rows, "p99_99_ns"),
                    time(rows, "max_ns"), Long.toString((long) Arrays.stream(values(rows, "window_gcs")).sum()),
                    spread(values(rows, "p50_ns")), spread(values(rows, "cpu_p50_ns")),
                    String.format(Locale.ROOT, "%.0f%%", 100 * median(rows, "cpu_share")));
            s.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        return s.toString();
    }

    /** The median over the JVMs of a time in ns, readable. */
    private static String time(List<Map<String, String>> rows, String key) {
        return LatencyBench.time(median(rows, key));
    }

    /** "min–max (±d%)", d the largest deviation from the median. */
    private static String spread(double[] v) {
        double mid = median(v), dev = 0;
        for (double x : v) dev = Math.max(dev, Math.abs(x / mid - 1));
        return String.format(Locale.ROOT, "%s–%s (±%.1f%%)", LatencyBench.time(Arrays.stream(v).min().orElse(0)),
                LatencyBench.time(Arrays.stream(v).max().orElse(0)), 100 * dev);
    }

    private static double[] values(List<Map<String, String>> rows, String key) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            String x = rows.get(i).get(key);
            if (x == null) throw new IllegalArgumentException("a result line has no \"" + key + "\": " + rows.get(i));
            v[i] = Double.parseDouble(x);
        }
        return v;
    }

    private static double median(List<Map<String, String>> rows, String key) {
        return median(values(rows, key));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    private static String range(double[] v) {
        long lo = (long) Arrays.stream(v).min().orElse(0), hi = (long) Arrays.stream(v).max().orElse(0);
        return lo == hi ? Long.toString(lo) : lo + "–" + hi;
    }

    static String bytes(double b) {
        if (b < 1 << 10) return String.format(Locale.ROOT, "%.0f B", b);
        if (b < 1 << 20) return String.format(Locale.ROOT, "%.1f kB", b / 1024);
        if (b < 1L << 30) return String.format(Locale.ROOT, "%.1f MB", b / (1 << 20));
        return String.format(Locale.ROOT, "%.2f GB", b / (1L << 30));
    }
}

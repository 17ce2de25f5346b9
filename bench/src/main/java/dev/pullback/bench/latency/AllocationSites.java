package dev.pullback.bench.latency;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Which of Pullback's methods allocate during warm-up, and until when, from a JFR recording's
 * {@code jdk.ObjectAllocationSample} events: each sample's weight (bytes it stands for) goes to the
 * innermost frame of a {@code dev.pullback} class other than the benchmark's own (the kernel whose
 * interpreted or C1 code boxes a vector, say). Prints one line per method, latest last allocation
 * first: sampled bytes, the seconds (since the recording started) of its first and last sample,
 * and the class it allocated most. JFR throttles the samples and gives each the weight of all the
 * thread allocated since its previous sample, so a late sample after a quiet stretch carries bytes
 * allocated elsewhere before it: read "last s" as the order in which methods stop allocating, and
 * the bytes as a rough share.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.pullback.bench.latency.AllocationSites run.jfr [TOP]</pre>
 */
public final class AllocationSites {
    private AllocationSites() {}

    private static final class Site {
        long bytes;
        Instant first, last;
        final Map<String, Long> byClass = new HashMap<>();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: AllocationSites recording.jfr [TOP]");
            System.exit(2);
        }
        int top = args.length == 2 ? Integer.parseInt(args[1]) : 15;
        Map<String, Site> sites = new HashMap<>();
        Instant start = null;
        long unattributed = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (start == null || e.getStartTime().isBefore(start)) start = e.getStartTime();
            if (!e.getEventType().getName().equals("jdk.ObjectAllocationSample")) continue;
            long weight = e.getLong("weight");
            String site = site(e);
            if (site == null) {
                unattributed += weight;
                continue;
            }
            Site s = sites.computeIfAbsent(site, k -> new Site());
            s.bytes += weight;
            Instant t = e.getStartTime();
            if (s.first == null || t.isBefore(s.first)) s.first = t;
            if (s.last == null || t.isAfter(s.last)) s.last = t;
            s.byClass.merge(e.getClass("objectClass").getName(), weight, Long::sum);
        }
        List<Map.Entry<String, Site>> list = new ArrayList<>(sites.entrySet());
        list.sort((a, b) -> b.getValue().last.compareTo(a.getValue().last));
        System.out.printf(Locale.ROOT, "%-70s %10s %8s %8s  %s%n", "method (innermost dev.pullback frame)", "sampled",
                "first s", "last s", "mostly");
        for (var entry : list.subList(0, Math.min(top, list.size()))) {
            Site s = entry.getValue();
            String mostly = s.byClass.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .orElse("");
            System.out.printf(Locale.ROOT, "%-70s %10s %8.2f %8.2f  %s%n", entry.getKey(), LatencySummary.bytes(s.bytes),
                    seconds(start, s.first), seconds(start, s.last), mostly);
        }
        System.out.printf(Locale.ROOT, "(%d sites; %s sampled outside Pullback's methods)%n", sites.size(),
                LatencySummary.bytes(unattributed));
    }

    private static String site(RecordedEvent e) {
        if (e.getStackTrace() == null) return null;
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("dev.pullback.") && !type.startsWith("dev.pullback.bench.")) {
                return type.substring("dev.pullback.".length()) + "." + f.getMethod().getName();
            }
        }
        return null;
    }

    private static double seconds(Instant start, Instant t) {
        return Duration.between(start, t).toNanos() / 1e9;
    }
}

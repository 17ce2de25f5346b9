package dev.pullback.cli.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Which JIT tier runs the timed code, seen through JFR in the same JVM: compilations
 * ({@code jdk.Compilation}), deoptimizations ({@code jdk.Deoptimization}) and execution samples of
 * the benchmark thread every {@value #SAMPLE_MS} ms ({@code jdk.ExecutionSample}). A sample counts
 * when it falls inside the harness's timed loop ({@code Harness.batch}); {@link TierLedger} says
 * whether the code it caught running is C2 code. The frames up to that loop are the op's path.
 *
 * <p>Why samples: a method called once per operation can run C1 code for hundreds of operations
 * while nothing compiles anywhere (tier 4 waits for its invocation counter), and C1-compiled Vector
 * API code boxes every vector and runs 50x slower, with perfectly steady times. A sampler lands
 * where the time goes, so the code that matters for the time is the code it sees running; code it
 * never sees running takes little time (a C1-compiled driver that calls C2 kernels, say).
 *
 * <p>JFR delivers events once a second (its flush period), so this watch knows the state of about
 * a second ago. Within a flush, events are applied in the order they took effect (a compilation
 * when its code was installed, at its end).
 */
public final class TierWatch implements AutoCloseable {
    static final int SAMPLE_MS = 10;
    private static final String BATCH_CLASS = Harness.class.getName(), BATCH_METHOD = "batch";

    private final RecordingStream stream;
    private final long threadId;
    private final List<RecordedEvent> pending = new ArrayList<>(); // the stream's thread only
    private final TierLedger ledger = new TierLedger();
    private final Object lock = new Object();
    // guarded by lock
    private Instant opStart = Instant.MIN, countFrom = Instant.MIN, lastFlush;
    private long samples, c2Samples, streak, pathDeoptimizations;
    private final Map<String, Integer> laggards = new HashMap<>();
    private final Set<String> path = new HashSet<>();

    private TierWatch(RecordingStream stream, long threadId) {
        this.stream = stream;
        this.threadId = threadId;
    }

    /**
     * Starts watching the thread that will run the benchmark; null when this JVM cannot stream JFR
     * events (then the harness cannot see the tier and says so).
     */
    public static TierWatch start(Thread benchmarkThread) {
        RecordingStream rs;
        try {
            rs = new RecordingStream();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
        TierWatch w = new TierWatch(rs, benchmarkThread.threadId());
        rs.setMaxAge(Duration.ofMinutes(1)); // read as it comes: keep little on disk
        rs.enable("jdk.Compilation").withThreshold(Duration.ZERO);
        rs.enable("jdk.Deoptimization").withoutStackTrace();
        rs.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(SAMPLE_MS));
        rs.onEvent(w.pending::add);
        rs.onFlush(w::flush);
        rs.startAsync();
        return w;
    }

    /**
     * What the watch saw since {@link #countFrom}: samples of the op's path and how many ran C2 code
     * only; the current run of consecutive C2 samples (counted since the op started); discarding
     * deoptimizations of methods seen on the path; the most frequent laggard (method and level) of
     * the samples that were not in C2, or null.
     */
    public record Status(long samples, long c2Samples, long c2Streak, long pathDeoptimizations, String laggard) {}

    /** A consistent snapshot. */
    public Status status() {
        synchronized (lock) {
            String worst = laggards.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(e -> e.getKey() + " (" + e.getValue() + " of " + samples + " samples)").orElse(null);
            return new Status(samples, c2Samples, streak, pathDeoptimizations, worst);
        }
    }

    /**
     * Counts from {@code from} on. With {@code newOp}, a new operation starts: samples before
     * {@code from} are ignored altogether, the streak and the path start empty. Without, only the
     * counts restart (the streak and the path go on).
     */
    public void countFrom(Instant from, boolean newOp) {
        synchronized (lock) {
            countFrom = from;
            samples = c2Samples = pathDeoptimizations = 0;
            laggards.clear();
            if (newOp) {
                opStart = from;
                streak = 0;
                path.clear();
            }
        }
    }

    /** Waits until JFR has delivered the events up to {@code t}; gives up after three seconds. */
    public void awaitFlushAfter(Instant t) throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        synchronized (lock) {
            while ((lastFlush == null || !lastFlush.isAfter(t)) && System.nanoTime() < deadline) lock.wait(100);
        }
    }

    private void flush() {
        pending.sort(Comparator.comparing(TierWatch::effective));
        synchronized (lock) {
            for (RecordedEvent e : pending) {
                switch (e.getEventType().getName()) {
                    case "jdk.Compilation" -> compiled(e);
                    case "jdk.Deoptimization" -> deoptimized(e);
                    case "jdk.ExecutionSample" -> sampled(e);
                    default -> { }
                }
            }
            pending.clear();
            lastFlush = Instant.now();
            lock.notifyAll();
        }
    }

    private static Instant effective(RecordedEvent e) {
        return e.getEventType().getName().equals("jdk.Compilation") ? e.getEndTime() : e.getStartTime();
    }

    private boolean counted(RecordedEvent e) {
        return !effective(e).isBefore(countFrom);
    }

    private void compiled(RecordedEvent e) {
        if (!e.getBoolean("succeded")) return; // sic: JFR's field name
        ledger.compiled(key(e.getValue("method")), e.getShort("compileLevel"), e.getBoolean("isOsr"),
                e.getInt("compileId"));
    }

    private void deoptimized(RecordedEvent e) {
        String m = ledger.deoptimized(e.getInt("compileId"), e.getString("action"));
        if (m != null && path.contains(m) && counted(e)) pathDeoptimizations++;
    }

    private void sampled(RecordedEvent e) {
        RecordedThread t = e.getThread("sampledThread");
        if (t == null || t.getJavaThreadId() != threadId || e.getStackTrace() == null) return;
        if (e.getStartTime().isBefore(opStart)) return; // an earlier op's
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        List<TierLedger.Frame> above = new ArrayList<>();
        boolean inBatch = false;
        for (RecordedFrame f : frames) {
            RecordedMethod rm = f.getMethod();
            TierLedger.Frame frame = new TierLedger.Frame(key(rm), kind(f.getType()));
            above.add(frame);
            if (rm.getName().equals(BATCH_METHOD) && rm.getType().getName().equals(BATCH_CLASS)) {
                inBatch = true;
                break;
            }
        }
        // Not in the loop: the harness's own bookkeeping; unless JFR cut the stack (64 frames), then deep in the op.
        if (!inBatch && !e.getStackTrace().isTruncated()) return;
        for (TierLedger.Frame f : above) path.add(f.method());
        TierLedger.Laggard lagging = ledger.laggard(above);
        boolean counted = counted(e);
        if (counted) samples++;
        if (lagging == null) {
            streak++;
            if (counted) c2Samples++;
        } else {
            streak = 0;
            if (counted) laggards.merge(describe(lagging), 1, Integer::sum);
        }
    }

    private static TierLedger.Kind kind(String jfrType) {
        return switch (jfrType == null ? "" : jfrType) {
            case "Interpreted" -> TierLedger.Kind.INTERPRETED;
            case "JIT compiled" -> TierLedger.Kind.COMPILED;
            case "Inlined" -> TierLedger.Kind.INLINED;
            default -> TierLedger.Kind.NATIVE;
        };
    }

    private static String key(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName() + m.getDescriptor();
    }

    /** "SupernodalLu.factor interpreted", "DenseLu.refactor at level 3": package and descriptor left out. */
    static String describe(TierLedger.Laggard l) {
        String m = l.method();
        int paren = m.indexOf('(');
        String name = paren < 0 ? m : m.substring(0, paren);
        int dot = name.lastIndexOf('.');
        int classDot = dot < 0 ? -1 : name.lastIndexOf('.', dot - 1);
        return name.substring(classDot + 1) + (l.level() == 0 ? " interpreted" : " at level " + l.level());
    }

    @Override
    public void close() {
        stream.close();
    }
}

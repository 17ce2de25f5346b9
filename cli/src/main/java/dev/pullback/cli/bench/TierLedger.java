package dev.pullback.cli.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JIT level of each method's current code, kept from compilation and deoptimization events,
 * and the verdict on one stack sample: did it catch C2 (level-4) code running? Pure bookkeeping,
 * fed by {@link TierWatch} from JFR.
 *
 * <p>A sample's frames come top first, as JFR records them: an interpreted frame, a compiled frame
 * (the root of an nmethod) or an inlined frame (inside the next compiled frame below it, so of its
 * level). A compiled frame counts at the level of its method's standard (non-OSR) code. OSR code
 * does not count: JFR does not tell an OSR frame from a standard one, and a method with a short
 * loop that is called once per operation keeps entering its C1 code, which moves to the OSR code
 * only after thousands of iterations in one call (docs/PERFORMANCE.md, 2026-12-07). A compiled
 * frame of a method with no recorded compilation was compiled before the recording started; it
 * counts as level 4 (the recording starts before the benchmark's code runs, so only the JDK's
 * start-up methods are in that case).
 */
final class TierLedger {
    /** How JFR saw a frame. */
    enum Kind { INTERPRETED, COMPILED, INLINED, NATIVE }

    /** One frame of a sample: the method (any stable name) and how it ran. */
    record Frame(String method, Kind kind) {}

    private static final class Code {
        int level;
        long compileId = -1;
    }

    private final Map<String, Code> code = new HashMap<>();
    private final Map<Long, String> byCompileId = new HashMap<>();

    /** A successful compilation of {@code method} at {@code level} (1–4) installed its code; OSR code is not counted. */
    void compiled(String method, int level, boolean osr, long compileId) {
        if (osr) return;
        Code c = code.computeIfAbsent(method, k -> new Code());
        c.level = level;
        c.compileId = compileId;
        byCompileId.put(compileId, method);
    }

    /**
     * A deoptimization in the code of compilation {@code compileId}. HotSpot's actions reinterpret,
     * make_not_entrant and make_not_compilable discard that code (the method runs interpreted until
     * compiled again); none and maybe_recompile keep it. Returns the method whose current code was
     * discarded, else null.
     */
    String deoptimized(long compileId, String action) {
        if (action == null || action.equals("none") || action.equals("maybe_recompile")) return null;
        String m = byCompileId.get(compileId);
        Code c = m == null ? null : code.get(m);
        if (c == null || c.compileId != compileId) return null; // OSR code, or code already replaced
        c.level = 0;
        return m;
    }

    /** The level a compiled frame of this method runs at (4 when compiled before the records began). */
    int level(String method) {
        Code c = code.get(method);
        return c == null ? 4 : c.level;
    }

    /** The code a sample caught running when it is not C2 code: its method, and level 0 when interpreted. */
    record Laggard(String method, int level) {}

    /**
     * Null when the sample caught C2 code running, else what it caught. The running code is the
     * first physical frame from the top (inlined frames run inside it); a native frame is neither
     * C1 nor C2 and passes. Only the running code counts, not its callers: the sampler finds where
     * the time goes, and a C1-compiled driver that calls C2 kernels costs little.
     */
    Laggard laggard(List<Frame> topFirst) {
        for (Frame f : topFirst) {
            switch (f.kind()) {
                case INTERPRETED -> {
                    return new Laggard(f.method(), 0);
                }
                case COMPILED -> {
                    int level = level(f.method());
                    return level < 4 ? new Laggard(f.method(), level) : null;
                }
                case NATIVE -> {
                    return null;
                }
                case INLINED -> { }
            }
        }
        return null;
    }
}

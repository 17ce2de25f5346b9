package dev.pullback.storage;

import java.util.Locale;

/**
 * The bound on one allocation whose size comes from data: a dense matrix, a vector, a dense LU's
 * factors, the column pointers of a sparse matrix read from a file. A request above it fails at once
 * with a {@link MemoryLimitException} that gives the bytes needed and the property to raise, before
 * any memory is touched: a 60-byte file that claims a 10⁵×10⁵ dense matrix does not get 80 GB zeroed
 * first, and an off-heap allocation that the machine cannot hold does not end in swap or the
 * kernel's OOM killer.
 *
 * <p>The limit is the system property {@value #PROPERTY}: a byte count, optionally followed by
 * {@code k}, {@code m}, {@code g} or {@code t} (powers of 1024, any case), e.g.
 * {@code -Dpullback.maxBytes=20g}. It is read at every check, so a program may change it while it
 * runs. Default: {@link Runtime#maxMemory()}, the JVM's maximum heap ({@code -Xmx}; by default a
 * quarter of the physical memory), which is also the JVM's default bound on direct buffers
 * ({@code -XX:MaxDirectMemorySize}). Off-heap memory from {@code java.lang.foreign} counts against
 * neither of those, so without this limit nothing would stop such a request short of the machine's
 * memory. The limit applies to each allocation on its own, not to their sum.
 */
public final class MemoryLimit {
    /** The system property that sets the limit. */
    public static final String PROPERTY = "pullback.maxBytes";

    /** The last property value parsed and its value in bytes (one immutable pair, so reads need no lock). */
    private record Parsed(String text, long bytes) {}

    private static volatile Parsed cache = new Parsed(null, -1);

    private MemoryLimit() {}

    /**
     * The current limit in bytes.
     *
     * @throws IllegalArgumentException if {@value #PROPERTY} is set to something that is not a byte count
     */
    public static long maxBytes() {
        String text = System.getProperty(PROPERTY);
        if (text == null) return Runtime.getRuntime().maxMemory();
        Parsed p = cache;
        if (!text.equals(p.text())) {
            p = new Parsed(text, parse(text));
            cache = p;
        }
        return p.bytes();
    }

    /** Whether {@code bytes} fits the limit (for callers that build their message only on failure). */
    public static boolean allows(long bytes) {
        return bytes <= maxBytes();
    }

    /**
     * Throws unless {@code bytes} fits the limit.
     *
     * @param what what the memory is for, as the message should name it ("a dense 40000x40000 matrix")
     * @throws MemoryLimitException if {@code bytes} exceeds {@link #maxBytes()}
     */
    public static void check(String what, long bytes) {
        long limit = maxBytes();
        if (bytes > limit) throw new MemoryLimitException(what, bytes, limit);
    }

    /** E.g. {@code 12800000000 bytes (11.9 GiB)}. */
    static String describe(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return bytes + " bytes (" + String.format(Locale.ROOT, "%.1f", v) + " " + units[u] + ")";
    }

    private static long parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        int shift = 0;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                case 't' -> shift = 40;
                default -> { }
            }
        }
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        long n = -1;
        if (!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                n = Long.parseLong(digits);
            } catch (NumberFormatException e) {
                n = -1;
            }
        }
        if (n < 0 || n > Long.MAX_VALUE >> shift) {
            throw new IllegalArgumentException(PROPERTY + " is '" + text + "': expected a byte count below 2^63,"
                    + " optionally with a k, m, g or t suffix (e.g. 20g)");
        }
        return n << shift;
    }
}

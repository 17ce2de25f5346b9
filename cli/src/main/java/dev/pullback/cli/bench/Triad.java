package dev.pullback.cli.bench;

/**
 * The memory-bandwidth bound of this machine, measured like STREAM's triad a[i] = b[i] + s·c[i]
 * on three heap arrays much larger than the last-level cache, one thread. Reported as STREAM does:
 * 24 bytes per element (two reads, one write; the write-allocate read is not counted) and the best
 * of the timed repetitions. A kernel moving B bytes per run cannot take less than B / bound.
 */
public final class Triad {
    private Triad() {}

    /** Best triad rate in GB/s (1e9 bytes per second) over arrays totalling about {@code megabytes}. */
    public static double gigabytesPerSecond(int megabytes) {
        int n = Math.max(1 << 16, (int) Math.min(Integer.MAX_VALUE - 8, (long) megabytes * (1 << 20) / 24));
        double[] a = new double[n], b = new double[n], c = new double[n];
        java.util.Arrays.fill(b, 1.0);
        java.util.Arrays.fill(c, 2.0);
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 30; rep++) {
            long t0 = System.nanoTime();
            triad(a, b, c, 3.0);
            long t = System.nanoTime() - t0;
            if (rep >= 10) best = Math.min(best, t); // the first runs are the JIT's
        }
        if (a[n / 2] != 7.0) throw new AssertionError("triad computed " + a[n / 2]);
        return 24.0 * n / best;
    }

    private static void triad(double[] a, double[] b, double[] c, double s) {
        for (int i = 0; i < a.length; i++) a[i] = b[i] + s * c[i];
    }
}

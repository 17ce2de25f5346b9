package dev.pullback.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The one place that decides whether kernels fuse multiply-add (after Lucene's Constants): a fused
 * {@code Math.fma} is one correctly rounded instruction where the CPU has FMA and C2 uses it
 * ({@code -XX:+UseFMA}, the default there), but a slow software routine elsewhere. Both kernel paths
 * read {@link #FAST}, so they round the same way and the SIMD path can be compared with the scalar
 * one exactly where their summation order is the same.
 */
public final class Fma {
    /** Whether {@link #fma} (and the Vector API's lanewise fma) are fused hardware instructions. */
    public static final boolean FAST = detect();

    private Fma() {}

    /** a·b + c, fused (one rounding) when {@link #FAST}, else a product and a sum (two roundings). */
    public static double fma(double a, double b, double c) {
        return FAST ? Math.fma(a, b, c) : a * b + c;
    }

    private static boolean detect() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return bean == null || Boolean.parseBoolean(bean.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return true; // not HotSpot: assume a modern CPU, as the JIT then decides anyway
        }
    }
}

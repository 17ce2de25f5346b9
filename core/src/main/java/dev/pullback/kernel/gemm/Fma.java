package dev.pullback.kernel.gemm;

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

    /**
     * Reads HotSpot's UseFMA flag. By reflection, so that the core module needs only java.base: where
     * java.management or jdk.management is not in the module graph, the flag is assumed on.
     */
    private static boolean detect() {
        try {
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            Class<?> diagnostic = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Object bean = factory.getMethod("getPlatformMXBean", Class.class).invoke(null, diagnostic);
            if (bean == null) return true;
            Object option = diagnostic.getMethod("getVMOption", String.class).invoke(bean, "UseFMA");
            return Boolean.parseBoolean(String.valueOf(option.getClass().getMethod("getValue").invoke(option)));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return true; // not HotSpot, or no management module: assume a modern CPU, the JIT decides anyway
        }
    }
}

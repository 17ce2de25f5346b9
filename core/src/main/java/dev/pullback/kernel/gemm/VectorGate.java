package dev.pullback.kernel.gemm;

/**
 * Whether this JVM may run the Vector API kernels (after Lucene's VectorizationProvider): the
 * incubator module must be present, the JDK must be a feature release the kernels were tested on
 * (the incubator API changes between releases), and C2 must be there to compile them (interpreted
 * or C1-compiled Vector API code boxes every vector and runs many times slower than the scalar
 * kernels). Where one of these fails, Pullback runs on its scalar kernels and logs the reason once;
 * {@code -Dpullback.kernel=simd} forces the Vector API kernels past the version and compiler checks.
 */
public final class VectorGate {
    /** The JDK feature releases the Vector API kernels were tested on. */
    public static final int MIN_TESTED_FEATURE = 25;
    public static final int MAX_TESTED_FEATURE = 25;

    static final String PREFIX = "Pullback runs on scalar kernels: ";

    private static final String REASON = reason(Runtime.version().feature(),
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), System.getProperty("java.vm.name", ""),
            System.getProperty("java.vm.info", ""), tieredStopAtLevel());

    private VectorGate() {}

    /** Why this JVM's default kernels are the scalar ones (a one-line message), or null when the Vector API ones may run. */
    public static String unavailableReason() {
        return REASON;
    }

    /** Whether the incubator module is in this JVM (what {@code pullback.kernel=simd} needs at the least). */
    public static boolean modulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * The decision, from what the JVM says about itself.
     *
     * @param tieredStopAtLevel HotSpot's TieredStopAtLevel, or −1 when unknown
     */
    static String reason(int feature, boolean module, String vmName, String vmInfo, int tieredStopAtLevel) {
        if (!module) {
            return PREFIX + "add --add-modules=jdk.incubator.vector to the JVM flags (see jvm.config) for the SIMD ones.";
        }
        if (feature < MIN_TESTED_FEATURE || feature > MAX_TESTED_FEATURE) {
            return PREFIX + "its Vector API kernels are tested on JDK " + MIN_TESTED_FEATURE
                    + (MAX_TESTED_FEATURE == MIN_TESTED_FEATURE ? "" : "-" + MAX_TESTED_FEATURE) + " and this is JDK "
                    + feature + " (-Dpullback.kernel=simd uses them anyway).";
        }
        if (vmInfo.contains("interpreted mode")) {
            return PREFIX + "this JVM runs interpreted (-Xint), where Vector API code is many times slower than scalar code.";
        }
        if (vmName.contains("Client VM")) {
            return PREFIX + "this is a client VM without the C2 compiler, which the Vector API kernels need.";
        }
        if (tieredStopAtLevel >= 0 && tieredStopAtLevel < 4) {
            return PREFIX + "-XX:TieredStopAtLevel=" + tieredStopAtLevel
                    + " keeps C2 from compiling, which the Vector API kernels need.";
        }
        return null;
    }

    /** HotSpot's TieredStopAtLevel by reflection (the core reads only java.base), −1 when not known. */
    private static int tieredStopAtLevel() {
        try {
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            Class<?> diagnostic = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Object bean = factory.getMethod("getPlatformMXBean", Class.class).invoke(null, diagnostic);
            if (bean == null) return -1;
            Object option = diagnostic.getMethod("getVMOption", String.class).invoke(bean, "TieredStopAtLevel");
            return Integer.parseInt(String.valueOf(option.getClass().getMethod("getValue").invoke(option)));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return -1;
        }
    }
}

package dev.pullback.kernel.gemm;

/**
 * Which groups of Vector API kernels run on the caller's path yet (internal: this package is not
 * exported). Until C2 has compiled a Vector API kernel with its whole vector expression inlined,
 * the interpreter and C1 allocate a box for every vector it computes (megabytes per call of a
 * dense LU). {@link TieredGemm} and {@code dev.pullback.kernel.TieredKernels} therefore run the
 * scalar twins until the warm-up ({@code dev.pullback.kernel.KernelWarmUp}) has seen a group run
 * without allocating on its own thread, then switch that group here, once and for good.
 *
 * <p>The flags are plain fields: a caller may see a switch late (it then runs the scalar twin a
 * little longer), never a wrong result, since both paths compute the same thing. Thread-safe.
 */
public final class KernelTier {
    /** dot, axpy, scal, nrm2, iamax. */
    public static final int BLAS1 = 0;
    /** gemv, both forms. */
    public static final int GEMV = 1;
    /** Ax, Aᵀx, their column ranges, uᵀAv. */
    public static final int SPARSE = 2;
    /** The grouped uᵀAₘv. */
    public static final int GROUPED = 3;
    /** GEMM, TRSM and the panel factorization. */
    public static final int GEMM = 4;
    /** The number of groups. */
    public static final int GROUPS = 5;

    private static final String[] NAMES = {"blas1", "gemv", "sparse", "grouped", "gemm"};
    private static final boolean[] VECTOR = new boolean[GROUPS];
    private static final String WARM_UP = "dev.pullback.kernel.KernelWarmUp";

    private KernelTier() {}

    /** Whether the group's callers run the Vector API kernels (else the scalar twins). */
    public static boolean vector(int group) {
        return VECTOR[group];
    }

    /** Sends the group's callers to the Vector API kernels from now on. */
    public static void promote(int group) {
        VECTOR[group] = true;
    }

    /** Whether every group runs the Vector API kernels. */
    public static boolean allVector() {
        for (boolean v : VECTOR) if (!v) return false;
        return true;
    }

    /**
     * Whether {@code auto} kernels start on the scalar twins and switch group by group: system
     * property {@code pullback.warmup} = {@code background}; the default, {@code off}, runs the
     * Vector API kernels from the first call (boxing until C2 compiles them). Opt-in because the
     * switch can come late: see the guide, "First calls".
     */
    public static boolean tiered() {
        String w = System.getProperty("pullback.warmup", "off").trim();
        if (w.equals("off")) return false;
        if (!w.equals("background")) {
            throw new IllegalArgumentException("pullback.warmup must be off or background, got '" + w + "'");
        }
        return true;
    }

    /** Starts the warm-up thread (once per JVM; loaded by name, it lives in the package above). */
    public static void startWarmUp() {
        try {
            Class.forName(WARM_UP, true, KernelTier.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + WARM_UP, e);
        }
    }

    /** The group's name, for messages. */
    public static String name(int group) {
        return NAMES[group];
    }
}

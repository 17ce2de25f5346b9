package dev.pullback.kernel;

import dev.pullback.kernel.gemm.KernelTier;
import dev.pullback.kernel.gemm.VectorGate;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Chooses the kernel implementation once per JVM, after Lucene's VectorizationProvider: the Vector
 * API implementation ({@code dev.pullback.kernel.simd}) is loaded by name only when the incubator
 * module is present, so nothing outside that package touches {@code jdk.incubator.vector} and a JVM
 * without {@code --add-modules jdk.incubator.vector} runs on the scalar kernels (and says so once).
 *
 * <p>System property {@code pullback.kernel}: {@code auto} (default), {@code scalar}, or
 * {@code simd} / {@code simd:<bits>} (fail if unavailable; bits narrows the species, e.g. 128, to
 * test narrow machines on a wide one). The test suite runs once on each path.
 *
 * <p>{@link #kernels()} returns the argument-checking facade ({@link CheckedKernels}); callers inside
 * Pullback that have validated their operands and call kernels in inner loops use
 * {@link #unchecked()}. {@link #scalar()} and {@link #simd(int)} return unchecked implementations,
 * for tests and benchmarks that want one path explicitly ({@link #checked(Kernels)} wraps them).
 */
public final class KernelProvider {
    private static final System.Logger LOG = System.getLogger(KernelProvider.class.getName());
    private static final String SIMD_CLASS = "dev.pullback.kernel.simd.SimdKernels";

    private KernelProvider() {}

    /** The kernels this JVM uses, behind the argument-checking facade. */
    public static Kernels kernels() {
        return Holder.CHECKED;
    }

    /** The kernels this JVM uses, without argument checks: for validated operands in inner loops. */
    public static Kernels unchecked() {
        return Holder.KERNELS;
    }

    /** The argument-checking facade over an explicitly chosen implementation. */
    public static Kernels checked(Kernels k) {
        return k instanceof CheckedKernels ? k : new CheckedKernels(k);
    }

    /** The scalar kernels, always available. */
    public static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * The Vector API kernels with the preferred species (bits = 0) or a narrower one, or null when
     * the incubator module is absent or the width holds fewer than two doubles or exceeds the
     * hardware's; an IllegalArgumentException when bits is no vector size.
     */
    public static Kernels simd(int bits) {
        if (!VectorGate.modulePresent()) return null;
        try {
            Class<?> c = Class.forName(SIMD_CLASS);
            var ctor = MethodHandles.lookup().findStatic(c, "create", MethodType.methodType(c, int.class));
            return (Kernels) ctor.invoke(bits);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Vector API kernels refused: " + e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no vector shape of " + bits + " bits (use 0, 128, 256 or 512)", e);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot load " + SIMD_CLASS, t);
        }
    }

    /** The message logged once when the Vector API is absent and {@code auto} falls back to scalar. */

    /**
     * The choice for a {@code pullback.kernel} value, given how to load SIMD kernels (null when
     * unavailable) and where to report a fallback; {@link Holder} calls it once per JVM.
     */
    static Kernels choose(String spec, IntFunction<Kernels> simd, Consumer<String> warn) {
        spec = spec.trim();
        if (spec.equals("scalar")) return scalar();
        if (spec.equals("simd") || spec.startsWith("simd:")) {
            int bits;
            try {
                bits = spec.equals("simd") ? 0 : Integer.parseInt(spec.substring(5));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("pullback.kernel=" + spec + ": bits must be an integer such as 256");
            }
            Kernels k = simd.apply(bits);
            if (k == null) {
                throw new IllegalStateException("pullback.kernel=" + spec + " but the Vector API is unavailable"
                        + " or refused that width: run with --add-modules=jdk.incubator.vector (see jvm.config)");
            }
            return k;
        }
        if (!spec.equals("auto")) {
            throw new IllegalArgumentException("pullback.kernel must be auto, scalar, simd or simd:<bits>, got '" + spec + "'");
        }
        return chooseAuto(VectorGate.unavailableReason(), simd, warn);
    }

    /** auto: the Vector API kernels unless the gate gave a reason (logged once) or they refuse this CPU. */
    static Kernels chooseAuto(String gateReason, IntFunction<Kernels> simd, Consumer<String> warn) {
        Kernels k = gateReason == null ? simd.apply(0) : null;
        if (k == null) {
            warn.accept(gateReason != null ? gateReason
                    : "Pullback runs on scalar kernels: the Vector API refused this CPU's vector width (see the debug log).");
            return scalar();
        }
        return k;
    }

    /**
     * With {@code -Dpullback.warmup=background}: waits until every Vector API kernel the
     * {@code auto} choice hands out runs C2-compiled, at most {@code limit}; a service that wants its
     * first requests at full speed calls this at start-up. Without it nothing changes but speed:
     * until a group of kernels is compiled, callers run the scalar twins (which allocate nothing),
     * and {@code KernelWarmUp} compiles the Vector API ones on a thread of its own (see the guide,
     * "First calls"). Returns at once without that property (the default), on the scalar kernels and
     * with {@code -Dpullback.kernel=simd}: the Vector API kernels then run from the first call.
     *
     * @return whether every group runs its Vector API kernels now (true where there is nothing to wait for)
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public static boolean warmUp(java.time.Duration limit) throws InterruptedException {
        if (!(unchecked() instanceof TieredKernels)) return true;
        return KernelWarmUp.await(limit);
    }

    /** {@code auto}'s choice when it is the Vector API kernels and the warm-up is on: tiered (see {@link #warmUp}). */
    static Kernels tiered(String spec, Kernels k) {
        if (!spec.trim().equals("auto") || k == scalar() || !KernelTier.tiered()) return k;
        KernelTier.startWarmUp();
        return new TieredKernels(k, scalar());
    }

    private static final class Holder {
        static final Kernels KERNELS = tiered(System.getProperty("pullback.kernel", "auto"),
                choose(System.getProperty("pullback.kernel", "auto"), KernelProvider::simd,
                        m -> LOG.log(System.Logger.Level.WARNING, m)));
        static final Kernels CHECKED = new CheckedKernels(KERNELS);
    }
}

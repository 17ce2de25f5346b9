package dev.pullback.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.logging.Logger;

/**
 * Chooses the kernel implementation once per JVM, after Lucene's VectorizationProvider: the Vector
 * API implementation ({@code dev.pullback.kernel.simd}) is loaded by name only when the incubator
 * module is present, so nothing outside that package touches {@code jdk.incubator.vector} and a JVM
 * without {@code --add-modules jdk.incubator.vector} runs on the scalar kernels (and says so once).
 *
 * <p>System property {@code pullback.kernel}: {@code auto} (default), {@code scalar}, or
 * {@code simd} / {@code simd:<bits>} (fail if unavailable; bits narrows the species, e.g. 128, to
 * test narrow machines on a wide one). The test suite runs once on each path.
 */
public final class KernelProvider {
    private static final Logger LOG = Logger.getLogger(KernelProvider.class.getName());
    private static final String SIMD_CLASS = "dev.pullback.kernel.simd.SimdKernels";

    private KernelProvider() {}

    /** The kernels this JVM uses. */
    public static Kernels kernels() {
        return Holder.KERNELS;
    }

    /** The scalar kernels, always available. */
    public static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * The Vector API kernels with the preferred species (bits = 0) or a narrower one, or null when
     * the incubator module is absent or the width is below two doubles.
     */
    public static Kernels simd(int bits) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return null;
        try {
            Class<?> c = Class.forName(SIMD_CLASS);
            var ctor = MethodHandles.publicLookup().findStatic(c, "create", MethodType.methodType(c, int.class));
            return (Kernels) ctor.invoke(bits);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (UnsupportedOperationException e) {
            LOG.fine(() -> "Vector API kernels refused: " + e.getMessage());
            return null;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot load " + SIMD_CLASS, t);
        }
    }

    private static Kernels choose() {
        String spec = System.getProperty("pullback.kernel", "auto").trim();
        if (spec.equals("scalar")) return scalar();
        if (spec.startsWith("simd")) {
            int bits = spec.startsWith("simd:") ? Integer.parseInt(spec.substring(5)) : 0;
            Kernels k = simd(bits);
            if (k == null) {
                throw new IllegalStateException("pullback.kernel=" + spec + " but the Vector API is unavailable:"
                        + " run with --add-modules=jdk.incubator.vector (see jvm.config)");
            }
            return k;
        }
        if (!spec.equals("auto")) {
            throw new IllegalArgumentException("pullback.kernel must be auto, scalar, simd or simd:<bits>, got '" + spec + "'");
        }
        Kernels k = simd(0);
        if (k == null) {
            LOG.warning("Pullback runs on scalar kernels: add --add-modules=jdk.incubator.vector"
                    + " to the JVM flags (see jvm.config) for the SIMD ones.");
            return scalar();
        }
        return k;
    }

    private static final class Holder {
        static final Kernels KERNELS = choose();
    }

    /**
     * The GEMM/TRSM kernels this JVM uses, chosen by the same {@code pullback.kernel} property:
     * {@code scalar} gives {@link ScalarGemm}; {@code simd[:bits]} the Vector API one
     * ({@code dev.pullback.kernel.simd.SimdGemm}, loaded by name) or an error if it is unavailable;
     * {@code auto} the Vector API one when the incubator module is present, else the scalar one.
     */
    public static Gemm gemm() {
        return GemmHolder.GEMM;
    }

    private static final class GemmHolder {
        static final Gemm GEMM = chooseGemm();

        private static Gemm chooseGemm() {
            String spec = System.getProperty("pullback.kernel", "auto").trim();
            if (spec.equals("scalar")) return ScalarGemm.INSTANCE;
            if (!spec.equals("auto") && !spec.equals("simd") && !spec.startsWith("simd:")) {
                throw new IllegalArgumentException("pullback.kernel must be auto, scalar, simd or simd:<bits>, got '" + spec + "'");
            }
            int bits = spec.startsWith("simd:") ? Integer.parseInt(spec.substring(5)) : 0;
            Gemm g = null;
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
                String name = "dev.pullback.kernel.simd.SimdGemm";
                try {
                    Class<?> c = Class.forName(name);
                    var create = MethodHandles.publicLookup().findStatic(c, "create", MethodType.methodType(c, int.class));
                    g = (Gemm) create.invoke(bits);
                } catch (ClassNotFoundException | UnsupportedOperationException e) {
                    g = null;
                } catch (Throwable t) {
                    throw new IllegalStateException("cannot load " + name, t);
                }
            }
            if (g == null && !spec.equals("auto")) {
                throw new IllegalStateException("pullback.kernel=" + spec + " but the Vector API GEMM is unavailable:"
                        + " run with --add-modules=jdk.incubator.vector (see jvm.config)");
            }
            return g == null ? ScalarGemm.INSTANCE : g;
        }
    }
}

package dev.pullback.kernel.gemm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Chooses the GEMM/TRSM implementation for the dense factorizations (internal: this package is not
 * exported by the module). The choice follows the kernels' {@code pullback.kernel} property.
 */
public final class Gemms {
    private Gemms() {}

    /**
     * The GEMM/TRSM kernels this JVM uses, chosen by the same {@code pullback.kernel} property:
     * {@code scalar} gives {@link ScalarGemm}; {@code simd[:bits]} the Vector API one
     * ({@code dev.pullback.kernel.simd.SimdGemm}, loaded by name) or an error if it is unavailable;
     * {@code auto} the Vector API one when {@link VectorGate} allows it, behind a {@link TieredGemm}
     * that runs the scalar one until the warm-up has seen the vector one compiled ({@link KernelTier}),
     * else the scalar one.
     */
    public static Gemm get() {
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
            if (spec.equals("auto") ? VectorGate.unavailableReason() == null : VectorGate.modulePresent()) {
                String name = "dev.pullback.kernel.simd.SimdGemm";
                try {
                    Class<?> c = Class.forName(name);
                    var create = MethodHandles.lookup().findStatic(c, "create", MethodType.methodType(c, int.class));
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
            if (g == null) return ScalarGemm.INSTANCE;
            if (!spec.equals("auto") || !KernelTier.tiered()) return g;
            KernelTier.startWarmUp();
            return new TieredGemm(g, ScalarGemm.INSTANCE);
        }
    }
}

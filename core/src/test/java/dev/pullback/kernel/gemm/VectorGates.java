package dev.pullback.kernel.gemm;

/** Test access to {@link VectorGate}'s decision from other packages' tests. */
public final class VectorGates {
    private VectorGates() {}

    /** {@link VectorGate#reason}. */
    public static String reason(int feature, boolean module, String vmName, String vmInfo, int tieredStopAtLevel) {
        return VectorGate.reason(feature, module, vmName, vmInfo, tieredStopAtLevel);
    }
}

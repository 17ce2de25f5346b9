package dev.pullback.kernel.gemm;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each reason the gate gives for the scalar kernels, and none on a JVM fit for the Vector API ones. */
class VectorGateTest {
    private static final String SERVER = "OpenJDK 64-Bit Server VM";

    @Test
    void aTestedJdkWithTheModuleAndC2RunsTheVectorKernels() {
        assertNull(VectorGate.reason(25, true, SERVER, "mixed mode, sharing", 4));
        assertNull(VectorGate.reason(25, true, SERVER, "mixed mode", -1), "an unknown level is not a reason");
    }

    @Test
    void everyOtherJvmGetsTheScalarKernelsAndOneLineSayingWhy() {
        assertReason(VectorGate.reason(25, false, SERVER, "mixed mode", 4), "--add-modules=jdk.incubator.vector");
        assertReason(VectorGate.reason(26, true, SERVER, "mixed mode", 4), "JDK 26");
        assertReason(VectorGate.reason(24, true, SERVER, "mixed mode", 4), "JDK 24");
        assertReason(VectorGate.reason(25, true, SERVER, "interpreted mode, sharing", 4), "-Xint");
        assertReason(VectorGate.reason(25, true, "OpenJDK Client VM", "mixed mode", 4), "client VM");
        assertReason(VectorGate.reason(25, true, SERVER, "mixed mode", 1), "TieredStopAtLevel=1");
        assertReason(VectorGate.reason(26, false, SERVER, "mixed mode", 1), "--add-modules", "the module comes first");
    }

    @Test
    void thisJvmIsFitUnlessTheTestsRunOnTheScalarPath() {
        String reason = VectorGate.unavailableReason();
        if (VectorGate.modulePresent()) assertNull(reason, "the test JVMs have the module, JDK 25 and C2");
        else assertReason(reason, "--add-modules");
    }

    private static void assertReason(String reason, String mentions) {
        assertReason(reason, mentions, mentions);
    }

    private static void assertReason(String reason, String mentions, String what) {
        assertTrue(reason != null && reason.startsWith("Pullback runs on scalar kernels: ") && reason.contains(mentions)
                && reason.lines().count() == 1, what + ": " + reason);
    }
}

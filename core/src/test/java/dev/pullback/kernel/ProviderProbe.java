package dev.pullback.kernel;

import java.lang.foreign.MemorySegment;

/** Run in a child JVM by KernelProviderTest: prints the chosen kernels and one dot computed twice. */
public final class ProviderProbe {
    private ProviderProbe() {}

    public static void main(String[] args) {
        MemorySegment x = MemorySegment.ofArray(new double[] {1, 1, 1});
        double d = KernelProvider.kernels().dot(3, x, 0, x, 0);
        d = KernelProvider.kernels().dot(3, x, 0, x, 0);
        System.out.println(KernelProvider.kernels().name() + " " + d);
    }
}

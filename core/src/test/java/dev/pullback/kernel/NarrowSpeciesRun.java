package dev.pullback.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Run in a child JVM by {@link NarrowSpeciesTest}: every parameterized test of the dense, sparse and
 * short-column kernel tests, called with this JVM's SIMD kernels (whatever species
 * {@code -Dpullback.kernel=simd:<bits>} fixed), each on a fresh instance followed by its
 * {@code @AfterEach}. Prints the kernel name, the number passed and the number failed.
 */
public final class NarrowSpeciesRun {
    private NarrowSpeciesRun() {}

    public static void main(String[] args) throws Exception {
        Kernels k = KernelProvider.simd(0);
        int passed = 0, failed = 0;
        for (Class<?> c : new Class<?>[] {DenseKernelsTest.class, SparseKernelsTest.class, ShortColumnKernelsTest.class}) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isAnnotationPresent(ParameterizedTest.class)) continue;
                var ctor = c.getDeclaredConstructor();
                ctor.setAccessible(true);
                Object test = ctor.newInstance();
                try {
                    m.setAccessible(true);
                    m.invoke(test, k);
                    passed++;
                } catch (InvocationTargetException e) {
                    failed++;
                    System.err.println(c.getSimpleName() + "." + m.getName() + ": " + e.getCause());
                } finally {
                    for (Method after : c.getDeclaredMethods()) {
                        if (after.isAnnotationPresent(AfterEach.class)) {
                            after.setAccessible(true);
                            after.invoke(test);
                        }
                    }
                }
            }
        }
        System.out.println(k.name() + " " + passed + " " + failed);
        System.exit(failed == 0 ? 0 : 1);
    }
}

package dev.pullback.kernel;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.kernel.simd.SimdGemm;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Guards a property the SIMD kernels' speed and zero allocation depend on (see MicroKernel): every
 * method of a micro-kernel class that holds vector code is larger than C2's FreqInlineSize (325
 * bytecodes), so it is compiled on its own instead of being inlined into the driver, where its
 * vector operations lost their intrinsics and boxed. A refactoring that shrinks one below the limit
 * fails here rather than as a slowdown.
 */
class GemmInliningTest {
    private static final int FREQ_INLINE_SIZE = 325;
    private static final Set<String> VECTOR_METHODS = Set.of("sweep", "multiply", "packA", "triangularBlock",
            "factorPanel", "pivotColumn", "substitute", "substituteDots", "panelUpdate", "absColumnSums");
    /** The blocked LU solve, on the 512-bit kernel only (the narrower ones use {@code substitute}). */
    private static final Set<String> VECTOR_METHODS_512 = Set.of("forwardPair", "backwardPair", "forwardBlockProduct");

    @Test
    void vectorKernelMethodsAreCompiledOnTheirOwn() throws IOException {
        for (String cls : new String[] {"MicroKernel512", "MicroKernel256", "MicroKernel128"}) {
            ClassModel model;
            try (InputStream in = SimdGemm.class.getResourceAsStream(cls + ".class")) {
                assertNotNull(in, cls);
                model = ClassFile.of().parse(in.readAllBytes());
            }
            Set<String> expected = new java.util.HashSet<>(VECTOR_METHODS);
            if (cls.equals("MicroKernel512")) expected.addAll(VECTOR_METHODS_512);
            int seen = 0;
            for (MethodModel m : model.methods()) {
                String name = m.methodName().stringValue();
                if (!expected.contains(name)) continue;
                seen++;
                int size = m.findAttribute(java.lang.classfile.Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
                assertTrue(size > FREQ_INLINE_SIZE, cls + "." + name + " has " + size + " bytecodes, at most " + FREQ_INLINE_SIZE + ": C2 would inline it");
            }
            assertEquals(expected.size(), seen, cls + " lacks a kernel method");
        }
    }
}

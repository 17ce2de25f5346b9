package dev.pullback.kernel;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.kernel.simd.SimdKernels;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Guards what the sparse SIMD kernels' zero allocation depends on (see SimdKernels): the chunk
 * methods of the twin-pair paths are larger than C2's FreqInlineSize (325 bytecodes), so each is
 * compiled on its own with its own node budget. Inlined into a large caller, the pair method of
 * y = Ax crossed NodeCountInliningCutoff, its single-column branch lost its intrinsics and every
 * call allocated. A refactoring that shrinks one below the limit fails here.
 */
class SparseInliningTest {
    private static final int FREQ_INLINE_SIZE = 325;
    private static final Set<String> PAIR_METHODS = Set.of("scatterPairs", "dotPairs", "rank1Pairs", "blockGroups");

    @Test
    void pairMethodsAreCompiledOnTheirOwn() throws IOException {
        ClassModel model;
        try (InputStream in = SimdKernels.class.getResourceAsStream("SimdKernels.class")) {
            assertNotNull(in);
            model = ClassFile.of().parse(in.readAllBytes());
        }
        Map<String, Integer> seen = new HashMap<>();
        for (MethodModel m : model.methods()) {
            String name = m.methodName().stringValue();
            if (!PAIR_METHODS.contains(name)) continue;
            int size = m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
            seen.merge(name, 1, Integer::sum);
            assertTrue(size > FREQ_INLINE_SIZE, name + " has " + size + " bytecodes, at most " + FREQ_INLINE_SIZE + ": C2 would inline it");
        }
        assertEquals(PAIR_METHODS, seen.keySet(), "a pair method is missing");
    }
}

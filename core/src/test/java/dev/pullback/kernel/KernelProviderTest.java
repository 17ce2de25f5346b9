package dev.pullback.kernel;

import dev.pullback.kernel.gemm.VectorGates;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.io.File;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The provider's choice and fallback message, and the argument-checking facade. */
class KernelProviderTest {

    @Test
    void autoFallsBackToScalarAndSaysWhichFlagToAdd() {
        List<String> warnings = new ArrayList<>();
        String noModule = VectorGates.reason(25, false, "OpenJDK 64-Bit Server VM", "mixed mode", 4);
        Kernels k = KernelProvider.chooseAuto(noModule, bits -> fail("a JVM without the module has no SIMD kernels"),
                warnings::add);
        assertEquals("scalar", k.name());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("--add-modules=jdk.incubator.vector"), warnings.get(0));
    }

    @Test
    void explicitChoicesAreHonouredOrFailClearly() {
        List<String> warnings = new ArrayList<>();
        assertEquals("scalar", KernelProvider.choose("scalar", bits -> fail("not asked"), warnings::add).name());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelProvider.choose("simd:256", bits -> null, warnings::add));
        assertTrue(e.getMessage().contains("--add-modules"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KernelProvider.choose("fast", bits -> null, warnings::add));
        assertThrows(IllegalArgumentException.class, () -> KernelProvider.choose("simd:wide", bits -> null, warnings::add));
        assertTrue(warnings.isEmpty());
        int[] asked = new int[1];
        Kernels k = KernelProvider.choose(" simd:128 ", bits -> {
            asked[0] = bits;
            return KernelProvider.scalar();
        }, warnings::add);
        assertEquals(128, asked[0]);
        assertSame(KernelProvider.scalar(), k);
    }

    @Test
    void simdRefusesWidthsBelowTwoDoublesAndNonShapes() {
        assertNull(KernelProvider.simd(64), "one double per vector: the provider must fall back");
        assertThrows(IllegalArgumentException.class, () -> KernelProvider.simd(100));
        Kernels k = KernelProvider.simd(0);
        if (k != null) {
            int bits = Integer.parseInt(k.name().substring("simd-".length()));
            assertSame(k, KernelProvider.simd(bits));
            assertNull(KernelProvider.simd(bits == 128 ? 256 : 128), "the species is fixed per JVM");
        }
    }

    /**
     * A real JVM without {@code --add-modules jdk.incubator.vector}: it runs scalar kernels and logs
     * the fallback once, however often kernels() is called; with the flag it runs SIMD ones.
     */
    @Test
    void childJvmWithoutTheIncubatorModuleRunsScalarAndLogsOnce() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Run plain = run(List.of(java, "-cp", cp, ProviderProbe.class.getName()));
        assertEquals(0, plain.code, plain.err);
        assertEquals("scalar 3.0", plain.out.strip());
        assertEquals(1, plain.err.split("--add-modules=jdk.incubator.vector", -1).length - 1, plain.err);
        Run simd = run(List.of(java, "--add-modules=jdk.incubator.vector", "-cp", cp, ProviderProbe.class.getName()));
        assertEquals(0, simd.code, simd.err);
        assertTrue(simd.out.startsWith("simd-"), simd.out);
        assertFalse(simd.err.contains("scalar kernels"), simd.err);
    }

    private record Run(int code, String out, String err) {}

    private static Run run(List<String> command) throws Exception {
        File out = File.createTempFile("probe", ".out"), err = File.createTempFile("probe", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
            return new Run(p.exitValue(), java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }

    @Test
    void kernelsIsTheCheckingFacadeAndUncheckedIsNot() {
        assertInstanceOf(CheckedKernels.class, KernelProvider.kernels());
        assertFalse(KernelProvider.unchecked() instanceof CheckedKernels);
        assertSame(KernelProvider.unchecked(), ((CheckedKernels) KernelProvider.kernels()).delegate());
        assertEquals(KernelProvider.unchecked().name(), KernelProvider.kernels().name());
    }

    @Test
    void facadeNamesTheOffendingArgument() {
        Kernels k = KernelProvider.kernels();
        try (CscMatrix a = CscMatrix.of(4, 7, new int[] {0, 1, 1, 1, 1, 1, 1, 2}, new int[] {0, 3}, new double[] {1, 2});
                DenseVector off = DenseVector.offHeap(10)) {
            assertMessage("spmv: x has length 5, expected cols = 7",
                    () -> k.spmv(1, a, DenseVector.heap(5), 0, DenseVector.heap(4)));
            assertMessage("spmv: y has length 7, expected rows = 4",
                    () -> k.spmv(1, a, DenseVector.heap(7), 0, DenseVector.heap(7)));
            assertMessage("spmvTransposed: x has length 7, expected rows = 4",
                    () -> k.spmvTransposed(1, a, DenseVector.heap(7), 0, DenseVector.heap(7)));
            assertMessage("rank1Dot: v has length 4, expected cols = 7",
                    () -> k.rank1Dot(DenseVector.heap(4), a, DenseVector.heap(4)));
            DenseVector same = DenseVector.heap(4);
            try (CscMatrix sq = CscMatrix.identity(4)) {
                assertMessage("spmv: the output vector overlaps an input vector", () -> k.spmv(1, sq, same, 0, same));
            }
            MemorySegment s = off.segment();
            assertMessage("dot: y holds 10 doubles, needs offset 4 + 7 = 11", () -> k.dot(7, s, 0, s, 4));
            assertMessage("nrm2: n must be >= 0, got -1", () -> k.nrm2(-1, s, 0));
            assertMessage("axpy: y overlaps x", () -> k.axpy(5, 1, s, 0, s, 2));
            assertMessage("gemv: lda = 2 is below max(1, rows = 3)",
                    () -> k.gemv(false, 3, 2, 1, s, 0, 2, s, 0, 0, s, 0));
            assertMessage("gemv(transpose): A holds 10 doubles, needs offset 0 + 12 = 12",
                    () -> k.gemv(true, 3, 4, 1, s, 0, 3, MemorySegment.ofArray(new double[3]), 0, 0,
                            MemorySegment.ofArray(new double[4]), 0));
            assertMessage("gemv: y overlaps A",
                    () -> k.gemv(false, 2, 2, 1, s, 0, 2, MemorySegment.ofArray(new double[2]), 0, 0, s, 3));
            k.axpy(5, 1, s, 0, s, 0); // y = x exactly is fine: y ← (1+α)y
            double[] h = new double[10];
            MemorySegment whole = MemorySegment.ofArray(h), tail = whole.asSlice(4 * Double.BYTES);
            assertMessage("axpy: y overlaps x", () -> k.axpy(3, 1, whole, 2, tail, 0));
            k.axpy(3, 1, whole, 0, tail, 0); // [0, 3) and [4, 7): disjoint parts of one array
            k.axpy(3, 1, MemorySegment.ofArray(new double[3]), 0, whole, 0); // another array
        }
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }
}

package dev.pullback.chronicle;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.chronicle.MatrixCodec.Checksum;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseVector;
import dev.pullback.testing.ProjectFiles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.MappedBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs share one mapped file: this one maps it, a second one (same java, class path and
 * jvm.config) maps it too and writes a tridiagonal system into it; this one then sees the records
 * through the mapping it already had, views them in place and solves the system.
 */
@ExtendWith(ChronicleLeaks.class)
class TwoProcessTest {
    private static final double EPS = Math.ulp(1.0);

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void aSecondJvmWritesASystemThatThisOneSolvesInPlace() throws Exception {
        int n = 2000;
        long size = 1 << 18;
        File file = dir.resolve("shared.bin").toFile();
        MappedBytes mapped = MappedBytes.singleMappedBytes(file, size);
        try {
            assertEquals(0, mapped.readInt(0), "nothing written yet");
            runWriter(file, n, size);

            RecordHeader h = MatrixCodec.header(mapped, 0);
            try (BytesView<CscMatrix> av = MatrixCodec.viewCsc(mapped, 0, Checksum.VERIFY);
                 BytesView<DenseVector> bv = MatrixCodec.viewVector(mapped, h.recordLength(), Checksum.VERIFY)) {
                CscMatrix a = av.get();
                DenseVector b = bv.get();
                long base = mapped.addressForRead(0);
                long valuesAt = a.values().address() - base;
                assertTrue(valuesAt > 0 && valuesAt < size, "A's values are in the mapping, not a copy");
                assertEquals(0, a.values().address() % 64, "the writer aligned the payload");
                assertEquals(n, a.rows());
                assertEquals(3 * n - 2, a.nnz());
                assertEquals(n, b.length());

                double[] x = thomas(a, b);
                double[] r = residual(a, x, b);
                double rNorm = maxAbs(r), xNorm = maxAbs(x), bNorm = maxAbs(b.toArray());
                double backwardError = rNorm / (normInf(a) * xNorm + bNorm);
                assertTrue(backwardError < 8 * EPS, "backward error " + backwardError);
                // A is strictly diagonally dominant, hence well conditioned: the forward error is small too.
                for (int i = 0; i < n; i++) {
                    assertEquals(TridiagonalWriter.solution(i), x[i], 1e-12 * xNorm, "x[" + i + "]");
                }
            }
        } finally {
            mapped.releaseLast();
        }
    }

    private void runWriter(File file, int n, long size) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow(
                () -> new AssertionError("cannot tell which java binary runs this test"));
        Path jvmConfig = ProjectFiles.jvmConfig();
        assertTrue(Files.isRegularFile(jvmConfig), "no jvm.config at " + jvmConfig);
        Path log = dir.resolve("writer.log");
        Process p = new ProcessBuilder(java, "@" + jvmConfig, "-cp", System.getProperty("java.class.path"),
                TridiagonalWriter.class.getName(), file.getPath(), Integer.toString(n), Long.toString(size))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly().waitFor();
        String output = Files.readString(log);
        assertTrue(done, "the writer JVM did not finish in 30 s:\n" + output);
        assertEquals(0, p.exitValue(), "the writer JVM failed:\n" + output);
        assertFalse(output.contains("Exception"), output);
    }

    /**
     * Solves the tridiagonal A x = b by the Thomas algorithm (Gaussian elimination without pivoting,
     * stable for diagonally dominant A). sub[i] = A(i, i−1), diag[i] = A(i, i), sup[i] = A(i, i+1).
     */
    private static double[] thomas(CscMatrix a, DenseVector b) {
        int n = a.rows();
        double[] sub = new double[n], diag = new double[n], sup = new double[n];
        CscPattern p = a.pattern();
        for (int j = 0; j < n; j++) {
            for (int k = p.colStart(j); k < p.colEnd(j); k++) {
                int i = p.row(k);
                if (i == j) diag[i] = a.value(k);
                else if (i == j - 1) sup[i] = a.value(k);
                else if (i == j + 1) sub[i] = a.value(k);
                else fail("entry (" + i + ", " + j + ") outside the three diagonals");
            }
        }
        double[] c = new double[n], d = new double[n], x = new double[n];
        for (int i = 0; i < n; i++) {
            double pivot = diag[i] - (i > 0 ? sub[i] * c[i - 1] : 0);
            c[i] = sup[i] / pivot;
            d[i] = (b.get(i) - (i > 0 ? sub[i] * d[i - 1] : 0)) / pivot;
        }
        for (int i = n - 1; i >= 0; i--) x[i] = d[i] - (i < n - 1 ? c[i] * x[i + 1] : 0);
        return x;
    }

    private static double[] residual(CscMatrix a, double[] x, DenseVector b) {
        double[] r = b.toArray();
        for (int j = 0; j < a.cols(); j++) {
            for (int k = a.pattern().colStart(j); k < a.pattern().colEnd(j); k++) {
                r[a.pattern().row(k)] -= a.value(k) * x[j];
            }
        }
        return r;
    }

    private static double normInf(CscMatrix a) {
        double[] rowSums = new double[a.rows()];
        for (int k = 0; k < a.nnz(); k++) rowSums[a.pattern().row(k)] += Math.abs(a.value(k));
        return maxAbs(rowSums);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) m = Math.max(m, Math.abs(e));
        return m;
    }
}

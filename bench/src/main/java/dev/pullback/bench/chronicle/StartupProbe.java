package dev.pullback.bench.chronicle;

import dev.pullback.chronicle.BytesView;
import dev.pullback.chronicle.ChronicleViews;
import dev.pullback.storage.DenseMatrix;
import java.io.File;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;

/**
 * What Chronicle costs a JVM at start-up: run once per mode and compare wall time and classes loaded
 * ({@code -Xlog:class+load}). Each mode fills a 1000×1000 matrix and prints its sum.
 * <ul>
 *   <li>{@code pullback}: a Pullback-owned matrix, no Chronicle class touched;</li>
 *   <li>{@code direct}: a view over {@code Bytes.allocateDirect};</li>
 *   <li>{@code mapped FILE}: a view over {@code MappedBytes.singleMappedBytes(FILE)}.</li>
 * </ul>
 */
public final class StartupProbe {
    private static final int N = 1000;

    private StartupProbe() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "pullback" : args[0];
        double sum;
        switch (mode) {
            case "pullback" -> {
                try (DenseMatrix a = DenseMatrix.zeros(N, N)) {
                    sum = fillAndSum(a);
                }
            }
            case "direct" -> {
                Bytes<?> bytes = Bytes.allocateDirect(8L * N * N);
                try (BytesView<DenseMatrix> v = ChronicleViews.dense(bytes, 0, N, N)) {
                    sum = fillAndSum(v.get());
                } finally {
                    bytes.releaseLast();
                }
            }
            case "mapped" -> {
                MappedBytes bytes = MappedBytes.singleMappedBytes(new File(args[1]), 8L * N * N);
                try (BytesView<DenseMatrix> v = ChronicleViews.dense(bytes, 0, N, N)) {
                    sum = fillAndSum(v.get());
                } finally {
                    bytes.releaseLast();
                }
            }
            default -> throw new IllegalArgumentException("mode must be pullback, direct or mapped FILE, got " + mode);
        }
        System.out.println(mode + " sum " + sum);
    }

    private static double fillAndSum(DenseMatrix a) {
        double s = 0;
        for (int j = 0; j < a.cols(); j++) {
            for (int i = 0; i < a.rows(); i++) {
                a.set(i, j, i + 0.5 * j);
                s += a.get(i, j);
            }
        }
        return s;
    }
}

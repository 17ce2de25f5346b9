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
        // Each mode in its own class: verifying this one must not load Chronicle classes.
        double sum = switch (mode) {
            case "pullback" -> PullbackOnly.run();
            case "direct" -> DirectView.run();
            case "mapped" -> MappedView.run(new File(args[1]));
            default -> throw new IllegalArgumentException("mode must be pullback, direct or mapped FILE, got " + mode);
        };
        System.out.println(mode + " sum " + sum);
    }

    private static final class PullbackOnly {
        static double run() {
            try (DenseMatrix a = DenseMatrix.zeros(N, N)) {
                return fillAndSum(a);
            }
        }
    }

    private static final class DirectView {
        static double run() {
            Bytes<?> bytes = Bytes.allocateDirect(8L * N * N);
            try (BytesView<DenseMatrix> v = ChronicleViews.dense(bytes, 0, N, N)) {
                return fillAndSum(v.get());
            } finally {
                bytes.releaseLast();
            }
        }
    }

    private static final class MappedView {
        static double run(File file) throws Exception {
            MappedBytes bytes = MappedBytes.singleMappedBytes(file, 8L * N * N);
            try (BytesView<DenseMatrix> v = ChronicleViews.dense(bytes, 0, N, N)) {
                return fillAndSum(v.get());
            } finally {
                bytes.releaseLast();
            }
        }
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

package dev.pullback.kernel;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/** Shared fixtures of the kernel tests: the implementations to run, random operands, tolerances. */
final class KernelPaths {
    static final double EPS = Math.ulp(1.0);
    /** The awkward sizes every dense kernel is tried on. */
    static final int[] SIZES = {0, 1, 2, 3, 7, 8, 13, 31, 33, 207, 4097};

    private KernelPaths() {}

    /** Scalar, SIMD on the preferred species, and SIMD narrowed to 256 and 128 bits where possible. */
    static Stream<Named<Kernels>> all() {
        List<Named<Kernels>> list = new ArrayList<>();
        list.add(Named.of("scalar", KernelProvider.scalar()));
        for (int bits : new int[] {0, 256, 128}) {
            Kernels k = KernelProvider.simd(bits);
            if (k != null && list.stream().noneMatch(n -> n.getName().equals(k.name()))) list.add(Named.of(k.name(), k));
        }
        return list.stream();
    }

    /** The SIMD implementations only (none on a JVM without the incubator module). */
    static Stream<Named<Kernels>> simd() {
        return all().filter(n -> !n.getName().equals("scalar"));
    }

    static double[] random(SplittableRandom rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextDouble(-1, 1);
        return a;
    }

    /** Size-scaled rounding bound for a sum of n terms whose magnitudes add up to abs. */
    static double bound(int n, double abs) {
        return 2 * (n + 2) * EPS * abs + Double.MIN_NORMAL;
    }

    /** A vector holding the values, on the heap or off it; registered for closing. */
    static DenseVector vector(double[] values, boolean offHeap, List<AutoCloseable> closer) {
        if (!offHeap) return DenseVector.of(values);
        DenseVector v = DenseVector.offHeap(values.length);
        closer.add(v);
        v.copyFrom(values);
        return v;
    }

    static void closeAll(List<AutoCloseable> closer) throws Exception {
        for (int i = closer.size() - 1; i >= 0; i--) closer.get(i).close();
        closer.clear();
    }

    /** A random CSC matrix as plain arrays: some empty columns, one full column, random values. */
    record Csc(int rows, int cols, int[] colPtr, int[] rowIdx, double[] values) {
        static Csc random(SplittableRandom rnd, int rows, int cols) {
            int[] colPtr = new int[cols + 1];
            List<Integer> ri = new ArrayList<>();
            int dense = cols == 0 ? -1 : rnd.nextInt(cols);
            for (int j = 0; j < cols; j++) {
                double density = j == dense ? 1.0 : rnd.nextInt(4) == 0 ? 0.0 : rnd.nextDouble(0.5);
                for (int i = 0; i < rows; i++) if (j == dense || rnd.nextDouble() < density) ri.add(i);
                colPtr[j + 1] = ri.size();
            }
            int[] rowIdx = ri.stream().mapToInt(Integer::intValue).toArray();
            return new Csc(rows, cols, colPtr, rowIdx, KernelPaths.random(rnd, rowIdx.length));
        }

        CscMatrix matrix() {
            return CscMatrix.of(rows, cols, colPtr, rowIdx, values);
        }
    }
}

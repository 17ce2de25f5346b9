package dev.pullback.kernel;

import static dev.pullback.kernel.KernelPaths.EPS;
import static dev.pullback.kernel.KernelPaths.SIZES;
import static dev.pullback.kernel.KernelPaths.bound;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.DenseVector;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** BLAS-1 and gemv on every kernel path against naive loops written here. */
@Tag("kernel-paths")
class DenseKernelsTest {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private final List<AutoCloseable> closer = new ArrayList<>();

    static Stream<Named<Kernels>> paths() {
        return KernelPaths.all();
    }

    @AfterEach
    void close() throws Exception {
        KernelPaths.closeAll(closer);
    }

    /** n doubles preceded by {@code off} padding values, heap or off-heap. */
    private MemorySegment segment(double[] values, int off, boolean offHeap) {
        double[] padded = new double[off + values.length];
        Arrays.fill(padded, 0, off, 1e9);
        System.arraycopy(values, 0, padded, off, values.length);
        return KernelPaths.vector(padded, offHeap, closer).segment();
    }

    private static double[] read(MemorySegment s, int off, int n) {
        double[] a = new double[n];
        MemorySegment.copy(s, D, (long) off * Double.BYTES, a, 0, n);
        return a;
    }

    @ParameterizedTest
    @MethodSource("paths")
    void dotMatchesNaiveSum(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int n : SIZES) {
            for (boolean offHeap : new boolean[] {false, true}) {
                double[] x = KernelPaths.random(rnd, n), y = KernelPaths.random(rnd, n);
                double ref = 0, abs = 0;
                for (int i = 0; i < n; i++) {
                    ref += x[i] * y[i];
                    abs += Math.abs(x[i] * y[i]);
                }
                double got = k.dot(n, segment(x, 3, offHeap), 3, segment(y, 1, !offHeap), 1);
                assertEquals(ref, got, bound(n, abs), "n=" + n);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void axpyScalCopyMatchNaiveLoops(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int n : SIZES) {
            for (boolean offHeap : new boolean[] {false, true}) {
                double[] x = KernelPaths.random(rnd, n), y = KernelPaths.random(rnd, n);
                double alpha = rnd.nextDouble(-3, 3);
                MemorySegment xs = segment(x, 2, offHeap), ys = segment(y, 5, offHeap);
                k.axpy(n, alpha, xs, 2, ys, 5);
                double[] got = read(ys, 5, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(alpha * x[i] + y[i], got[i], 2 * EPS * (Math.abs(alpha * x[i]) + Math.abs(y[i])), "axpy n=" + n);
                }
                assertEquals(1e9, ys.getAtIndex(D, 4), "axpy wrote before its offset");
                k.scal(n, alpha, xs, 2);
                double[] scaled = read(xs, 2, n);
                for (int i = 0; i < n; i++) assertEquals(alpha * x[i], scaled[i], "scal is one rounded product, n=" + n);
                k.copy(n, xs, 2, ys, 5);
                assertArrayEquals(scaled, read(ys, 5, n), "copy n=" + n);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void nrm2IsAccurateAtEveryScale(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(3);
        for (double scale : new double[] {1, 1e300, 1e-300, 1e-320, 1e154, 1e-160}) {
            for (int n : SIZES) {
                double[] x = KernelPaths.random(rnd, n);
                for (int i = 0; i < n; i++) x[i] *= scale;
                double ref = naiveScaledNorm(x);
                double got = k.nrm2(n, segment(x, 1, n % 2 == 0), 1);
                double tol = scale < 1e-300 ? 1e-6 * ref : 2 * (n + 2) * EPS * ref; // 1e-320 entries are subnormal
                assertEquals(ref, got, tol, "scale " + scale + " n=" + n);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void nrm2HandlesSpecialValues(Kernels k) {
        double[] mixed = new double[300];
        for (int i = 0; i < mixed.length; i++) mixed[i] = i % 3 == 0 ? 1e300 : 1e-300;
        assertEquals(Math.sqrt(100) * 1e300, k.nrm2(300, MemorySegment.ofArray(mixed), 0), 1e288);
        double[] x = new double[100];
        assertEquals(0.0, k.nrm2(100, MemorySegment.ofArray(x), 0));
        assertEquals(0.0, k.nrm2(0, MemorySegment.ofArray(x), 0));
        x[57] = Double.NEGATIVE_INFINITY;
        assertEquals(Double.POSITIVE_INFINITY, k.nrm2(100, MemorySegment.ofArray(x), 0));
        x[3] = Double.NaN;
        assertTrue(Double.isNaN(k.nrm2(100, MemorySegment.ofArray(x), 0)));
        Arrays.fill(x, Double.MIN_VALUE);
        assertEquals(10 * Double.MIN_VALUE, k.nrm2(100, MemorySegment.ofArray(x), 0));
        Arrays.fill(x, Double.MAX_VALUE / 16);
        assertEquals(10 * (Double.MAX_VALUE / 16), k.nrm2(100, MemorySegment.ofArray(x), 0), 1e-14 * Double.MAX_VALUE);
        Arrays.fill(x, Double.MAX_VALUE);
        assertEquals(Double.POSITIVE_INFINITY, k.nrm2(100, MemorySegment.ofArray(x), 0), "10·MAX_VALUE overflows");
    }

    /** max·√Σ(x/max)² in the plain order. */
    private static double naiveScaledNorm(double[] x) {
        double max = 0;
        for (double v : x) max = Math.max(max, Math.abs(v));
        if (max == 0) return 0;
        double s = 0;
        for (double v : x) s += (v / max) * (v / max);
        return max * Math.sqrt(s);
    }

    @ParameterizedTest
    @MethodSource("paths")
    void iamaxFindsTheFirstLargestAndReportsNaN(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int n : SIZES) {
            for (int trial = 0; trial < 6; trial++) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) x[i] = rnd.nextInt(-9, 10); // many ties, +m and -m
                if (trial == 1 && n > 0) x[rnd.nextInt(n)] = Double.NaN;
                if (trial == 2 && n > 1) {
                    x[rnd.nextInt(n)] = Double.NaN;
                    x[rnd.nextInt(n)] = Double.NaN;
                }
                if (trial == 3 && n > 0) x[rnd.nextInt(n)] = Double.POSITIVE_INFINITY;
                int expected = -1;
                double max = -1;
                for (int i = 0; i < n; i++) {
                    if (Double.isNaN(x[i])) {
                        expected = i;
                        break;
                    }
                    if (Math.abs(x[i]) > max) {
                        max = Math.abs(x[i]);
                        expected = i;
                    }
                }
                assertEquals(expected, k.iamax(n, segment(x, 4, trial % 2 == 0), 4), "n=" + n + " trial " + trial);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void gemvMatchesNaiveProducts(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(5);
        int[] dims = {0, 1, 3, 7, 13, 64, 207};
        for (int m : dims) {
            for (int n : dims) {
                for (boolean transpose : new boolean[] {false, true}) {
                    int lda = m + rnd.nextInt(3) + (m == 0 ? 1 : 0);
                    double alpha = rnd.nextDouble(-2, 2), beta = rnd.nextInt(3) == 0 ? 0.0 : rnd.nextDouble(-2, 2);
                    double[] a = KernelPaths.random(rnd, lda * n);
                    int xn = transpose ? m : n, yn = transpose ? n : m;
                    double[] x = KernelPaths.random(rnd, xn), y = KernelPaths.random(rnd, yn);
                    if (beta == 0 && yn > 0) y[rnd.nextInt(yn)] = Double.NaN; // β = 0 overwrites
                    boolean offHeap = rnd.nextBoolean();
                    MemorySegment ys = segment(y, 2, offHeap);
                    k.gemv(transpose, m, n, alpha, segment(a, 1, offHeap), 1, lda, segment(x, 0, !offHeap), 0, beta, ys, 2);
                    assertGemv(transpose, m, n, alpha, a, lda, x, beta, y, read(ys, 2, yn));
                }
            }
        }
    }

    /**
     * got = α·op(A)·x + β·y (β = 0: y is not read) against a naive loop, to the summation bound of
     * each entry's terms.
     */
    private static void assertGemv(boolean transpose, int m, int n, double alpha, double[] a, int lda, double[] x,
            double beta, double[] y, double[] got) {
        int xn = transpose ? m : n, yn = transpose ? n : m;
        for (int r = 0; r < yn; r++) {
            double s = 0, abs = 0;
            for (int c = 0; c < xn; c++) {
                double t = transpose ? a[r * lda + c] * x[c] : a[c * lda + r] * x[c];
                s += t;
                abs += Math.abs(t);
            }
            double old = beta == 0 ? 0 : beta * y[r];
            assertEquals(alpha * s + old, got[r], bound(xn, Math.abs(alpha) * abs + Math.abs(old)),
                    (transpose ? "Aᵀx " : "Ax ") + m + "x" + n + " entry " + r);
        }
    }

    /** Tall operands: the SIMD loops run in row blocks of 4096 with a remainder (SimdKernels). */
    @ParameterizedTest
    @MethodSource("paths")
    void gemvAndIamaxOnTallOperandsMatchNaiveLoops(Kernels k) {
        SplittableRandom rnd = new SplittableRandom(6);
        for (int m : new int[] {4096, 4097, 2 * 4096 + 13}) {
            for (int n : new int[] {1, 4, 6}) {
                for (boolean transpose : new boolean[] {false, true}) {
                    int lda = m + 3;
                    double alpha = rnd.nextDouble(-2, 2), beta = rnd.nextDouble(-2, 2);
                    double[] a = KernelPaths.random(rnd, lda * n);
                    int xn = transpose ? m : n, yn = transpose ? n : m;
                    double[] x = KernelPaths.random(rnd, xn), y = KernelPaths.random(rnd, yn);
                    boolean offHeap = rnd.nextBoolean();
                    MemorySegment ys = segment(y, 1, offHeap);
                    k.gemv(transpose, m, n, alpha, segment(a, 2, !offHeap), 2, lda, segment(x, 3, offHeap), 3, beta, ys, 1);
                    assertGemv(transpose, m, n, alpha, a, lda, x, beta, y, read(ys, 1, yn));
                }
            }
            // the maximum (and then a NaN) in a later block than the first, with ties before it
            double[] x = KernelPaths.random(rnd, m);
            int at = m - 1 - rnd.nextInt(m / 3);
            x[at] = -2;
            x[at + (m - at) / 2] = 2;
            assertEquals(at, k.iamax(m, segment(x, 4, false), 4), "iamax n=" + m);
            int nanAt = at - 1 - rnd.nextInt(100);
            x[nanAt] = Double.NaN;
            assertEquals(nanAt, k.iamax(m, segment(x, 4, true), 4), "iamax with NaN n=" + m);
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void gemvWithZeroAlphaOnlyScalesY(Kernels k) {
        double[] a = {Double.NaN, 1, 2, 3};
        for (boolean transpose : new boolean[] {false, true}) {
            double[] y = {1, 2};
            k.gemv(transpose, 2, 2, 0.0, MemorySegment.ofArray(a), 0, 2, MemorySegment.ofArray(new double[] {1, 1}), 0,
                    3.0, MemorySegment.ofArray(y), 0);
            assertArrayEquals(new double[] {3, 6}, y);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.kernel.KernelPaths#simd")
    void simdAgreesBitForBitWhereTheOrderIsTheSame(Kernels k) {
        Kernels s = KernelProvider.scalar();
        SplittableRandom rnd = new SplittableRandom(6);
        for (int n : SIZES) {
            double[] x = KernelPaths.random(rnd, n), y = KernelPaths.random(rnd, n);
            double[] y1 = y.clone(), y2 = y.clone();
            s.axpy(n, 0.7, MemorySegment.ofArray(x), 0, MemorySegment.ofArray(y1), 0);
            k.axpy(n, 0.7, MemorySegment.ofArray(x), 0, MemorySegment.ofArray(y2), 0);
            assertArrayEquals(y1, y2, "axpy n=" + n);
            int m = n, cols = 1 + n % 11;
            double[] a = KernelPaths.random(rnd, m * cols), xc = KernelPaths.random(rnd, cols);
            double[] g1 = y.clone(), g2 = y.clone();
            s.gemv(false, m, cols, 1.3, MemorySegment.ofArray(a), 0, Math.max(1, m), MemorySegment.ofArray(xc), 0, 0.5,
                    MemorySegment.ofArray(g1), 0);
            k.gemv(false, m, cols, 1.3, MemorySegment.ofArray(a), 0, Math.max(1, m), MemorySegment.ofArray(xc), 0, 0.5,
                    MemorySegment.ofArray(g2), 0);
            assertArrayEquals(g1, g2, "gemv n=" + n);
            assertEquals(s.iamax(n, MemorySegment.ofArray(x), 0), k.iamax(n, MemorySegment.ofArray(x), 0));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pullback.kernel.KernelPaths#simd")
    void simdAndScalarDotAgreeWithinTheSizeScaledBound(Kernels k) {
        Kernels s = KernelProvider.scalar();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n : SIZES) {
            double[] x = KernelPaths.random(rnd, n), y = KernelPaths.random(rnd, n);
            double abs = 0;
            for (int i = 0; i < n; i++) abs += Math.abs(x[i] * y[i]);
            DenseVector xv = DenseVector.wrap(x), yv = DenseVector.wrap(y);
            assertEquals(s.dot(n, xv.segment(), 0, yv.segment(), 0), k.dot(n, xv.segment(), 0, yv.segment(), 0), bound(n, abs));
            assertEquals(s.nrm2(n, xv.segment(), 0), k.nrm2(n, xv.segment(), 0), bound(n, 1) * Math.sqrt(abs + 1));
        }
    }
}

package dev.pullback.ad;

import static dev.pullback.ad.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.NativeMemory;
import dev.pullback.storage.PatternGroups;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** RankOne against entrywise references on awkward rectangular shapes, on both kernel paths. */
@Tag("kernel-paths")
class RankOneTest {
    private static final int M = 37, N = 23;

    private static double[][] sparseRandom(int m, int n, double density, Random rnd) {
        double[][] a = new double[m][n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) if (rnd.nextDouble() < density) a[i][j] = rnd.nextGaussian();
        return a;
    }

    /** Σ |s·uᵢAᵢⱼvⱼ| over all entries: the scale a rounding bound of ⟨uvᵀ, A⟩ is relative to. */
    private static double absSum(double s, double[] u, double[][] a, double[] v) {
        double t = 0;
        for (int i = 0; i < u.length; i++) for (int j = 0; j < v.length; j++) t += Math.abs(s * u[i] * a[i][j] * v[j]);
        return t;
    }

    @Test
    void entriesDotsAndFootprint() {
        Random rnd = new Random(21);
        double[] u = gaussian(M, rnd), v = gaussian(N, rnd);
        double s = -1.7;
        double[][] a = sparseRandom(M, N, 0.15, rnd);
        RankOne r = RankOne.of(s, vec(u), vec(v));
        assertEquals(M, r.rows());
        assertEquals(N, r.cols());
        assertEquals(8L * (M + N), r.footprintBytes());
        for (int i = 0; i < M; i++) for (int j = 0; j < N; j++) assertEquals(s * u[i] * v[j], r.get(i, j), 1e-15 * Math.abs(s * u[i] * v[j]));

        double expected = 0;
        for (int i = 0; i < M; i++) for (int j = 0; j < N; j++) expected += s * u[i] * a[i][j] * v[j];
        double tol = 64 * Math.ulp(1.0) * absSum(s, u, a, v);
        try (DenseMatrix d = dense(a); CscMatrix c = CscMatrix.fromDense(d, false)) {
            assertEquals(expected, r.dot(c), tol, "⟨s·uvᵀ, A⟩ over the stored entries");
            assertEquals(expected, r.dot(d), tol, "⟨s·uvᵀ, A⟩ dense");
        }
        // A dense operand with a leading dimension larger than its row count.
        int ld = M + 3;
        try (Arena arena = NativeMemory.openArena()) {
            var seg = NativeMemory.doubles(arena, (long) ld * N);
            for (int j = 0; j < N; j++) {
                for (int i = 0; i < ld; i++) seg.setAtIndex(ValueLayout.JAVA_DOUBLE, i + (long) j * ld, i < M ? a[i][j] : Double.NaN);
            }
            assertEquals(expected, r.dot(DenseMatrix.view(seg, M, N, ld)), tol, "padding rows are not read");
        }
    }

    @Test
    void dotEachMatchesOneDotPerGroup() {
        Random rnd = new Random(22);
        double[] u = gaussian(M, rnd), v = gaussian(N, rnd);
        double[][] a = sparseRandom(M, N, 0.3, rnd);
        try (DenseMatrix d = dense(a); CscMatrix c = CscMatrix.fromDense(d, false)) {
            int groups = 9;
            int[] ptr = new int[groups + 1];
            int entries = 4 * c.nnz();
            int[] pos = new int[entries];
            double[] coef = new double[entries];
            for (int g = 0; g < groups; g++) ptr[g + 1] = g == groups - 1 ? entries : rnd.nextInt(ptr[g], entries + 1);
            ptr[3] = ptr[2]; // an empty group
            for (int t = 0; t < entries; t++) {
                pos[t] = rnd.nextInt(c.nnz()); // repeats within and across groups
                coef[t] = rnd.nextGaussian();
            }
            try (PatternGroups pg = PatternGroups.of(c.pattern(), ptr, pos, coef)) {
                RankOne r = RankOne.of(2.5, vec(u), vec(v));
                DenseVector out = DenseVector.heap(groups);
                r.dotEach(pg, out);
                for (int g = 0; g < groups; g++) {
                    double e = 0, abs = 0;
                    for (int t = ptr[g]; t < ptr[g + 1]; t++) {
                        int i = c.pattern().row(pos[t]), j = columnOf(c, pos[t]);
                        e += 2.5 * coef[t] * u[i] * v[j];
                        abs += Math.abs(2.5 * coef[t] * u[i] * v[j]);
                    }
                    assertEquals(e, out.get(g), 64 * Math.ulp(1.0) * abs + 1e-300, "group " + g);
                }
                RankOne zero = RankOne.of(0.0, vec(filled(M, Double.NaN)), vec(v));
                zero.dotEach(pg, out);
                assertEquals(0.0, normInf(out.toArray()), "a zero RankOne never reads its vectors");
                var e = assertThrows(IllegalArgumentException.class, () -> r.dotEach(pg, DenseVector.heap(groups + 1)));
                assertTrue(e.getMessage().contains("out has length " + (groups + 1)), e.getMessage());
            }
        }
    }

    private static int columnOf(CscMatrix c, int k) {
        for (int j = 0; j < c.cols(); j++) if (k < c.pattern().colEnd(j)) return j;
        throw new AssertionError();
    }

    private static double[] filled(int n, double x) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, x);
        return a;
    }

    @Test
    void samplingIsExplicitAndItsAdjointIsMatrixTimesVector() {
        Random rnd = new Random(23);
        double[] u = gaussian(M, rnd), v = gaussian(N, rnd);
        double[][] w = sparseRandom(M, N, 0.2, rnd);
        try (DenseMatrix wd = dense(w); CscMatrix wc = CscMatrix.fromDense(wd, false);
                CscMatrix sample = RankOne.of(-0.5, vec(u), vec(v)).sampleOn(wc.pattern())) {
            assertSame(wc.pattern(), sample.pattern(), "sampled on exactly the given pattern");
            for (int j = 0; j < N; j++) {
                for (int k = wc.pattern().colStart(j); k < wc.pattern().colEnd(j); k++) {
                    int i = wc.pattern().row(k);
                    assertEquals(-0.5 * u[i] * v[j], sample.value(k), 1e-15);
                }
            }
            // For fixed v, S(u) = samples of uvᵀ is linear in u: ⟨S(u), W⟩ = ⟨u, W v⟩, and in v: ⟨v, Wᵀu⟩.
            double lhs = dot(sample.valuesArray(), wc.valuesArray()) / -0.5;
            double[] wv = matvec(w, v), wtu = matvecT(w, u);
            double scale = absSum(1, u, w, v);
            assertEquals(dot(u, wv), lhs, 64 * Math.ulp(1.0) * scale);
            assertEquals(dot(v, wtu), lhs, 64 * Math.ulp(1.0) * scale);

            long version = sample.version();
            RankOne.of(vec(u), vec(v)).addSampledTo(sample, 2.0);
            assertTrue(sample.version() > version, "writing values bumps the version");
            for (int k = 0; k < sample.nnz(); k++) {
                int i = sample.pattern().row(k), j = columnOf(sample, k);
                assertEquals(1.5 * u[i] * v[j], sample.value(k), 1e-15);
            }
            RankOne.of(0.0, vec(u), vec(v)).sampleOn(sample);
            assertEquals(0.0, normInf(sample.valuesArray()));
        }
    }

    @Test
    void addToDensifiesExplicitly() {
        Random rnd = new Random(24);
        double[] u = gaussian(M, rnd), v = gaussian(N, rnd);
        double[][] base = sparseRandom(M, N, 0.5, rnd);
        try (DenseMatrix d = dense(base)) {
            long version = d.version();
            RankOne.of(3.0, vec(u), vec(v)).addTo(d, -2.0);
            assertTrue(d.version() > version);
            for (int i = 0; i < M; i++) {
                for (int j = 0; j < N; j++) assertEquals(base[i][j] - 6.0 * u[i] * v[j], d.get(i, j), 1e-14);
            }
        }
    }

    @Test
    void copyIsIndependentAndShapesAreChecked() {
        Random rnd = new Random(25);
        DenseVector u = vec(gaussian(M, rnd)), v = vec(gaussian(N, rnd));
        RankOne r = RankOne.of(u, v);
        RankOne c = r.copy();
        double before = r.get(1, 2);
        u.set(1, u.get(1) + 1);
        assertNotEquals(before, r.get(1, 2), "a RankOne references its vectors");
        assertEquals(before, c.get(1, 2), 0.0, "a copy does not");
        assertThrows(IndexOutOfBoundsException.class, () -> r.get(M, 0));
        try (DenseMatrix wrong = DenseMatrix.zeros(N, M); CscMatrix id = CscMatrix.identity(M)) {
            var e = assertThrows(IllegalArgumentException.class, () -> r.addTo(wrong, 1));
            assertTrue(e.getMessage().contains(N + "x" + M) && e.getMessage().contains(M + "x" + N), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> r.dot(id));
        }
        assertThrows(IllegalArgumentException.class, () -> RankOne.of(Double.NaN, u, v));
    }
}

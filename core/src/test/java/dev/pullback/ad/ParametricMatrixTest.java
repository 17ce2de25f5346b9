package dev.pullback.ad;

import static dev.pullback.ad.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("kernel-paths")
class ParametricMatrixTest {
    /** Element stiffnesses of a small top88 mesh, as dense 8×8 blocks: the independent assembly. */
    private static double[][] assembleByElements(PlaneStressQ4 mesh, PlaneStressQ4.Assembly asm, double[] p) {
        int n = asm.stiffness().rows();
        double[][] k = new double[n][n];
        double[] ke = mesh.elementStiffness();
        int[] edof = new int[8];
        for (int e = 0; e < mesh.elements(); e++) {
            mesh.elementDofs(e, edof);
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    int i = asm.fullToFree()[edof[r]], j = asm.fullToFree()[edof[c]];
                    if (i >= 0 && j >= 0) k[i][j] += p[e] * ke[r * 8 + c];
                }
            }
        }
        return k;
    }

    @Test
    void forwardAssemblesTheFamilyInPlaceAndBumpsTheVersion() {
        PlaneStressQ4 mesh = new PlaneStressQ4(6, 4, 0.3);
        Random rnd = new Random(31);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs());
                ParametricMatrix pm = ParametricMatrix.of(asm.elementMap())) {
            assertEquals(mesh.elements(), pm.parameters());
            double[] p = uniform(mesh.elements(), 0.1, 1.0, rnd);
            CscMatrix k = pm.matrix();
            long version = k.version();
            assertSame(k, pm.forward(vec(p)));
            assertTrue(k.version() > version, "assembly bumps the version so a factorization refactors");
            double[][] ref = assembleByElements(mesh, asm, p);
            for (int i = 0; i < ref.length; i++) {
                for (int j = 0; j < ref.length; j++) assertEquals(ref[i][j], k.get(i, j), 1e-14, "K(p) at (" + i + ", " + j + ")");
            }
            double[] q = uniform(mesh.elements(), 0.1, 1.0, rnd);
            pm.forward(vec(q));
            double[][] refQ = assembleByElements(mesh, asm, q);
            assertEquals(refQ[5][5], k.get(5, 5), 1e-14, "a second assembly overwrites, not accumulates");
        }
    }

    @Test
    void baseMatrixIsAddedAndCopied() {
        PlaneStressQ4 mesh = new PlaneStressQ4(3, 2, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs()); CscMatrix a0 = asm.stiffness().copy()) {
            double[] p = new double[mesh.elements()];
            java.util.Arrays.fill(p, 2.0);
            try (ParametricMatrix pm = ParametricMatrix.of(a0, asm.elementMap())) {
                a0.zeroValues(); // A₀ was copied at construction
                pm.forward(vec(p));
                // A₀ = K(1), so A(2·1) = K(1) + K(2) = 3·K(1).
                for (int k = 0; k < asm.stiffness().nnz(); k++) {
                    assertEquals(3 * asm.stiffness().value(k), pm.matrix().value(k), 1e-13);
                }
            }
            try (CscMatrix other = CscMatrix.identity(asm.stiffness().rows())) {
                var e = assertThrows(IllegalArgumentException.class, () -> ParametricMatrix.of(other, asm.elementMap()));
                assertTrue(e.getMessage().contains("pattern"), e.getMessage());
            }
        }
    }

    /**
     * The assembly J: p ↦ values(A(p) − A₀) is linear; its pullback on a cotangent stored on the
     * pattern must be Jᵀ: ⟨J v, w⟩ = ⟨v, Jᵀ w⟩ for random v, w. Random groups with repeated positions.
     */
    @Test
    void assemblyAndItsPullbackAreAdjoint() {
        Random rnd = new Random(32);
        double[][] a = unsymmetric(20, 0.25, rnd);
        try (DenseMatrix d = dense(a); CscMatrix c = CscMatrix.fromDense(d, false)) {
            int groups = 13, entries = 3 * c.nnz();
            int[] ptr = new int[groups + 1];
            for (int g = 1; g < groups; g++) ptr[g] = rnd.nextInt(entries + 1);
            ptr[groups] = entries;
            java.util.Arrays.sort(ptr);
            int[] pos = new int[entries];
            double[] coef = gaussian(entries, rnd);
            for (int t = 0; t < entries; t++) pos[t] = rnd.nextInt(c.nnz());
            try (PatternGroups pg = PatternGroups.of(c.pattern(), ptr, pos, coef); ParametricMatrix pm = ParametricMatrix.of(pg);
                    CscMatrix w = CscMatrix.withPattern(c.pattern())) {
                for (int trial = 0; trial < 5; trial++) {
                    double[] v = gaussian(groups, rnd), wv = gaussian(c.nnz(), rnd);
                    double[] jv = pm.forward(vec(v)).valuesArray();
                    w.setValues(wv);
                    DenseVector jtw = DenseVector.heap(groups);
                    pm.pullback(w, jtw);
                    double lhs = dot(jv, wv), rhs = dot(v, jtw.toArray());
                    double scale = 0;
                    for (int t = 0; t < entries; t++) scale += Math.abs(v[groupOf(ptr, t)] * coef[t] * wv[pos[t]]);
                    assertEquals(lhs, rhs, 64 * Math.ulp(1.0) * scale);
                }
                // The RankOne pullback equals the general one applied to the RankOne's samples on the pattern.
                double[] u = gaussian(20, rnd), x = gaussian(20, rnd);
                RankOne r = RankOne.of(-1, vec(u), vec(x));
                DenseVector viaRankOne = DenseVector.heap(groups), viaSamples = DenseVector.heap(groups);
                pm.pullback(r, viaRankOne);
                r.sampleOn(w);
                pm.pullback(w, viaSamples);
                assertTrue(relErrInf(viaRankOne.toArray(), viaSamples.toArray()) < 1e-13);
            }
        }
    }

    private static int groupOf(int[] ptr, int t) {
        int g = 0;
        while (ptr[g + 1] <= t) g++;
        return g;
    }

    /**
     * p ↦ φ(p) = uᵀA(p)v is affine, so its central difference is exact up to rounding: the RankOne
     * pullback must match it in every parameter (step 1: any step is exact for an affine function).
     */
    @Test
    void rankOnePullbackMatchesFiniteDifferencesOnAFemMap() {
        PlaneStressQ4 mesh = new PlaneStressQ4(5, 3, 0.3);
        Random rnd = new Random(33);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs());
                ParametricMatrix pm = ParametricMatrix.of(asm.elementMap())) {
            int n = asm.stiffness().rows(), np = pm.parameters();
            double[] u = gaussian(n, rnd), v = gaussian(n, rnd), p = uniform(np, 0.2, 1, rnd);
            RankOne r = RankOne.of(-1, vec(u), vec(v));
            DenseVector pbar = DenseVector.heap(np);
            pm.pullback(r, pbar);
            double[] fd = new double[np];
            for (int e = 0; e < np; e++) {
                double[] dir = new double[np];
                dir[e] = 1;
                fd[e] = FiniteDifference.central(t -> r.dot(pm.forward(vec(plus(p, t, dir)))), 0.5);
            }
            assertTrue(relErrInf(pbar.toArray(), fd) < 1e-12, "p̄ = −uᵀKₑv: " + relErrInf(pbar.toArray(), fd));
            pm.pullback(RankOne.of(0, vec(u), vec(v)), pbar);
            assertEquals(0.0, normInf(pbar.toArray()));
        }
    }

    @Test
    void badParametersAndCotangentsAreRejected() {
        PlaneStressQ4 mesh = new PlaneStressQ4(2, 2, 0.3);
        try (PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs());
                ParametricMatrix pm = ParametricMatrix.of(asm.elementMap())) {
            double[] p = {1, 1, Double.NaN, 1};
            var e = assertThrows(IllegalArgumentException.class, () -> pm.forward(vec(p)));
            assertTrue(e.getMessage().contains("p[2] = NaN"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pm.forward(vec(new double[3])));
            int n = asm.stiffness().rows();
            try (CscMatrix id = CscMatrix.identity(n)) {
                var w = assertThrows(IllegalArgumentException.class, () -> pm.pullback(id, DenseVector.heap(4)));
                assertTrue(w.getMessage().contains("sampleOn"), w.getMessage());
            }
            RankOne r = RankOne.of(vec(new double[n]), vec(new double[n + 1]));
            assertThrows(IllegalArgumentException.class, () -> pm.pullback(r, DenseVector.heap(4)));
            assertThrows(IllegalArgumentException.class, () -> pm.pullback(RankOne.of(vec(new double[n]), vec(new double[n])), Tangents.ZERO));
        }
    }
}

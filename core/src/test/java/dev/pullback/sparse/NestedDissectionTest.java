package dev.pullback.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseAnalysis;
import dev.pullback.factor.SparseFactorization;
import dev.pullback.factor.SparseOptions;
import dev.pullback.gallery.Elasticity3d;
import dev.pullback.gallery.Grids;
import dev.pullback.gallery.Poisson3d;
import dev.pullback.solvers.Solvers;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Nested dissection: a permutation on every kind of graph, separators that separate (checked on
 * the graph for every split of the tree), less fill than AMD on a 3D grid, the AUTO choice keeping
 * the order with fewer predicted flops, and solves in the order by every solver that takes one.
 */
class NestedDissectionTest {
    /** A symmetric pattern with these undirected edges and a full diagonal. */
    private static CscMatrix graph(int n, int[][] edges) {
        CooBuilder b = new CooBuilder(n, n);
        for (int i = 0; i < n; i++) b.add(i, i, 1);
        for (int[] e : edges) {
            b.add(e[0], e[1], 1);
            b.add(e[1], e[0], 1);
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }

    private static CscMatrix randomGraph(Random rnd, int n, int edges) {
        int[][] e = new int[edges][];
        for (int t = 0; t < edges; t++) {
            int i = rnd.nextInt(n), j = rnd.nextInt(n);
            e[t] = new int[] {i, j == i ? (i + 1) % n : j};
        }
        return graph(n, e);
    }

    /** Two 2D grids side by side (no edge between them) and isolated nodes. */
    private static CscMatrix disconnected(int k, int isolated) {
        List<int[]> e = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
            int base = g * k * k;
            for (int x = 0; x < k; x++) {
                for (int y = 0; y < k; y++) {
                    int v = base + x * k + y;
                    if (x + 1 < k) e.add(new int[] {v, v + k});
                    if (y + 1 < k) e.add(new int[] {v, v + 1});
                }
            }
        }
        return graph(2 * k * k + isolated, e.toArray(new int[0][]));
    }

    /** A star (one node joined to all) on top of a path. */
    private static CscMatrix star(int n) {
        List<int[]> e = new ArrayList<>();
        for (int i = 1; i < n; i++) e.add(new int[] {0, i});
        for (int i = 1; i + 1 < n; i++) e.add(new int[] {i, i + 1});
        return graph(n, e.toArray(new int[0][]));
    }

    private static List<CscMatrix> graphs() {
        Random rnd = new Random(7);
        List<CscMatrix> list = new ArrayList<>();
        for (int n : new int[] {0, 1, 2, 3}) list.add(graph(n, n == 2 ? new int[][] {{0, 1}} : new int[0][]));
        list.add(Grids.poisson2d(30, 30));
        list.add(Grids.poisson2d(97, 13));
        list.add(Poisson3d.laplacian(12, 11, 10));
        list.add(new Elasticity3d(8, 7, 9, 1).assemble()); // 3 dofs per node: merged vertices
        list.add(randomGraph(rnd, 500, 1500));
        list.add(randomGraph(rnd, 1200, 1300)); // sparse: many components
        list.add(randomGraph(rnd, 400, 8000)); // dense-ish: large separators
        list.add(disconnected(20, 7));
        list.add(star(700));
        list.add(Grids.arrow(900, 3, 2, 5));
        return list;
    }

    @Test
    void ordersArePermutationsAndSeparatorsSeparate() {
        for (CscMatrix a : graphs()) {
            try (a) {
                SymmetricStructure s = SymmetricStructure.of(a.pattern());
                NestedDissection.Dissection d = NestedDissection.dissect(s);
                SparseLuTest.assertPermutation(d.perm());
                assertEquals(a.cols(), d.perm().length);
                assertSeparatorsSeparate(s, d, a.cols() > NestedDissection.LEAF && !isClique(s));
                assertArrayEquals(d.perm(), NestedDissection.order(a.pattern()), "deterministic");
            }
        }
    }

    private static boolean isClique(SymmetricStructure s) {
        return s.edges() == (long) s.n * (s.n - 1);
    }

    /**
     * Every split (lo, endA, endB, hi) is nested in the order (0 ≤ lo ≤ endA ≤ endB ≤ hi ≤ n), and
     * no edge of the graph joins a node placed in [lo, endA) to one in [endA, endB).
     */
    static void assertSeparatorsSeparate(SymmetricStructure s, NestedDissection.Dissection d, boolean expectSplits) {
        int n = s.n;
        int[] inv = new int[n];
        for (int k = 0; k < n; k++) inv[d.perm()[k]] = k;
        int[] sp = d.splits();
        assertEquals(0, sp.length % 4);
        if (expectSplits) assertTrue(sp.length > 0, "a graph of " + n + " nodes was not dissected");
        for (int t = 0; t < sp.length; t += 4) {
            int lo = sp[t], endA = sp[t + 1], endB = sp[t + 2], hi = sp[t + 3];
            assertTrue(0 <= lo && lo < endA && endA < endB && endB <= hi && hi <= n,
                    "split " + lo + " " + endA + " " + endB + " " + hi);
            for (int k = lo; k < endA; k++) {
                int v = d.perm()[k];
                for (int p = s.ptr[v]; p < s.ptr[v + 1]; p++) {
                    int q = inv[s.adj[p]];
                    assertTrue(q < endA || q >= endB, "edge " + v + "-" + s.adj[p] + " joins the parts of split " + lo
                            + ".." + hi + " past the separator");
                }
            }
        }
    }

    @Test
    void fillsLessThanAmdOnA3dGrid() {
        try (CscMatrix a = Poisson3d.laplacian(32, 32, 32)) {
            SymmetricStructure s = SymmetricStructure.of(a.pattern());
            long[] nd = EliminationTree.choleskyCost(s, NestedDissection.order(s));
            long[] amd = EliminationTree.choleskyCost(s, Amd.order(s, Amd.DEFAULT_DENSE, true));
            assertTrue(nd[0] < amd[0], "nnz(L): nested dissection " + nd[0] + ", AMD " + amd[0]);
            assertTrue(nd[1] < amd[1], "flops: nested dissection " + nd[1] + ", AMD " + amd[1]);
            // The exact count through the analysis agrees with the elimination tree's.
            SparseAnalysis c = SupernodalCholesky.analyze(a.pattern(),
                    SparseOptions.defaults().withOrdering(Ordering.NESTED_DISSECTION));
            assertEquals(nd[0], ((CholeskyAnalysis) c).choleskyNonzeros());
            assertEquals(Ordering.NESTED_DISSECTION, c.ordering());
        }
    }

    @Test
    void autoKeepsTheOrderWithFewerPredictedFlops() {
        SparseOptions auto = SparseOptions.defaults();
        // Large 3D meshes (large fronts): both orders computed, the cheaper kept.
        for (CscMatrix a : new CscMatrix[] {Poisson3d.laplacian(28, 28, 28), new Elasticity3d(16, 16, 16, 1).assemble()}) {
            try (a) {
                SymmetricStructure s = SymmetricStructure.of(a.pattern());
                assertTrue(s.n >= SymmetricOrder.ND_MIN_N);
                SymmetricOrder chosen = SymmetricOrder.of(s, auto);
                long[] nd = EliminationTree.choleskyCost(s, NestedDissection.order(s));
                long[] amd = EliminationTree.choleskyCost(s, Amd.order(s, Amd.DEFAULT_DENSE, true));
                Ordering expected = nd[1] < amd[1] ? Ordering.NESTED_DISSECTION : Ordering.AMD;
                assertEquals(expected, chosen.used, chosen.reason);
                assertEquals(Math.min(nd[1], amd[1]), EliminationTree.choleskyCost(s, chosen.perm)[1]);
                assertEquals(chosen.cholesky, EliminationTree.choleskyCost(s, chosen.perm)[0]);
                assertTrue(chosen.exact);
                assertTrue(chosen.reason.contains("flops"), chosen.reason);
                if (chosen.used == Ordering.NESTED_DISSECTION) assertTrue(chosen.tree != null && chosen.tree.perm() == chosen.perm);
                assertEquals(expected, SupernodalCholesky.analyze(a.pattern(), auto).ordering());
            }
        }
        // Small, or a 2D mesh whose AMD fronts are small (flops per nnz(L) below the gate): AMD alone.
        for (CscMatrix a : new CscMatrix[] {Poisson3d.laplacian(12, 12, 12), Grids.poisson2d(150, 150)}) {
            try (a) {
                SymmetricStructure s = SymmetricStructure.of(a.pattern());
                SymmetricOrder chosen = SymmetricOrder.of(s, auto);
                assertEquals(Ordering.AMD, chosen.used);
                assertEquals("", chosen.reason);
                long[] amd = EliminationTree.choleskyCost(s, chosen.perm);
                assertTrue(s.n < SymmetricOrder.ND_MIN_N || amd[1] < SymmetricOrder.ND_MIN_FRONT * amd[0],
                        "flops per nnz(L) " + (double) amd[1] / amd[0]);
            }
        }
    }

    @Test
    void everySolverFactorsAndSolvesInTheOrder() {
        Random rnd = new Random(11);
        SparseOptions nd = SparseOptions.defaults().withOrdering(Ordering.NESTED_DISSECTION);
        // SPD (a 3D Laplacian, and a 2D one with a diagonal shift) and an unsymmetric-valued one.
        CscMatrix[] matrices = {Poisson3d.laplacian(9, 8, 7), Grids.poisson2d(25, 17),
                Grids.convectionDiffusion2d(23, 19, 0.7, -0.4)};
        for (CscMatrix a : matrices) {
            try (a) {
                boolean spd = a != matrices[2];
                for (String name : Solvers.names()) {
                    if (Solvers.get(name).symmetricOnly() && !spd) continue;
                    SparseAnalysis s = Solvers.get(name).analyze(a.pattern(), nd);
                    try (SparseFactorization f = s.factor(a)) {
                        LuTesting.checkSolves(a, f, rnd, 20, 600, 1e-9);
                        if (!name.equals("dense") && !name.equals("btf")) {
                            assertEquals(Ordering.NESTED_DISSECTION, s.ordering(), name);
                        }
                    }
                }
            }
        }
    }

    @Test
    void nonSquarePatternIsRefused() {
        try (CscMatrix a = new CooBuilder(3, 4).build(CooBuilder.Zeros.KEEP)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NestedDissection.order(a.pattern()));
            assertTrue(e.getMessage().contains("nested dissection"), e.getMessage());
        }
    }

    /**
     * The supernodal analysis started from an order's counted elimination tree (as AUTO hands it
     * on) is the analysis that counts the tree itself, array for array.
     */
    @Test
    void aCountedTreeGivesTheSameSupernodalStructure() {
        for (CscMatrix a : new CscMatrix[] {Poisson3d.laplacian(14, 12, 11), new Elasticity3d(7, 6, 5, 1).assemble()}) {
            try (a) {
                SymmetricStructure s = SymmetricStructure.of(a.pattern());
                for (int[] order : new int[][] {NestedDissection.order(s), Amd.order(s, Amd.DEFAULT_DENSE, true)}) {
                    EliminationTree.Counted tree = EliminationTree.count(s, order);
                    SupernodalStructure counted = SupernodalStructure.of(a.pattern(), s, order, Ordering.AMD, true);
                    SupernodalStructure reused = SupernodalStructure.of(a.pattern(), s, order, Ordering.AMD, true, tree);
                    assertEquals(tree.nonzeros(), counted.choleskyNonzeros);
                    assertEquals(counted.choleskyNonzeros, reused.choleskyNonzeros);
                    assertEquals(counted.amalgamationZeros, reused.amalgamationZeros);
                    assertArrayEquals(counted.q, reused.q);
                    assertArrayEquals(counted.first, reused.first);
                    assertArrayEquals(counted.rowPtr, reused.rowPtr);
                    assertArrayEquals(counted.rows, reused.rows);
                    assertArrayEquals(counted.parent, reused.parent);
                    assertArrayEquals(counted.aDst, reused.aDst);
                    assertArrayEquals(counted.relMap, reused.relMap);
                }
                int[] other = NestedDissection.order(s).clone();
                EliminationTree.Counted tree = EliminationTree.count(s, NestedDissection.order(s));
                assertThrows(IllegalArgumentException.class,
                        () -> SupernodalStructure.of(a.pattern(), s, other, Ordering.AMD, true, tree));
            }
        }
    }
}

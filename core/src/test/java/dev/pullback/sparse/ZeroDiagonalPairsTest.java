package dev.pullback.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.factor.Ordering;
import dev.pullback.factor.SparseOptions;
import dev.pullback.gallery.Grids;
import dev.pullback.gallery.Kkt;
import dev.pullback.gallery.StokesMac;
import dev.pullback.storage.CscMatrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The paired order: a permutation in which every column without a diagonal entry comes after one of
 * its neighbours; on a saddle-point matrix it leaves LDLᵀ far fewer delayed pivots than AMD alone;
 * on a matrix with a full diagonal it is AMD's order.
 */
class ZeroDiagonalPairsTest {
    @Test
    void everyZeroDiagonalColumnFollowsANeighbourAndDelaysFall() {
        for (CscMatrix a : new CscMatrix[] {StokesMac.of2d(40, 36, 1.0, 1), Kkt.q4(40, 20, 2), StokesMac.of3d(8, 7, 6, 1.0, 2)}) {
            try (a) {
                SymmetricStructure sym = SymmetricStructure.of(a.pattern());
                int[] order = ZeroDiagonalPairs.order(a.pattern(), sym, Ordering.AMD, SparseOptions.defaults());
                int n = a.cols();
                int[] sorted = order.clone();
                Arrays.sort(sorted);
                for (int k = 0; k < n; k++) assertEquals(k, sorted[k], "a permutation");
                int[] position = new int[n];
                for (int k = 0; k < n; k++) position[order[k]] = k;
                for (int z = 0; z < n; z++) {
                    if (SupernodalLdltTest.hasDiagonal(a, z)) continue;
                    boolean after = false;
                    for (int p = sym.ptr[z]; p < sym.ptr[z + 1]; p++) after |= position[sym.adj[p]] < position[z];
                    assertTrue(after, "column " + z + " has no diagonal and no neighbour before it");
                }
                int[] amd = SupernodalLu.symmetricOrder(sym, Ordering.AMD, SparseOptions.defaults(), new long[1]);
                try (SupernodalLdlt paired = SupernodalLdlt.analyze(a.pattern(), SparseOptions.defaults()).factor(a);
                        SupernodalLdlt plain = SupernodalLdlt.analyze(a.pattern(), sym, amd, Ordering.AMD, SparseOptions.defaults(), "")
                                .factor(a)) {
                    assertTrue(paired.delayedPivots() * 10 <= plain.delayedPivots() + 10,
                            "delays: paired " + paired.delayedPivots() + ", AMD alone " + plain.delayedPivots());
                    assertEquals(plain.inertia(), paired.inertia());
                }
            }
        }
    }

    @Test
    void aFullDiagonalKeepsAmdsOrder() {
        try (CscMatrix a = Grids.poisson2d(30, 20)) {
            SymmetricStructure sym = SymmetricStructure.of(a.pattern());
            assertArrayEquals(SupernodalLu.symmetricOrder(sym, Ordering.AMD, SparseOptions.defaults(), new long[1]),
                    ZeroDiagonalPairs.order(a.pattern(), sym, Ordering.AMD, SparseOptions.defaults()));
        }
    }
}

package dev.pullback.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pullback.factor.Ordering;
import dev.pullback.gallery.Elasticity3d;
import dev.pullback.gallery.Grids;
import dev.pullback.gallery.Poisson3d;
import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The supernodes' row structures against a plain symbolic elimination in the analysis' final
 * order (column j of L: the rows below j of S's column j and of the columns whose parent is j), for
 * AMD and nested dissection orders on meshes and on random graphs.
 */
class SupernodalStructureTest {
    @Test
    void rowStructuresAreTheUnionsOfTheirColumnsPatterns() {
        Random rnd = new Random(3);
        CscMatrix[] matrices = {Poisson3d.laplacian(9, 8, 7), new Elasticity3d(4, 3, 5, 1).assemble(),
                Grids.poisson2d(30, 21), randomGraph(rnd, 400, 900), randomGraph(rnd, 300, 2500)};
        for (CscMatrix a : matrices) {
            try (a) {
                SymmetricStructure sym = SymmetricStructure.of(a.pattern());
                for (int[] order : new int[][] {Amd.order(sym, Amd.DEFAULT_DENSE, true), NestedDissection.order(sym)}) {
                    SupernodalStructure st = SupernodalStructure.of(a.pattern(), sym, order, Ordering.AMD, true);
                    checkRows(sym, st);
                }
            }
        }
    }

    private static void checkRows(SymmetricStructure sym, SupernodalStructure st) {
        int n = sym.n;
        // Column patterns of L in the order q by elimination: struct(j) = S(>j, j) ∪ struct(children) \ {j}.
        @SuppressWarnings("unchecked")
        TreeSet<Integer>[] col = new TreeSet[n];
        for (int j = 0; j < n; j++) col[j] = new TreeSet<>();
        for (int j = 0; j < n; j++) {
            int node = st.q[j];
            for (int p = sym.ptr[node]; p < sym.ptr[node + 1]; p++) {
                int i = st.qinv[sym.adj[p]];
                if (i > j) col[j].add(i);
            }
            if (!col[j].isEmpty()) {
                int parent = col[j].first();
                for (int i : col[j]) if (i != parent) col[parent].add(i);
            }
        }
        long nnzL = n;
        for (TreeSet<Integer> c : col) nnzL += c.size();
        assertEquals(nnzL, st.choleskyNonzeros);
        for (int s = 0; s < st.count; s++) {
            int l = st.first[s + 1] - 1;
            TreeSet<Integer> expected = new TreeSet<>();
            for (int j = st.first[s]; j <= l; j++) for (int i : col[j]) if (i > l) expected.add(i);
            int[] want = expected.stream().mapToInt(Integer::intValue).toArray();
            int[] got = java.util.Arrays.copyOfRange(st.rows, st.rowPtr[s], st.rowPtr[s + 1]);
            assertArrayEquals(want, got, "rows below supernode " + s);
        }
    }

    private static CscMatrix randomGraph(Random rnd, int n, int edges) {
        CooBuilder b = new CooBuilder(n, n);
        for (int i = 0; i < n; i++) b.add(i, i, 1);
        for (int t = 0; t < edges; t++) {
            int i = rnd.nextInt(n), j = rnd.nextInt(n);
            if (i == j) continue;
            b.add(i, j, 1);
            b.add(j, i, 1);
        }
        return b.build(CooBuilder.Zeros.KEEP);
    }
}

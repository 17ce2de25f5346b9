package dev.pullback.sparse;

import dev.pullback.internal.Checks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.gallery.Grids;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.testing.Generated;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The block triangular form: the matching against an independent augmenting-path reference
 * (Kuhn's algorithm), and the permuted matrix checked directly — zero-free diagonal, no entry below
 * the block diagonal, every diagonal block strongly connected (so irreducible: the form is the finest).
 */
class BlockTriangularFormTest {
    private static CscPattern randomPattern(long seed, int n, double density, boolean diagonal) {
        Random rnd = new Random(seed);
        boolean[][] on = new boolean[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) on[i][j] = rnd.nextDouble() < density || (diagonal && i == j);
        }
        return pattern(on);
    }

    private static CscPattern pattern(boolean[][] on) {
        int n = on.length;
        int[] cp = new int[n + 1];
        int[] ri = new int[n * n];
        int t = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) if (on[i][j]) ri[t++] = i;
            cp[j + 1] = t;
        }
        return CscPattern.of(n, n, cp, Arrays.copyOf(ri, t));
    }

    /** Structural rank by Kuhn's augmenting paths, recursive and simple: the independent reference. */
    private static int kuhnRank(CscPattern a) {
        int n = a.cols();
        int[] rowOwner = new int[n];
        Arrays.fill(rowOwner, -1);
        int rank = 0;
        for (int j = 0; j < n; j++) if (augment(a, j, new boolean[n], rowOwner)) rank++;
        return rank;
    }

    private static boolean augment(CscPattern a, int j, boolean[] seen, int[] rowOwner) {
        for (int p = a.colStart(j); p < a.colEnd(j); p++) {
            int i = a.row(p);
            if (seen[i]) continue;
            seen[i] = true;
            if (rowOwner[i] < 0 || augment(a, rowOwner[i], seen, rowOwner)) {
                rowOwner[i] = j;
                return true;
            }
        }
        return false;
    }

    /** Checks every property of a structurally nonsingular pattern's form; returns the block sizes. */
    static int[] checkForm(CscPattern a, BlockTriangularForm f) {
        int n = a.cols();
        assertTrue(f.isStructurallyNonsingular(), f.toString());
        int[] p = f.rowOrder(), q = f.columnOrder();
        SparseLuTest.assertPermutation(p);
        SparseLuTest.assertPermutation(q);
        int[] pinv = new int[n], qinv = new int[n], block = new int[n];
        for (int k = 0; k < n; k++) {
            pinv[p[k]] = k;
            qinv[q[k]] = k;
        }
        assertEquals(0, f.blockStart(0));
        assertEquals(n, f.blockStart(f.blocks()));
        int[] sizes = new int[f.blocks()];
        for (int b = 0; b < f.blocks(); b++) {
            assertTrue(f.blockStart(b) < f.blockStart(b + 1), "empty block " + b);
            sizes[b] = f.blockStart(b + 1) - f.blockStart(b);
            for (int k = f.blockStart(b); k < f.blockStart(b + 1); k++) block[k] = b;
        }
        // C(k, l) = A(p[k], q[l]): adjacency of C by positions
        boolean[] diag = new boolean[n];
        int[][] out = new int[n][];
        int[] deg = new int[n];
        for (int j = 0; j < n; j++) deg[qinv[j]] = a.colCount(j);
        for (int l = 0; l < n; l++) out[l] = new int[deg[l]];
        for (int j = 0; j < n; j++) {
            int l = qinv[j];
            for (int t = a.colStart(j), c = 0; t < a.colEnd(j); t++, c++) {
                int k = pinv[a.row(t)];
                assertTrue(block[k] <= block[l], "entry C(" + k + ", " + l + ") below the block diagonal");
                if (k == l) diag[l] = true;
                out[l][c] = k;
            }
        }
        for (int k = 0; k < n; k++) assertTrue(diag[k], "zero on the diagonal of C at " + k);
        // each diagonal block strongly connected: every node of the block reaches and is reached from its first node
        int[][] in = reverse(out, n);
        for (int b = 0; b < f.blocks(); b++) {
            int s = f.blockStart(b), e = f.blockStart(b + 1);
            assertEquals(e - s, reach(out, s, s, e), "block " + b + " is not strongly connected (forward)");
            assertEquals(e - s, reach(in, s, s, e), "block " + b + " is not strongly connected (backward)");
        }
        return sizes;
    }

    private static int[][] reverse(int[][] out, int n) {
        int[] deg = new int[n];
        for (int[] o : out) for (int k : o) deg[k]++;
        int[][] in = new int[n][];
        for (int k = 0; k < n; k++) in[k] = new int[deg[k]];
        int[] fill = new int[n];
        for (int l = 0; l < n; l++) for (int k : out[l]) in[k][fill[k]++] = l;
        return in;
    }

    /** Nodes of [s, e) reachable from {@code from} by edges inside [s, e). */
    private static int reach(int[][] adj, int from, int s, int e) {
        boolean[] seen = new boolean[e - s];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        seen[from - s] = true;
        queue.add(from);
        int count = 1;
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int w : adj[v]) {
                if (w >= s && w < e && !seen[w - s]) {
                    seen[w - s] = true;
                    count++;
                    queue.add(w);
                }
            }
        }
        return count;
    }

    @Test
    void randomPatternsMatchTheReferenceRankAndHaveAValidForm() {
        Generated.forAll(200, Generated.sizedEdges(0, 40, 0.0, 0.3), Generated.sized(0, 40, 0.0, 0.3),
                c -> randomPatternsMatchTheReferenceRankAndHaveAValidForm(c.n(), c.density(), c.seed()));
    }

    private static void randomPatternsMatchTheReferenceRankAndHaveAValidForm(int n, double density, long seed) {
        try (CscPattern a = randomPattern(seed, n, density, false)) {
            BlockTriangularForm f = BlockTriangularForm.of(a);
            assertEquals(kuhnRank(a), f.structuralRank(), "structural rank");
            if (f.isStructurallyNonsingular()) {
                assertEquals(-1, f.unmatchedColumn());
                checkForm(a, f);
            } else {
                assertTrue(f.unmatchedColumn() >= 0 && f.unmatchedColumn() < n);
                assertEquals(0, f.blocks());
                assertThrows(IllegalStateException.class, f::rowOrder);
            }
        }
    }

    @Test
    void patternsWithAFullDiagonalAreNonsingular() {
        Generated.forAll(100, Generated.sizedEdges(1, 60, 0.0, 0.1), Generated.sized(1, 60, 0.0, 0.1), c -> {
            try (CscPattern a = randomPattern(c.seed(), c.n(), c.density(), true)) {
                checkForm(a, BlockTriangularForm.of(a));
            }
        });
    }

    @Test
    void triangularPatternHasOnlyOneByOneBlocks() {
        int n = 30;
        boolean[][] on = new boolean[n][n];
        for (int j = 0; j < n; j++) for (int i = 0; i <= j; i += 3) on[i][j] = true;
        for (int j = 0; j < n; j++) on[j][j] = true;
        try (CscPattern a = pattern(on)) {
            BlockTriangularForm f = BlockTriangularForm.of(a);
            assertEquals(n, f.blocks());
            assertEquals(1, f.largestBlock());
            checkForm(a, f);
        }
    }

    @Test
    void irreducibleMatricesAreOneBlock() {
        try (CscMatrix a = Grids.poisson2d(12, 9); CscMatrix c = Grids.convectionDiffusion2d(7, 7, 40, 10)) {
            for (CscMatrix m : new CscMatrix[] {a, c}) {
                BlockTriangularForm f = BlockTriangularForm.of(m.pattern());
                assertEquals(1, f.blocks());
                checkForm(m.pattern(), f);
            }
        }
    }

    @Test
    void cascadeStagesAreFoundBehindTheirPermutation() {
        try (CscMatrix a = Grids.cascade(3000, 20, 2, 3, 11)) {
            BlockTriangularForm f = BlockTriangularForm.of(a.pattern());
            int[] sizes = checkForm(a.pattern(), f);
            // the stages have sizes 1..39, average about 20: many blocks, none larger than a stage
            assertTrue(f.blocks() >= 3000 / 39, f.toString());
            assertTrue(f.largestBlock() <= 39, f.toString());
            assertEquals(3000, Arrays.stream(sizes).sum());
        }
    }

    @Test
    void structurallySingularPatternNamesAnUnmatchedColumn() {
        // columns 1 and 2 both have entries only in row 0: one of them cannot be matched
        boolean[][] on = {{true, true, true}, {true, false, false}, {false, false, false}};
        try (CscPattern a = pattern(on)) {
            BlockTriangularForm f = BlockTriangularForm.of(a);
            assertEquals(2, f.structuralRank());
            assertFalse(f.isStructurallyNonsingular());
            assertTrue(f.unmatchedColumn() == 1 || f.unmatchedColumn() == 2, f.toString());
        }
    }

    @Test
    void emptyPattern() {
        try (CscPattern a = CscPattern.of(0, 0, new int[] {0}, new int[0])) {
            BlockTriangularForm f = BlockTriangularForm.of(a);
            assertEquals(0, f.blocks());
            assertTrue(f.isStructurallyNonsingular());
            assertArrayEquals(new int[0], f.rowOrder());
        }
    }

    @Test
    void rectangularIsRefused() {
        try (CscPattern a = CscPattern.of(3, 2, new int[] {0, 1, 2}, new int[] {0, 1})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockTriangularForm.of(a));
            assertTrue(e.getMessage().contains("3x2"), e.getMessage());
        }
    }
}

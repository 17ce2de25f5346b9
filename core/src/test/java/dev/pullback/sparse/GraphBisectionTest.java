package dev.pullback.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pullback.gallery.Grids;
import dev.pullback.gallery.Poisson3d;
import dev.pullback.storage.CscMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Vertex separators: no edge joins the two parts, both parts are non-empty, and one workspace
 * reused across graphs of different sizes (with arrays longer than the graph, as the nested
 * dissection's pieces pass them) gives exactly the separators of a fresh workspace per graph.
 */
class GraphBisectionTest {
    /** The graph of a symmetric pattern, unit edge and vertex weights. */
    private static GraphBisection.Graph graph(CscMatrix a) {
        SymmetricStructure s = SymmetricStructure.of(a.pattern());
        int[] ew = new int[s.ptr[s.n]];
        Arrays.fill(ew, 1);
        int[] vw = new int[s.n];
        Arrays.fill(vw, 1);
        return new GraphBisection.Graph(s.n, s.ptr.clone(), Arrays.copyOf(s.adj, s.ptr[s.n]), ew, vw, s.n);
    }

    /** A connected random graph: a path through all vertices plus random edges, weights 1..3 on the vertices. */
    private static GraphBisection.Graph randomGraph(Random rnd, int n, int extra) {
        List<List<Integer>> nb = new ArrayList<>();
        for (int v = 0; v < n; v++) nb.add(new ArrayList<>());
        for (int v = 0; v + 1 < n; v++) {
            nb.get(v).add(v + 1);
            nb.get(v + 1).add(v);
        }
        for (int t = 0; t < extra; t++) {
            int u = rnd.nextInt(n), v = rnd.nextInt(n);
            if (u == v || nb.get(u).contains(v)) continue;
            nb.get(u).add(v);
            nb.get(v).add(u);
        }
        int[] xadj = new int[n + 1];
        for (int v = 0; v < n; v++) xadj[v + 1] = xadj[v] + nb.get(v).size();
        int[] adj = new int[xadj[n]];
        for (int v = 0; v < n; v++) for (int i = 0; i < nb.get(v).size(); i++) adj[xadj[v] + i] = nb.get(v).get(i);
        int[] ew = new int[xadj[n]];
        Arrays.fill(ew, 1);
        int[] vw = new int[n];
        int total = 0;
        for (int v = 0; v < n; v++) total += vw[v] = 1 + rnd.nextInt(3);
        return new GraphBisection.Graph(n, xadj, adj, ew, vw, total);
    }

    /** The same graph in arrays padded past its size with junk (the separator must read only the first n rows). */
    private static GraphBisection.Graph padded(GraphBisection.Graph g) {
        int n = g.n(), nnz = g.xadj()[n];
        int[] xadj = Arrays.copyOf(g.xadj(), n + 40);
        int[] adj = Arrays.copyOf(g.adj(), nnz + 100);
        int[] ew = Arrays.copyOf(g.ew(), nnz + 100);
        int[] vw = Arrays.copyOf(g.vw(), n + 40);
        Arrays.fill(xadj, n + 1, xadj.length, -7);
        Arrays.fill(adj, nnz, adj.length, -7);
        Arrays.fill(ew, nnz, ew.length, 99);
        Arrays.fill(vw, n, vw.length, 99);
        return new GraphBisection.Graph(n, xadj, adj, ew, vw, g.totalWeight());
    }

    private static List<GraphBisection.Graph> graphs() {
        Random rnd = new Random(11);
        List<GraphBisection.Graph> list = new ArrayList<>();
        try (CscMatrix p3 = Poisson3d.laplacian(14, 12, 11); CscMatrix p2 = Grids.poisson2d(40, 23);
                CscMatrix small = Poisson3d.laplacian(7, 6, 6)) {
            list.add(graph(p3)); // from 1 848 vertices: both separator paths
            list.add(graph(small));
            list.add(graph(p2));
        }
        list.add(randomGraph(rnd, 1500, 3000));
        list.add(randomGraph(rnd, 300, 900));
        return list;
    }

    static void assertSeparates(GraphBisection.Graph g, int[] where) {
        assertEquals(g.n(), where.length);
        int[] count = new int[3];
        for (int v = 0; v < g.n(); v++) {
            assertTrue(where[v] >= 0 && where[v] <= 2, "side " + where[v]);
            count[where[v]]++;
            for (int p = g.xadj()[v]; p < g.xadj()[v + 1]; p++) {
                int u = g.adj()[p];
                assertTrue(where[v] == 2 || where[u] == 2 || where[u] == where[v],
                        "edge " + v + "-" + u + " joins part " + where[v] + " to part " + where[u]);
            }
        }
        assertTrue(count[0] > 0 && count[1] > 0, "parts " + Arrays.toString(count));
    }

    private static int separatorSize(int[] where) {
        int s = 0;
        for (int w : where) if (w == 2) s++;
        return s;
    }

    @Test
    void separatorsSeparate() {
        for (GraphBisection.Graph g : graphs()) assertSeparates(g, new GraphBisection(g.n()).separate(g, 42));
    }

    /** On grids the separator is no larger than two of the smallest grid planes (lines in 2D). */
    @Test
    void gridSeparatorsAreSmall() {
        try (CscMatrix p3 = Poisson3d.laplacian(14, 12, 11); CscMatrix p2 = Grids.poisson2d(40, 23)) {
            GraphBisection.Graph g3 = graph(p3), g2 = graph(p2);
            for (long seed = 1; seed <= 3; seed++) {
                assertTrue(separatorSize(new GraphBisection(g3.n()).separate(g3, seed)) <= 2 * 12 * 11);
                assertTrue(separatorSize(new GraphBisection(g2.n()).separate(g2, seed)) <= 2 * 23);
            }
        }
    }

    /**
     * On a 7-point 3D grid a diagonal level x + y + z = c through the middle is a separator: 1 184
     * vertices on this box against 1 440 in its smallest grid plane. The separator must come
     * within 3% of the diagonal (multilevel refinement alone stopped at the plane on every seed).
     */
    @Test
    void sevenPointGridSeparatorsAreLighterThanPlanes() {
        try (CscMatrix p3 = Poisson3d.laplacian(44, 40, 36)) {
            GraphBisection.Graph g = graph(p3);
            for (long seed = 1; seed <= 2; seed++) {
                int[] where = new GraphBisection(g.n()).separate(g, seed);
                assertSeparates(g, where);
                assertTrue(separatorSize(where) <= 1220, "separator of " + separatorSize(where) + " vertices, seed " + seed);
            }
        }
    }

    @Test
    void aReusedWorkspaceGivesTheSeparatorsOfFreshOnes() {
        List<GraphBisection.Graph> graphs = graphs();
        int capacity = graphs.stream().mapToInt(GraphBisection.Graph::n).max().orElseThrow() + 40;
        GraphBisection shared = new GraphBisection(capacity);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < graphs.size(); i++) {
                GraphBisection.Graph g = graphs.get(i);
                long seed = 1000L * round + i;
                int[] fresh = new GraphBisection(g.n()).separate(g, seed);
                assertArrayEquals(fresh, shared.separate(padded(g), seed), "graph " + i + ", round " + round);
            }
        }
    }
}

package dev.pullback.sparse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A small vertex separator of a connected graph with vertex and edge weights, by the multilevel
 * scheme of Karypis and Kumar (SIAM J. Sci. Comput. 20, 1998), for {@link NestedDissection}.
 *
 * <p>Coarsen: match each vertex, in a random order, with the unmatched neighbour joined by the
 * heaviest edge and merge the pairs (vertex weights add, parallel edges add), until about
 * {@value #COARSEST} vertices remain or a level no longer shrinks. On the coarsest graph, try
 * {@value #TRIES} bisections ({@value #SMALL_TRIES} below {@value #EDGE_PATH_MIN} vertices) grown
 * breadth-first from random seeds to half the weight; refine each edge cut by Fiduccia–Mattheyses
 * (DAC 1982: boundary vertices move, highest gain first, once per pass, within
 * (1 + {@value #IMBALANCE})·W/2 per part, the pass rolled back to its best prefix);
 * turn the cut into a vertex separator — a minimum vertex cover of the cut edges' bipartite graph
 * (König, from a maximum matching) — and refine that by node FM ({@link #refineSeparator}); keep
 * the lightest separator. Project it back level by level (a merged separator vertex puts both
 * halves in the separator: still a separator) and refine it by node FM at each level. One
 * instance is a workspace for graphs up to its capacity, reused by every level and every call.
 *
 * <p>Graphs of at least {@value #EDGE_PATH_MIN} vertices are also separated along a second path on
 * the same coarse levels: the edge cut is projected and refined by edge FM down to the finest
 * level, covered there and refined by node FM once; the lighter of the two separators is kept.
 * Neither path wins everywhere: node FM from coarse separators finds the oblique separators of a
 * 7-point 3D grid (lighter than planes there) but can stick at thick, curved ones on 27-point
 * meshes (hexahedral elasticity), where the edge cut finds the plane. On graphs of at least
 * {@value #SECOND_COARSENING_MIN} vertices where the level structure below did not win, the edge
 * path runs again on a second, independent coarsening, and the lighter separator is kept.
 *
 * <p>A third candidate needs no coarsening: the middle level of a breadth-first level structure
 * from a pseudo-peripheral vertex (George and Liu), refined by node FM. Every edge joins equal or
 * adjacent levels, so a level is a separator. On a 7-point grid the levels from a corner are the
 * diagonal planes x + y + z = c, whose middle one is lighter than any grid plane (1 184 vertices
 * against 1 440 on a 44×40×36 box; about 3/4 of a face on a cube) and which refinement from coarse
 * levels does not reach from a grid plane: it is what keeps the fill of those meshes at METIS's or
 * below (docs/PERFORMANCE.md, 2026-12-08 'nested dissection: level structures'). Deterministic:
 * the random orders come from the seed.
 */
final class GraphBisection {
    /** Coarsening stops at this many vertices. */
    static final int COARSEST = 120;
    /** Graphs from this many vertices are also separated by the edge-cut path (see the class comment). */
    static final int EDGE_PATH_MIN = 1000;
    /**
     * Graphs from this many vertices whose lightest separator did not come from the level
     * structure run the edge-cut path a second time on an independent coarsening: one coarsening
     * can miss the plane of a 27-point mesh by a step, or by a curve on both paths.
     */
    static final int SECOND_COARSENING_MIN = 8000;
    /**
     * A middle level heavier than this many times the multilevel separator is not refined: on
     * 27-point meshes the levels are cube shells about twice a plane, which node FM does not undo.
     */
    static final double LEVEL_REFINE_MAX = 1.5;
    private static final long SECOND_COARSENING_SALT = 0x9e3779b97f4a7c15L;
    private static final long LEVEL_SALT = 0x1e7e15L;
    /** Initial bisections tried on the coarsest graph, by each path. */
    static final int TRIES = 8;
    /**
     * Initial bisections tried on the coarsest graph of a graph under {@value #EDGE_PATH_MIN}
     * vertices: its separator is one of the many small ones at the bottom of the dissection, which
     * decide little of the fill, while the tries on ~{@value #COARSEST} vertices cost as much as on
     * the top graphs (docs/PERFORMANCE.md, 2026-12-07 'nested dissection: fewer tries on small pieces').
     */
    static final int SMALL_TRIES = 4;
    /** Each part may hold up to (1 + IMBALANCE) times half the weight. */
    static final double IMBALANCE = 0.1;
    /** A vertex separator's parts may each hold up to (1 + SEPARATOR_IMBALANCE) times half the weight. */
    static final double SEPARATOR_IMBALANCE = 0.2;
    private static final int PASSES = 8;

    /** A graph in compressed sparse rows: {@code adj[xadj[v] .. xadj[v+1]-1]} with edge weights {@code ew}. */
    record Graph(int n, int[] xadj, int[] adj, int[] ew, int[] vw, int totalWeight) {}

    private SplittableRandom random;
    private SplittableRandom edgeRandom;
    // Workspace sized for the largest graph and shared by every level and every call.
    private final int[] id;
    private final int[] ed;
    private final int[] lock;
    private final int[] moves;
    /** Gain of each vertex in heap s, and its position there (−1: absent). */
    private final int[][] key;
    private final int[][] pos;
    /** Node refinement's log of (vertex, previous side), for the roll-back. */
    private int[] logVertex = new int[64];
    private int[] logSide = new int[64];
    private final int[][] heap = new int[2][];
    private final int[] heapSize = new int[2];
    private int stamp;
    /** Initial bisections tried in the current call: {@link #TRIES} or {@link #SMALL_TRIES}. */
    private int tries;
    /** Coarsening: each vertex's mate, the visiting order, each coarse vertex's first member, its slot in the row built. */
    private final int[] match;
    private final int[] visit;
    private final int[] first;
    private final int[] slot;
    /** Region growing and the cut cover: a queue, and marks compared with {@link #stamp}. */
    private final int[] queue;
    private final int[] seen;
    /** The cut cover: matching mates, left boundary vertices, search predecessors. */
    private final int[] mate;
    private final int[] left;
    private final int[] from;

    /** A workspace for graphs of up to {@code capacity} vertices. */
    GraphBisection(int capacity) {
        int n = capacity;
        match = new int[n];
        visit = new int[n];
        first = new int[n];
        slot = new int[n];
        Arrays.fill(slot, -1);
        queue = new int[n];
        seen = new int[n];
        mate = new int[n];
        left = new int[n];
        from = new int[n];
        id = new int[n];
        ed = new int[n];
        lock = new int[n];
        moves = new int[n];
        key = new int[2][n];
        pos = new int[2][n];
        Arrays.fill(pos[0], -1);
        Arrays.fill(pos[1], -1);
        heap[0] = new int[n];
        heap[1] = new int[n];
    }

    /**
     * Splits a connected graph into parts 0 and 1 and a separator (2): {@code where[v]}; no edge
     * joins part 0 to part 1. The graph has at most this workspace's capacity of vertices; it is
     * only read, and the random choices depend on the seed alone.
     */
    int[] separate(Graph g, long seed) {
        reseed(seed);
        tries = g.n() < EDGE_PATH_MIN ? SMALL_TRIES : TRIES;
        Hierarchy h = coarsenAll(g);
        int[] byNodes = nodePath(h);
        int[] where = g.n() >= EDGE_PATH_MIN ? lighter(g, byNodes, edgePath(h)) : byNodes;
        int[] byLevel = levelPath(g, new SplittableRandom(seed ^ LEVEL_SALT), weight(g, where));
        where = lighter(g, where, byLevel);
        if (where != byLevel && g.n() >= SECOND_COARSENING_MIN) {
            reseed(seed + SECOND_COARSENING_SALT);
            where = lighter(g, where, edgePath(coarsenAll(g)));
        }
        return where;
    }

    private void reseed(long seed) {
        random = new SplittableRandom(seed);
        edgeRandom = new SplittableRandom(~seed);
    }

    /** The candidate separator, when it is strictly lighter than the current one; else the current one. */
    private static int[] lighter(Graph g, int[] current, int[] candidate) {
        return candidate != null && weight(g, candidate) < weight(g, current) ? candidate : current;
    }

    /** The levels of a coarsening, finest first, and the map of each level's vertices onto the next one's. */
    private record Hierarchy(ArrayList<Graph> levels, ArrayList<int[]> maps) {
        Graph coarsest() {
            return levels.get(levels.size() - 1);
        }
    }

    /** Coarsens g level by level until {@value #COARSEST} vertices remain or a level no longer shrinks. */
    private Hierarchy coarsenAll(Graph g) {
        ArrayList<Graph> levels = new ArrayList<>();
        ArrayList<int[]> maps = new ArrayList<>();
        levels.add(g);
        int maxVertexWeight = (int) Math.min(Integer.MAX_VALUE, Math.max(1, 1.5 * g.totalWeight() / COARSEST));
        Graph fine = g;
        while (fine.n() > COARSEST) {
            int[] cmap = new int[fine.n()];
            Graph coarse = coarsen(fine, cmap, maxVertexWeight);
            if (coarse.n() > 0.95 * fine.n()) break;
            maps.add(cmap);
            levels.add(coarse);
            fine = coarse;
        }
        return new Hierarchy(levels, maps);
    }

    /** The node path: a vertex separator of the coarsest graph, projected and refined by node FM at every level. */
    private int[] nodePath(Hierarchy h) {
        int[] where = initialSeparator(h.coarsest());
        for (int l = h.levels().size() - 2; l >= 0; l--) {
            Graph finer = h.levels().get(l);
            where = project(finer, h.maps().get(l), where);
            refineSeparator(finer, where);
        }
        return where;
    }

    // ---------------------------------------------------------------- level structure

    /**
     * The middle level (the one holding the vertex at half the weight) of a breadth-first level
     * structure rooted at a pseudo-peripheral vertex, refined by node FM; null when the structure
     * has fewer than three levels or the level weighs more than {@value #LEVEL_REFINE_MAX} times
     * {@code current}. Every edge joins two vertices of the same or adjacent levels, so one level
     * separates those before it from those after it.
     */
    private int[] levelPath(Graph g, SplittableRandom random, long current) {
        int root = peripheral(g, random.nextInt(g.n()));
        int[] dist = from;
        int depth = levels(g, root, dist);
        if (depth < 3) return null;
        long half = g.totalWeight() / 2, before = 0;
        int middle = 0;
        for (int i = 0; i < g.n(); i++) { // queue holds the vertices by nondecreasing distance
            int v = queue[i];
            before += g.vw()[v];
            if (before >= half) {
                middle = dist[v];
                break;
            }
        }
        middle = Math.max(1, Math.min(depth - 2, middle));
        int[] where = new int[g.n()];
        for (int v = 0; v < g.n(); v++) where[v] = dist[v] < middle ? 0 : dist[v] == middle ? 2 : 1;
        if (weight(g, where) > LEVEL_REFINE_MAX * current) return null;
        refineSeparator(g, where);
        return where;
    }

    /** A pseudo-peripheral vertex: from {@code start}, repeatedly the least-degree vertex of the last level while the depth grows. */
    private int peripheral(Graph g, int start) {
        int[] dist = from;
        int root = start, depth = levels(g, root, dist);
        for (int round = 0; round < 8; round++) {
            int far = -1;
            for (int i = g.n() - 1; i >= 0 && dist[queue[i]] == depth - 1; i--) {
                int v = queue[i];
                if (far < 0 || g.xadj()[v + 1] - g.xadj()[v] < g.xadj()[far + 1] - g.xadj()[far]) far = v;
            }
            int d = levels(g, far, dist);
            if (d <= depth) break;
            root = far;
            depth = d;
        }
        return root;
    }

    /** Breadth-first distances from root into dist, the visiting order into {@link #queue}; returns the number of levels. */
    private int levels(Graph g, int root, int[] dist) {
        int n = g.n();
        int[] xadj = g.xadj(), adj = g.adj();
        int mark = ++stamp;
        int head = 0, tail = 0;
        queue[tail++] = root;
        seen[root] = mark;
        dist[root] = 0;
        while (head < tail) {
            int v = queue[head++];
            for (int p = xadj[v]; p < xadj[v + 1]; p++) {
                int u = adj[p];
                if (seen[u] != mark) {
                    seen[u] = mark;
                    dist[u] = dist[v] + 1;
                    queue[tail++] = u;
                }
            }
        }
        return dist[queue[tail - 1]] + 1;
    }

    /** The sides of a finer graph's vertices: each takes the side of the coarse vertex {@code cmap} maps it to. */
    private static int[] project(Graph finer, int[] cmap, int[] coarse) {
        int[] where = new int[finer.n()];
        for (int v = 0; v < finer.n(); v++) where[v] = coarse[cmap[v]];
        return where;
    }

    private static long weight(Graph g, int[] where) {
        long w = 0;
        for (int v = 0; v < g.n(); v++) if (where[v] == 2) w += g.vw()[v];
        return w;
    }

    /** The edge-cut path: bisect the coarsest graph, refine the cut at every level, cover it at the finest and refine that separator. */
    private int[] edgePath(Hierarchy h) {
        Graph coarsest = h.coarsest();
        int[] where = null;
        long best = Long.MAX_VALUE;
        for (int t = 0; t < TRIES; t++) {
            int[] w = grow(coarsest, edgeRandom);
            long cut = refine(coarsest, w);
            if (cut < best) {
                best = cut;
                where = w;
            }
        }
        for (int l = h.levels().size() - 2; l >= 0; l--) {
            Graph finer = h.levels().get(l);
            where = project(finer, h.maps().get(l), where);
            refine(finer, where);
        }
        Graph g = h.levels().get(0);
        coverCut(g, where);
        refineSeparator(g, where);
        return where;
    }

    // ---------------------------------------------------------------- coarsening

    /** Heavy-edge matching in a random order; {@code cmap[v]} receives v's coarse vertex. */
    private Graph coarsen(Graph g, int[] cmap, int maxVertexWeight) {
        int n = g.n();
        int[] xadj = g.xadj(), adj = g.adj(), ew = g.ew(), vw = g.vw();
        Arrays.fill(match, 0, n, -1);
        shuffle(n);
        int cn = 0;
        for (int i = 0; i < n; i++) {
            int v = visit[i];
            if (match[v] != -1) continue;
            int mate = v, heaviest = -1;
            for (int p = xadj[v]; p < xadj[v + 1]; p++) {
                int u = adj[p];
                if (match[u] == -1 && ew[p] > heaviest && vw[v] + vw[u] <= maxVertexWeight) {
                    mate = u;
                    heaviest = ew[p];
                }
            }
            match[v] = mate;
            match[mate] = v;
            cmap[v] = cn;
            cmap[mate] = cn;
            first[cn++] = v;
        }
        int[] cx = new int[cn + 1];
        int[] cadj = new int[xadj[n]];
        int[] cew = new int[xadj[n]];
        int[] cvw = new int[cn];
        int k = 0;
        for (int c = 0; c < cn; c++) {
            cx[c] = k;
            int v = first[c];
            for (int m = 0; m < 2; m++) {
                if (m == 1 && match[v] == v) break;
                int x = m == 0 ? v : match[v];
                cvw[c] += vw[x];
                for (int p = xadj[x]; p < xadj[x + 1]; p++) {
                    int cu = cmap[adj[p]];
                    if (cu == c) continue;
                    if (slot[cu] == -1) {
                        slot[cu] = k;
                        cadj[k] = cu;
                        cew[k++] = ew[p];
                    } else {
                        cew[slot[cu]] += ew[p];
                    }
                }
            }
            for (int p = cx[c]; p < k; p++) slot[cadj[p]] = -1;
        }
        cx[cn] = k;
        return new Graph(cn, cx, cadj, cew, cvw, g.totalWeight());
    }

    /** A random permutation of 0..n−1 in {@link #visit}. */
    private void shuffle(int n) {
        int[] order = visit;
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    // ---------------------------------------------------------------- initial bisection

    /**
     * The best of {@link #tries} breadth-first region growths from random seeds, each refined as
     * an edge cut, turned into a vertex separator and refined as one: the lightest separator.
     */
    private int[] initialSeparator(Graph g) {
        int n = g.n();
        int[] best = null;
        long bestCut = Long.MAX_VALUE;
        for (int t = 0; t < tries; t++) {
            int[] where = grow(g, random);
            refine(g, where);
            coverCut(g, where);
            long cut = refineSeparator(g, where);
            if (cut < bestCut) {
                bestCut = cut;
                best = where;
            }
        }
        return best;
    }

    /** A bisection grown breadth-first from a random seed to half the weight (part 0), the rest part 1. */
    private int[] grow(Graph g, SplittableRandom random) {
        int n = g.n();
        int[] where = new int[n];
        Arrays.fill(where, 1);
        int half = g.totalWeight() / 2;
        int w0 = 0, head = 0, tail = 0, scan = 0;
        int mark = ++stamp;
        int seed = random.nextInt(n);
        queue[tail++] = seed;
        seen[seed] = mark;
        while (w0 < half) {
            if (head == tail) { // the region's component is exhausted: start from another vertex
                while (scan < n && seen[scan] == mark) scan++;
                if (scan == n) break;
                queue[tail++] = scan;
                seen[scan] = mark;
            }
            int v = queue[head++];
            if (w0 + g.vw()[v] > half + (half >> 3) && w0 > 0) continue;
            where[v] = 0;
            w0 += g.vw()[v];
            for (int p = g.xadj()[v]; p < g.xadj()[v + 1]; p++) {
                int u = g.adj()[p];
                if (seen[u] != mark) {
                    seen[u] = mark;
                    queue[tail++] = u;
                }
            }
        }
        return where;
    }

    // ---------------------------------------------------------------- Fiduccia–Mattheyses

    /** Refines the edge cut of {@code where} in place by FM passes; returns the cut weight. */
    private long refine(Graph g, int[] where) {
        int n = g.n();
        int[] xadj = g.xadj(), adj = g.adj(), ew = g.ew(), vw = g.vw();
        long[] pw = new long[2];
        long cut = 0;
        for (int v = 0; v < n; v++) {
            int in = 0, out = 0;
            for (int p = xadj[v]; p < xadj[v + 1]; p++) {
                if (where[adj[p]] == where[v]) in += ew[p];
                else out += ew[p];
            }
            id[v] = in;
            ed[v] = out;
            cut += out;
            pw[where[v]] += vw[v];
        }
        cut /= 2;
        long maxPart = (long) Math.ceil((1 + IMBALANCE) * g.totalWeight() / 2.0);
        int limit = Math.min(Math.max(n / 100, 15), 100);
        for (int pass = 0; pass < PASSES; pass++) {
            int mark = ++stamp;
            heapSize[0] = heapSize[1] = 0;
            for (int v = 0; v < n; v++) if (ed[v] > 0) push(where[v], v, ed[v] - id[v]);
            long startCut = cut, bestCut = cut;
            long bestBalance = Math.abs(pw[0] - pw[1]);
            int count = 0, bestCount = 0;
            while (true) {
                int from = pickSide(pw, vw, maxPart);
                if (from < 0) break;
                int v = pop(from);
                lock[v] = mark;
                if (pw[1 - from] + vw[v] > maxPart && pw[from] <= maxPart) continue; // would unbalance
                cut -= ed[v] - id[v];
                move(g, where, pw, v);
                moves[count++] = v;
                for (int p = xadj[v]; p < xadj[v + 1]; p++) {
                    int u = adj[p];
                    if (lock[u] == mark) continue;
                    int side = where[u];
                    if (pos[side][u] >= 0) {
                        if (ed[u] > 0) update(side, u, ed[u] - id[u]);
                        else remove(side, u);
                    } else if (ed[u] > 0) {
                        push(side, u, ed[u] - id[u]);
                    }
                }
                long balance = Math.abs(pw[0] - pw[1]);
                if (cut < bestCut || (cut == bestCut && balance < bestBalance)) {
                    bestCut = cut;
                    bestBalance = balance;
                    bestCount = count;
                } else if (count - bestCount > limit) {
                    break;
                }
            }
            clearHeaps();
            while (count > bestCount) move(g, where, pw, moves[--count]);
            cut = bestCut;
            if (bestCut >= startCut) break;
        }
        return cut;
    }

    /**
     * Refines a vertex separator (where = 2) in place by node FM passes and returns its weight.
     * Moving separator vertex v into part t pulls v's neighbours in the other part into the
     * separator: the gain is w(v) − w(those neighbours). The best move that keeps part t within
     * (1 + {@value #SEPARATOR_IMBALANCE})·W/2 is made, v is locked for the pass; a pass ends after
     * max(25, n/20) (at most 1000) moves without a lighter separator and is rolled back to its
     * lightest one. Edge-cut refinement finds planes in a 7-point 3D grid;
     * this finds the lighter oblique separators a vertex count allows.
     */
    private long refineSeparator(Graph g, int[] where) {
        int n = g.n();
        int[] xadj = g.xadj(), adj = g.adj(), vw = g.vw();
        int[] side0 = id, side1 = ed; // for separator vertices: the weight of their neighbours in part 0, in part 1
        long[] pw = new long[3];
        for (int v = 0; v < n; v++) pw[where[v]] += vw[v];
        long maxPart = (long) ((1 + SEPARATOR_IMBALANCE) * g.totalWeight() / 2.0);
        int limit = Math.min(Math.max(n / 20, 25), 1000);
        for (int pass = 0; pass < PASSES; pass++) {
            int mark = ++stamp;
            for (int v = 0; v < n; v++) {
                if (where[v] != 2) continue;
                sides(g, where, v);
                push(0, v, vw[v] - side1[v]);
                push(1, v, vw[v] - side0[v]);
            }
            long startSep = pw[2], bestSep = pw[2];
            long bestBalance = Math.abs(pw[0] - pw[1]);
            int logged = 0, bestLogged = 0, sinceBest = 0;
            while (heapSize[0] > 0) {
                int v0 = heap[0][0], v1 = heap[1][0];
                boolean fits0 = pw[0] + vw[v0] <= maxPart, fits1 = pw[1] + vw[v1] <= maxPart;
                int to;
                if (fits0 && fits1) {
                    int g0 = key[0][v0], g1 = key[1][v1];
                    to = g0 != g1 ? (g0 > g1 ? 0 : 1) : (pw[0] <= pw[1] ? 0 : 1);
                } else if (fits0 || fits1) {
                    to = fits0 ? 0 : 1;
                } else {
                    break;
                }
                int other = 1 - to;
                int v = to == 0 ? v0 : v1;
                remove(0, v);
                remove(1, v);
                lock[v] = mark;
                logged = log(logged, v, 2);
                where[v] = to;
                pw[2] -= vw[v];
                pw[to] += vw[v];
                for (int p = xadj[v]; p < xadj[v + 1]; p++) {
                    int u = adj[p];
                    if (where[u] == 2) {
                        if (to == 0) side0[u] += vw[v];
                        else side1[u] += vw[v];
                        rekey(u, vw[u], side0[u], side1[u]);
                    } else if (where[u] == other) {
                        logged = log(logged, u, other);
                        where[u] = 2;
                        pw[other] -= vw[u];
                        pw[2] += vw[u];
                        sides(g, where, u);
                        if (lock[u] != mark) {
                            push(0, u, vw[u] - side1[u]);
                            push(1, u, vw[u] - side0[u]);
                        }
                        for (int q = xadj[u]; q < xadj[u + 1]; q++) {
                            int w = adj[q];
                            if (where[w] != 2 || w == u) continue;
                            if (other == 0) side0[w] -= vw[u];
                            else side1[w] -= vw[u];
                            rekey(w, vw[w], side0[w], side1[w]);
                        }
                    }
                }
                long balance = Math.abs(pw[0] - pw[1]);
                if (pw[2] < bestSep || (pw[2] == bestSep && balance < bestBalance)) {
                    bestSep = pw[2];
                    bestBalance = balance;
                    bestLogged = logged;
                    sinceBest = 0;
                } else if (++sinceBest > limit) {
                    break;
                }
            }
            clearHeaps();
            while (logged > bestLogged) {
                logged--;
                int u = logVertex[logged];
                pw[where[u]] -= vw[u];
                pw[logSide[logged]] += vw[u];
                where[u] = logSide[logged];
            }
            if (bestSep >= startSep) break;
        }
        return pw[2];
    }

    /** The weights of separator vertex v's neighbours in part 0 and in part 1 (into id[v], ed[v]). */
    private void sides(Graph g, int[] where, int v) {
        int w0 = 0, w1 = 0;
        int[] xadj = g.xadj(), adj = g.adj(), vw = g.vw();
        for (int p = xadj[v]; p < xadj[v + 1]; p++) {
            int u = adj[p];
            if (where[u] == 0) w0 += vw[u];
            else if (where[u] == 1) w1 += vw[u];
        }
        id[v] = w0;
        ed[v] = w1;
    }

    /** New gains of separator vertex u in the heaps that hold it. */
    private void rekey(int u, int weight, int w0, int w1) {
        if (pos[0][u] >= 0) update(0, u, weight - w1);
        if (pos[1][u] >= 0) update(1, u, weight - w0);
    }

    private int log(int logged, int v, int side) {
        if (logged == logVertex.length) {
            logVertex = Arrays.copyOf(logVertex, 2 * logged);
            logSide = Arrays.copyOf(logSide, 2 * logged);
        }
        logVertex[logged] = v;
        logSide[logged] = side;
        return logged + 1;
    }

    /** The side to move a vertex from: the heavier one when over the bound, else the larger gain; −1 when both are empty. */
    private int pickSide(long[] pw, int[] vw, long maxPart) {
        boolean has0 = heapSize[0] > 0, has1 = heapSize[1] > 0;
        if (!has0 && !has1) return -1;
        if (pw[0] > maxPart && has0) return 0;
        if (pw[1] > maxPart && has1) return 1;
        if (!has1) return 0;
        if (!has0) return 1;
        int g0 = key[0][heap[0][0]], g1 = key[1][heap[1][0]];
        if (g0 != g1) return g0 > g1 ? 0 : 1;
        return pw[0] >= pw[1] ? 0 : 1;
    }

    /** Moves v to the other part, keeping the part weights and every internal/external degree. */
    private void move(Graph g, int[] where, long[] pw, int v) {
        int from = where[v], to = 1 - from;
        where[v] = to;
        pw[from] -= g.vw()[v];
        pw[to] += g.vw()[v];
        int t = id[v];
        id[v] = ed[v];
        ed[v] = t;
        int[] xadj = g.xadj(), adj = g.adj(), ew = g.ew();
        for (int p = xadj[v]; p < xadj[v + 1]; p++) {
            int u = adj[p];
            if (where[u] == from) {
                id[u] -= ew[p];
                ed[u] += ew[p];
            } else {
                id[u] += ew[p];
                ed[u] -= ew[p];
            }
        }
    }

    // Two indexed max-heaps on the gain, each with its own key[s][] and pos[s][].

    private void push(int s, int v, int gain) {
        key[s][v] = gain;
        int i = heapSize[s]++;
        heap[s][i] = v;
        pos[s][v] = i;
        siftUp(s, i);
    }

    private int pop(int s) {
        int v = heap[s][0];
        remove(s, v);
        return v;
    }

    private void remove(int s, int v) {
        int i = pos[s][v];
        int last = heap[s][--heapSize[s]];
        pos[s][v] = -1;
        if (last == v) return;
        heap[s][i] = last;
        pos[s][last] = i;
        siftUp(s, i);
        siftDown(s, pos[s][last]);
    }

    private void update(int s, int v, int gain) {
        int old = key[s][v];
        key[s][v] = gain;
        if (gain > old) siftUp(s, pos[s][v]);
        else siftDown(s, pos[s][v]);
    }

    private void clearHeaps() {
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < heapSize[s]; i++) pos[s][heap[s][i]] = -1;
            heapSize[s] = 0;
        }
    }

    private void siftUp(int s, int i) {
        int[] h = heap[s], k = key[s], ps = pos[s];
        int v = h[i];
        while (i > 0) {
            int parent = (i - 1) >> 1;
            if (k[h[parent]] >= k[v]) break;
            h[i] = h[parent];
            ps[h[i]] = i;
            i = parent;
        }
        h[i] = v;
        ps[v] = i;
    }

    private void siftDown(int s, int i) {
        int[] h = heap[s], k = key[s], ps = pos[s];
        int size = heapSize[s];
        int v = h[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && k[h[c + 1]] > k[h[c]]) c++;
            if (k[h[c]] <= k[v]) break;
            h[i] = h[c];
            ps[h[i]] = i;
            i = c;
        }
        h[i] = v;
        ps[v] = i;
    }

    // ---------------------------------------------------------------- edge cut to vertex separator

    /**
     * Replaces the edge cut by a minimum vertex cover of its bipartite graph (boundary of part 0
     * against boundary of part 1): a maximum matching by augmenting paths, then König's
     * construction — Z = the vertices alternating paths reach from unmatched part-0 vertices; the
     * cover is (part-0 boundary \ Z) ∪ (part-1 boundary ∩ Z). Covered vertices become 2.
     */
    private void coverCut(Graph g, int[] where) {
        int n = g.n();
        int[] xadj = g.xadj(), adj = g.adj();
        Arrays.fill(mate, 0, n, -1);
        int nl = 0;
        int boundary = ++stamp; // seen[v] == boundary: v has a neighbour on the other side
        for (int v = 0; v < n; v++) {
            for (int p = xadj[v]; p < xadj[v + 1]; p++) {
                if (where[adj[p]] != where[v]) {
                    seen[v] = boundary;
                    break;
                }
            }
            if (seen[v] == boundary && where[v] == 0) left[nl++] = v;
        }
        // Greedy matching, then one augmenting-path search (breadth-first) per unmatched left vertex.
        for (int i = 0; i < nl; i++) {
            int a = left[i];
            for (int p = xadj[a]; p < xadj[a + 1]; p++) {
                int b = adj[p];
                if (where[b] == 1 && mate[b] == -1) {
                    mate[a] = b;
                    mate[b] = a;
                    break;
                }
            }
        }
        int[] visited = lock; // searches are numbered by stamp, above any mark lock holds
        int search = stamp;
        for (int i = 0; i < nl; i++) {
            int a0 = left[i];
            if (mate[a0] != -1) continue;
            search = ++stamp;
            int head = 0, tail = 0;
            queue[tail++] = a0;
            visited[a0] = search;
            int end = -1;
            while (head < tail && end < 0) {
                int a = queue[head++];
                for (int p = xadj[a]; p < xadj[a + 1]; p++) {
                    int b = adj[p];
                    if (where[b] != 1 || visited[b] == search) continue;
                    visited[b] = search;
                    from[b] = a;
                    if (mate[b] == -1) {
                        end = b;
                        break;
                    }
                    visited[mate[b]] = search;
                    queue[tail++] = mate[b];
                }
            }
            for (int b = end; b != -1; ) { // flip the path's edges
                int a = from[b];
                int next = mate[a];
                mate[a] = b;
                mate[b] = a;
                b = next;
            }
        }
        // König: alternating reach from the unmatched left vertices.
        search = ++stamp;
        int head = 0, tail = 0;
        for (int i = 0; i < nl; i++) {
            int a = left[i];
            if (mate[a] == -1) {
                visited[a] = search;
                queue[tail++] = a;
            }
        }
        while (head < tail) {
            int a = queue[head++];
            for (int p = xadj[a]; p < xadj[a + 1]; p++) {
                int b = adj[p];
                if (where[b] != 1 || visited[b] == search) continue;
                visited[b] = search;
                int a2 = mate[b];
                if (a2 != -1 && visited[a2] != search) {
                    visited[a2] = search;
                    queue[tail++] = a2;
                }
            }
        }
        for (int v = 0; v < n; v++) {
            if (seen[v] != boundary) continue;
            boolean reached = visited[v] == search;
            if (where[v] == 0 ? !reached : reached) where[v] = 3; // marked first: the test above reads where[]
        }
        for (int v = 0; v < n; v++) if (where[v] == 3) where[v] = 2;
    }
}

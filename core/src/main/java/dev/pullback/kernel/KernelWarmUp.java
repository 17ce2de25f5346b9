package dev.pullback.kernel;

import dev.pullback.kernel.gemm.Gemm;
import dev.pullback.kernel.gemm.GemmWorkspace;
import dev.pullback.kernel.gemm.Gemms;
import dev.pullback.kernel.gemm.KernelTier;
import dev.pullback.kernel.gemm.TieredGemm;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Brings the Vector API kernels to C2 on a thread of its own while the callers run the scalar twins
 * ({@link TieredKernels}, {@code TieredGemm}), then switches each group of kernels
 * ({@link KernelTier}) to the vector path. Interpreted or C1-compiled Vector API code allocates a
 * box per vector; C2 code that inlines the whole expression allocates nothing. So the test of
 * "compiled" is the one that matters to the caller: this thread calls a group's kernels on small
 * private operands of the shapes and storage kinds (heap and off-heap segments, FEM-like twin
 * columns and a band matrix's single columns, 8-wide element groups and per-entry ones) that take each of their branches, in
 * batches, and switches the group once two batches in a row allocated nothing on this thread
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}, read by reflection: the
 * module reads only java.base). Where the JVM does not count allocation per thread, a group
 * switches after {@value #BLIND_ROUNDS} rounds. A group that still allocates after
 * {@code pullback.warmup.rounds} (default {@value #DEFAULT_ROUNDS}) rounds stays on the scalar
 * kernels, with a log line: switching it would let the callers box. (A bound in rounds, not
 * seconds: on a loaded machine the same compilations take longer.)
 *
 * <p>Opt-in ({@code -Dpullback.warmup=background}, see {@link KernelTier#tiered()}). The class starts
 * its thread (a daemon, "pullback-kernel-warm-up") when it is initialised, which the first use of
 * the {@code auto} kernels does. Its own allocation (the boxes of the interpreted
 * kernels: hundreds of MB to GBs, all short-lived) happens on that thread, once per JVM. Measured
 * in docs/PERFORMANCE.md, 2026-12-07 'scalar until compiled': why this is opt-in.
 */
final class KernelWarmUp {
    private static final System.Logger LOG = System.getLogger(KernelWarmUp.class.getName());
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    static final int DEFAULT_ROUNDS = 200_000;
    static final int BLIND_ROUNDS = 4000;
    /** Rounds per measured batch: a batch below one byte per round allocated nothing. */
    private static final int BATCH = 64;
    private static final CountDownLatch DONE = new CountDownLatch(1);
    private static volatile double sink;
    /** {@code -Dpullback.warmup.trace=true}: each batch's allocation on standard error. */
    private static final boolean TRACE = Boolean.getBoolean("pullback.warmup.trace");

    static {
        Thread t = new Thread(KernelWarmUp::run, "pullback-kernel-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private KernelWarmUp() {}

    /** Waits up to {@code limit} for every group to switch; whether they all have. */
    static boolean await(Duration limit) throws InterruptedException {
        DONE.await(Math.max(0, limit.toNanos()), TimeUnit.NANOSECONDS);
        return KernelTier.allVector();
    }

    private static void run() {
        try (Arena arena = Arena.ofConfined()) {
            Kernels k = KernelProvider.unchecked() instanceof TieredKernels t ? t.vector() : null;
            Gemm g = Gemms.get() instanceof TieredGemm t ? t.vector() : null;
            Runnable[] rounds = new Runnable[KernelTier.GROUPS];
            Operands o = k == null ? null : new Operands(arena);
            if (k != null) {
                rounds[KernelTier.BLAS1] = () -> o.blas1(k);
                rounds[KernelTier.GEMV] = () -> o.gemv(k);
                rounds[KernelTier.SPARSE] = () -> o.sparse(k);
                rounds[KernelTier.GROUPED] = () -> o.grouped(k);
            }
            if (g != null) {
                GemmOperands go = new GemmOperands(arena);
                rounds[KernelTier.GEMM] = () -> go.round(g);
            }
            try {
                warm(rounds, Integer.getInteger("pullback.warmup.rounds", DEFAULT_ROUNDS));
            } finally {
                if (o != null) o.close();
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "Pullback's kernel warm-up failed; the groups not yet switched stay on the scalar kernels", e);
        } finally {
            DONE.countDown();
        }
    }

    /**
     * One group after the other, cheapest first (a group's compilations then have the compiler
     * queue to themselves), each until two batches in a row ran clean.
     */
    private static void warm(Runnable[] rounds, int cap) {
        AllocationCounter counter = AllocationCounter.forThisThread();
        for (int group = 0; group < rounds.length; group++) {
            Runnable round = rounds[group];
            for (int done = 0, clean = 0; round != null && clean < 2; ) {
                if (done >= cap) {
                    String name = KernelTier.name(group);
                    LOG.log(System.Logger.Level.INFO, () -> "Pullback's " + name + " Vector API kernels still allocate after "
                            + cap + " warm-up rounds; the scalar ones stay in use (-Dpullback.warmup=off runs the"
                            + " Vector API ones from the first call)");
                    break;
                }
                long a0 = counter.allocated();
                for (int r = 0; r < BATCH; r++) round.run();
                long bytes = counter.allocated() - a0;
                done += BATCH;
                if (TRACE) System.err.println("pullback warm-up: " + KernelTier.name(group) + " " + done + " rounds, " + bytes + " B");
                boolean quiet = counter.works() ? bytes < BATCH : done >= BLIND_ROUNDS;
                clean = quiet ? clean + 1 : 0;
                if (clean == 2) KernelTier.promote(group);
            }
        }
    }

    /** This thread's allocated bytes, less what reading them costs; works() false where the JVM cannot say. */
    private static final class AllocationCounter {
        private final Object bean;
        private final Method read;
        private final long cost;

        private AllocationCounter(Object bean, Method read) {
            this.bean = bean;
            this.read = read;
            long c = Long.MAX_VALUE;
            for (int i = 0; bean != null && i < 16; i++) {
                long a = raw();
                c = Math.min(c, raw() - a);
            }
            this.cost = bean == null ? 0 : c;
        }

        static AllocationCounter forThisThread() {
            try {
                Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
                Class<?> threads = Class.forName("com.sun.management.ThreadMXBean");
                Object bean = factory.getMethod("getThreadMXBean").invoke(null);
                if (!threads.isInstance(bean)
                        || !(Boolean) threads.getMethod("isThreadAllocatedMemoryEnabled").invoke(bean)) {
                    return new AllocationCounter(null, null);
                }
                return new AllocationCounter(bean, threads.getMethod("getCurrentThreadAllocatedBytes"));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return new AllocationCounter(null, null);
            }
        }

        boolean works() {
            return bean != null;
        }

        long allocated() {
            return bean == null ? 0 : raw() - cost;
        }

        private long raw() {
            try {
                return (Long) read.invoke(bean);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the thread's allocated bytes", e);
            }
        }
    }

    /**
     * Operands of the BLAS-1, gemv and sparse kernels, each on the heap and off it: lengths that
     * take the short, one-vector, main-loop and tail branches; a 2-unknowns-per-node element mesh
     * (twin columns, 8x8 element groups) and a band matrix (single columns, per-entry groups).
     */
    private static final class Operands {
        private static final int[] LENGTHS = {3, 21, 77};
        private final DenseVector[] x, y;
        private final CscMatrix[] matrices;
        private final PatternGroups[] groups;
        /** [matrix][heap, off-heap]: operands of the matrix's order. */
        private final DenseVector[][] u, v, res;
        private final DenseVector[] out;
        private final MemorySegment a;
        private boolean up;

        Operands(Arena arena) {
            Random rnd = new Random(19);
            int n = 77;
            x = new DenseVector[] {DenseVector.heap(n), DenseVector.offHeap(arena, n)};
            y = new DenseVector[] {DenseVector.heap(n), DenseVector.offHeap(arena, n)};
            for (int i = 0; i < n; i++) {
                for (DenseVector w : x) w.set(i, rnd.nextGaussian());
                for (DenseVector w : y) w.set(i, rnd.nextGaussian());
            }
            a = arena.allocate((long) 77 * 77 * Double.BYTES, 64);
            for (int i = 0; i < 77 * 77; i++) a.setAtIndex(D, i, rnd.nextGaussian());
            Mesh mesh = new Mesh(4, 3, rnd);
            Band grid = new Band(49, rnd);
            matrices = new CscMatrix[] {mesh.matrix, grid.matrix};
            groups = new PatternGroups[] {mesh.groups, grid.groups};
            u = new DenseVector[2][];
            v = new DenseVector[2][];
            res = new DenseVector[2][];
            out = new DenseVector[2];
            for (int m = 0; m < 2; m++) {
                int order = matrices[m].rows();
                u[m] = new DenseVector[] {DenseVector.heap(order), DenseVector.offHeap(arena, order)};
                v[m] = new DenseVector[] {DenseVector.heap(order), DenseVector.offHeap(arena, order)};
                res[m] = new DenseVector[] {DenseVector.heap(order), DenseVector.offHeap(arena, order)};
                for (int i = 0; i < order; i++) {
                    for (DenseVector w : u[m]) w.set(i, rnd.nextGaussian());
                    for (DenseVector w : v[m]) w.set(i, rnd.nextGaussian());
                }
                out[m] = DenseVector.heap(groups[m].groups());
            }
        }

        void blas1(Kernels k) {
            double s = 0;
            up = !up;
            for (int kind = 0; kind < 2; kind++) {
                MemorySegment xs = x[kind].segment(), ys = y[kind].segment();
                for (int n : LENGTHS) {
                    s += k.dot(n, xs, 0, ys, 0) + k.dot(n - 1, xs, 1, ys, 1);
                    k.axpy(n, up ? 1e-3 : -1e-3, xs, 0, ys, 0);
                    k.scal(n, up ? 2.0 : 0.5, ys, 0);
                    s += k.nrm2(n, xs, 0) + k.iamax(n, ys, 0);
                }
            }
            sink = s;
        }

        void gemv(Kernels k) {
            for (int kind = 0; kind < 2; kind++) {
                MemorySegment xs = x[kind].segment(), ys = y[kind].segment();
                k.gemv(false, 77, 77, 1.0, a, 0, 77, xs, 0, 0.0, ys, 0);
                k.gemv(true, 77, 77, 1.0, a, 0, 77, xs, 0, 0.0, ys, 0);
                k.gemv(false, 37, 13, -1.0, a, 0, 77, xs, 0, 1.0, ys, 0);
                k.gemv(true, 37, 13, -1.0, a, 0, 77, xs, 0, 1.0, ys, 0);
                k.scal(77, 1e-2, ys, 0);
            }
            sink = y[0].get(0);
        }

        void sparse(Kernels k) {
            double s = 0;
            for (int m = 0; m < matrices.length; m++) {
                CscMatrix am = matrices[m];
                int n = am.rows(), half = n / 2;
                for (int kind = 0; kind < 2; kind++) {
                    DenseVector in = u[m][kind], r = res[m][kind], w = v[m][kind];
                    k.spmv(1.0, am, in, 0.0, r);
                    k.spmv(-0.5, am, in, 1.0, r);
                    k.spmvTransposed(1.0, am, in, 0.0, r);
                    k.spmvTransposed(1.0, am, in, 0.5, r, 1, half);
                    k.spmvAdd(0.25, am, in, r, half - 1, n);
                    s += k.rank1Dot(in, am, w) + k.rank1Dot(w, am, in, 3, half + 1) + r.get(0);
                }
            }
            sink = s;
        }

        void grouped(Kernels k) {
            for (int m = 0; m < matrices.length; m++) k.rank1DotGrouped(u[m][0], groups[m], v[m][0], out[m]);
            sink = out[0].get(0) + out[1].get(0);
        }

        void close() {
            for (CscMatrix m : matrices) m.close();
            for (PatternGroups g : groups) g.close();
        }
    }

    /** Operands of GEMM, TRSM and the panel factorization, off the heap and on it, in several shapes. */
    private static final class GemmOperands {
        private static final int N = 44;
        private final MemorySegment[] source, work, rhs;
        private final int[] ipiv = new int[N];
        private final GemmWorkspace ws = new GemmWorkspace();

        GemmOperands(Arena arena) {
            Random rnd = new Random(2026);
            double[] s = new double[N * N];
            for (int j = 0; j < N; j++) {
                for (int i = 0; i < N; i++) s[i + j * N] = i == j ? N : rnd.nextGaussian();
            }
            source = new MemorySegment[] {arena.allocate((long) N * N * Double.BYTES, 64), MemorySegment.ofArray(s.clone())};
            MemorySegment.copy(s, 0, source[0], D, 0, s.length);
            work = new MemorySegment[] {arena.allocate((long) N * N * Double.BYTES, 64), MemorySegment.ofArray(new double[N * N])};
            rhs = new MemorySegment[] {arena.allocate((long) N * N * Double.BYTES, 64), MemorySegment.ofArray(new double[N * N])};
        }

        void round(Gemm g) {
            for (int kind = 0; kind < 2; kind++) {
                MemorySegment src = source[kind], w = work[kind], x = rhs[kind];
                MemorySegment.copy(src, 0, w, 0, src.byteSize());
                g.factorPanel(N, 8, w, 0, N, ipiv, 0, ws);
                g.factorPanel(36, 12, w, 8 + 8L * N, N, ipiv, 0, ws);
                g.factorPanel(13, 13, w, 30 + 30L * N, N, ipiv, 0, ws);
                MemorySegment.copy(src, 0, x, 0, src.byteSize());
                for (int c = 0; c < 4; c++) { // the factorizations' solves: L unit-diagonal, U not
                    boolean lower = (c & 1) != 0, trans = (c & 2) != 0;
                    g.trsm(lower, trans, lower, N, 1, src, 0, N, x, 0, N, ws);
                }
                g.trsm(true, false, true, 36, 14, src, 0, N, x, 0, N, ws); // the blocked LU's U₁₂ = L₁₁⁻¹A₁₂
                MemorySegment.copy(src, 0, x, 0, src.byteSize());
                g.gemm(false, false, 41, 14, 12, -1.0, src, 0, N, src, 12, N, 1.0, x, 0, N, ws);
                g.gemm(false, false, 20, 7, 5, -1.0, src, 0, N, src, 12, N, 1.0, x, 0, N, ws);
                sink = x.getAtIndex(D, 0);
            }
        }
    }

    /** A mesh of nx×ny four-node elements, two unknowns per node: twin columns, 8x8 element blocks. */
    private static final class Mesh {
        final CscMatrix matrix;
        final PatternGroups groups;

        Mesh(int nx, int ny, Random rnd) {
            int nodes = (nx + 1) * (ny + 1), n = 2 * nodes, elements = nx * ny;
            int[][] dofs = new int[elements][8];
            List<int[]> entries = new ArrayList<>();
            for (int ex = 0, e = 0; ex < nx; ex++) {
                for (int ey = 0; ey < ny; ey++, e++) {
                    int n0 = ex * (ny + 1) + ey, n1 = n0 + ny + 1;
                    int[] nodesOf = {n0, n1, n1 + 1, n0 + 1};
                    for (int q = 0; q < 4; q++) {
                        dofs[e][2 * q] = 2 * nodesOf[q];
                        dofs[e][2 * q + 1] = 2 * nodesOf[q] + 1;
                    }
                    for (int r : dofs[e]) for (int c : dofs[e]) entries.add(new int[] {r, c});
                }
            }
            int[] ri = new int[entries.size()], ci = new int[entries.size()];
            double[] vi = new double[entries.size()];
            for (int t = 0; t < ri.length; t++) {
                ri[t] = entries.get(t)[0];
                ci[t] = entries.get(t)[1];
                vi[t] = ri[t] == ci[t] ? 8 : rnd.nextGaussian();
            }
            matrix = CscMatrix.fromTriplets(n, n, ri, ci, vi);
            int[] ptr = new int[elements + 1], pos = new int[64 * elements];
            double[] coef = new double[64 * elements];
            for (int e = 0; e < elements; e++) {
                ptr[e + 1] = ptr[e] + 64;
                int t = ptr[e];
                for (int r : dofs[e]) {
                    for (int c : dofs[e]) {
                        pos[t] = position(matrix, r, c);
                        coef[t++] = rnd.nextGaussian();
                    }
                }
            }
            groups = PatternGroups.of(matrix.pattern(), ptr, pos, coef);
        }
    }

    /** A band matrix, |i − j| ≤ 6: columns of 13 rows that differ from their neighbours' (no twins); a group per column. */
    private static final class Band {
        final CscMatrix matrix;
        final PatternGroups groups;

        Band(int n, Random rnd) {
            List<int[]> entries = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                for (int i = Math.max(0, j - 6); i <= Math.min(n - 1, j + 6); i++) entries.add(new int[] {i, j});
            }
            int[] ri = new int[entries.size()], ci = new int[entries.size()];
            double[] vi = new double[entries.size()];
            for (int t = 0; t < ri.length; t++) {
                ri[t] = entries.get(t)[0];
                ci[t] = entries.get(t)[1];
                vi[t] = ri[t] == ci[t] ? 13 : rnd.nextGaussian();
            }
            matrix = CscMatrix.fromTriplets(n, n, ri, ci, vi);
            int nnz = matrix.nnz();
            int[] ptr = new int[n + 1], pos = new int[nnz];
            double[] coef = new double[nnz];
            for (int j = 0; j < n; j++) ptr[j + 1] = matrix.pattern().colPtr().getAtIndex(ValueLayout.JAVA_INT, j + 1);
            for (int t = 0; t < nnz; t++) {
                pos[t] = t;
                coef[t] = rnd.nextGaussian();
            }
            groups = PatternGroups.of(matrix.pattern(), ptr, pos, coef);
        }
    }

    /** The position of entry (r, c) in A's stored entries. */
    private static int position(CscMatrix a, int r, int c) {
        MemorySegment cp = a.pattern().colPtr(), ri = a.pattern().rowIdx();
        for (int t = cp.getAtIndex(ValueLayout.JAVA_INT, c), end = cp.getAtIndex(ValueLayout.JAVA_INT, c + 1); t < end; t++) {
            if (ri.getAtIndex(ValueLayout.JAVA_INT, t) == r) return t;
        }
        throw new IllegalStateException("no entry (" + r + ", " + c + ")");
    }
}

package dev.pullback.kernel;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseVector;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The CSC products y = αAx + βy, y = αAᵀx + βy and uᵀAv on several threads: a pool the caller
 * owns (open it once, call it as often as needed from one thread at a time, close it), for large
 * matrices where one core does not saturate the memory bus.
 *
 * <p>The columns are cut into {@code threads} ranges of about equal nonzero counts, on boundaries
 * of the pattern's twin-column blocks ({@link CscPattern#columnBlocks()}); the calling thread does
 * the first range and each worker one other:
 * <ul>
 *   <li>Aᵀx: every column's sum is the one-thread kernel's, so the result is the one-thread result
 *       bit for bit;</li>
 *   <li>uᵀAv: the ranges' partial sums added in range order, deterministic for a given thread count,
 *       equal to the one-thread result within the usual n·ε·Σ|terms| rounding bound;</li>
 *   <li>Ax: CSC scatters into y, so range t &gt; 0 adds into a private vector of this pool (one per
 *       worker, allocated when the row count changes, reused after) and the caller adds those into y
 *       once all ranges are done. Only the rows range t touches are cleared and added: the span
 *       from the smallest first row to the largest last row of its columns (rows are sorted in a
 *       column), found once per pattern and split; for a banded FEM matrix about rows/threads plus
 *       the band. The result is within the rounding bound of the one-thread one.</li>
 * </ul>
 * Hand-off without allocation: the caller publishes a task through a volatile generation counter
 * and unparks the workers; a worker spins briefly ({@link Thread#onSpinWait()}) and then parks while
 * idle, so an idle pool costs no CPU. Not for concurrent use by several callers.
 */
public final class ParallelSparseKernels implements AutoCloseable {
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    /** Spins before a waiting thread parks: tens of microseconds, well under one product on a large matrix. */
    private static final int SPINS = 1 << 12;
    private static final int SPMV = 1, SPMV_T = 2, RANK1 = 3;

    private final Kernels kernels;
    private final Worker[] workers;
    private final int[] splits;
    /** For the pattern and splits last seen: the rows [rowLo[t], rowHi[t]) that range t touches. */
    private final int[] rowLo;
    private final int[] rowHi;
    private CscPattern spanPattern;
    private volatile boolean closed;

    private ParallelSparseKernels(Kernels kernels, int threads) {
        this.kernels = kernels;
        this.workers = new Worker[threads - 1];
        this.splits = new int[threads + 1];
        this.rowLo = new int[threads];
        this.rowHi = new int[threads];
        for (int t = 0; t < workers.length; t++) {
            workers[t] = new Worker(t + 1);
            Thread th = Thread.ofPlatform().daemon().name("pullback-spmv-" + (t + 1)).unstarted(workers[t]);
            workers[t].thread = th;
            th.start();
        }
    }

    /**
     * A pool running {@code kernels} on {@code threads} threads in all (the caller's and
     * threads − 1 workers started here).
     *
     * @throws IllegalArgumentException when threads &lt; 1
     */
    public static ParallelSparseKernels open(Kernels kernels, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        return new ParallelSparseKernels(kernels, threads);
    }

    /** Threads in all, the caller's included. */
    public int threads() {
        return workers.length + 1;
    }

    /** y ← αAx + βy; see the class comment for how the result relates to the one-thread one. */
    public void spmv(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        if (workers.length == 0 || alpha == 0) {
            kernels.spmv(alpha, a, x, beta, y);
            return;
        }
        check("spmv", x, a.cols(), y, a.rows());
        split(a);
        rowSpans(a.pattern());
        for (Worker w : workers) {
            if (w.scratch == null || w.scratch.length() != a.rows()) w.scratch = DenseVector.heap(a.rows());
        }
        post(SPMV, alpha, 0, a, x, y);
        try {
            kernels.spmv(0.0, a, x, beta, y); // y ← βy
            kernels.spmvAdd(alpha, a, x, y, splits[0], splits[1]);
        } finally {
            await();
        }
        MemorySegment ys = y.segment();
        for (Worker w : workers) {
            int lo = rowLo[w.part], hi = rowHi[w.part];
            if (hi > lo) kernels.axpy(hi - lo, 1.0, w.scratch.segment(), lo, ys, lo);
        }
    }

    /** y ← αAᵀx + βy, the one-thread result bit for bit. */
    public void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        if (workers.length == 0) {
            kernels.spmvTransposed(alpha, a, x, beta, y);
            return;
        }
        check("spmvTransposed", x, a.rows(), y, a.cols());
        split(a);
        post(SPMV_T, alpha, beta, a, x, y);
        try {
            kernels.spmvTransposed(alpha, a, x, beta, y, splits[0], splits[1]);
        } finally {
            await();
        }
    }

    /** uᵀAv over the stored entries, the ranges' partial sums added in range order. */
    public double rank1Dot(DenseVector u, CscMatrix a, DenseVector v) {
        if (workers.length == 0) return kernels.rank1Dot(u, a, v);
        if (u.length() != a.rows() || v.length() != a.cols()) {
            throw new IllegalArgumentException("rank1Dot: u has length " + u.length() + " and v " + v.length()
                    + ", expected rows = " + a.rows() + " and cols = " + a.cols());
        }
        split(a);
        post(RANK1, 0, 0, a, u, v);
        double total;
        try {
            total = kernels.rank1Dot(u, a, v, splits[0], splits[1]);
        } finally {
            await();
        }
        for (Worker w : workers) total += w.result;
        return total;
    }

    private static void check(String op, DenseVector x, int nx, DenseVector y, int ny) {
        if (x.length() != nx || y.length() != ny) {
            throw new IllegalArgumentException(op + ": x has length " + x.length() + " and y " + y.length()
                    + ", expected " + nx + " and " + ny);
        }
        boolean sameArray = x.heapArray() != null && x.heapArray() == y.heapArray();
        if (sameArray || (x.segment().isNative() && y.segment().isNative()
                && x.segment().address() == y.segment().address())) {
            throw new IllegalArgumentException(op + ": the output vector is the input vector");
        }
    }

    /**
     * splits[t] = the first column of range t: the start of the block holding the first column
     * whose colPtr reaches t·nnz/threads, found by bisection on colPtr.
     */
    private void split(CscMatrix a) {
        CscPattern p = a.pattern();
        MemorySegment cp = p.colPtr();
        int n = a.cols(), parts = threads();
        long nnz = a.nnz();
        splits[0] = 0;
        splits[parts] = n;
        int[] blocks = p.columnBlocks();
        for (int t = 1; t < parts; t++) {
            long target = nnz * t / parts;
            int lo = 0, hi = n; // smallest j with colPtr[j] >= target
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cp.getAtIndex(I, mid) < target) lo = mid + 1;
                else hi = mid;
            }
            int j = lo >= n ? n : blocks[p.blockOf(lo)];
            splits[t] = Math.max(j, splits[t - 1]);
        }
    }

    /** rowLo/rowHi for the current splits, recomputed when the pattern changes (splits follow it). */
    private void rowSpans(CscPattern p) {
        if (p == spanPattern) return;
        MemorySegment cp = p.colPtr(), ri = p.rowIdx();
        for (int t = 0; t < rowLo.length; t++) {
            int lo = p.rows(), hi = 0;
            for (int j = splits[t]; j < splits[t + 1]; j++) {
                int s = cp.getAtIndex(I, j), e = cp.getAtIndex(I, j + 1);
                if (e == s) continue;
                lo = Math.min(lo, ri.getAtIndex(I, s));
                hi = Math.max(hi, ri.getAtIndex(I, e - 1) + 1);
            }
            rowLo[t] = lo;
            rowHi[t] = Math.max(lo, hi);
        }
        spanPattern = p;
    }

    private void post(int op, double alpha, double beta, CscMatrix a, DenseVector x, DenseVector y) {
        if (closed) throw new IllegalStateException("this ParallelSparseKernels is closed");
        for (Worker w : workers) {
            w.op = op;
            w.alpha = alpha;
            w.beta = beta;
            w.a = a;
            w.x = x;
            w.y = y;
            w.failure = null;
            w.caller = Thread.currentThread();
            w.posted++; // volatile write: publishes the fields above
            LockSupport.unpark(w.thread);
        }
    }

    private void await() {
        for (Worker w : workers) {
            int target = w.posted;
            for (int spin = 0; w.done != target; spin++) {
                if (spin < SPINS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            w.a = null;
            w.x = null;
            w.y = null;
            if (w.failure != null) throw new IllegalStateException("a worker of ParallelSparseKernels failed", w.failure);
        }
    }

    /** Stops the workers (they finish no further task); idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) LockSupport.unpark(w.thread);
        for (Worker w : workers) {
            try {
                w.thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One worker: runs range {@code part} of each posted task. */
    private final class Worker implements Runnable {
        final int part;
        Thread thread;
        volatile int posted;
        volatile int done;
        Thread caller;
        int op;
        double alpha;
        double beta;
        CscMatrix a;
        DenseVector x;
        DenseVector y;
        DenseVector scratch;
        double result;
        Throwable failure;

        Worker(int part) {
            this.part = part;
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                for (int spin = 0; posted == seen; spin++) {
                    if (closed) return;
                    if (spin < SPINS) Thread.onSpinWait();
                    else LockSupport.park(this);
                }
                seen = posted;
                try {
                    int from = splits[part], to = splits[part + 1];
                    switch (op) {
                        case SPMV -> {
                            Arrays.fill(scratch.heapArray(), rowLo[part], rowHi[part], 0.0);
                            kernels.spmvAdd(alpha, a, x, scratch, from, to);
                        }
                        case SPMV_T -> kernels.spmvTransposed(alpha, a, x, beta, y, from, to);
                        case RANK1 -> result = kernels.rank1Dot(x, a, y, from, to);
                        default -> throw new IllegalStateException("unknown task " + op);
                    }
                } catch (Throwable t) {
                    failure = t;
                }
                done = seen;
                LockSupport.unpark(caller);
            }
        }
    }
}

package dev.pullback.cli.bench;

import dev.pullback.kernel.Kernels;
import dev.pullback.kernel.ParallelSparseKernels;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.util.SplittableRandom;

/**
 * The sparse kernel ops: y = Ax, y = Aᵀx, uᵀAv and the grouped uᵀAₑv. Operands are random in
 * (-1, 1), vectors on the heap (the layout the SIMD gathers need) unless {@code --off-heap}.
 * Compulsory traffic per run: 12 bytes per nonzero (value and row index), 4 per column pointer and
 * 8 per entry of each vector. The {@code -2t} forms run the same kernels on a two-thread
 * {@link ParallelSparseKernels} pool (opened with the op, closed with it).
 */
final class SparseKernelOps {
    private SparseKernelOps() {}

    static void registerAll(BenchOps r) {
        r.register("spmv", "y = A x (CSC, scatter into y)", in -> {
            CscMatrix a = in.matrix();
            Vectors v = new Vectors(in, a.cols(), a.rows());
            Kernels k = in.kernels();
            return v.task(in, traffic(a), () -> {
                k.spmv(1.0, a, v.x, 0.0, v.y);
                return a.rows() == 0 ? 0 : v.y.get(0);
            }, 1);
        });
        r.register("spmv-t", "y = Aᵀ x (CSC, a gathered dot per column)", in -> {
            CscMatrix a = in.matrix();
            Vectors v = new Vectors(in, a.rows(), a.cols());
            Kernels k = in.kernels();
            return v.task(in, traffic(a), () -> {
                k.spmvTransposed(1.0, a, v.x, 0.0, v.y);
                return a.cols() == 0 ? 0 : v.y.get(a.cols() - 1);
            }, 1);
        });
        r.register("rank1", "uᵀ A v over the stored entries (the dot of u vᵀ with A)", in -> {
            CscMatrix a = in.matrix();
            Vectors v = new Vectors(in, a.rows(), a.cols());
            Kernels k = in.kernels();
            return v.task(in, traffic(a) - 8L * a.rows(), () -> k.rank1Dot(v.x, a, v.y), 1);
        });
        r.register("spmv-2t", "y = A x on two threads (column halves, the second into a private y)", in -> {
            CscMatrix a = in.matrix();
            Vectors v = new Vectors(in, a.cols(), a.rows());
            ParallelSparseKernels pool = ParallelSparseKernels.open(in.kernels(), 2);
            return v.task(in, traffic(a), () -> {
                pool.spmv(1.0, a, v.x, 0.0, v.y);
                return a.rows() == 0 ? 0 : v.y.get(0);
            }, pool.threads(), pool);
        });
        r.register("spmv-t-2t", "y = Aᵀ x on two threads (column halves)", in -> {
            CscMatrix a = in.matrix();
            Vectors v = new Vectors(in, a.rows(), a.cols());
            ParallelSparseKernels pool = ParallelSparseKernels.open(in.kernels(), 2);
            return v.task(in, traffic(a), () -> {
                pool.spmvTransposed(1.0, a, v.x, 0.0, v.y);
                return a.cols() == 0 ? 0 : v.y.get(a.cols() - 1);
            }, pool.threads(), pool);
        });
        r.register("rank1-2t", "uᵀ A v on two threads (column halves)", in -> {
            CscMatrix a = in.matrix();
            Vectors v = new Vectors(in, a.rows(), a.cols());
            ParallelSparseKernels pool = ParallelSparseKernels.open(in.kernels(), 2);
            return v.task(in, traffic(a) - 8L * a.rows(), () -> pool.rank1Dot(v.x, a, v.y), pool.threads(), pool);
        });
        r.register("rank1-grouped", "out[e] = uᵀ Aₑ v for every element of a q4 gallery matrix, one pass", in -> {
            PatternGroups g = in.requireGroups("rank1-grouped");
            CscMatrix a = in.matrix();
            Vectors v = new Vectors(in, a.rows(), a.cols());
            DenseVector out = in.offHeapVectors() ? DenseVector.offHeap(g.groups()) : DenseVector.heap(g.groups());
            Kernels k = in.kernels();
            long bytes = 16L * g.entries() + 4L * (g.groups() + 1) + 8L * (a.rows() + a.cols() + g.groups());
            return v.task(in, bytes, () -> {
                k.rank1DotGrouped(v.x, g, v.y, out);
                return g.groups() == 0 ? 0 : out.get(0);
            }, 1, out);
        });
    }

    /** 12 bytes per nonzero, the column pointers, x and y once each. */
    private static long traffic(CscMatrix a) {
        return 12L * a.nnz() + 4L * (a.cols() + 1) + 8L * ((long) a.rows() + a.cols());
    }

    /** A pair of random operand vectors x (length nx) and y (length ny). */
    private static final class Vectors {
        final DenseVector x;
        final DenseVector y;

        Vectors(BenchInput in, int nx, int ny) {
            x = make(in.offHeapVectors(), nx);
            y = make(in.offHeapVectors(), ny);
            SplittableRandom rnd = new SplittableRandom(42);
            for (int i = 0; i < nx; i++) x.set(i, rnd.nextDouble(-1, 1));
            for (int i = 0; i < ny; i++) y.set(i, rnd.nextDouble(-1, 1));
        }

        private static DenseVector make(boolean offHeap, int n) {
            return offHeap ? DenseVector.offHeap(n) : DenseVector.heap(n);
        }

        /** The task running body on {@code threads} threads; closing it closes the vectors and {@code also}. */
        BenchOp.Task task(BenchInput in, long bytes, Body body, int threads, AutoCloseable... also) {
            return new BenchOp.Task() {
                @Override
                public double run() {
                    return body.run();
                }

                @Override
                public long bytesPerRun() {
                    return bytes;
                }

                @Override
                public String implementation() {
                    return in.kernels().name();
                }

                @Override
                public int threads() {
                    return threads;
                }

                @Override
                public void close() throws Exception {
                    x.close();
                    y.close();
                    for (AutoCloseable c : also) c.close();
                }
            };
        }
    }

    @FunctionalInterface
    private interface Body {
        double run();
    }
}

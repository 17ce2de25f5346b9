package dev.pullback.kernel.simd;

import dev.pullback.kernel.Fma;
import dev.pullback.kernel.KernelProvider;
import dev.pullback.kernel.Kernels;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.PatternGroups;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels, the only code in Pullback that imports {@code jdk.incubator.vector}.
 * Loaded by name from {@link KernelProvider}; arguments are not checked here (the provider's facade
 * checks them).
 *
 * <p>Every dense kernel has Lucene's shape: a small-n guard that sends short inputs to the scalar
 * loop, a {@code loopBound} main loop with four accumulators, a one-vector loop, a scalar tail. One
 * {@link #fma} helper decides fused or not ({@link Fma#FAST}), as the scalar twin does.
 *
 * <p><b>Sparse kernels and gathers.</b> The Vector API gathers only from a heap {@code double[]}
 * through a heap {@code int[]} index map. Measured on this project's machine (AMD EPYC, AVX-512,
 * JDK 25) for Aᵀx on the Q4 plane-stress matrix 600×200 (241,400 columns, 4.3 M nonzeros, about 18
 * per column), medians of 31 runs: scalar loop with one partial sum 3.72 ms, with two interleaved
 * partial sums 2.83 ms; gathers through a heap mirror of rowIdx, 8 lanes 3.09 ms, 4 lanes
 * 2.36 ms; copying each vector's worth of indices from the off-heap rowIdx into a small int[]
 * (IntVector load + intoArray) 3.84 ms (8 lanes) / 3.11 ms (4 lanes); masked gathers for the column
 * tails 3.03 ms (slower than a scalar tail). A gather costs about 1.7 cycles per element here
 * whatever its width (a plain gather over all 4.3 M entries, ignoring columns, took 2.0 ms with x in
 * L1 or not), so with short columns the narrow species wins: its tails are shorter. Hence:
 * <ul>
 *   <li>gathered operands (x of Aᵀx, u of uᵀAv, u and v of the grouped form) use heap arrays and
 *       the heap index mirrors the pattern keeps ({@link CscPattern#rowIdxMirror()},
 *       {@link PatternGroups#rowColMirrors()}), with a species of at most 256 bits. No scratch
 *       array, so the kernels are thread-safe and allocate nothing; the mirror costs 4 bytes per
 *       nonzero of heap, once per pattern;</li>
 *   <li>an off-heap gathered operand takes the scalar twin's loop (slower, same result to
 *       rounding): gathers cannot reach it;</li>
 *   <li>Ax (a scatter into y) is the scalar twin's column loop: a gather–FMA–scatter per vector
 *       measured 3.97 ms against 3.41 ms scalar on the same matrix.</li>
 * </ul>
 */
public final class SimdKernels implements Kernels {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Same threshold as the scalar twin: below it, subnormal squares would cost accuracy. */
    private static final double SSQ_MIN = 0x1p-900;
    private static final int GATHER_MAX_BITS = 256;

    private final VectorSpecies<Double> species;
    private final int lanes;
    private final VectorSpecies<Double> gather;
    private final int gatherLanes;
    private final Kernels scalar = KernelProvider.scalar();

    private SimdKernels(VectorSpecies<Double> species) {
        this.species = species;
        this.lanes = species.length();
        this.gather = species.vectorBitSize() > GATHER_MAX_BITS
                ? DoubleVector.SPECIES_256 : species;
        this.gatherLanes = gather.length();
    }

    /**
     * Kernels on the preferred species (bits = 0) or a narrower one (128, 256, ...).
     *
     * @throws UnsupportedOperationException when the width holds fewer than two doubles or is wider
     *     than the hardware's preferred one (the provider then falls back to scalar)
     * @throws IllegalArgumentException when bits is not a vector size (64, 128, 256, 512)
     */
    public static SimdKernels create(int bits) {
        VectorSpecies<Double> preferred = DoubleVector.SPECIES_PREFERRED;
        VectorSpecies<Double> s = bits == 0 ? preferred
                : VectorSpecies.of(double.class, VectorShape.forBitSize(bits));
        if (s.length() < 2) {
            throw new UnsupportedOperationException("a " + s.vectorBitSize() + "-bit vector holds "
                    + s.length() + " double; need at least 2");
        }
        if (s.vectorBitSize() > preferred.vectorBitSize()) {
            throw new UnsupportedOperationException(s.vectorBitSize() + "-bit vectors are wider than this CPU's "
                    + preferred.vectorBitSize() + "-bit ones (they would run emulated)");
        }
        return new SimdKernels(s);
    }

    @Override
    public String name() {
        return "simd-" + species.vectorBitSize();
    }

    private static DoubleVector fma(DoubleVector a, DoubleVector b, DoubleVector c) {
        return Fma.FAST ? a.fma(b, c) : a.mul(b).add(c);
    }

    private DoubleVector load(MemorySegment s, long index) {
        return DoubleVector.fromMemorySegment(species, s, index * Double.BYTES, NATIVE);
    }

    private void store(DoubleVector v, MemorySegment s, long index) {
        v.intoMemorySegment(s, index * Double.BYTES, NATIVE);
    }

    // ---- BLAS-1 ----

    @Override
    public double dot(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        int i = 0;
        double s = 0;
        if (n >= 2 * lanes) {
            DoubleVector a0 = DoubleVector.zero(species), a1 = a0, a2 = a0, a3 = a0;
            for (int bound = n - n % (4 * lanes); i < bound; i += 4 * lanes) {
                a0 = fma(load(x, xOff + i), load(y, yOff + i), a0);
                a1 = fma(load(x, xOff + i + lanes), load(y, yOff + i + lanes), a1);
                a2 = fma(load(x, xOff + i + 2 * lanes), load(y, yOff + i + 2 * lanes), a2);
                a3 = fma(load(x, xOff + i + 3 * lanes), load(y, yOff + i + 3 * lanes), a3);
            }
            for (int bound = species.loopBound(n); i < bound; i += lanes) {
                a0 = fma(load(x, xOff + i), load(y, yOff + i), a0);
            }
            s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) s = Fma.fma(x.getAtIndex(D, xOff + i), y.getAtIndex(D, yOff + i), s);
        return s;
    }

    @Override
    public void axpy(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        int i = 0;
        if (n >= lanes) {
            DoubleVector a = DoubleVector.broadcast(species, alpha);
            for (int bound = species.loopBound(n); i < bound; i += lanes) {
                store(fma(a, load(x, xOff + i), load(y, yOff + i)), y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y.setAtIndex(D, yOff + i, Fma.fma(alpha, x.getAtIndex(D, xOff + i), y.getAtIndex(D, yOff + i)));
        }
    }

    @Override
    public void scal(int n, double alpha, MemorySegment x, long xOff) {
        int i = 0;
        if (n >= lanes) {
            for (int bound = species.loopBound(n); i < bound; i += lanes) {
                store(load(x, xOff + i).mul(alpha), x, xOff + i);
            }
        }
        for (; i < n; i++) x.setAtIndex(D, xOff + i, alpha * x.getAtIndex(D, xOff + i));
    }

    @Override
    public void copy(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        MemorySegment.copy(x, xOff * Double.BYTES, y, yOff * Double.BYTES, (long) n * Double.BYTES);
    }

    /**
     * As the scalar twin: one pass of Σxᵢ² unless it overflowed or is below {@code 2^-900}, then
     * max|xᵢ| = m with 2ᵉ ≤ m &lt; 2ᵉ⁺¹ and ‖x‖ = 2ᵉ·√Σ(2⁻ᵉxᵢ)², both passes vectorized.
     */
    @Override
    public double nrm2(int n, MemorySegment x, long xOff) {
        double ssq = sumSquares(n, x, xOff, 1.0);
        if (ssq >= SSQ_MIN && ssq <= Double.MAX_VALUE) return Math.sqrt(ssq);
        if (Double.isNaN(ssq)) return Double.NaN;
        double max = maxAbs(n, x, xOff);
        if (max == Double.POSITIVE_INFINITY) return max;
        if (max == 0) return 0;
        int e = Math.getExponent(max);
        return Math.scalb(Math.sqrt(sumSquares(n, x, xOff, Math.scalb(1.0, -e))), e);
    }

    private double sumSquares(int n, MemorySegment x, long xOff, double scale) {
        int i = 0;
        double s = 0;
        if (n >= 2 * lanes) {
            DoubleVector a0 = DoubleVector.zero(species), a1 = a0, a2 = a0, a3 = a0;
            for (int bound = n - n % (4 * lanes); i < bound; i += 4 * lanes) {
                DoubleVector v0 = load(x, xOff + i).mul(scale), v1 = load(x, xOff + i + lanes).mul(scale);
                DoubleVector v2 = load(x, xOff + i + 2 * lanes).mul(scale);
                DoubleVector v3 = load(x, xOff + i + 3 * lanes).mul(scale);
                a0 = fma(v0, v0, a0);
                a1 = fma(v1, v1, a1);
                a2 = fma(v2, v2, a2);
                a3 = fma(v3, v3, a3);
            }
            for (int bound = species.loopBound(n); i < bound; i += lanes) {
                DoubleVector v = load(x, xOff + i).mul(scale);
                a0 = fma(v, v, a0);
            }
            s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            double a = scale * x.getAtIndex(D, xOff + i);
            s = Fma.fma(a, a, s);
        }
        return s;
    }

    /** max |xᵢ|, NaN when any entry is NaN (lanewise MAX has Math.max's semantics). */
    private double maxAbs(int n, MemorySegment x, long xOff) {
        int i = 0;
        double m = 0;
        if (n >= 2 * lanes) {
            DoubleVector a0 = DoubleVector.zero(species), a1 = a0, a2 = a0, a3 = a0;
            for (int bound = n - n % (4 * lanes); i < bound; i += 4 * lanes) {
                a0 = a0.max(load(x, xOff + i).abs());
                a1 = a1.max(load(x, xOff + i + lanes).abs());
                a2 = a2.max(load(x, xOff + i + 2 * lanes).abs());
                a3 = a3.max(load(x, xOff + i + 3 * lanes).abs());
            }
            for (int bound = species.loopBound(n); i < bound; i += lanes) a0 = a0.max(load(x, xOff + i).abs());
            m = a0.max(a1).max(a2.max(a3)).reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) m = Math.max(m, Math.abs(x.getAtIndex(D, xOff + i)));
        return m;
    }

    /** Two passes: m = max|xᵢ| (NaN-propagating), then the first i with |xᵢ| = m (or xᵢ NaN). */
    @Override
    public int iamax(int n, MemorySegment x, long xOff) {
        if (n < 2 * lanes) return scalar.iamax(n, x, xOff);
        double max = maxAbs(n, x, xOff);
        boolean nan = Double.isNaN(max);
        int i = 0;
        for (int bound = species.loopBound(n); i < bound; i += lanes) {
            DoubleVector v = load(x, xOff + i);
            VectorMask<Double> hit = nan ? v.test(VectorOperators.IS_NAN) : v.abs().compare(VectorOperators.EQ, max);
            if (hit.anyTrue()) return i + hit.firstTrue();
        }
        for (; i < n; i++) {
            double a = Math.abs(x.getAtIndex(D, xOff + i));
            if (nan ? Double.isNaN(a) : a == max) return i;
        }
        throw new AssertionError("iamax: maximum " + max + " not found again");
    }

    // ---- dense matrix-vector ----

    @Override
    public void gemv(boolean transpose, int m, int n, double alpha, MemorySegment a, long aOff, int lda,
            MemorySegment x, long xOff, double beta, MemorySegment y, long yOff) {
        if (transpose) gemvT(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        else gemvN(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    /**
     * y ← βy, then four columns at a time y += A[:, j..j+3]·(αx[j..j+3]): y is loaded and stored once
     * per four columns; each yᵢ sees its updates in column order, exactly as the scalar twin's.
     */
    private void gemvN(int m, int n, double alpha, MemorySegment a, long aOff, int lda,
            MemorySegment x, long xOff, double beta, MemorySegment y, long yOff) {
        scaleOutput(m, beta, y, yOff);
        if (alpha == 0) return;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            double t0 = alpha * x.getAtIndex(D, xOff + j), t1 = alpha * x.getAtIndex(D, xOff + j + 1);
            double t2 = alpha * x.getAtIndex(D, xOff + j + 2), t3 = alpha * x.getAtIndex(D, xOff + j + 3);
            long c0 = aOff + (long) j * lda, c1 = c0 + lda, c2 = c1 + lda, c3 = c2 + lda;
            int i = 0;
            if (m >= lanes) {
                DoubleVector v0 = DoubleVector.broadcast(species, t0), v1 = DoubleVector.broadcast(species, t1);
                DoubleVector v2 = DoubleVector.broadcast(species, t2), v3 = DoubleVector.broadcast(species, t3);
                for (int bound = species.loopBound(m); i < bound; i += lanes) {
                    DoubleVector yv = load(y, yOff + i);
                    yv = fma(load(a, c0 + i), v0, yv);
                    yv = fma(load(a, c1 + i), v1, yv);
                    yv = fma(load(a, c2 + i), v2, yv);
                    yv = fma(load(a, c3 + i), v3, yv);
                    store(yv, y, yOff + i);
                }
            }
            for (; i < m; i++) {
                double yi = y.getAtIndex(D, yOff + i);
                yi = Fma.fma(t0, a.getAtIndex(D, c0 + i), yi);
                yi = Fma.fma(t1, a.getAtIndex(D, c1 + i), yi);
                yi = Fma.fma(t2, a.getAtIndex(D, c2 + i), yi);
                yi = Fma.fma(t3, a.getAtIndex(D, c3 + i), yi);
                y.setAtIndex(D, yOff + i, yi);
            }
        }
        for (; j < n; j++) axpy(m, alpha * x.getAtIndex(D, xOff + j), a, aOff + (long) j * lda, y, yOff);
    }

    /** yⱼ ← α·A[:, j]·x + βyⱼ, four columns at a time sharing each load of x. */
    private void gemvT(int m, int n, double alpha, MemorySegment a, long aOff, int lda,
            MemorySegment x, long xOff, double beta, MemorySegment y, long yOff) {
        if (alpha == 0) {
            scaleOutput(n, beta, y, yOff);
            return;
        }
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            long c0 = aOff + (long) j * lda, c1 = c0 + lda, c2 = c1 + lda, c3 = c2 + lda;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = 0;
            if (m >= lanes) {
                DoubleVector a0 = DoubleVector.zero(species), a1 = a0, a2 = a0, a3 = a0;
                for (int bound = species.loopBound(m); i < bound; i += lanes) {
                    DoubleVector xv = load(x, xOff + i);
                    a0 = fma(load(a, c0 + i), xv, a0);
                    a1 = fma(load(a, c1 + i), xv, a1);
                    a2 = fma(load(a, c2 + i), xv, a2);
                    a3 = fma(load(a, c3 + i), xv, a3);
                }
                s0 = a0.reduceLanes(VectorOperators.ADD);
                s1 = a1.reduceLanes(VectorOperators.ADD);
                s2 = a2.reduceLanes(VectorOperators.ADD);
                s3 = a3.reduceLanes(VectorOperators.ADD);
            }
            for (; i < m; i++) {
                double xi = x.getAtIndex(D, xOff + i);
                s0 = Fma.fma(a.getAtIndex(D, c0 + i), xi, s0);
                s1 = Fma.fma(a.getAtIndex(D, c1 + i), xi, s1);
                s2 = Fma.fma(a.getAtIndex(D, c2 + i), xi, s2);
                s3 = Fma.fma(a.getAtIndex(D, c3 + i), xi, s3);
            }
            y.setAtIndex(D, yOff + j, combine(alpha, s0, beta, y.getAtIndex(D, yOff + j)));
            y.setAtIndex(D, yOff + j + 1, combine(alpha, s1, beta, y.getAtIndex(D, yOff + j + 1)));
            y.setAtIndex(D, yOff + j + 2, combine(alpha, s2, beta, y.getAtIndex(D, yOff + j + 2)));
            y.setAtIndex(D, yOff + j + 3, combine(alpha, s3, beta, y.getAtIndex(D, yOff + j + 3)));
        }
        for (; j < n; j++) {
            double s = dot(m, a, aOff + (long) j * lda, x, xOff);
            y.setAtIndex(D, yOff + j, combine(alpha, s, beta, y.getAtIndex(D, yOff + j)));
        }
    }

    // ---- sparse ----

    /** The scalar twin's column loop (see the class comment: a vector scatter measured slower). */
    @Override
    public void spmv(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        scalar.spmv(alpha, a, x, beta, y);
    }

    @Override
    public void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        double[] xa = x.heapArray();
        if (xa == null || alpha == 0) {
            scalar.spmvTransposed(alpha, a, x, beta, y);
            return;
        }
        CscPattern p = a.pattern();
        int[] ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr(), av = a.values(), ys = y.segment();
        int n = a.cols();
        int start = cp.getAtIndex(I, 0);
        for (int j = 0; j < n; j++) {
            int end = cp.getAtIndex(I, j + 1);
            double s = 0;
            int k = start;
            if (end - k >= gatherLanes) {
                DoubleVector acc = DoubleVector.zero(gather);
                for (; k <= end - gatherLanes; k += gatherLanes) {
                    acc = fma(DoubleVector.fromMemorySegment(gather, av, (long) k * Double.BYTES, NATIVE),
                            DoubleVector.fromArray(gather, xa, 0, ri, k), acc);
                }
                s = acc.reduceLanes(VectorOperators.ADD);
            }
            for (; k < end; k++) s = Fma.fma(av.getAtIndex(D, k), xa[ri[k]], s);
            ys.setAtIndex(D, j, combine(alpha, s, beta, ys.getAtIndex(D, j)));
            start = end;
        }
    }

    /**
     * Σⱼ vⱼ·(A[:, j]·u): the vector parts of the column sums are scaled by vⱼ and added into one
     * vector accumulator, so no column needs a horizontal reduction; only the tails are scalar.
     */
    @Override
    public double rank1Dot(DenseVector u, CscMatrix a, DenseVector v) {
        double[] ua = u.heapArray();
        if (ua == null) return scalar.rank1Dot(u, a, v);
        CscPattern p = a.pattern();
        int[] ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr(), av = a.values(), vs = v.segment();
        int n = a.cols();
        DoubleVector total = DoubleVector.zero(gather);
        double tail = 0;
        int start = cp.getAtIndex(I, 0);
        for (int j = 0; j < n; j++) {
            int end = cp.getAtIndex(I, j + 1);
            if (end == start) continue;
            double vj = vs.getAtIndex(D, j);
            int k = start;
            if (end - k >= gatherLanes) {
                DoubleVector acc = DoubleVector.zero(gather);
                for (; k <= end - gatherLanes; k += gatherLanes) {
                    acc = fma(DoubleVector.fromMemorySegment(gather, av, (long) k * Double.BYTES, NATIVE),
                            DoubleVector.fromArray(gather, ua, 0, ri, k), acc);
                }
                total = fma(acc, DoubleVector.broadcast(gather, vj), total);
            }
            if (k < end) {
                double s = 0;
                for (; k < end; k++) s = Fma.fma(av.getAtIndex(D, k), ua[ri[k]], s);
                tail = Fma.fma(s, vj, tail);
            }
            start = end;
        }
        return total.reduceLanes(VectorOperators.ADD) + tail;
    }

    @Override
    public void rank1DotGrouped(DenseVector u, PatternGroups groups, DenseVector v, DenseVector out) {
        double[] ua = u.heapArray(), va = v.heapArray();
        if (ua == null || va == null) {
            scalar.rank1DotGrouped(u, groups, v, out);
            return;
        }
        int[][] mirrors = groups.rowColMirrors();
        int[] rows = mirrors[0], cols = mirrors[1];
        MemorySegment gp = groups.groupPtr(), cf = groups.coef(), os = out.segment();
        int g = groups.groups();
        int start = gp.getAtIndex(I, 0);
        for (int e = 0; e < g; e++) {
            int end = gp.getAtIndex(I, e + 1);
            double s = 0;
            int t = start;
            if (end - t >= gatherLanes) {
                DoubleVector acc = DoubleVector.zero(gather);
                for (; t <= end - gatherLanes; t += gatherLanes) {
                    DoubleVector cu = DoubleVector.fromMemorySegment(gather, cf, (long) t * Double.BYTES, NATIVE)
                            .mul(DoubleVector.fromArray(gather, ua, 0, rows, t));
                    acc = fma(cu, DoubleVector.fromArray(gather, va, 0, cols, t), acc);
                }
                s = acc.reduceLanes(VectorOperators.ADD);
            }
            for (; t < end; t++) s = Fma.fma(cf.getAtIndex(D, t) * ua[rows[t]], va[cols[t]], s);
            os.setAtIndex(D, e, s);
            start = end;
        }
    }

    private static double combine(double alpha, double s, double beta, double y) {
        return beta == 0 ? alpha * s : Fma.fma(alpha, s, beta * y);
    }

    private void scaleOutput(int m, double beta, MemorySegment y, long yOff) {
        if (beta == 0) {
            y.asSlice(yOff * Double.BYTES, (long) m * Double.BYTES).fill((byte) 0);
        } else if (beta != 1) {
            scal(m, beta, y, yOff);
        }
    }
}

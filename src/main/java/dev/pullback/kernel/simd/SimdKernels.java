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
 * <p><b>Sparse kernels and gathers.</b> The Vector API gathers and scatters only through a heap
 * {@code double[]} and a heap {@code int[]} index map. Measured on this project's machine (AMD EPYC
 * Zen 5, AVX-512, JDK 25), Aᵀx on the Q4 plane-stress matrix 600×200 (241,400 columns, 4.3 M
 * nonzeros, about 18 per column), medians of 31 runs in one JVM: scalar loop 3.72 ms (one partial
 * sum) / 2.83 ms (two); gathers through a heap mirror of rowIdx 3.09 ms (8 lanes) / 2.36 ms (4
 * lanes); copying each vector's worth of row indices from the off-heap rowIdx into a small int[]
 * (IntVector load + intoArray) 3.84 / 3.11 ms; masked gathers for the column tails 3.03 ms. A
 * gather costs about 1.7 cycles per element here whatever its width (one gather pass over all 4.3 M
 * entries took 2.0 ms with x in L1 or not), so short columns favour narrow vectors, and the win is
 * to avoid gathers: FEM columns hold runs of consecutive rows (Q4: three runs of six), and since
 * rows increase strictly within a column, r[k+L−1] − r[k] = L−1 proves a vector's rows consecutive
 * at the cost of two int loads. On Q4 300×100 (60,700 columns, L3-resident): mirror gathers 0.83 ms,
 * contiguous-or-gather 0.52 ms, the same without a small-n guard (C2 compiles the loop
 * {@code k + L <= end} far better) 0.44 ms. Hence:
 * <ul>
 *   <li>Aᵀx and uᵀAv: per column, 256-bit (at most) vectors, a contiguous load of x where the rows
 *       are consecutive, else a gather through the index mirror the pattern keeps
 *       ({@link CscPattern#rowIdxMirror()}, 4 bytes per nonzero of heap, built once); a scalar
 *       tail. A heap x is loaded as an array (its segment view measured 1.7x slower);</li>
 *   <li>Ax: per column, for a heap y, a load–FMA–store of y where the rows are consecutive, else a
 *       gather–FMA–scatter (rows in a column are distinct, so lanes never collide): 0.60 ms
 *       against 0.74 ms for the scalar loop on arrays and 1.15 ms for the scalar loop through
 *       segments; an off-heap y takes the scalar twin's loop;</li>
 *   <li>an off-heap gathered operand cannot be gathered: its consecutive runs still load as
 *       vectors from the segment, the rest go through scalar loads (slower, same result to
 *       rounding);</li>
 *   <li>the grouped form gathers u and v through {@link PatternGroups#rowColMirrors()}: for groups
 *       that are 8-wide row-major blocks (Q4 element maps) v once per column and u once per row,
 *       else both per entry.</li>
 * </ul>
 * No scratch arrays anywhere, so the kernels are thread-safe and allocate nothing (JMH
 * {@code -prof gc}: 0 B/op).
 */
public final class SimdKernels implements Kernels {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Same threshold as the scalar twin: below it, subnormal squares would cost accuracy. */
    private static final double SSQ_MIN = 0x1p-900;
    private static final int GATHER_MAX_BITS = 256;
    /**
     * Reductions over long vectors run in blocks of this many doubles, one call each, so that no
     * vector accumulator is live across a loop that C2 may compile on-stack (OSR): an OSR entry
     * takes its vectors boxed, and a dot over 8M doubles measured 25 MB allocated per call.
     */
    private static final int BLOCK = 4096;

    /**
     * The species, fixed when this class initialises: C2 compiles Vector API code to vector
     * instructions only when the species is a constant (a non-constant one boxes every vector: 43
     * bytes allocated per nonzero in Aᵀx, 4x slower), so it is a static final, the preferred one
     * unless {@code -Dpullback.kernel=simd:<bits>} narrows it.
     */
    private static final VectorSpecies<Double> SPECIES = chooseSpecies();
    /** Gathers use at most 256 bits (see the class comment). */
    private static final VectorSpecies<Double> GATHER = SPECIES.vectorBitSize() > GATHER_MAX_BITS
            ? DoubleVector.SPECIES_256 : SPECIES;
    private static final int LANES = SPECIES.length();
    private static final int GATHER_LANES = GATHER.length();
    private static final SimdKernels INSTANCE = LANES < 2 ? null : new SimdKernels();

    private final Kernels scalar = KernelProvider.scalar();

    private SimdKernels() {}

    private static VectorSpecies<Double> chooseSpecies() {
        String spec = System.getProperty("pullback.kernel", "auto").trim();
        if (spec.startsWith("simd:")) {
            try {
                return VectorSpecies.of(double.class, VectorShape.forBitSize(Integer.parseInt(spec.substring(5))));
            } catch (IllegalArgumentException e) {
                // not a vector size: the provider reports it; this class keeps the preferred species
            }
        }
        return DoubleVector.SPECIES_PREFERRED;
    }

    /**
     * The kernels on this JVM's species: bits = 0 or bits equal to that species' width.
     *
     * @throws UnsupportedOperationException when the species holds fewer than two doubles or is
     *     wider than the hardware's, or for another width (the species is fixed per JVM; run with
     *     {@code -Dpullback.kernel=simd:<bits>} for a narrower one, as the build's simd-128 test run
     *     does); the provider then falls back
     * @throws IllegalArgumentException when bits is not a vector size (64, 128, 256, 512)
     */
    public static SimdKernels create(int bits) {
        if (bits != 0) VectorShape.forBitSize(bits); // IllegalArgumentException for a non-size
        if (INSTANCE == null) {
            throw new UnsupportedOperationException("a " + SPECIES.vectorBitSize() + "-bit vector holds "
                    + LANES + " double; need at least 2");
        }
        if (bits != 0 && bits != SPECIES.vectorBitSize()) {
            throw new UnsupportedOperationException("this JVM's SIMD kernels use " + SPECIES.vectorBitSize()
                    + "-bit vectors, fixed at class initialisation; run with -Dpullback.kernel=simd:" + bits);
        }
        if (SPECIES.vectorBitSize() > DoubleVector.SPECIES_PREFERRED.vectorBitSize()) {
            throw new UnsupportedOperationException(SPECIES.vectorBitSize() + "-bit vectors are wider than this CPU's "
                    + DoubleVector.SPECIES_PREFERRED.vectorBitSize() + "-bit ones (they would run emulated)");
        }
        return INSTANCE;
    }

    @Override
    public String name() {
        return "simd-" + SPECIES.vectorBitSize();
    }

    private static DoubleVector fma(DoubleVector a, DoubleVector b, DoubleVector c) {
        return Fma.FAST ? a.fma(b, c) : a.mul(b).add(c);
    }

    private static DoubleVector load(MemorySegment s, long index) {
        return DoubleVector.fromMemorySegment(SPECIES, s, index * Double.BYTES, NATIVE);
    }

    private static void store(DoubleVector v, MemorySegment s, long index) {
        v.intoMemorySegment(s, index * Double.BYTES, NATIVE);
    }

    // ---- BLAS-1 ----

    @Override
    public double dot(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        double s = 0;
        int i = 0;
        for (; n - i > BLOCK; i += BLOCK) s += dotBlock(BLOCK, x, xOff + i, y, yOff + i);
        return s + dotBlock(n - i, x, xOff + i, y, yOff + i);
    }

    private static double dotBlock(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        int i = 0;
        double s = 0;
        if (n >= 2 * LANES) {
            DoubleVector a0 = DoubleVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
            for (int bound = n - n % (4 * LANES); i < bound; i += 4 * LANES) {
                a0 = fma(load(x, xOff + i), load(y, yOff + i), a0);
                a1 = fma(load(x, xOff + i + LANES), load(y, yOff + i + LANES), a1);
                a2 = fma(load(x, xOff + i + 2 * LANES), load(y, yOff + i + 2 * LANES), a2);
                a3 = fma(load(x, xOff + i + 3 * LANES), load(y, yOff + i + 3 * LANES), a3);
            }
            for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
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
        if (n >= LANES) {
            DoubleVector a = DoubleVector.broadcast(SPECIES, alpha);
            for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
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
        if (n >= LANES) {
            for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
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

    private static double sumSquares(int n, MemorySegment x, long xOff, double scale) {
        double s = 0;
        int i = 0;
        for (; n - i > BLOCK; i += BLOCK) s += sumSquaresBlock(BLOCK, x, xOff + i, scale);
        return s + sumSquaresBlock(n - i, x, xOff + i, scale);
    }

    private static double sumSquaresBlock(int n, MemorySegment x, long xOff, double scale) {
        int i = 0;
        double s = 0;
        if (n >= 2 * LANES) {
            DoubleVector a0 = DoubleVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
            for (int bound = n - n % (4 * LANES); i < bound; i += 4 * LANES) {
                DoubleVector v0 = load(x, xOff + i).mul(scale), v1 = load(x, xOff + i + LANES).mul(scale);
                DoubleVector v2 = load(x, xOff + i + 2 * LANES).mul(scale);
                DoubleVector v3 = load(x, xOff + i + 3 * LANES).mul(scale);
                a0 = fma(v0, v0, a0);
                a1 = fma(v1, v1, a1);
                a2 = fma(v2, v2, a2);
                a3 = fma(v3, v3, a3);
            }
            for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
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
    private static double maxAbs(int n, MemorySegment x, long xOff) {
        double m = 0;
        int i = 0;
        for (; n - i > BLOCK; i += BLOCK) m = Math.max(m, maxAbsBlock(BLOCK, x, xOff + i));
        return Math.max(m, maxAbsBlock(n - i, x, xOff + i));
    }

    private static double maxAbsBlock(int n, MemorySegment x, long xOff) {
        int i = 0;
        double m = 0;
        if (n >= 2 * LANES) {
            DoubleVector a0 = DoubleVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
            for (int bound = n - n % (4 * LANES); i < bound; i += 4 * LANES) {
                a0 = a0.max(load(x, xOff + i).abs());
                a1 = a1.max(load(x, xOff + i + LANES).abs());
                a2 = a2.max(load(x, xOff + i + 2 * LANES).abs());
                a3 = a3.max(load(x, xOff + i + 3 * LANES).abs());
            }
            for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) a0 = a0.max(load(x, xOff + i).abs());
            m = a0.max(a1).max(a2.max(a3)).reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) m = Math.max(m, Math.abs(x.getAtIndex(D, xOff + i)));
        return m;
    }

    /** Two passes: m = max|xᵢ| (NaN-propagating), then the first i with |xᵢ| = m (or xᵢ NaN). */
    @Override
    public int iamax(int n, MemorySegment x, long xOff) {
        if (n < 2 * LANES) return scalar.iamax(n, x, xOff);
        double max = maxAbs(n, x, xOff);
        boolean nan = Double.isNaN(max);
        int i = 0;
        // The vector holding it is found by a mask test, the lane by the scalar loop below; one loop
        // per case: a mask chosen by a conditional was boxed (392 bytes per call).
        int bound = SPECIES.loopBound(n);
        if (nan) {
            while (i < bound && !load(x, xOff + i).test(VectorOperators.IS_NAN).anyTrue()) i += LANES;
        } else {
            while (i < bound && !load(x, xOff + i).abs().compare(VectorOperators.EQ, max).anyTrue()) i += LANES;
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
            if (m >= LANES) {
                DoubleVector v0 = DoubleVector.broadcast(SPECIES, t0), v1 = DoubleVector.broadcast(SPECIES, t1);
                DoubleVector v2 = DoubleVector.broadcast(SPECIES, t2), v3 = DoubleVector.broadcast(SPECIES, t3);
                for (int bound = SPECIES.loopBound(m); i < bound; i += LANES) {
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
            if (m >= LANES) {
                DoubleVector a0 = DoubleVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
                for (int bound = SPECIES.loopBound(m); i < bound; i += LANES) {
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

    /**
     * y ← βy, then column by column y[rows of j] += (αxⱼ)·A[:, j]. For a heap y, each vector's worth
     * of a column is one load–FMA–store of y when its rows are consecutive (rows increase strictly,
     * so r[k+L−1] − r[k] = L−1 says it), else a gather–FMA–scatter (rows in a column are distinct, so
     * lanes never collide); a scalar tail. An off-heap y takes the scalar twin's loop. Either way
     * every yᵢ sees the scalar twin's FMAs in the same column order, so the two agree bit for bit.
     */
    @Override
    public void spmv(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        MemorySegment ys = y.segment();
        scaleOutput(a.rows(), beta, ys, 0);
        double[] ya = y.heapArray();
        if (alpha == 0) return;
        if (ya == null) {
            scalar.spmv(alpha, a, x, 1.0, y);
            return;
        }
        CscPattern p = a.pattern();
        int[] ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr(), av = a.values(), xs = x.segment();
        double[] xa = x.heapArray();
        int n = a.cols();
        int k = cp.getAtIndex(I, 0);
        for (int j = 0; j < n; j++) {
            int end = cp.getAtIndex(I, j + 1);
            double t = alpha * (xa != null ? xa[j] : xs.getAtIndex(D, j));
            DoubleVector tv = DoubleVector.broadcast(GATHER, t);
            for (; k + GATHER_LANES <= end; k += GATHER_LANES) {
                int r0 = ri[k];
                DoubleVector a4 = DoubleVector.fromMemorySegment(GATHER, av, (long) k * Double.BYTES, NATIVE);
                if (ri[k + GATHER_LANES - 1] - r0 == GATHER_LANES - 1) {
                    fma(a4, tv, DoubleVector.fromArray(GATHER, ya, r0)).intoArray(ya, r0);
                } else {
                    fma(a4, tv, DoubleVector.fromArray(GATHER, ya, 0, ri, k)).intoArray(ya, 0, ri, k);
                }
            }
            for (; k < end; k++) {
                int i = ri[k];
                ya[i] = Fma.fma(av.getAtIndex(D, k), t, ya[i]);
            }
        }
    }

    /**
     * yⱼ ← α·A[:, j]·x + βyⱼ. Per vector of a column: one contiguous load of x when its rows are
     * consecutive (rows increase strictly, so r[k+L−1] − r[k] = L−1 says it), else a gather from a
     * heap x; an off-heap x cannot be gathered, so those vectors go through scalar loads there.
     */
    @Override
    public void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        MemorySegment ys = y.segment();
        if (alpha == 0 || shortColumns(a)) {
            scalar.spmvTransposed(alpha, a, x, beta, y);
            return;
        }
        CscPattern p = a.pattern();
        int[] ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr(), av = a.values(), xs = x.segment();
        double[] xa = x.heapArray(), ya = y.heapArray();
        int n = a.cols();
        int start = cp.getAtIndex(I, 0);
        for (int j = 0; j < n; j++) {
            int end = cp.getAtIndex(I, j + 1);
            double s = xa != null ? columnDot(start, end, ri, av, xa) : columnDot(start, end, ri, av, xs);
            // a heap y through its array: scalar access through the array's segment view measured slower
            if (ya != null) ya[j] = beta == 0 ? alpha * s : Fma.fma(alpha, s, beta * ya[j]);
            else ys.setAtIndex(D, j, beta == 0 ? alpha * s : Fma.fma(alpha, s, beta * ys.getAtIndex(D, j)));
            start = end;
        }
    }

    /**
     * Fewer than two vectors per column on average: the per-column vector set-up and reduction then
     * cost more than they save, and the scalar twin's loop is faster (2D Poisson, 5 per column,
     * 250k columns: Aᵀx 0.96 ms scalar against 1.20 ms SIMD; Q4, 18 per column: 0.88 against 0.46).
     */
    private static boolean shortColumns(CscMatrix a) {
        return a.nnz() < 2L * GATHER_LANES * a.cols();
    }

    /**
     * Σ_{k in [k, end)} values[k]·x[rowIdx[k]] for a heap x: contiguous loads or gathers, then a
     * scalar tail. No small-n guard here: with one (and with the bound written k ≤ end − L) C2's code
     * for the Q4 matrix ran 1.6x slower; a column shorter than a vector just reduces a zero vector.
     */
    private static double columnDot(int k, int end, int[] ri, MemorySegment av, double[] x) {
        DoubleVector acc = DoubleVector.zero(GATHER);
        for (; k + GATHER_LANES <= end; k += GATHER_LANES) {
            int r0 = ri[k];
            DoubleVector a4 = DoubleVector.fromMemorySegment(GATHER, av, (long) k * Double.BYTES, NATIVE);
            if (ri[k + GATHER_LANES - 1] - r0 == GATHER_LANES - 1) {
                acc = fma(a4, DoubleVector.fromArray(GATHER, x, r0), acc); // via the array's segment view: 1.7x slower
            } else {
                acc = fma(a4, DoubleVector.fromArray(GATHER, x, 0, ri, k), acc);
            }
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; k < end; k++) s = Fma.fma(av.getAtIndex(D, k), x[ri[k]], s);
        return s;
    }

    /** The same for an off-heap x: contiguous loads where rows are consecutive, else scalar loads. */
    private static double columnDot(int k, int end, int[] ri, MemorySegment av, MemorySegment x) {
        DoubleVector acc = DoubleVector.zero(GATHER);
        double s = 0;
        for (; k + GATHER_LANES <= end; k += GATHER_LANES) {
            int r0 = ri[k];
            if (ri[k + GATHER_LANES - 1] - r0 == GATHER_LANES - 1) {
                acc = fma(DoubleVector.fromMemorySegment(GATHER, av, (long) k * Double.BYTES, NATIVE),
                        DoubleVector.fromMemorySegment(GATHER, x, (long) r0 * Double.BYTES, NATIVE), acc);
            } else {
                for (int q = k; q < k + GATHER_LANES; q++) s = Fma.fma(av.getAtIndex(D, q), x.getAtIndex(D, ri[q]), s);
            }
        }
        s += acc.reduceLanes(VectorOperators.ADD);
        for (; k < end; k++) s = Fma.fma(av.getAtIndex(D, k), x.getAtIndex(D, ri[k]), s);
        return s;
    }

    /**
     * Σⱼ vⱼ·(A[:, j]·u), the column sums formed as in spmvTransposed: uᵀAv = (Aᵀu)·v without
     * storing Aᵀu. Empty columns are skipped (an infinite vⱼ there contributes nothing).
     */
    @Override
    public double rank1Dot(DenseVector u, CscMatrix a, DenseVector v) {
        if (shortColumns(a)) return scalar.rank1Dot(u, a, v);
        CscPattern p = a.pattern();
        int[] ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr(), av = a.values(), us = u.segment(), vs = v.segment();
        double[] ua = u.heapArray();
        int n = a.cols();
        double total = 0;
        int start = cp.getAtIndex(I, 0);
        for (int j = 0; j < n; j++) {
            int end = cp.getAtIndex(I, j + 1);
            if (end != start) {
                double s = ua != null ? columnDot(start, end, ri, av, ua) : columnDot(start, end, ri, av, us);
                total = Fma.fma(s, vs.getAtIndex(D, j), total);
            }
            start = end;
        }
        return total;
    }

    /**
     * out[g] = Σₜ coef[t]·u[row[t]]·v[col[t]]. A group that is a row-major block K with rows R and
     * two vectors' worth of columns C ({@link PatternGroups#blockWidths()}: a Q4 element's 8 dofs on
     * 256-bit vectors) sums as Σ_q v[C_q]·Σ_r u[R_r]·K[r, q]: per row one broadcast of u and two
     * FMAs, and one gather of v per group, instead of two gathers per four entries. Other groups
     * gather u and v per entry. The two kinds go in two passes over the groups: one loop mixing both
     * made C2 box vectors (94 MB per run on Q4 300×100).
     */
    @Override
    public void rank1DotGrouped(DenseVector u, PatternGroups groups, DenseVector v, DenseVector out) {
        double[] ua = u.heapArray(), va = v.heapArray();
        if (ua == null || va == null) {
            scalar.rank1DotGrouped(u, groups, v, out);
            return;
        }
        int[][] mirrors = groups.rowColMirrors();
        blockGroups(groups, mirrors[0], mirrors[1], ua, va, out.segment());
        entryGroups(groups, mirrors[0], mirrors[1], ua, va, out.segment());
    }

    /** The groups that are blocks of width 2L (see rank1DotGrouped). */
    private static void blockGroups(PatternGroups groups, int[] rows, int[] cols, double[] u, double[] v,
            MemorySegment os) {
        int[] widths = groups.blockWidths();
        MemorySegment gp = groups.groupPtr(), cf = groups.coef();
        int c = 2 * GATHER_LANES, g = groups.groups();
        for (int e = 0; e < g; e++) {
            if (widths[e] != c) continue;
            int start = gp.getAtIndex(I, e), end = gp.getAtIndex(I, e + 1);
            DoubleVector w0 = DoubleVector.zero(GATHER), w1 = w0;
            for (int run = start; run < end; run += c) {
                DoubleVector ur = DoubleVector.broadcast(GATHER, u[rows[run]]);
                w0 = fma(DoubleVector.fromMemorySegment(GATHER, cf, (long) run * Double.BYTES, NATIVE), ur, w0);
                w1 = fma(DoubleVector.fromMemorySegment(GATHER, cf, (long) (run + GATHER_LANES) * Double.BYTES, NATIVE),
                        ur, w1);
            }
            double s = fma(w0, DoubleVector.fromArray(GATHER, v, 0, cols, start),
                    w1.mul(DoubleVector.fromArray(GATHER, v, 0, cols, start + GATHER_LANES)))
                    .reduceLanes(VectorOperators.ADD);
            os.setAtIndex(D, e, s);
        }
    }

    /** Every other group: Σₜ coef[t]·u[row[t]]·v[col[t]], gathering u and v per entry. */
    private static void entryGroups(PatternGroups groups, int[] rows, int[] cols, double[] u, double[] v,
            MemorySegment os) {
        int[] widths = groups.blockWidths();
        MemorySegment gp = groups.groupPtr(), cf = groups.coef();
        int c = 2 * GATHER_LANES, g = groups.groups();
        for (int e = 0; e < g; e++) {
            if (widths[e] == c) continue;
            int t = gp.getAtIndex(I, e), end = gp.getAtIndex(I, e + 1);
            DoubleVector acc = DoubleVector.zero(GATHER);
            for (; t + GATHER_LANES <= end; t += GATHER_LANES) {
                DoubleVector cu = DoubleVector.fromMemorySegment(GATHER, cf, (long) t * Double.BYTES, NATIVE)
                        .mul(DoubleVector.fromArray(GATHER, u, 0, rows, t));
                acc = fma(cu, DoubleVector.fromArray(GATHER, v, 0, cols, t), acc);
            }
            double s = acc.reduceLanes(VectorOperators.ADD);
            for (; t < end; t++) s = Fma.fma(cf.getAtIndex(D, t) * u[rows[t]], v[cols[t]], s);
            os.setAtIndex(D, e, s);
        }
    }

    private static double combine(double alpha, double s, double beta, double y) {
        return beta == 0 ? alpha * s : Fma.fma(alpha, s, beta * y);
    }

    private void scaleOutput(int m, double beta, MemorySegment y, long yOff) {
        if (beta == 0) {
            if (yOff == 0 && y.byteSize() == (long) m * Double.BYTES) y.fill((byte) 0); // a slice would allocate
            else for (int i = 0; i < m; i++) y.setAtIndex(D, yOff + i, 0.0);
        } else if (beta != 1) {
            scal(m, beta, y, yOff);
        }
    }
}

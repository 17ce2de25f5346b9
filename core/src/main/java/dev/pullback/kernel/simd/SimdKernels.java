package dev.pullback.kernel.simd;

import dev.pullback.kernel.gemm.Fma;
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
 * {@code double[]} and a heap {@code int[]} index map, and a gather costs about the same per
 * element whatever its width: short columns favour narrow vectors, and the win is to avoid
 * gathers. FEM columns hold runs of consecutive rows (Q4: three runs of six), and since rows
 * increase strictly within a column, r[k+L−1] − r[k] = L−1 proves a vector's rows consecutive at
 * the cost of two int loads. Hence:
 * <ul>
 *   <li>Aᵀx and uᵀAv: 256-bit (at most) vectors, a contiguous load of x where the rows are
 *       consecutive, else a gather through the index mirror the pattern keeps
 *       ({@link CscPattern#rowIdxMirror()}, 4 bytes per nonzero of heap, built once); a scalar
 *       tail. A heap x is loaded as an array, not through its segment view (slower);</li>
 *   <li>Ax: for a heap y, a load–FMA–store of y where the rows are consecutive, else a
 *       gather–FMA–scatter (rows in a column are distinct, so lanes never collide); an off-heap y
 *       takes the scalar twin's loop;</li>
 *   <li>twin columns ({@link CscPattern#columnBlocks()}): in a FEM matrix with two unknowns per
 *       node, consecutive columns j, j+1 hold the same rows (nearly every column of a Q4 matrix
 *       pairs up). A pair then reads the shared row indices and loads (or gathers) x once
 *       for both column sums, or loads (or gathers) y once for both FMAs: half the index traffic
 *       (12 → 10 bytes per nonzero) and half the gathers. When at least half the columns are in
 *       pairs the kernels run their pair methods (pairs vectorized, the few single columns in a
 *       scalar loop), else their column methods (every column vectorized on its own);</li>
 *   <li>an off-heap gathered operand cannot be gathered: its consecutive runs still load as
 *       vectors from the segment, the rest go through scalar loads (slower, same result to
 *       rounding);</li>
 *   <li>the grouped form gathers u and v through {@link PatternGroups#rowColMirrors()}: when most
 *       groups are 8-wide row-major blocks (Q4 element maps) v once per column and u once per row,
 *       the other groups scalar; else both per entry for every group.</li>
 * </ul>
 * These loops are bound by instructions per nonzero more than by the bytes they move: a run table
 * in place of the row indices (fewer bytes) was slower. (Measured: docs/PERFORMANCE.md,
 * 2026-12-01 'gathers for Aᵀx' and 'run table'.)
 *
 * <p><b>Keeping the vectors unboxed.</b> C2 keeps Vector API values in registers only when the
 * whole vector expression is inlined and intrinsified in one compiled method; otherwise it
 * allocates a box per vector op (the interpreter and C1 always do). Three ways to lose that, and
 * what the code does about each:
 * <ul>
 *   <li>a kernel called once per optimisation step runs its long loop in on-stack-replaced code,
 *       whose entry takes live vectors boxed: every long loop is a scalar driver calling a chunk
 *       method ({@link #BLOCK}, {@link #CHUNK}), compiled normally because it is called often;</li>
 *   <li>a vector computed before a branch that C2 compiled as an uncommon trap (the side not seen
 *       while profiling) is kept boxed for the trap's state, allocated on every pass: broadcasts are
 *       made inside each branch;</li>
 *   <li>a method that inlines too much crosses NodeCountInliningCutoff and calls the rest of the
 *       vector code un-inlined (Ax with the pair and the single-column branches both vectorized,
 *       inside a large caller): the pair methods are larger than C2's FreqInlineSize (guarded by
 *       SparseInliningTest), so each is compiled on its own, and a rarely taken vector helper is
 *       written inline (a separate single-column method stayed in C1 code, boxing, for thousands
 *       of calls). (Measured: docs/PERFORMANCE.md, 2026-12-01 'pair methods past the inlining
 *       cutoff'.)</li>
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
     * Loops over long vectors run in blocks of this many doubles, one call each, so that no
     * vector accumulator is live across a loop that C2 may compile on-stack (OSR): an OSR entry
     * takes its vectors boxed. Every block is a whole number of main-loop steps and the last few
     * elements go through a scalar loop in the driver: a block method whose one-vector or tail
     * loop ran only in the last, short call of each dot (a kernel called a few times per second,
     * as in a gradient step) would run that code without intrinsics, boxing every vector. gemv
     * (both forms) and iamax run their vector loops in row blocks the same way. (Measured:
     * docs/PERFORMANCE.md, 2026-12-01 'reductions in blocks', 'whole main-loop blocks' and
     * 'gemv and iamax in row blocks'.)
     */
    private static final int BLOCK = 4096;
    /**
     * The sparse kernels walk column blocks (and the grouped one its groups) in chunks of this many,
     * one call of a chunk method each, for the reason of {@link #BLOCK}: a kernel called once per
     * optimisation step runs its long loop on-stack-compiled, and a vector live across that loop's
     * back-edge is boxed; a chunk method is called often enough to be compiled whole.
     */
    private static final int CHUNK = 256;

    /**
     * The species, fixed when this class initialises: C2 compiles Vector API code to vector
     * instructions only when the species is a constant (a non-constant one boxes every vector;
     * docs/PERFORMANCE.md, 2026-12-01 'species as constants'), so it is a static final, the
     * preferred one unless {@code -Dpullback.kernel=simd:<bits>} narrows it.
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
        int i = 0, whole = n - n % (4 * LANES);
        for (; i < whole; i += BLOCK) s += dotBlock(Math.min(BLOCK, whole - i), x, xOff + i, y, yOff + i);
        i = whole;
        for (; i < n; i++) s = Fma.fma(x.getAtIndex(D, xOff + i), y.getAtIndex(D, yOff + i), s);
        return s;
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
        int i = 0, whole = n - n % LANES;
        for (; i < whole; i += BLOCK) axpyBlock(Math.min(BLOCK, whole - i), alpha, x, xOff + i, y, yOff + i);
        i = whole;
        for (; i < n; i++) {
            y.setAtIndex(D, yOff + i, Fma.fma(alpha, x.getAtIndex(D, xOff + i), y.getAtIndex(D, yOff + i)));
        }
    }

    private static void axpyBlock(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff) {
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
        int i = 0, whole = n - n % LANES;
        for (; i < whole; i += BLOCK) scalBlock(Math.min(BLOCK, whole - i), alpha, x, xOff + i);
        i = whole;
        for (; i < n; i++) x.setAtIndex(D, xOff + i, alpha * x.getAtIndex(D, xOff + i));
    }

    private static void scalBlock(int n, double alpha, MemorySegment x, long xOff) {
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
        int i = 0, whole = n - n % (4 * LANES);
        for (; i < whole; i += BLOCK) s += sumSquaresBlock(Math.min(BLOCK, whole - i), x, xOff + i, scale);
        i = whole;
        for (; i < n; i++) {
            double a = scale * x.getAtIndex(D, xOff + i);
            s = Fma.fma(a, a, s);
        }
        return s;
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
        int i = 0, whole = n - n % (4 * LANES);
        for (; i < whole; i += BLOCK) m = Math.max(m, maxAbsBlock(Math.min(BLOCK, whole - i), x, xOff + i));
        i = whole;
        for (; i < n; i++) m = Math.max(m, Math.abs(x.getAtIndex(D, xOff + i)));
        return m;
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

    /**
     * Two passes: m = max|xᵢ| (NaN-propagating), then the first i with |xᵢ| = m (or xᵢ NaN): the
     * vector holding it found block by block (a scalar driver, for the reason of {@link #BLOCK}), the
     * lane by a scalar loop.
     */
    @Override
    public int iamax(int n, MemorySegment x, long xOff) {
        if (n < 2 * LANES) return scalar.iamax(n, x, xOff);
        double max = maxAbs(n, x, xOff);
        boolean nan = Double.isNaN(max);
        int i = 0, whole = SPECIES.loopBound(n);
        while (i < whole) {
            int len = Math.min(BLOCK, whole - i);
            int at = nan ? firstNaNVector(len, x, xOff + i) : firstVectorWith(len, x, xOff + i, max);
            i += at;
            if (at < len) break;
        }
        for (; i < n; i++) {
            double a = Math.abs(x.getAtIndex(D, xOff + i));
            if (nan ? Double.isNaN(a) : a == max) return i;
        }
        throw new AssertionError("iamax: maximum " + max + " not found again");
    }

    /**
     * The offset of the first vector of x[0, n) (n a whole number of vectors) holding a NaN, n if
     * none. One method per case: a mask chosen by a conditional was boxed on every call
     * (docs/PERFORMANCE.md, 2026-12-01 'iamax masks').
     */
    private static int firstNaNVector(int n, MemorySegment x, long xOff) {
        int i = 0;
        while (i < n && !load(x, xOff + i).test(VectorOperators.IS_NAN).anyTrue()) i += LANES;
        return i;
    }

    /** The offset of the first vector of x[0, n) holding an entry with |xᵢ| = max, n if none. */
    private static int firstVectorWith(int n, MemorySegment x, long xOff, double max) {
        int i = 0;
        while (i < n && !load(x, xOff + i).abs().compare(VectorOperators.EQ, max).anyTrue()) i += LANES;
        return i;
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
     * per four columns, in row blocks of {@link #BLOCK} (one call of {@link #gemvNBlock} each, a
     * scalar remainder here); each yᵢ sees its updates in column order, exactly as the scalar twin's.
     */
    private void gemvN(int m, int n, double alpha, MemorySegment a, long aOff, int lda,
            MemorySegment x, long xOff, double beta, MemorySegment y, long yOff) {
        scaleOutput(m, beta, y, yOff);
        if (alpha == 0) return;
        int j = 0, whole = SPECIES.loopBound(m);
        for (; j + 4 <= n; j += 4) {
            double t0 = alpha * x.getAtIndex(D, xOff + j), t1 = alpha * x.getAtIndex(D, xOff + j + 1);
            double t2 = alpha * x.getAtIndex(D, xOff + j + 2), t3 = alpha * x.getAtIndex(D, xOff + j + 3);
            long c0 = aOff + (long) j * lda, c1 = c0 + lda, c2 = c1 + lda, c3 = c2 + lda;
            for (int i = 0; i < whole; i += BLOCK) {
                gemvNBlock(Math.min(BLOCK, whole - i), t0, t1, t2, t3, a, c0 + i, lda, y, yOff + i);
            }
            for (int i = whole; i < m; i++) {
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

    /** y[0, n) += Σ_q t_q·A[:, q] over four columns from c0 (stride lda); n a whole number of vectors. */
    private static void gemvNBlock(int n, double t0, double t1, double t2, double t3, MemorySegment a, long c0,
            int lda, MemorySegment y, long yOff) {
        long c1 = c0 + lda, c2 = c1 + lda, c3 = c2 + lda;
        DoubleVector v0 = DoubleVector.broadcast(SPECIES, t0), v1 = DoubleVector.broadcast(SPECIES, t1);
        DoubleVector v2 = DoubleVector.broadcast(SPECIES, t2), v3 = DoubleVector.broadcast(SPECIES, t3);
        for (int i = 0; i < n; i += LANES) {
            DoubleVector yv = load(y, yOff + i);
            yv = fma(load(a, c0 + i), v0, yv);
            yv = fma(load(a, c1 + i), v1, yv);
            yv = fma(load(a, c2 + i), v2, yv);
            yv = fma(load(a, c3 + i), v3, yv);
            store(yv, y, yOff + i);
        }
    }

    /**
     * yⱼ ← α·A[:, j]·x + βyⱼ, four columns at a time sharing each load of x, in row blocks of
     * {@link #BLOCK} (one call of {@link #gemvTBlock} each, a scalar remainder here). The four
     * partial sums collect in y[j..j+3] (set to +0 first; a block adds its lane sums there, which
     * are never −0 as every accumulator starts at +0, so 0 + s = s exactly and a single block gives
     * the one-pass sums), and β·yⱼ uses the yⱼ read before.
     */
    private void gemvT(int m, int n, double alpha, MemorySegment a, long aOff, int lda,
            MemorySegment x, long xOff, double beta, MemorySegment y, long yOff) {
        if (alpha == 0) {
            scaleOutput(n, beta, y, yOff);
            return;
        }
        int j = 0, whole = SPECIES.loopBound(m);
        for (; j + 4 <= n; j += 4) {
            long c0 = aOff + (long) j * lda, c1 = c0 + lda, c2 = c1 + lda, c3 = c2 + lda;
            long yj = yOff + j;
            double y0 = y.getAtIndex(D, yj), y1 = y.getAtIndex(D, yj + 1);
            double y2 = y.getAtIndex(D, yj + 2), y3 = y.getAtIndex(D, yj + 3);
            for (int q = 0; q < 4; q++) y.setAtIndex(D, yj + q, 0.0);
            for (int i = 0; i < whole; i += BLOCK) gemvTBlock(Math.min(BLOCK, whole - i), a, c0 + i, lda, x, xOff + i, y, yj);
            double s0 = y.getAtIndex(D, yj), s1 = y.getAtIndex(D, yj + 1);
            double s2 = y.getAtIndex(D, yj + 2), s3 = y.getAtIndex(D, yj + 3);
            for (int i = whole; i < m; i++) {
                double xi = x.getAtIndex(D, xOff + i);
                s0 = Fma.fma(a.getAtIndex(D, c0 + i), xi, s0);
                s1 = Fma.fma(a.getAtIndex(D, c1 + i), xi, s1);
                s2 = Fma.fma(a.getAtIndex(D, c2 + i), xi, s2);
                s3 = Fma.fma(a.getAtIndex(D, c3 + i), xi, s3);
            }
            y.setAtIndex(D, yj, combine(alpha, s0, beta, y0));
            y.setAtIndex(D, yj + 1, combine(alpha, s1, beta, y1));
            y.setAtIndex(D, yj + 2, combine(alpha, s2, beta, y2));
            y.setAtIndex(D, yj + 3, combine(alpha, s3, beta, y3));
        }
        for (; j < n; j++) {
            double s = dot(m, a, aOff + (long) j * lda, x, xOff);
            y.setAtIndex(D, yOff + j, combine(alpha, s, beta, y.getAtIndex(D, yOff + j)));
        }
    }

    /**
     * y[yj + q] += A[0, n) of column q · x[0, n), q = 0..3, columns from c0 (stride lda); n a whole
     * number of vectors.
     */
    private static void gemvTBlock(int n, MemorySegment a, long c0, int lda, MemorySegment x, long xOff,
            MemorySegment y, long yj) {
        long c1 = c0 + lda, c2 = c1 + lda, c3 = c2 + lda;
        DoubleVector a0 = DoubleVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < n; i += LANES) {
            DoubleVector xv = load(x, xOff + i);
            a0 = fma(load(a, c0 + i), xv, a0);
            a1 = fma(load(a, c1 + i), xv, a1);
            a2 = fma(load(a, c2 + i), xv, a2);
            a3 = fma(load(a, c3 + i), xv, a3);
        }
        y.setAtIndex(D, yj, y.getAtIndex(D, yj) + a0.reduceLanes(VectorOperators.ADD));
        y.setAtIndex(D, yj + 1, y.getAtIndex(D, yj + 1) + a1.reduceLanes(VectorOperators.ADD));
        y.setAtIndex(D, yj + 2, y.getAtIndex(D, yj + 2) + a2.reduceLanes(VectorOperators.ADD));
        y.setAtIndex(D, yj + 3, y.getAtIndex(D, yj + 3) + a3.reduceLanes(VectorOperators.ADD));
    }

    // ---- sparse ----

    /**
     * Whether at least half the columns lie in twin pairs ({@link CscPattern#columnBlocks()}): the
     * kernels then run their pair methods (pairs vectorized, the few single columns scalar), else
     * their column methods (every column vectorized on its own, pairs included).
     */
    private static boolean twinned(CscPattern p) {
        int pairs = p.cols() - (p.columnBlocks().length - 1);
        return 4L * pairs >= p.cols();
    }

    @Override
    public void spmv(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        scaleOutput(a.rows(), beta, y.segment(), 0);
        if (alpha != 0) spmvAdd(alpha, a, x, y, 0, a.cols());
    }

    /**
     * In chunks, one call each (see {@link #CHUNK}). For a heap y, each vector's worth of a column
     * is one load–FMA–store of y when its rows are consecutive (rows increase strictly, so
     * r[k+L−1] − r[k] = L−1 says it), else a gather–FMA–scatter (rows in a column are distinct, so
     * lanes never collide); a pair of twin columns does both FMAs on one load (or gather) of y. A
     * scalar tail. An off-heap y takes the scalar twin's loop, and so do short columns, twins or not
     * (fewer than two gathers' worth per column on average): the twin's straight-line loops beat a
     * gather–scatter of a few lanes. Either way every
     * yᵢ sees the scalar twin's FMAs in the same column order, so the two agree bit for bit.
     */
    @Override
    public void spmvAdd(double alpha, CscMatrix a, DenseVector x, DenseVector y, int from, int to) {
        double[] ya = y.heapArray();
        if (from >= to || alpha == 0) return;
        CscPattern p = a.pattern();
        if (ya == null || (x.heapArray() != null && shortColumns(a))) {
            scalar.spmvAdd(alpha, a, x, y, from, to); // the scalar twin's short-column loops
            return;
        }
        int[] ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr(), av = a.values(), xs = x.segment();
        double[] xa = x.heapArray();
        if (twinned(p)) {
            int[] cb = p.columnBlocks();
            for (int b = p.blockOf(from), nb = cb.length - 1; b < nb && cb[b] < to; b += CHUNK) {
                scatterPairs(alpha, b, Math.min(b + CHUNK, nb), from, to, cb, ri, cp, av, xa, xs, ya);
            }
        } else {
            for (int j = from; j < to; j += CHUNK) scatterColumns(alpha, j, Math.min(j + CHUNK, to), ri, cp, av, xa, xs, ya);
        }
    }

    /** Blocks [b, bEnd) of columns [from, to): twin pairs vectorized, single columns scalar. */
    private static void scatterPairs(double alpha, int b, int bEnd, int from, int to, int[] cb, int[] ri,
            MemorySegment cp, MemorySegment av, double[] xa, MemorySegment xs, double[] ya) {
        for (; b < bEnd && cb[b] < to; b++) {
            int j = Math.max(cb[b], from), k = cp.getAtIndex(I, j), end = cp.getAtIndex(I, j + 1);
            double t = alpha * (xa != null ? xa[j] : xs.getAtIndex(D, j));
            if (Math.min(cb[b + 1], to) - j == 2) {
                double t1 = alpha * (xa != null ? xa[j + 1] : xs.getAtIndex(D, j + 1));
                // broadcast here, not before the branch: a vector live where C2 plants an uncommon
                // trap is allocated on every pass
                DoubleVector tv = DoubleVector.broadcast(GATHER, t), tv1 = DoubleVector.broadcast(GATHER, t1);
                int len = end - k;
                for (; k + GATHER_LANES <= end; k += GATHER_LANES) {
                    int r0 = ri[k];
                    DoubleVector a0 = gatherLoad(av, k), a1 = gatherLoad(av, k + len);
                    if (ri[k + GATHER_LANES - 1] - r0 == GATHER_LANES - 1) {
                        fma(a1, tv1, fma(a0, tv, DoubleVector.fromArray(GATHER, ya, r0))).intoArray(ya, r0);
                    } else {
                        fma(a1, tv1, fma(a0, tv, DoubleVector.fromArray(GATHER, ya, 0, ri, k))).intoArray(ya, 0, ri, k);
                    }
                }
                for (; k < end; k++) {
                    int i = ri[k];
                    ya[i] = Fma.fma(av.getAtIndex(D, k + len), t1, Fma.fma(av.getAtIndex(D, k), t, ya[i]));
                }
            } else {
                for (; k < end; k++) {
                    int i = ri[k];
                    ya[i] = Fma.fma(av.getAtIndex(D, k), t, ya[i]);
                }
            }
        }
    }

    /** Columns [j, jEnd), each vectorized on its own. */
    private static void scatterColumns(double alpha, int j, int jEnd, int[] ri, MemorySegment cp, MemorySegment av,
            double[] xa, MemorySegment xs, double[] ya) {
        int k = cp.getAtIndex(I, j);
        for (; j < jEnd; j++) {
            int end = cp.getAtIndex(I, j + 1);
            double t = alpha * (xa != null ? xa[j] : xs.getAtIndex(D, j));
            DoubleVector tv = DoubleVector.broadcast(GATHER, t);
            for (; k + GATHER_LANES <= end; k += GATHER_LANES) {
                int r0 = ri[k];
                DoubleVector a4 = gatherLoad(av, k);
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

    private static DoubleVector gatherLoad(MemorySegment s, int k) {
        return DoubleVector.fromMemorySegment(GATHER, s, (long) k * Double.BYTES, NATIVE);
    }

    @Override
    public void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y) {
        spmvTransposed(alpha, a, x, beta, y, 0, a.cols());
    }

    /**
     * yⱼ ← α·A[:, j]·x + βyⱼ in chunks, one call each. Per vector of a column: one contiguous load
     * of x when its rows are consecutive, else a gather from a heap x; a pair of twin columns feeds
     * one load (or gather) of x, and one read of the shared row indices, to both column sums. An
     * off-heap x cannot be gathered, so those vectors go through scalar loads there. No small-n
     * guard per column, and the bound written k + L ≤ end, not k ≤ end − L: C2 compiles that loop
     * far better (docs/PERFORMANCE.md, 2026-12-01 'gathers for Aᵀx'); a column shorter than a
     * vector just reduces a zero vector.
     */
    @Override
    public void spmvTransposed(double alpha, CscMatrix a, DenseVector x, double beta, DenseVector y, int from, int to) {
        if (from >= to) return;
        if (alpha == 0 || shortColumns(a)) {
            scalar.spmvTransposed(alpha, a, x, beta, y, from, to);
            return;
        }
        CscPattern p = a.pattern();
        int[] ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr(), av = a.values(), xs = x.segment(), ys = y.segment();
        double[] xa = x.heapArray(), ya = y.heapArray();
        if (twinned(p)) {
            int[] cb = p.columnBlocks();
            for (int b = p.blockOf(from), nb = cb.length - 1; b < nb && cb[b] < to; b += CHUNK) {
                int bEnd = Math.min(b + CHUNK, nb);
                if (xa != null) dotPairs(alpha, beta, b, bEnd, from, to, cb, ri, cp, av, xa, ya, ys);
                else dotPairs(alpha, beta, b, bEnd, from, to, cb, ri, cp, av, xs, ya, ys);
            }
        } else {
            for (int j = from; j < to; j += CHUNK) {
                int jEnd = Math.min(j + CHUNK, to);
                if (xa != null) dotColumns(alpha, beta, j, jEnd, ri, cp, av, xa, ya, ys);
                else dotColumns(alpha, beta, j, jEnd, ri, cp, av, xs, ya, ys);
            }
        }
    }

    /** The column sums of blocks [b, bEnd) for a heap x: twin pairs vectorized, single columns scalar. */
    private static void dotPairs(double alpha, double beta, int b, int bEnd, int from, int to, int[] cb, int[] ri,
            MemorySegment cp, MemorySegment av, double[] x, double[] ya, MemorySegment ys) {
        for (; b < bEnd && cb[b] < to; b++) {
            int j = Math.max(cb[b], from), k = cp.getAtIndex(I, j), end = cp.getAtIndex(I, j + 1);
            if (Math.min(cb[b + 1], to) - j == 2) {
                int len = end - k;
                DoubleVector acc0 = DoubleVector.zero(GATHER), acc1 = acc0;
                for (; k + GATHER_LANES <= end; k += GATHER_LANES) {
                    int r0 = ri[k];
                    DoubleVector a0 = gatherLoad(av, k), a1 = gatherLoad(av, k + len);
                    if (ri[k + GATHER_LANES - 1] - r0 == GATHER_LANES - 1) {
                        DoubleVector xv = DoubleVector.fromArray(GATHER, x, r0); // via the segment view: slower
                        acc0 = fma(a0, xv, acc0);
                        acc1 = fma(a1, xv, acc1);
                    } else {
                        DoubleVector xv = DoubleVector.fromArray(GATHER, x, 0, ri, k);
                        acc0 = fma(a0, xv, acc0);
                        acc1 = fma(a1, xv, acc1);
                    }
                }
                double s0 = acc0.reduceLanes(VectorOperators.ADD), s1 = acc1.reduceLanes(VectorOperators.ADD);
                for (; k < end; k++) {
                    double xi = x[ri[k]];
                    s0 = Fma.fma(av.getAtIndex(D, k), xi, s0);
                    s1 = Fma.fma(av.getAtIndex(D, k + len), xi, s1);
                }
                put(alpha, s0, beta, ya, ys, j);
                put(alpha, s1, beta, ya, ys, j + 1);
            } else {
                double s0 = 0, s1 = 0;
                for (; k + 1 < end; k += 2) {
                    s0 = Fma.fma(av.getAtIndex(D, k), x[ri[k]], s0);
                    s1 = Fma.fma(av.getAtIndex(D, k + 1), x[ri[k + 1]], s1);
                }
                if (k < end) s0 = Fma.fma(av.getAtIndex(D, k), x[ri[k]], s0);
                put(alpha, s0 + s1, beta, ya, ys, j);
            }
        }
    }

    /** The same for an off-heap x: contiguous loads where rows are consecutive, else scalar loads. */
    private static void dotPairs(double alpha, double beta, int b, int bEnd, int from, int to, int[] cb, int[] ri,
            MemorySegment cp, MemorySegment av, MemorySegment x, double[] ya, MemorySegment ys) {
        for (; b < bEnd && cb[b] < to; b++) {
            int j = Math.max(cb[b], from), k = cp.getAtIndex(I, j), end = cp.getAtIndex(I, j + 1);
            if (Math.min(cb[b + 1], to) - j == 2) {
                int len = end - k;
                DoubleVector acc0 = DoubleVector.zero(GATHER), acc1 = acc0;
                double s0 = 0, s1 = 0;
                for (; k + GATHER_LANES <= end; k += GATHER_LANES) {
                    int r0 = ri[k];
                    if (ri[k + GATHER_LANES - 1] - r0 == GATHER_LANES - 1) {
                        DoubleVector xv = DoubleVector.fromMemorySegment(GATHER, x, (long) r0 * Double.BYTES, NATIVE);
                        acc0 = fma(gatherLoad(av, k), xv, acc0);
                        acc1 = fma(gatherLoad(av, k + len), xv, acc1);
                    } else {
                        for (int q = k; q < k + GATHER_LANES; q++) {
                            double xi = x.getAtIndex(D, ri[q]);
                            s0 = Fma.fma(av.getAtIndex(D, q), xi, s0);
                            s1 = Fma.fma(av.getAtIndex(D, q + len), xi, s1);
                        }
                    }
                }
                s0 += acc0.reduceLanes(VectorOperators.ADD);
                s1 += acc1.reduceLanes(VectorOperators.ADD);
                for (; k < end; k++) {
                    double xi = x.getAtIndex(D, ri[k]);
                    s0 = Fma.fma(av.getAtIndex(D, k), xi, s0);
                    s1 = Fma.fma(av.getAtIndex(D, k + len), xi, s1);
                }
                put(alpha, s0, beta, ya, ys, j);
                put(alpha, s1, beta, ya, ys, j + 1);
            } else {
                double s = 0;
                for (; k < end; k++) s = Fma.fma(av.getAtIndex(D, k), x.getAtIndex(D, ri[k]), s);
                put(alpha, s, beta, ya, ys, j);
            }
        }
    }

    /** The column sums of columns [j, jEnd) for a heap x, each vectorized on its own. */
    private static void dotColumns(double alpha, double beta, int j, int jEnd, int[] ri, MemorySegment cp,
            MemorySegment av, double[] x, double[] ya, MemorySegment ys) {
        int k = cp.getAtIndex(I, j);
        for (; j < jEnd; j++) {
            int end = cp.getAtIndex(I, j + 1);
            DoubleVector acc = DoubleVector.zero(GATHER);
            for (; k + GATHER_LANES <= end; k += GATHER_LANES) {
                int r0 = ri[k];
                DoubleVector a4 = gatherLoad(av, k);
                if (ri[k + GATHER_LANES - 1] - r0 == GATHER_LANES - 1) {
                    acc = fma(a4, DoubleVector.fromArray(GATHER, x, r0), acc);
                } else {
                    acc = fma(a4, DoubleVector.fromArray(GATHER, x, 0, ri, k), acc);
                }
            }
            double s = acc.reduceLanes(VectorOperators.ADD);
            for (; k < end; k++) s = Fma.fma(av.getAtIndex(D, k), x[ri[k]], s);
            put(alpha, s, beta, ya, ys, j);
        }
    }

    /** The same for an off-heap x: contiguous loads where rows are consecutive, else scalar loads. */
    private static void dotColumns(double alpha, double beta, int j, int jEnd, int[] ri, MemorySegment cp,
            MemorySegment av, MemorySegment x, double[] ya, MemorySegment ys) {
        int k = cp.getAtIndex(I, j);
        for (; j < jEnd; j++) {
            int end = cp.getAtIndex(I, j + 1);
            DoubleVector acc = DoubleVector.zero(GATHER);
            double s = 0;
            for (; k + GATHER_LANES <= end; k += GATHER_LANES) {
                int r0 = ri[k];
                if (ri[k + GATHER_LANES - 1] - r0 == GATHER_LANES - 1) {
                    acc = fma(gatherLoad(av, k), DoubleVector.fromMemorySegment(GATHER, x, (long) r0 * Double.BYTES, NATIVE), acc);
                } else {
                    for (int q = k; q < k + GATHER_LANES; q++) s = Fma.fma(av.getAtIndex(D, q), x.getAtIndex(D, ri[q]), s);
                }
            }
            s += acc.reduceLanes(VectorOperators.ADD);
            for (; k < end; k++) s = Fma.fma(av.getAtIndex(D, k), x.getAtIndex(D, ri[k]), s);
            put(alpha, s, beta, ya, ys, j);
        }
    }

    /** yⱼ ← αs + βyⱼ, a heap y through its array (scalar access through its segment view measured slower). */
    private static void put(double alpha, double s, double beta, double[] ya, MemorySegment ys, int j) {
        if (ya != null) ya[j] = beta == 0 ? alpha * s : Fma.fma(alpha, s, beta * ya[j]);
        else ys.setAtIndex(D, j, beta == 0 ? alpha * s : Fma.fma(alpha, s, beta * ys.getAtIndex(D, j)));
    }

    /**
     * Fewer than two vectors per column on average: the per-column vector set-up and reduction then
     * cost more than they save, and the scalar twin's loop is faster (docs/PERFORMANCE.md,
     * 2026-12-01 'short columns to the scalar loop'). Such matrices take the scalar twin's loops
     * (its straight-line sums of short columns), so the two paths agree bit for bit there.
     */
    private static boolean shortColumns(CscMatrix a) {
        return a.nnz() < 2L * GATHER_LANES * a.cols();
    }

    @Override
    public double rank1Dot(DenseVector u, CscMatrix a, DenseVector v) {
        return rank1Dot(u, a, v, 0, a.cols());
    }

    /**
     * Σⱼ vⱼ·(A[:, j]·u) as Σₖ (Aₖvⱼ)·u[rowₖ], in chunks, one call each: a pair of twin columns sums
     * Σᵢ uᵢ·(Aᵢⱼvⱼ + Aᵢⱼ₊₁vⱼ₊₁), one read of each shared row index and one load (or gather) of u
     * for both. The accumulator runs across the columns of a chunk (one reduction per chunk, not per
     * column). An empty column has no entries, so an infinite vⱼ there contributes nothing.
     */
    @Override
    public double rank1Dot(DenseVector u, CscMatrix a, DenseVector v, int from, int to) {
        if (from >= to) return 0;
        if (shortColumns(a)) return scalar.rank1Dot(u, a, v, from, to);
        CscPattern p = a.pattern();
        int[] ri = p.rowIdxMirror();
        MemorySegment cp = p.colPtr(), av = a.values(), us = u.segment(), vs = v.segment();
        double[] ua = u.heapArray();
        double total = 0;
        if (twinned(p)) {
            int[] cb = p.columnBlocks();
            for (int b = p.blockOf(from), nb = cb.length - 1; b < nb && cb[b] < to; b += CHUNK) {
                int bEnd = Math.min(b + CHUNK, nb);
                total += ua != null ? rank1Pairs(b, bEnd, from, to, cb, ri, cp, av, ua, vs)
                        : rank1Pairs(b, bEnd, from, to, cb, ri, cp, av, us, vs);
            }
        } else {
            for (int j = from; j < to; j += CHUNK) {
                int jEnd = Math.min(j + CHUNK, to);
                total += ua != null ? rank1Columns(j, jEnd, ri, cp, av, ua, vs) : rank1Columns(j, jEnd, ri, cp, av, us, vs);
            }
        }
        return total;
    }

    /** Blocks [b, bEnd) of columns [from, to) for a heap u: twin pairs vectorized, single columns scalar. */
    private static double rank1Pairs(int b, int bEnd, int from, int to, int[] cb, int[] ri, MemorySegment cp,
            MemorySegment av, double[] u, MemorySegment vs) {
        DoubleVector acc = DoubleVector.zero(GATHER);
        double s = 0;
        for (; b < bEnd && cb[b] < to; b++) {
            int j = Math.max(cb[b], from), k = cp.getAtIndex(I, j), end = cp.getAtIndex(I, j + 1);
            double v0 = vs.getAtIndex(D, j);
            if (Math.min(cb[b + 1], to) - j == 2) {
                double v1 = vs.getAtIndex(D, j + 1);
                DoubleVector v0v = DoubleVector.broadcast(GATHER, v0), v1v = DoubleVector.broadcast(GATHER, v1);
                int len = end - k;
                for (; k + GATHER_LANES <= end; k += GATHER_LANES) {
                    int r0 = ri[k];
                    DoubleVector w = fma(gatherLoad(av, k + len), v1v, gatherLoad(av, k).mul(v0v));
                    if (ri[k + GATHER_LANES - 1] - r0 == GATHER_LANES - 1) {
                        acc = fma(w, DoubleVector.fromArray(GATHER, u, r0), acc);
                    } else {
                        acc = fma(w, DoubleVector.fromArray(GATHER, u, 0, ri, k), acc);
                    }
                }
                for (; k < end; k++) {
                    s = Fma.fma(Fma.fma(av.getAtIndex(D, k + len), v1, av.getAtIndex(D, k) * v0), u[ri[k]], s);
                }
            } else {
                for (; k < end; k++) s = Fma.fma(av.getAtIndex(D, k) * v0, u[ri[k]], s);
            }
        }
        return s + acc.reduceLanes(VectorOperators.ADD);
    }

    /** The same for an off-heap u: contiguous loads where rows are consecutive, else scalar loads. */
    private static double rank1Pairs(int b, int bEnd, int from, int to, int[] cb, int[] ri, MemorySegment cp,
            MemorySegment av, MemorySegment u, MemorySegment vs) {
        DoubleVector acc = DoubleVector.zero(GATHER);
        double s = 0;
        for (; b < bEnd && cb[b] < to; b++) {
            int j = Math.max(cb[b], from), k = cp.getAtIndex(I, j), end = cp.getAtIndex(I, j + 1);
            double v0 = vs.getAtIndex(D, j);
            if (Math.min(cb[b + 1], to) - j == 2) {
                double v1 = vs.getAtIndex(D, j + 1);
                DoubleVector v0v = DoubleVector.broadcast(GATHER, v0), v1v = DoubleVector.broadcast(GATHER, v1);
                int len = end - k;
                for (; k + GATHER_LANES <= end; k += GATHER_LANES) {
                    int r0 = ri[k];
                    if (ri[k + GATHER_LANES - 1] - r0 == GATHER_LANES - 1) {
                        DoubleVector uv = DoubleVector.fromMemorySegment(GATHER, u, (long) r0 * Double.BYTES, NATIVE);
                        acc = fma(fma(gatherLoad(av, k + len), v1v, gatherLoad(av, k).mul(v0v)), uv, acc);
                    } else {
                        for (int q = k; q < k + GATHER_LANES; q++) {
                            s = Fma.fma(Fma.fma(av.getAtIndex(D, q + len), v1, av.getAtIndex(D, q) * v0),
                                    u.getAtIndex(D, ri[q]), s);
                        }
                    }
                }
                for (; k < end; k++) {
                    s = Fma.fma(Fma.fma(av.getAtIndex(D, k + len), v1, av.getAtIndex(D, k) * v0), u.getAtIndex(D, ri[k]), s);
                }
            } else {
                for (; k < end; k++) s = Fma.fma(av.getAtIndex(D, k) * v0, u.getAtIndex(D, ri[k]), s);
            }
        }
        return s + acc.reduceLanes(VectorOperators.ADD);
    }

    /** Columns [j, jEnd) for a heap u, each vectorized on its own. */
    private static double rank1Columns(int j, int jEnd, int[] ri, MemorySegment cp, MemorySegment av, double[] u,
            MemorySegment vs) {
        DoubleVector acc = DoubleVector.zero(GATHER);
        double s = 0;
        int k = cp.getAtIndex(I, j);
        for (; j < jEnd; j++) {
            int end = cp.getAtIndex(I, j + 1);
            double vj = vs.getAtIndex(D, j);
            DoubleVector vv = DoubleVector.broadcast(GATHER, vj);
            for (; k + GATHER_LANES <= end; k += GATHER_LANES) {
                int r0 = ri[k];
                DoubleVector w = gatherLoad(av, k).mul(vv);
                if (ri[k + GATHER_LANES - 1] - r0 == GATHER_LANES - 1) {
                    acc = fma(w, DoubleVector.fromArray(GATHER, u, r0), acc);
                } else {
                    acc = fma(w, DoubleVector.fromArray(GATHER, u, 0, ri, k), acc);
                }
            }
            for (; k < end; k++) s = Fma.fma(av.getAtIndex(D, k) * vj, u[ri[k]], s);
        }
        return s + acc.reduceLanes(VectorOperators.ADD);
    }

    /** The same for an off-heap u: contiguous loads where rows are consecutive, else scalar loads. */
    private static double rank1Columns(int j, int jEnd, int[] ri, MemorySegment cp, MemorySegment av, MemorySegment u,
            MemorySegment vs) {
        DoubleVector acc = DoubleVector.zero(GATHER);
        double s = 0;
        int k = cp.getAtIndex(I, j);
        for (; j < jEnd; j++) {
            int end = cp.getAtIndex(I, j + 1);
            double vj = vs.getAtIndex(D, j);
            DoubleVector vv = DoubleVector.broadcast(GATHER, vj);
            for (; k + GATHER_LANES <= end; k += GATHER_LANES) {
                int r0 = ri[k];
                if (ri[k + GATHER_LANES - 1] - r0 == GATHER_LANES - 1) {
                    acc = fma(gatherLoad(av, k).mul(vv),
                            DoubleVector.fromMemorySegment(GATHER, u, (long) r0 * Double.BYTES, NATIVE), acc);
                } else {
                    for (int q = k; q < k + GATHER_LANES; q++) s = Fma.fma(av.getAtIndex(D, q) * vj, u.getAtIndex(D, ri[q]), s);
                }
            }
            for (; k < end; k++) s = Fma.fma(av.getAtIndex(D, k) * vj, u.getAtIndex(D, ri[k]), s);
        }
        return s + acc.reduceLanes(VectorOperators.ADD);
    }

    /**
     * out[g] = Σₜ coef[t]·u[row[t]]·v[col[t]], in chunks of groups, one call each. A group that is a
     * row-major block K with rows R and two vectors' worth of columns C
     * ({@link PatternGroups#blockWidths()}: a Q4 element's 8 dofs on 256-bit vectors) sums as
     * Σ_q v[C_q]·Σ_r u[R_r]·K[r, q]: per row one broadcast of u and two FMAs, and one gather of v per
     * group, instead of two gathers per four entries. When at least half the groups are such blocks
     * the other groups take a scalar loop; else every group gathers u and v per entry. (Vectorizing
     * both kinds in one method, or in one loop, made C2 box vectors: docs/PERFORMANCE.md,
     * 2026-12-01 'grouped rank-1 in two passes'.)
     */
    @Override
    public void rank1DotGrouped(DenseVector u, PatternGroups groups, DenseVector v, DenseVector out) {
        double[] ua = u.heapArray(), va = v.heapArray();
        if (ua == null || va == null) {
            scalar.rank1DotGrouped(u, groups, v, out);
            return;
        }
        int[][] mirrors = groups.rowColMirrors();
        int g = groups.groups(), blocks = 0;
        int[] widths = groups.blockWidths();
        for (int w : widths) if (w == 2 * GATHER_LANES) blocks++;
        MemorySegment os = out.segment();
        if (2L * blocks >= g) {
            for (int e = 0; e < g; e += CHUNK) blockGroups(e, Math.min(e + CHUNK, g), groups, mirrors[0], mirrors[1], ua, va, os);
        } else {
            for (int e = 0; e < g; e += CHUNK) entryGroups(e, Math.min(e + CHUNK, g), groups, mirrors[0], mirrors[1], ua, va, os);
        }
    }

    /** Groups [e, eEnd): the blocks of width 2L vectorized (see rank1DotGrouped), the others scalar. */
    private static void blockGroups(int e, int eEnd, PatternGroups groups, int[] rows, int[] cols, double[] u,
            double[] v, MemorySegment os) {
        int[] widths = groups.blockWidths();
        MemorySegment gp = groups.groupPtr(), cf = groups.coef();
        int c = 2 * GATHER_LANES;
        for (; e < eEnd; e++) {
            int start = gp.getAtIndex(I, e), end = gp.getAtIndex(I, e + 1);
            if (widths[e] == c) {
                DoubleVector w0 = DoubleVector.zero(GATHER), w1 = w0;
                for (int run = start; run < end; run += c) {
                    DoubleVector ur = DoubleVector.broadcast(GATHER, u[rows[run]]);
                    w0 = fma(gatherLoad(cf, run), ur, w0);
                    w1 = fma(gatherLoad(cf, run + GATHER_LANES), ur, w1);
                }
                double s = fma(w0, DoubleVector.fromArray(GATHER, v, 0, cols, start),
                        w1.mul(DoubleVector.fromArray(GATHER, v, 0, cols, start + GATHER_LANES)))
                        .reduceLanes(VectorOperators.ADD);
                os.setAtIndex(D, e, s);
            } else {
                double s0 = 0, s1 = 0;
                int t = start;
                for (; t + 1 < end; t += 2) {
                    s0 = Fma.fma(cf.getAtIndex(D, t) * u[rows[t]], v[cols[t]], s0);
                    s1 = Fma.fma(cf.getAtIndex(D, t + 1) * u[rows[t + 1]], v[cols[t + 1]], s1);
                }
                if (t < end) s0 = Fma.fma(cf.getAtIndex(D, t) * u[rows[t]], v[cols[t]], s0);
                os.setAtIndex(D, e, s0 + s1);
            }
        }
    }

    /** Groups [e, eEnd): Σₜ coef[t]·u[row[t]]·v[col[t]], gathering u and v per entry. */
    private static void entryGroups(int e, int eEnd, PatternGroups groups, int[] rows, int[] cols, double[] u,
            double[] v, MemorySegment os) {
        MemorySegment gp = groups.groupPtr(), cf = groups.coef();
        for (; e < eEnd; e++) {
            int t = gp.getAtIndex(I, e), end = gp.getAtIndex(I, e + 1);
            DoubleVector acc = DoubleVector.zero(GATHER);
            for (; t + GATHER_LANES <= end; t += GATHER_LANES) {
                DoubleVector cu = gatherLoad(cf, t).mul(DoubleVector.fromArray(GATHER, u, 0, rows, t));
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

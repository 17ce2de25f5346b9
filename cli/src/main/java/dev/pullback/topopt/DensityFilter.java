package dev.pullback.topopt;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseVector;
import java.lang.foreign.ValueLayout;

/**
 * The density filter of top88 (ft = 2; Bruns and Tortorelli 2001, Bourdin 2001) on a nelx×nely grid
 * of unit elements numbered e = ely + elx·nely:
 *
 * <pre>
 *   x̃ = (H x) / Hs,   Hₑᵢ = max(0, rmin − ‖cₑ − cᵢ‖),   Hsₑ = Σᵢ Hₑᵢ,
 * </pre>
 *
 * where cₑ is the centre of element e. H is symmetric, so the chain rule for a function f(x̃) is
 * ∂f/∂x = Hᵀ(∂f/∂x̃ / Hs) = H(∂f/∂x̃ / Hs) — top88's {@code dc(:) = H*(dc(:)./Hs)}.
 *
 * <p>H is built once as a CSC matrix (at most (2⌈rmin⌉−1)² entries per column, 9 for top88's rmin
 * = 1.5); both directions are one product H·v in its gathering form ((H·v)ₑ = column e of H dotted
 * with v, as H = Hᵀ), in plain code on heap copies of H's arrays: columns this short gain nothing
 * from the Vector API, whose kernels, called a few times per iteration, would box their vectors
 * (allocate) until C2 compiles them, iterations later (docs/PERFORMANCE.md, 2026-12-07 'the
 * showcase's phases: plain code where a kernel runs once per iteration'). Allocates nothing. Not
 * thread-safe: one scratch vector.
 */
public final class DensityFilter implements AutoCloseable {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final int nelx;
    private final int nely;
    private final double rmin;
    private final CscMatrix h;
    /** H's column pointers, row indices and values, copied to the heap for {@link #multiply}. */
    private final int[] colPtr;
    private final int[] rowIdx;
    private final double[] weight;
    private final double[] rowSum;
    private final double[] scratch;
    private final DenseVector scratchVector;

    /** Builds H and Hs for a nelx×nely grid; rmin &gt; 0 is the filter radius in element widths. */
    public DensityFilter(int nelx, int nely, double rmin) {
        if (nelx < 1 || nely < 1) throw new IllegalArgumentException("filter grid must be at least 1x1, got " + nelx + "x" + nely);
        if (!(rmin > 0 && rmin <= Math.max(nelx, nely))) {
            throw new IllegalArgumentException("rmin must lie in (0, max(nelx, nely)] = (0, " + Math.max(nelx, nely) + "], got " + rmin);
        }
        this.nelx = nelx;
        this.nely = nely;
        this.rmin = rmin;
        int nel = nelx * nely;
        int r = (int) Math.ceil(rmin) - 1;
        CooBuilder b = new CooBuilder(nel, nel);
        rowSum = new double[nel];
        for (int i1 = 0; i1 < nelx; i1++) {
            for (int j1 = 0; j1 < nely; j1++) {
                int e1 = i1 * nely + j1;
                for (int i2 = Math.max(i1 - r, 0); i2 <= Math.min(i1 + r, nelx - 1); i2++) {
                    for (int j2 = Math.max(j1 - r, 0); j2 <= Math.min(j1 + r, nely - 1); j2++) {
                        double w = rmin - Math.hypot(i1 - i2, j1 - j2);
                        if (w > 0) {
                            b.add(i2 * nely + j2, e1, w);
                            rowSum[e1] += w;
                        }
                    }
                }
            }
        }
        h = b.build(CooBuilder.Zeros.DROP);
        colPtr = new int[nel + 1];
        rowIdx = new int[h.nnz()];
        weight = new double[h.nnz()];
        for (int j = 0; j <= nel; j++) colPtr[j] = h.pattern().colPtr().getAtIndex(ValueLayout.JAVA_INT, j);
        for (int p = 0; p < rowIdx.length; p++) {
            rowIdx[p] = h.pattern().row(p);
            weight[p] = h.value(p);
        }
        scratch = new double[nel];
        scratchVector = DenseVector.wrap(scratch);
    }

    public int elements() {
        return nelx * nely;
    }

    public double rmin() {
        return rmin;
    }

    /** The weights H (symmetric, nel×nel); owned by this filter. */
    public CscMatrix weights() {
        return h;
    }

    /** Hsₑ = Σᵢ Hₑᵢ, the normalisation of element e (at least rmin, the weight of e itself). */
    public double rowSum(int e) {
        return rowSum[e];
    }

    /** x̃ = (H x) / Hs. {@code x} and {@code filtered} must be distinct. */
    public void apply(DenseVector x, DenseVector filtered) {
        check("apply", x, filtered);
        if (overlap(x, filtered)) {
            throw new IllegalArgumentException("DensityFilter.apply: x and the filtered output must not overlap");
        }
        multiply(x, filtered);
        var out = filtered.segment();
        for (int e = 0; e < rowSum.length; e++) {
            out.setAtIndex(D, e, out.getAtIndex(D, e) / rowSum[e]);
        }
    }

    /**
     * The chain rule through the filter: given g = ∂f/∂x̃, writes ∂f/∂x = H(g / Hs). {@code g} is not
     * modified; {@code g} and {@code out} may be the same vector.
     */
    public void pullback(DenseVector g, DenseVector out) {
        check("pullback", g, out);
        var in = g.segment();
        for (int e = 0; e < rowSum.length; e++) {
            scratch[e] = in.getAtIndex(D, e) / rowSum[e];
        }
        multiply(scratchVector, out);
    }

    /** out = H·v, column by column: outₑ = Σₚ H(rowₚ, e)·v(rowₚ) over column e's entries in order. */
    private void multiply(DenseVector v, DenseVector out) {
        final int[] colPtr = this.colPtr, rowIdx = this.rowIdx;
        final double[] weight = this.weight;
        var in = v.segment();
        var res = out.segment();
        for (int e = 0, n = rowSum.length; e < n; e++) {
            double sum = 0;
            for (int p = colPtr[e], end = colPtr[e + 1]; p < end; p++) sum += weight[p] * in.getAtIndex(D, rowIdx[p]);
            res.setAtIndex(D, e, sum);
        }
    }

    /** Whether two vectors may share memory: the same heap array, or intersecting native ranges. */
    private static boolean overlap(DenseVector a, DenseVector b) {
        if (a == b) return true;
        if (a.heapArray() != null || b.heapArray() != null) return a.heapArray() == b.heapArray();
        long a0 = a.segment().address(), a1 = a0 + a.segment().byteSize();
        long b0 = b.segment().address(), b1 = b0 + b.segment().byteSize();
        return a.segment().isNative() && b.segment().isNative() && a0 < b1 && b0 < a1;
    }

    private void check(String op, DenseVector in, DenseVector out) {
        int n = rowSum.length;
        if (in.length() != n || out.length() != n) {
            throw new IllegalArgumentException("DensityFilter." + op + ": vectors must have " + n
                    + " entries (one per element), got " + in.length() + " and " + out.length());
        }
    }

    @Override
    public void close() {
        h.close();
    }
}

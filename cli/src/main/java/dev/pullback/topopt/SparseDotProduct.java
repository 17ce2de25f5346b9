package dev.pullback.topopt;

import dev.pullback.ad.Objective;
import dev.pullback.storage.DenseVector;

/**
 * f = lᵀu for a weight vector l with few nonzeros (a load or an output port: one to a few dofs),
 * with ∂f/∂u = l: the forward is Σ over l's nonzeros of lₖ·u[iₖ], O(nnz(l)), where a dense dot
 * product reads all n entries of u and l. It runs in plain scalar code, so it allocates nothing
 * from the first call (a Vector API dot product called once per iteration boxes its vectors until
 * C2 compiles it, hundreds of iterations later: docs/PERFORMANCE.md, 2026-12-07 'the showcase's
 * phases: plain code where a kernel runs once per iteration'). The nonzeros are summed per index at construction
 * and visited in increasing index order. Not thread-safe.
 */
final class SparseDotProduct implements Objective {
    private final int n;
    private final int[] index;
    private final double[] weight;
    private boolean forwardDone;

    /**
     * l of length n with l[indices[k]] += values[k] (duplicates summed).
     *
     * @throws IllegalArgumentException lengths differ, an index outside [0, n), or a value not finite
     */
    SparseDotProduct(int n, int[] indices, double[] values) {
        if (indices.length != values.length) {
            throw new IllegalArgumentException("SparseDotProduct: " + indices.length + " indices but " + values.length + " values");
        }
        double[] dense = new double[n];
        boolean[] used = new boolean[n];
        int count = 0;
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= n) throw new IllegalArgumentException("SparseDotProduct: index " + i + " (entry " + k + ") outside [0, " + n + ")");
            if (!Double.isFinite(values[k])) throw new IllegalArgumentException("SparseDotProduct: value " + values[k] + " at index " + i + " is not finite");
            if (!used[i]) count++;
            used[i] = true;
            dense[i] += values[k];
        }
        this.n = n;
        index = new int[count];
        weight = new double[count];
        for (int i = 0, k = 0; i < n; i++) {
            if (!used[i]) continue;
            index[k] = i;
            weight[k++] = dense[i];
        }
    }

    @Override
    public int length() {
        return n;
    }

    @Override
    public double forward(DenseVector u) {
        if (u.length() != n) throw new IllegalArgumentException("SparseDotProduct.forward: u has length " + u.length() + ", l has " + n);
        double f = 0;
        for (int k = 0; k < index.length; k++) f += weight[k] * u.get(index[k]);
        forwardDone = true;
        return f;
    }

    /** ū = f̄·l (zeros off l's nonzeros). */
    @Override
    public void pullback(double fbar, DenseVector ubar) {
        if (!forwardDone) throw new IllegalStateException("SparseDotProduct.pullback: no forward to pull back");
        if (ubar.length() != n) throw new IllegalArgumentException("SparseDotProduct.pullback: ubar has length " + ubar.length() + ", l has " + n);
        ubar.zero();
        for (int k = 0; k < index.length; k++) ubar.set(index[k], fbar * weight[k]);
    }
}

package dev.pullback.kernel.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link dev.pullback.kernel.gemm.Gemm#extendAdd} on the preferred species. A child's rows mostly
 * land on consecutive rows of its parent's front (on 3D meshes three quarters of the entries lie in
 * runs of eight or more), so each column of the update matrix is added run by run: a run is a
 * contiguous slice on both sides, added a vector at a time, its tail by scalars. Each entry takes
 * one addition, as in the scalar loops, so the results agree bitwise. A child whose runs are
 * shorter than a vector on average (2D meshes) takes the scalar loops instead.
 */
final class ExtendAdd {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private ExtendAdd() {}

    static void lower(int rc, double[] update, int at, int[] map, int[] runEnd, int mapOff, double[] front, int m) {
        int runs = 0;
        for (int i = 0; i < rc; i = runEnd[mapOff + i] - mapOff) runs++;
        if (rc < V * runs) {
            // runs shorter than a vector on average (2D meshes): the per-run steps cost more than they save
            dev.pullback.kernel.gemm.ScalarGemm.extendAddLoops(rc, update, at, map, mapOff, front, m);
            return;
        }
        for (int jj = 0; jj < rc; jj++) {
            int col = map[mapOff + jj] * m;
            int src = at + jj * rc;
            for (int ii = jj; ii < rc; ) {
                int end = runEnd[mapOff + ii] - mapOff;
                // rows ii..end−1 of the child are rows map[ii] + (t − ii) of the parent
                int dst = col + map[mapOff + ii] - ii;
                int t = ii;
                for (; t + V <= end; t += V) {
                    DoubleVector.fromArray(S, front, dst + t).add(DoubleVector.fromArray(S, update, src + t)).intoArray(front, dst + t);
                }
                for (; t < end; t++) front[dst + t] += update[src + t];
                ii = end;
            }
        }
    }
}

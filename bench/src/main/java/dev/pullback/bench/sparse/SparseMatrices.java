package dev.pullback.bench.sparse;

import dev.pullback.gallery.Grids;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CscMatrix;

/** The matrices of the sparse LU benchmarks, by name (shared by JMH and the Matrix Market writer). */
public final class SparseMatrices {
    /** Every benchmark matrix name. */
    public static final String[] NAMES = {"q4_60k", "q4_240k", "poisson_250", "convdiff_250", "arrow_50k"};

    private SparseMatrices() {}

    public static CscMatrix build(String name) {
        return switch (name) {
            case "q4_60k" -> q4(300, 100);
            case "q4_240k" -> q4(600, 200);
            case "poisson_250" -> Grids.poisson2d(250, 250);
            // Small enough (microseconds per solve) that JMH's own background allocation, spread
            // over the operations of an iteration, stays far below 1 B/op.
            case "poisson_30" -> Grids.poisson2d(30, 30);
            // Cell Péclet number 100·h/2 ≈ 0.2: unsymmetric values on a symmetric pattern.
            case "convdiff_250" -> Grids.convectionDiffusion2d(250, 250, 100, 50);
            // Circuit-like: 8 dense supply nodes plus about one random entry per column (more random
            // entries make a random expander graph whose factors fill up under any ordering).
            case "arrow_50k" -> Grids.arrow(50_000, 8, 1, 42);
            default -> throw new IllegalArgumentException("unknown benchmark matrix " + name);
        };
    }

    private static CscMatrix q4(int nelx, int nely) {
        PlaneStressQ4 mesh = new PlaneStressQ4(nelx, nely, 0.3);
        PlaneStressQ4.Assembly asm = mesh.assemble(mesh.mbbFixedDofs());
        asm.elementMap().close();
        return asm.stiffness();
    }
}

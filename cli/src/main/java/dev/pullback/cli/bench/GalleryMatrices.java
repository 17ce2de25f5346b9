package dev.pullback.cli.bench;

import dev.pullback.gallery.Grids;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.PatternGroups;

/**
 * Generated matrices for {@code --gallery}: {@code q4:NXxNY} (top88 Q4 plane stress, MBB supports,
 * with its element map), {@code poisson:NXxNY} (5-point Laplacian), {@code convdiff:NXxNY}
 * (convection-diffusion, unsymmetric values), {@code arrow:N} (circuit-like, four dense
 * rows and columns, four random entries per column) and {@code cascade:N} (reducible: stages of
 * about 50 unknowns coupled feed-forward, hidden by a symmetric permutation; see Grids.cascade).
 */
public final class GalleryMatrices {
    private GalleryMatrices() {}

    /** A generated matrix and, for q4, its element map; closing closes both. */
    public record Generated(CscMatrix matrix, PatternGroups groups, AutoCloseable owner) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            owner.close();
        }
    }

    public static final String SPECS = "q4:NXxNY, poisson:NXxNY, convdiff:NXxNY, arrow:N, cascade:N";

    public static Generated generate(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) throw bad(spec, "expected NAME:SIZE");
        String name = spec.substring(0, colon), size = spec.substring(colon + 1);
        switch (name) {
            case "q4" -> {
                int[] g = grid(spec, size);
                PlaneStressQ4 mesh = new PlaneStressQ4(g[0], g[1], 0.3);
                PlaneStressQ4.Assembly a = mesh.assemble(mesh.mbbFixedDofs());
                return new Generated(a.stiffness(), a.elementMap(), a);
            }
            case "poisson" -> {
                int[] g = grid(spec, size);
                CscMatrix a = Grids.poisson2d(g[0], g[1]);
                return new Generated(a, null, a);
            }
            case "convdiff" -> {
                int[] g = grid(spec, size);
                CscMatrix a = Grids.convectionDiffusion2d(g[0], g[1], 50.0, 25.0);
                return new Generated(a, null, a);
            }
            case "arrow" -> {
                CscMatrix a = Grids.arrow(positive(spec, size), 4, 4, 1);
                return new Generated(a, null, a);
            }
            case "cascade" -> {
                CscMatrix a = Grids.cascade(positive(spec, size), 50, 3, 2, 1);
                return new Generated(a, null, a);
            }
            default -> throw bad(spec, "unknown gallery matrix '" + name + "'");
        }
    }

    private static int[] grid(String spec, String size) {
        int x = size.indexOf('x');
        if (x < 0) throw bad(spec, "expected a grid NXxNY such as 300x100");
        return new int[] {positive(spec, size.substring(0, x)), positive(spec, size.substring(x + 1))};
    }

    private static int positive(String spec, String s) {
        try {
            int v = Integer.parseInt(s);
            if (v >= 1) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(spec, "'" + s + "' is not a positive integer");
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("--gallery " + spec + ": " + why + " (known: " + SPECS + ")");
    }
}

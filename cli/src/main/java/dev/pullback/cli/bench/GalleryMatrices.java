package dev.pullback.cli.bench;

import dev.pullback.gallery.CircuitMna;
import dev.pullback.gallery.Elasticity3d;
import dev.pullback.gallery.Grids;
import dev.pullback.gallery.Kkt;
import dev.pullback.gallery.Oseen;
import dev.pullback.gallery.PlaneStressQ4;
import dev.pullback.gallery.Poisson3d;
import dev.pullback.gallery.PowerFlowJacobian;
import dev.pullback.gallery.StokesMac;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.PatternGroups;

/**
 * Generated matrices for {@code --gallery}: {@code q4:NXxNY} (top88 Q4 plane stress, MBB supports,
 * with its element map), {@code poisson:NXxNY} (5-point Laplacian), {@code convdiff:NXxNY}
 * (convection-diffusion, unsymmetric values), {@code arrow:N} (circuit-like, four dense
 * rows and columns, four random entries per column) and {@code cascade:N} (reducible: stages of
 * about 50 unknowns coupled feed-forward, hidden by a symmetric permutation; see Grids.cascade).
 * With a seed ({@code NAME:SIZE:SEED}, default 1): {@code arrow}, {@code cascade},
 * {@code circuit:N[:SEED[:STEP]]} (CircuitMna, transient step STEP, default 0), {@code powerflow:N}
 * (PowerFlowJacobian), {@code poisson3d:NXxNYxNZ} (no seed: the 7-point Laplacian),
 * {@code diffusion3d:NXxNYxNZ} (7-point, log-normal coefficient, σ = 1), {@code elasticity3d:NXxNYxNZ}
 * (H8 elements, cantilever), {@code kkt3d:NXxNYxNZ} and {@code kkt2d:NXxNY} (K of elasticity3d or
 * q4 with multi-point constraints), {@code stokes2d:NXxNY} and {@code stokes3d:NXxNYxNZ} (MAC,
 * log-normal viscosity, σ = 1), {@code oseen2d:NXxNY} and {@code oseen3d:NXxNYxNZ} (the same with
 * convection by the constant wind {@value #OSEEN_WIND}·(1, ½, ¼): unsymmetric values, the Stokes
 * pattern).
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

    public static final String SPECS = "q4:NXxNY, poisson:NXxNY, convdiff:NXxNY, arrow:N[:SEED], cascade:N[:SEED],"
            + " circuit:N[:SEED[:STEP]], powerflow:N[:SEED], poisson3d:NXxNYxNZ, diffusion3d:NXxNYxNZ[:SEED],"
            + " elasticity3d:NXxNYxNZ[:SEED], kkt3d:NXxNYxNZ[:SEED], kkt2d:NXxNY[:SEED], stokes2d:NXxNY[:SEED],"
            + " stokes3d:NXxNYxNZ[:SEED], oseen2d:NXxNY[:SEED], oseen3d:NXxNYxNZ[:SEED]";

    /** The wind of the oseen specs (with μ ≈ 1: cell Péclet numbers below 1 from 100 cells across on). */
    public static final double OSEEN_WIND = 100;

    public static Generated generate(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) throw bad(spec, "expected NAME:SIZE");
        String name = spec.substring(0, colon);
        String[] parts = spec.substring(colon + 1).split(":", -1);
        String size = parts[0];
        int maxParts = switch (name) {
            case "q4", "poisson", "convdiff", "poisson3d" -> 1;
            case "circuit" -> 3;
            default -> 2;
        };
        if (parts.length > maxParts) {
            throw bad(spec, name + " takes " + (maxParts == 1 ? "no seed" : "at most " + maxParts + " fields"));
        }
        long seed = parts.length > 1 ? seed(spec, parts[1]) : 1;
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
                return plain(Grids.arrow(positive(spec, size), 4, 4, seed));
            }
            case "cascade" -> {
                return plain(Grids.cascade(positive(spec, size), 50, 3, 2, seed));
            }
            case "circuit" -> {
                int step = parts.length > 2 ? nonNegative(spec, parts[2]) : 0;
                return plain(CircuitMna.generate(positive(spec, size), seed).matrix(step));
            }
            case "powerflow" -> {
                return plain(PowerFlowJacobian.generate(positive(spec, size), seed));
            }
            case "poisson3d" -> {
                int[] g = grid3(spec, size);
                return plain(Poisson3d.laplacian(g[0], g[1], g[2]));
            }
            case "diffusion3d" -> {
                int[] g = grid3(spec, size);
                return plain(Poisson3d.diffusion(g[0], g[1], g[2], 1.0, seed));
            }
            case "elasticity3d" -> {
                int[] g = grid3(spec, size);
                return plain(new Elasticity3d(g[0], g[1], g[2], seed).assemble());
            }
            case "kkt3d" -> {
                int[] g = grid3(spec, size);
                return plain(Kkt.hex(g[0], g[1], g[2], seed));
            }
            case "kkt2d" -> {
                int[] g = grid(spec, size);
                return plain(Kkt.q4(g[0], g[1], seed));
            }
            case "stokes2d" -> {
                int[] g = grid(spec, size);
                return plain(StokesMac.of2d(g[0], g[1], 1.0, seed));
            }
            case "stokes3d" -> {
                int[] g = grid3(spec, size);
                return plain(StokesMac.of3d(g[0], g[1], g[2], 1.0, seed));
            }
            case "oseen2d" -> {
                int[] g = grid(spec, size);
                return plain(Oseen.of2d(g[0], g[1], OSEEN_WIND, 1.0, seed));
            }
            case "oseen3d" -> {
                int[] g = grid3(spec, size);
                return plain(Oseen.of3d(g[0], g[1], g[2], OSEEN_WIND, 1.0, seed));
            }
            default -> throw bad(spec, "unknown gallery matrix '" + name + "'");
        }
    }

    private static Generated plain(CscMatrix a) {
        return new Generated(a, null, a);
    }

    private static int[] grid3(String spec, String size) {
        String[] p = size.split("x", -1);
        if (p.length != 3) throw bad(spec, "expected a grid NXxNYxNZ such as 40x40x40");
        return new int[] {positive(spec, p[0]), positive(spec, p[1]), positive(spec, p[2])};
    }

    private static long seed(String spec, String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw bad(spec, "seed '" + s + "' is not an integer");
        }
    }

    private static int[] grid(String spec, String size) {
        int x = size.indexOf('x');
        if (x < 0) throw bad(spec, "expected a grid NXxNY such as 300x100");
        return new int[] {positive(spec, size.substring(0, x)), positive(spec, size.substring(x + 1))};
    }

    private static int positive(String spec, String s) {
        return atLeast(spec, s, 1, "'" + s + "' is not a positive integer");
    }

    private static int nonNegative(String spec, String s) {
        return atLeast(spec, s, 0, "step '" + s + "' is not a non-negative integer");
    }

    private static int atLeast(String spec, String s, int min, String why) {
        try {
            int v = Integer.parseInt(s);
            if (v >= min) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(spec, why);
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("--gallery " + spec + ": " + why + " (known: " + SPECS + ")");
    }
}

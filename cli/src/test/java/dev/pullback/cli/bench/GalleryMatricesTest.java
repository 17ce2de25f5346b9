package dev.pullback.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.gallery.StokesMac;
import org.junit.jupiter.api.Test;

class GalleryMatricesTest {
    private static int[] shape(String spec) throws Exception {
        try (GalleryMatrices.Generated g = GalleryMatrices.generate(spec)) {
            return new int[] {g.matrix().rows(), g.matrix().nnz()};
        }
    }

    @Test
    void newFamiliesHaveTheirSizesAndSeeds() throws Exception {
        assertEquals(1000, shape("circuit:1000")[0]);
        assertEquals(1000, shape("circuit:1000:3:12")[0]);
        assertEquals(900, shape("powerflow:900:2")[0]);
        assertEquals(4 * 5 * 6, shape("poisson3d:4x5x6")[0]);
        assertEquals(4 * 5 * 6, shape("diffusion3d:4x5x6:9")[0]);
        assertEquals(3 * 3 * 4 * 4, shape("elasticity3d:3x3x3")[0]);
        assertEquals(StokesMac.unknowns(8, 6), shape("stokes2d:8x6:4")[0]);
        assertEquals(StokesMac.unknowns(4, 4, 3), shape("stokes3d:4x4x3")[0]);
        // Oseen: the Stokes pattern (same n and nnz), other values
        assertArrayEquals(shape("stokes2d:8x6:4"), shape("oseen2d:8x6:4"));
        assertArrayEquals(shape("stokes3d:4x4x3"), shape("oseen3d:4x4x3"));
        assertTrue(shape("kkt3d:4x3x3:2")[0] > 3 * 4 * 4 * 4);
        assertTrue(shape("kkt2d:20x10")[0] > 2 * 21 * 11 - 12);
        // the seed reaches the generator; the default seed is 1
        assertEquals(shape("circuit:3000")[1], shape("circuit:3000:1")[1]);
        assertNotEquals(shape("circuit:3000:1")[1], shape("circuit:3000:2")[1]);
    }

    @Test
    void badSpecsNameWhatIsWrong() {
        var e = assertThrows(IllegalArgumentException.class, () -> GalleryMatrices.generate("poisson3d:4x4"));
        assertTrue(e.getMessage().contains("NXxNYxNZ"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GalleryMatrices.generate("poisson3d:4x4x4:2"));
        assertTrue(e.getMessage().contains("no seed"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GalleryMatrices.generate("powerflow:900:x"));
        assertTrue(e.getMessage().contains("seed 'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GalleryMatrices.generate("circuit:900:1:-2"));
        assertTrue(e.getMessage().contains("step '-2'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GalleryMatrices.generate("stokes2d:10x10:1:2"));
        assertThrows(IllegalArgumentException.class, () -> GalleryMatrices.generate("oseen3d:10x10"));
    }
}

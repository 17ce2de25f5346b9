package dev.pullback.topopt;

import dev.pullback.storage.DenseVector;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A design as a grey-level PNG: grey = 1 − density, so solid is black and void white, as top88's
 * {@code colormap(gray); imagesc(1-xPhys)}. Each element is a scale×scale block of pixels; element
 * (ely, elx) = e = ely + elx·nely is drawn at row ely (top edge first), column elx. A mirrored
 * problem (the lower half of a design symmetric about its top edge) is drawn whole: the mirror
 * image above, the mesh below.
 */
public final class DesignImage {
    private DesignImage() {}

    /** The image, (mirrored ? 2 : 1)·nely·scale pixels high and nelx·scale wide. */
    public static BufferedImage render(DenseVector density, int nelx, int nely, int scale, boolean mirrored) {
        if (density.length() != nelx * nely) {
            throw new IllegalArgumentException("design has " + density.length() + " densities, mesh " + nelx + "x" + nely
                    + " has " + nelx * nely + " elements");
        }
        if (scale < 1 || (long) nelx * scale > 1 << 15 || (long) nely * scale * 2 > 1 << 15) {
            throw new IllegalArgumentException("scale " + scale + " gives an image over 32768 pixels or below 1 per element");
        }
        int rows = mirrored ? 2 * nely : nely;
        BufferedImage img = new BufferedImage(nelx * scale, rows * scale, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        int[] block = new int[scale * scale];
        for (int row = 0; row < rows; row++) {
            int ely = !mirrored ? row : row < nely ? nely - 1 - row : row - nely;
            for (int elx = 0; elx < nelx; elx++) {
                double d = Math.max(0, Math.min(1, density.get(ely + elx * nely)));
                java.util.Arrays.fill(block, (int) Math.round(255 * (1 - d)));
                r.setPixels(elx * scale, row * scale, scale, scale, block);
            }
        }
        return img;
    }

    /** Writes {@link #render} to a PNG file. */
    public static void write(DenseVector density, int nelx, int nely, int scale, boolean mirrored, Path file)
            throws IOException {
        Png.write(render(density, nelx, nely, scale, mirrored), file);
    }

    /** A scale that draws nelx elements about {@code width} pixels wide: at least 1 pixel per element. */
    public static int scaleFor(int nelx, int width) {
        return Math.max(1, Math.min(16, width / nelx));
    }
}

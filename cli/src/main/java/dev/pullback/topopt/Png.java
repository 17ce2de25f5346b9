package dev.pullback.topopt;

import dev.pullback.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** PNG output written atomically: a failed or interrupted write leaves no partial picture behind. */
final class Png {
    private Png() {}

    static void write(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, ch -> {
            OutputStream out = Channels.newOutputStream(ch); // closed with the channel by AtomicFiles
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in this JDK for " + file);
            out.flush();
        });
    }
}

package dev.pullback.topopt;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The objective against the iteration number as a PNG line plot, drawn with java.awt on a
 * {@link BufferedImage} (no display needed: the JVM runs headless, which this class requests unless
 * the caller chose otherwise). A positive objective spanning more than a factor of 2 is drawn on
 * a logarithmic axis, so the slow late descent stays visible. Axis labels need a font; where the JDK finds none the plot is drawn
 * without text rather than failing.
 */
public final class ConvergencePlot {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private static final int LEFT = 90, RIGHT = 20, TOP = 36, BOTTOM = 50;

    private ConvergencePlot() {}

    /** The plot of objective[i] at iteration i + 1, width×height pixels. */
    public static BufferedImage render(double[] objective, String title, int width, int height) {
        if (objective.length == 0) throw new IllegalArgumentException("nothing to plot: no iterations");
        if (width < LEFT + RIGHT + 10 || height < TOP + BOTTOM + 10) {
            throw new IllegalArgumentException("plot of " + width + "x" + height + " pixels is too small");
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : objective) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("objective is not finite: " + v);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        boolean log = lo > 0 && hi > 2 * lo;
        if (log) {
            lo = Math.log10(lo);
            hi = Math.log10(hi);
        }
        double pad = hi > lo ? 0.05 * (hi - lo) : Math.max(1e-12, Math.abs(hi) * 0.05 + 1e-12);
        lo -= pad;
        hi += pad;
        int n = objective.length;
        int pw = width - LEFT - RIGHT, ph = height - TOP - BOTTOM;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(0xDD, 0xDD, 0xDD));
            for (int k = 0; k <= 4; k++) {
                int y = TOP + ph * k / 4;
                g.drawLine(LEFT, y, LEFT + pw, y);
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, pw, ph);
            Path2D.Double line = new Path2D.Double();
            for (int i = 0; i < n; i++) {
                double px = LEFT + (n == 1 ? pw / 2.0 : pw * (double) i / (n - 1));
                double py = TOP + ph * (hi - (log ? Math.log10(objective[i]) : objective[i])) / (hi - lo);
                if (i == 0) line.moveTo(px, py);
                else line.lineTo(px, py);
            }
            g.setColor(new Color(0x1F, 0x5F, 0xBF));
            g.setStroke(new BasicStroke(2f));
            if (n == 1) g.fillOval(LEFT + pw / 2 - 3, TOP + ph / 2 - 3, 6, 6);
            else g.draw(line);
            labels(g, objective, title + (log ? " (log scale)" : ""), lo, hi, log, pw, ph);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void labels(Graphics2D g, double[] objective, String title, double lo, double hi, boolean log,
            int pw, int ph) {
        try {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            var fm = g.getFontMetrics();
            for (int k = 0; k <= 4; k++) {
                double v = hi - (hi - lo) * k / 4;
                if (log) v = Math.pow(10, v);
                String s = String.format(Locale.ROOT, "%.5g", v);
                g.drawString(s, LEFT - 6 - fm.stringWidth(s), TOP + ph * k / 4 + fm.getAscent() / 2);
            }
            int n = objective.length;
            for (int k = 0; k <= 4; k++) {
                int it = 1 + (int) Math.round((n - 1) * k / 4.0);
                String s = Integer.toString(it);
                int x = LEFT + (n == 1 ? pw / 2 : (int) Math.round(pw * (it - 1) / (double) (n - 1)));
                g.drawString(s, x - fm.stringWidth(s) / 2, TOP + ph + fm.getAscent() + 4);
            }
            String xl = "iteration";
            g.drawString(xl, LEFT + pw / 2 - fm.stringWidth(xl) / 2, TOP + ph + 2 * fm.getHeight() + 6);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, LEFT + pw / 2 - g.getFontMetrics().stringWidth(title) / 2, TOP - 12);
        } catch (RuntimeException | InternalError noFonts) {
            // A JDK without usable fonts (no fontconfig) cannot draw text; the curve alone is still the plot.
        }
    }

    /** Writes {@link #render} to a PNG file. */
    public static void write(double[] objective, String title, int width, int height, Path file) throws IOException {
        Png.write(render(objective, title, width, height), file);
    }
}

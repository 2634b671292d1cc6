package dev.franking.service.demo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Harmless stand-in images for the demo: coloured shapes drawn headless, no text (a headless JDK
 * may have no fonts) and nothing downloaded.
 */
final class DemoImages {
    private DemoImages() {}

    /**
     * A PNG of circles and rectangles; the same {@code seed} gives the same picture, hence the same
     * SHA-256.
     */
    static byte[] png(long seed, int width, int height) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(Color.HSBtoRGB(r.nextFloat(), 0.25f, 0.95f)));
            g.fillRect(0, 0, width, height);
            for (int i = 0; i < 6; i++) {
                g.setColor(new Color(Color.HSBtoRGB(r.nextFloat(), 0.7f, 0.85f)));
                int w = width / 6 + r.nextInt(width / 3);
                int h = height / 6 + r.nextInt(height / 3);
                int x = r.nextInt(width - w);
                int y = r.nextInt(height - h);
                if (i % 2 == 0) {
                    g.fillOval(x, y, w, h);
                } else {
                    g.fillRect(x, y, w, h);
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

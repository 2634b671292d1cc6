package dev.franking.review.web;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Renderings of an image attachment made on the server (issue 13 item 3): what reaches the browser
 * before a person asks for the original is a small, heavily blurred (and by default greyscale)
 * picture from which the content cannot be made out, never the original bytes with a CSS filter
 * that a browser, an extension or a screenshot can take off.
 *
 * <p>Decoding is bounded: the image's dimensions are read from its header first and an image of
 * more than {@link #MAX_PIXELS} is refused without decoding (a decompression bomb of a few KB can
 * claim 100,000 × 100,000 pixels); the rest is decoded with source subsampling, so memory follows
 * the rendering's size, not the image's. Pure Java2D and ImageIO (PNG, JPEG, GIF, BMP); a format
 * ImageIO cannot read (WebP) gets the placeholder.
 */
final class ImagePreviews {
    /** Above this many pixels an image is not decoded at all (the placeholder is shown). */
    static final long MAX_PIXELS = 40_000_000L;

    /** Longest edge of the blurred preview. */
    static final int PREVIEW_EDGE = 320;

    /** Longest edge of the unblurred rendering shown by "view original" before colour. */
    static final int VIEW_EDGE = 1600;

    /** Types worth trying to decode; anything else gets no preview at all. */
    static final Set<String> PREVIEWABLE =
            Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp");

    private static final Color BACKDROP = new Color(0x80, 0x80, 0x80);

    private ImagePreviews() {}

    /** Why an image got no rendering. */
    static final class Refused extends Exception {
        final boolean tooLarge;

        Refused(boolean tooLarge) {
            super(
                    tooLarge ? "image over the pixel limit" : "image not readable",
                    null,
                    false,
                    false);
            this.tooLarge = tooLarge;
        }
    }

    static boolean previewable(String contentType) {
        return contentType != null
                && PREVIEWABLE.contains(contentType.toLowerCase(Locale.ROOT).trim());
    }

    /**
     * The tiny edge an image is reduced to before being enlarged again: what survives of the
     * content is this many pixels across, whatever the preview's size. 1 (light) keeps shapes, 5
     * (strongest) keeps hardly more than the main colours.
     */
    static int tinyEdge(int strength) {
        return switch (Math.max(1, Math.min(5, strength))) {
            case 1 -> 40;
            case 2 -> 28;
            case 3 -> 18;
            case 4 -> 12;
            default -> 7;
        };
    }

    /** The blurred preview as PNG. */
    static byte[] blurred(byte[] image, int strength, boolean greyscale) throws Refused {
        BufferedImage decoded = decode(image, PREVIEW_EDGE);
        int[] out = fit(decoded.getWidth(), decoded.getHeight(), PREVIEW_EDGE);
        int[] tiny = fit(decoded.getWidth(), decoded.getHeight(), tinyEdge(strength));
        // down in halving steps (every source pixel contributes: no aliasing that keeps detail)
        BufferedImage small = flatten(decoded, greyscale);
        while (small.getWidth() / 2 >= tiny[0] && small.getHeight() / 2 >= tiny[1]) {
            small = scale(small, small.getWidth() / 2, small.getHeight() / 2, greyscale);
        }
        small = scale(small, tiny[0], tiny[1], greyscale);
        // up again with bilinear interpolation in doubling steps: smooth gradients, no blocks
        BufferedImage big = small;
        while (big.getWidth() * 2 <= out[0] && big.getHeight() * 2 <= out[1]) {
            big = scale(big, big.getWidth() * 2, big.getHeight() * 2, greyscale);
        }
        big = scale(big, out[0], out[1], greyscale);
        return png(boxBlur(big, Math.max(1, out[0] / tiny[0] / 2), greyscale));
    }

    /**
     * The unblurred rendering of "view original"'s first step: at most {@link #VIEW_EDGE} across,
     * greyscale when asked, and only the first frame of an animation (it never plays by itself).
     */
    static byte[] rendering(byte[] image, boolean greyscale) throws Refused {
        BufferedImage decoded = decode(image, VIEW_EDGE);
        int[] out = fit(decoded.getWidth(), decoded.getHeight(), VIEW_EDGE);
        BufferedImage flat = flatten(decoded, greyscale);
        if (out[0] != flat.getWidth() || out[1] != flat.getHeight()) {
            flat = scale(flat, out[0], out[1], greyscale);
        }
        return png(flat);
    }

    /** Whether the image has more than one frame (an animated GIF); false when unsure. */
    static boolean animated(byte[] image) {
        try (ImageInputStream in =
                ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return false;
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in, false, true);
                // at most two frames are looked at: the question is only "more than one"
                r.getWidth(0);
                try {
                    r.getWidth(1);
                    return true;
                } catch (IndexOutOfBoundsException e) {
                    return false;
                }
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A neutral grey picture with a diagonal pattern: no content, shown instead of a preview. */
    static byte[] placeholder() {
        BufferedImage p = new BufferedImage(PREVIEW_EDGE, 200, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = p.createGraphics();
        try {
            g.setColor(new Color(0xd0, 0xd0, 0xd0));
            g.fillRect(0, 0, p.getWidth(), p.getHeight());
            g.setColor(new Color(0xb0, 0xb0, 0xb0));
            for (int x = -p.getHeight(); x < p.getWidth(); x += 24) {
                g.fillPolygon(
                        new int[] {x, x + 12, x + 12 + p.getHeight(), x + p.getHeight()},
                        new int[] {0, 0, p.getHeight(), p.getHeight()},
                        4);
            }
        } finally {
            g.dispose();
        }
        return png(p);
    }

    /**
     * Decodes at most about {@code edge × 2} pixels across: the header's dimensions are checked
     * before any pixel is read.
     */
    static BufferedImage decode(byte[] image, int edge) throws Refused {
        try (ImageInputStream in =
                ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new Refused(false);
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                long w = r.getWidth(0), h = r.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new Refused(false);
                }
                if (w * h > MAX_PIXELS) {
                    throw new Refused(true);
                }
                ImageReadParam param = r.getDefaultReadParam();
                // rounded up: the decoded image is at most 2 × edge across, whatever the original
                long twice = 2L * edge;
                int step = (int) Math.max(1, (Math.max(w, h) + twice - 1) / twice);
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage img = r.read(0, param);
                if (img == null) {
                    throw new Refused(false);
                }
                return img;
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // a corrupt or hostile file: no rendering, and nothing of it in the log
            throw new Refused(false);
        }
    }

    /** Longest edge at most {@code edge}, aspect kept, at least 1 × 1. */
    static int[] fit(int w, int h, int edge) {
        double f = Math.min(1.0, (double) edge / Math.max(w, h));
        return new int[] {
            Math.max(1, (int) Math.round(w * f)), Math.max(1, (int) Math.round(h * f))
        };
    }

    /** Onto an opaque backdrop (transparency could hide or reveal content), grey or RGB. */
    private static BufferedImage flatten(BufferedImage src, boolean greyscale) {
        BufferedImage out =
                new BufferedImage(
                        src.getWidth(),
                        src.getHeight(),
                        greyscale ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(BACKDROP);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage scale(BufferedImage src, int w, int h, boolean greyscale) {
        BufferedImage out =
                new BufferedImage(
                        w,
                        h,
                        greyscale ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * A separable box blur of the given radius, edges clamped (Java2D's ConvolveOp leaves a border
     * of the kernel's width unblurred, which would keep a sharp frame of the image).
     */
    static BufferedImage boxBlur(BufferedImage src, int radius, boolean greyscale) {
        int w = src.getWidth(), h = src.getHeight();
        int[] px = src.getRGB(0, 0, w, h, null, 0, w);
        int[] tmp = new int[px.length];
        pass(px, tmp, w, h, radius, true);
        pass(tmp, px, w, h, radius, false);
        BufferedImage out =
                new BufferedImage(
                        w,
                        h,
                        greyscale ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, px, 0, w);
        return out;
    }

    private static void pass(int[] in, int[] out, int w, int h, int r, boolean horizontal) {
        int n = horizontal ? w : h, lines = horizontal ? h : w;
        for (int line = 0; line < lines; line++) {
            for (int i = 0; i < n; i++) {
                int red = 0, green = 0, blue = 0, count = 0;
                for (int k = -r; k <= r; k++) {
                    int j = Math.max(0, Math.min(n - 1, i + k));
                    int p = horizontal ? in[line * w + j] : in[j * w + line];
                    red += (p >> 16) & 0xff;
                    green += (p >> 8) & 0xff;
                    blue += p & 0xff;
                    count++;
                }
                int v = 0xff000000 | (red / count) << 16 | (green / count) << 8 | (blue / count);
                out[horizontal ? line * w + i : i * w + line] = v;
            }
        }
    }

    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

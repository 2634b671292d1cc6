package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.review.testapp.InMemoryReviewPorts;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The server-side preview (issue 13 item 3): a real PNG in, out a PNG that is greyscale (every
 * pixel R = G = B) and blurred (the sharp checkerboard's pixel-to-pixel contrast gone); colour kept
 * when greyscale is off; a decompression bomb refused from its header; garbage refused.
 */
class ImagePreviewsTest {
    private static BufferedImage read(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** Mean absolute difference between horizontally adjacent pixels, over the three channels. */
    private static double sharpness(BufferedImage img) {
        double sum = 0;
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 1; x < img.getWidth(); x++) {
                int a = img.getRGB(x - 1, y), b = img.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff));
                    n++;
                }
            }
        }
        return sum / n;
    }

    /** The largest difference between the channels of any pixel (0 for greyscale). */
    private static int chroma(BufferedImage img) {
        int max = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
                max =
                        Math.max(
                                max,
                                Math.max(
                                        Math.abs(r - g),
                                        Math.max(Math.abs(g - b), Math.abs(r - b))));
            }
        }
        return max;
    }

    private static double variance(BufferedImage img) {
        double sum = 0, sq = 0;
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int v = img.getRGB(x, y) & 0xff;
                sum += v;
                sq += (double) v * v;
                n++;
            }
        }
        double mean = sum / n;
        return sq / n - mean * mean;
    }

    @Test
    void aColourfulPngBecomesAGreyAndBlurredPreview() throws Exception {
        byte[] original = InMemoryReviewPorts.PNG;
        BufferedImage in = read(original);
        assertThat(chroma(in)).as("the input is colourful").isGreaterThan(200);
        double inSharpness = sharpness(in);
        assertThat(inSharpness).as("and sharp").isGreaterThan(20);

        for (int strength = 1; strength <= 5; strength++) {
            byte[] png = ImagePreviews.blurred(original, strength, true);
            assertThat(png).isNotEqualTo(original);
            BufferedImage out = read(png);
            assertThat(Math.max(out.getWidth(), out.getHeight()))
                    .isLessThanOrEqualTo(ImagePreviews.PREVIEW_EDGE);
            assertThat(chroma(out)).as("greyscale at strength %d", strength).isZero();
            assertThat(sharpness(out))
                    .as("blurred at strength %d", strength)
                    .isLessThan(inSharpness / 10);
        }
        // stronger blur keeps less: the image's own variance falls
        double light = variance(read(ImagePreviews.blurred(original, 1, true)));
        double strong = variance(read(ImagePreviews.blurred(original, 5, true)));
        assertThat(strong).isLessThan(light);
    }

    @Test
    void withoutGreyscaleThePreviewKeepsColourButStaysBlurred() throws Exception {
        BufferedImage out = read(ImagePreviews.blurred(InMemoryReviewPorts.PNG, 3, false));
        assertThat(chroma(out)).isGreaterThan(20);
        assertThat(sharpness(out)).isLessThan(sharpness(read(InMemoryReviewPorts.PNG)) / 10);
    }

    @Test
    void theViewRenderingIsSharpButGrey() throws Exception {
        BufferedImage in = read(InMemoryReviewPorts.PNG);
        BufferedImage out = read(ImagePreviews.rendering(InMemoryReviewPorts.PNG, true));
        assertThat(out.getWidth()).isEqualTo(in.getWidth());
        assertThat(chroma(out)).isZero();
        assertThat(sharpness(out)).as("unblurred").isGreaterThan(sharpness(in) / 4);
    }

    /** A real 1 × 1 PNG whose header then claims 30,000 × 30,000 pixels (CRC fixed). */
    static byte[] bomb() throws Exception {
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(one, "png", out);
        byte[] png = out.toByteArray();
        // signature (8), IHDR length (4), "IHDR" (4), width (4), height (4), ... CRC after 13 bytes
        ByteBuffer b = ByteBuffer.wrap(png);
        b.putInt(16, 30_000).putInt(20, 30_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 4 + 13);
        b.putInt(8 + 4 + 4 + 13, (int) crc.getValue());
        return png;
    }

    @Test
    void anImageOverThePixelLimitIsRefusedFromItsHeader() throws Exception {
        byte[] bomb = bomb();
        assertThat(bomb.length).isLessThan(200);
        long before = Runtime.getRuntime().totalMemory();
        assertThatThrownBy(() -> ImagePreviews.blurred(bomb, 3, true))
                .isInstanceOfSatisfying(
                        ImagePreviews.Refused.class, r -> assertThat(r.tooLarge).isTrue());
        assertThatThrownBy(() -> ImagePreviews.rendering(bomb, true))
                .isInstanceOfSatisfying(
                        ImagePreviews.Refused.class, r -> assertThat(r.tooLarge).isTrue());
        // 900 million pixels would need gigabytes: nothing of that size was allocated
        assertThat(Runtime.getRuntime().totalMemory() - before).isLessThan(512L * 1024 * 1024);
    }

    @Test
    void aLargeImageIsDecodedSubsampledToTheRenderingsSize() throws Exception {
        BufferedImage big = new BufferedImage(5000, 3000, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(big, "png", out);
        byte[] png = out.toByteArray();
        // never more than twice the rendering's edge decoded
        assertThat(ImagePreviews.decode(png, ImagePreviews.VIEW_EDGE).getWidth())
                .isLessThanOrEqualTo(2 * ImagePreviews.VIEW_EDGE);
        assertThat(ImagePreviews.decode(png, ImagePreviews.PREVIEW_EDGE).getWidth())
                .isLessThanOrEqualTo(2 * ImagePreviews.PREVIEW_EDGE);
        BufferedImage view = read(ImagePreviews.rendering(png, true));
        assertThat(view.getWidth()).isEqualTo(ImagePreviews.VIEW_EDGE);
        assertThat(view.getHeight()).isEqualTo(960);
        assertThat(read(ImagePreviews.blurred(png, 3, true)).getWidth())
                .isEqualTo(ImagePreviews.PREVIEW_EDGE);
    }

    @Test
    void garbageIsRefusedAndThePlaceholderShowsNothing() throws Exception {
        assertThatThrownBy(() -> ImagePreviews.blurred("not an image".getBytes(), 3, true))
                .isInstanceOfSatisfying(
                        ImagePreviews.Refused.class, r -> assertThat(r.tooLarge).isFalse());
        BufferedImage p = read(ImagePreviews.placeholder());
        assertThat(chroma(p)).isZero();
        assertThat(ImagePreviews.previewable("image/svg+xml")).isFalse();
        assertThat(ImagePreviews.previewable("application/pdf")).isFalse();
        assertThat(ImagePreviews.previewable("IMAGE/PNG")).isTrue();
    }

    /** A GIF of the given frames (ImageIO's writer, one image per frame). */
    private static byte[] gif(int frames) throws Exception {
        javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName("gif").next();
        var out = new java.io.ByteArrayOutputStream();
        try (var ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            w.prepareWriteSequence(null);
            for (int f = 0; f < frames; f++) {
                BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                img.setRGB(f % 16, f % 16, 0xff0000);
                w.writeToSequence(new javax.imageio.IIOImage(img, null, null), null);
            }
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }

    /**
     * Issue 14's "no autoplay": what decides that an image would play (its colour step then shows a
     * still first frame) sees a second frame, and only then; the still frame is a rendering.
     */
    @Test
    void anAnimationIsToldFromAStillImageAndItsRenderingIsOneFrame() throws Exception {
        byte[] animated = gif(3);
        assertThat(ImagePreviews.animated(animated)).isTrue();
        assertThat(ImagePreviews.animated(gif(1))).isFalse();
        BufferedImage png = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        var bytes = new java.io.ByteArrayOutputStream();
        ImageIO.write(png, "png", bytes);
        assertThat(ImagePreviews.animated(bytes.toByteArray())).isFalse();
        assertThat(ImagePreviews.animated("not an image".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        byte[] still = ImagePreviews.rendering(animated, false);
        assertThat(ImagePreviews.animated(still)).isFalse();
        assertThat(read(still).getWidth()).isPositive();
    }
}

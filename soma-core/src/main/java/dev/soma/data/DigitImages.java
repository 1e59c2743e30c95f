package dev.soma.data;

import dev.soma.SomaException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Turns a picture of one handwritten digit (PNG, JPEG, any size) into a 28×28 input the way MNIST was made, so a
 * network trained on MNIST-like data can read it:
 * <ol>
 *   <li>grey-scale: luminance 0.299 R + 0.587 G + 0.114 B, transparent pixels composited over white;</li>
 *   <li>ink is bright: the image is inverted when its background (the median of its border pixels) is light, and
 *       ink is measured from the background level, so the background becomes 0 and the strongest stroke 1;</li>
 *   <li>crop to the bounding box of the pixels with ink above 10%;</li>
 *   <li>scale (area averaging) so that the longer side is 20 pixels, keeping the aspect ratio;</li>
 *   <li>place in a 28×28 field so that the centre of mass of the ink is at the centre (14, 14).</li>
 * </ol>
 * The result holds values in [0, 1] row-major, 0 = background, like {@code builtin:digits} and MNIST scaled /255.
 */
public final class DigitImages {
    /** Side of the output field. */
    public static final int SIZE = 28;
    /** Side of the box the digit is scaled into. */
    public static final int BOX = 20;
    /** Ink level (after normalisation) that counts for the bounding box. */
    static final double INK_THRESHOLD = 0.1;

    private DigitImages() {
    }

    /** Reads a PNG or JPEG file and converts it (see the class comment). */
    public static float[] read(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new SomaException(file + ": cannot read the image: " + e.getMessage());
        }
        if (img == null) {
            throw new SomaException(file + ": not an image this JVM can decode (expected PNG, JPEG, GIF or BMP)");
        }
        return fromImage(img, file.toString());
    }

    /** Converts a decoded image; {@code name} is used in error messages. */
    public static float[] fromImage(BufferedImage img, String name) {
        int w = img.getWidth();
        int h = img.getHeight();
        double[] grey = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                double a = ((argb >>> 24) & 0xff) / 255.0;
                double lum = (0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff) + 0.114 * (argb & 0xff)) / 255.0;
                grey[y * w + x] = a * lum + (1 - a);
            }
        }
        return fromGrey(grey, w, h, name);
    }

    /** Converts grey levels in [0, 1] (0 = black), row-major {@code width × height}. */
    public static float[] fromGrey(double[] grey, int width, int height, String name) {
        if (width <= 0 || height <= 0 || grey.length != width * height) {
            throw new SomaException(name + ": expected " + width + "x" + height + " grey values, got " + grey.length);
        }
        double background = borderMedian(grey, width, height);
        boolean invert = background > 0.5;
        double bgInk = invert ? 1 - background : background;
        double[] ink = new double[grey.length];
        double max = 0;
        for (int i = 0; i < grey.length; i++) {
            ink[i] = invert ? 1 - grey[i] : grey[i];
            max = Math.max(max, ink[i]);
        }
        double range = max - bgInk;
        if (range < 0.05) {
            throw new SomaException(name + ": the image is blank (no stroke darker or lighter than its background)");
        }
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = Math.max(0, Math.min(1, (ink[y * width + x] - bgInk) / range));
                ink[y * width + x] = v;
                if (v > INK_THRESHOLD) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        int cw = x1 - x0 + 1;
        int ch = y1 - y0 + 1;
        double scale = (double) BOX / Math.max(cw, ch);
        int sw = Math.max(1, (int) Math.round(cw * scale));
        int sh = Math.max(1, (int) Math.round(ch * scale));
        double[] box = resample(ink, width, x0, y0, cw, ch, sw, sh);
        return centre(box, sw, sh);
    }

    /** The median of the pixels on the image's border: the background level. */
    static double borderMedian(double[] grey, int w, int h) {
        int n = h == 1 || w == 1 ? w * h : 2 * w + 2 * (h - 2);
        double[] b = new double[n];
        int k = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
                    b[k++] = grey[y * w + x];
                }
            }
        }
        java.util.Arrays.sort(b, 0, k);
        return b[k / 2];
    }

    /**
     * Area-averaging resample of the crop (x0, y0, cw × ch) of a w-wide image to sw × sh: each output pixel is the
     * mean of the source area it covers, weighted by overlap (exact for down-scaling, box-like for up-scaling).
     */
    static double[] resample(double[] src, int w, int x0, int y0, int cw, int ch, int sw, int sh) {
        double[] out = new double[sw * sh];
        double fx = (double) cw / sw;
        double fy = (double) ch / sh;
        for (int oy = 0; oy < sh; oy++) {
            double sy0 = oy * fy;
            double sy1 = sy0 + fy;
            for (int ox = 0; ox < sw; ox++) {
                double sx0 = ox * fx;
                double sx1 = sx0 + fx;
                double sum = 0;
                double area = 0;
                for (int yy = (int) sy0; yy < Math.min(ch, (int) Math.ceil(sy1)); yy++) {
                    double wy = Math.min(sy1, yy + 1) - Math.max(sy0, yy);
                    if (wy <= 0) {
                        continue;
                    }
                    for (int xx = (int) sx0; xx < Math.min(cw, (int) Math.ceil(sx1)); xx++) {
                        double wx = Math.min(sx1, xx + 1) - Math.max(sx0, xx);
                        if (wx <= 0) {
                            continue;
                        }
                        sum += wx * wy * src[(y0 + yy) * w + x0 + xx];
                        area += wx * wy;
                    }
                }
                out[oy * sw + ox] = area > 0 ? sum / area : 0;
            }
        }
        return out;
    }

    /** Places the sw × sh box in the 28×28 field with its centre of mass at (14, 14) (rounded shift, clipped). */
    static float[] centre(double[] box, int sw, int sh) {
        double mass = 0;
        double cx = 0;
        double cy = 0;
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                double v = box[y * sw + x];
                mass += v;
                cx += v * x;
                cy += v * y;
            }
        }
        cx /= mass;
        cy /= mass;
        int left = (int) Math.round(SIZE / 2.0 - cx);
        int top = (int) Math.round(SIZE / 2.0 - cy);
        left = Math.max(0, Math.min(SIZE - sw, left));
        top = Math.max(0, Math.min(SIZE - sh, top));
        float[] out = new float[SIZE * SIZE];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                out[(top + y) * SIZE + left + x] = (float) box[y * sw + x];
            }
        }
        return out;
    }
}

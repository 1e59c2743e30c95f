package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitImagesTest {

    /** A "7" drawn with a thick pen, off-centre in a large canvas. */
    static BufferedImage seven(Color background, Color ink, int type) {
        BufferedImage img = new BufferedImage(300, 400, type);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        if (background != null) {
            g.setColor(background);
            g.fillRect(0, 0, 300, 400);
        }
        g.setColor(ink);
        g.setStroke(new BasicStroke(18, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(40, 60, 160, 60);
        g.drawLine(160, 60, 90, 300);
        g.dispose();
        return img;
    }

    private static int[] inkBox(float[] d) {
        int x0 = 99, y0 = 99, x1 = -1, y1 = -1;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if (d[y * 28 + x] > DigitImages.INK_THRESHOLD) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return new int[] {x0, y0, x1, y1};
    }

    @Test
    void darkInkOnWhiteIsScaledToTwentyPixelsAndCentredByMass() {
        float[] d = DigitImages.fromImage(seven(Color.WHITE, Color.BLACK, BufferedImage.TYPE_INT_RGB), "seven");
        assertEquals(784, d.length);
        int[] b = inkBox(d);
        int h = b[3] - b[1] + 1;
        int w = b[2] - b[0] + 1;
        // the stroke spans 139 x 259 source pixels (with its round caps): the height becomes the 20-pixel side
        assertTrue(h >= 19 && h <= 20, "height " + h);
        assertTrue(w >= 10 && w <= 12, "width " + w);
        double mass = 0, cx = 0, cy = 0, max = 0;
        for (int i = 0; i < 784; i++) {
            mass += d[i];
            cx += d[i] * (i % 28);
            cy += d[i] * (i / 28);
            max = Math.max(max, d[i]);
            assertTrue(d[i] >= 0 && d[i] <= 1);
        }
        assertEquals(14.0, cx / mass, 0.5);
        assertEquals(14.0, cy / mass, 0.5);
        assertEquals(1.0, max, 0.02);
        assertEquals(0.0, d[0]);
    }

    @Test
    void lightInkOnDarkGivesTheSameDigit() {
        float[] a = DigitImages.fromImage(seven(Color.WHITE, Color.BLACK, BufferedImage.TYPE_INT_RGB), "a");
        float[] b = DigitImages.fromImage(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_INT_RGB), "b");
        assertArrayEquals(a, b, 1e-6f);
    }

    @Test
    void transparentBackgroundCountsAsWhite() {
        float[] a = DigitImages.fromImage(seven(Color.WHITE, Color.BLACK, BufferedImage.TYPE_INT_RGB), "a");
        float[] b = DigitImages.fromImage(seven(null, Color.BLACK, BufferedImage.TYPE_INT_ARGB), "b");
        assertArrayEquals(a, b, 0.02f);
    }

    @Test
    void areaResampleAveragesExactly() {
        // 4x2 → 2x1: each output pixel is the mean of a 2x2 block
        double[] src = {0, 1, 1, 1, 1, 0, 1, 1};
        assertArrayEquals(new double[] {0.5, 1.0}, DigitImages.resample(src, 4, 0, 0, 4, 2, 2, 1), 1e-12);
        // 3 → 2 columns: output 0 covers [0, 1.5): (1·a + 0.5·b) / 1.5
        double[] row = {3, 6, 9};
        assertArrayEquals(new double[] {4, 8}, DigitImages.resample(row, 3, 0, 0, 3, 1, 2, 1), 1e-12);
    }

    @Test
    void aSingleDotLandsInTheCentre() {
        float[] d = DigitImages.centre(new double[] {1}, 1, 1);
        assertEquals(1f, d[14 * 28 + 14]);
    }

    @Test
    void blankImageIsRefused() {
        double[] grey = new double[50 * 50];
        java.util.Arrays.fill(grey, 0.9);
        SomaException e = assertThrows(SomaException.class, () -> DigitImages.fromGrey(grey, 50, 50, "blank.png"));
        assertEquals("blank.png: the image is blank (no stroke darker or lighter than its background)", e.getMessage());
    }

    @Test
    void readsPngFilesAndRefusesOtherFiles(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("seven.png");
        ImageIO.write(seven(Color.WHITE, Color.BLACK, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        float[] fromFile = DigitImages.read(png);
        float[] direct = DigitImages.fromImage(seven(Color.WHITE, Color.BLACK, BufferedImage.TYPE_INT_RGB), "x");
        assertArrayEquals(direct, fromFile, 1e-6f);

        Path txt = dir.resolve("notes.png");
        Files.writeString(txt, "not an image");
        SomaException e = assertThrows(SomaException.class, () -> DigitImages.read(txt));
        assertEquals(txt + ": not an image this JVM can decode (expected PNG, JPEG, GIF or BMP)", e.getMessage());
    }
}

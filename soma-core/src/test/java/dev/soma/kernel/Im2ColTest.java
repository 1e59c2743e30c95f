package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * unfold and fold against their definitions written as plain loops, bit for bit, with two images side by side in
 * a wider column matrix: the "same width" fast path (stride 1, output as wide as the input) and the general one.
 */
class Im2ColTest {
    @ParameterizedTest(name = "C{0} {1}x{2} k{3} s{4} p{5} d{6}")
    @CsvSource({
        "2, 6, 5, 3, 1, 1, 1", "3, 7, 7, 3, 1, 2, 2", "1, 4, 9, 1, 1, 0, 1", "2, 5, 5, 5, 1, 2, 1",
        "2, 6, 5, 3, 2, 1, 1", "1, 8, 8, 3, 1, 0, 1", "2, 3, 3, 3, 1, 4, 1"})
    void unfoldAndFoldMatchTheirDefinitions(int c, int h, int w, int k, int s, int p, int d) {
        ConvGeometry g = new ConvGeometry(c, h, w, 1, k, s, p, d, 1);
        int ohw = g.outPixels();
        int ld = 2 * ohw + 3;
        int rows = c * k * k;
        SplittableRandom rng = new SplittableRandom(c * 100 + h);
        float[] x = new float[2 * g.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        float[] cols = new float[rows * ld];
        java.util.Arrays.fill(cols, Float.NaN);
        for (int n = 0; n < 2; n++) {
            Im2Col.unfold(g, x, n * g.inputSize(), cols, n * ohw, ld);
        }
        float[] src = new float[rows * ld];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) rng.nextGaussian();
        }
        float[] gx = new float[2 * g.inputSize()];
        float[] expected = new float[gx.length];
        for (int n = 0; n < 2; n++) {
            Im2Col.fold(g, src.clone(), n * ohw, ld, gx, n * g.inputSize());
        }
        for (int n = 0; n < 2; n++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        int row = (ch * k + i) * k + j;
                        for (int oy = 0; oy < g.outHeight; oy++) {
                            for (int ox = 0; ox < g.outWidth; ox++) {
                                int iy = oy * s - p + i * d;
                                int ix = ox * s - p + j * d;
                                boolean in = iy >= 0 && iy < h && ix >= 0 && ix < w;
                                int at = n * g.inputSize() + (ch * h + iy) * w + ix;
                                int col = row * ld + n * ohw + oy * g.outWidth + ox;
                                assertEquals(in ? x[at] : 0f, cols[col], "unfold row " + row + " pixel " + oy + "," + ox);
                                if (in) {
                                    expected[at] += src[col];
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < gx.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(gx[i]), "fold value " + i);
        }
    }
}

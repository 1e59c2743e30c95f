package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A one-image batch (its product written straight into the output) matches the reference convolution within
 * float32 rounding, with and without bias and groups, and gets the bits that image gets inside a larger batch
 * (through a chunk's scratch when one image's product is large, image by image when it is small).
 */
class ConvKernelTest {
    @ParameterizedTest(name = "C{0}->{1} {2}x{2} k{3} pad {4} groups {5} bias {6}")
    @CsvSource({
        "32, 64, 14, 3, 1, 1, true", "1, 32, 28, 3, 1, 1, true", "32, 64, 14, 3, 1, 2, false",
        "4, 6, 9, 3, 0, 2, false", "3, 5, 7, 5, 2, 1, true", "16, 16, 16, 3, 1, 1, true"})
    void oneImageAloneGetsItsBitsFromABatch(int c, int oc, int hw, int k, int pad, int groups, boolean bias) {
        ConvGeometry g = new ConvGeometry(c, hw, hw, oc, k, 1, pad, 1, groups);
        SplittableRandom rng = new SplittableRandom(c * 31L + oc);
        int batch = 5;
        float[] x = gaussian(rng, batch * g.inputSize());
        float[] w = gaussian(rng, oc * (c / groups) * k * k);
        float[] b = bias ? gaussian(rng, oc) : null;
        float[] all = new float[batch * g.outputSize()];
        new ConvKernel(g).forward(x, batch, w, b, all);
        double[] ref = new double[all.length];
        ConvReference.forward(g, widen(x), batch, widen(w), b == null ? null : widen(b), ref);
        ConvKernel single = new ConvKernel(g);
        for (int n = 0; n < batch; n++) {
            float[] y = new float[g.outputSize()];
            single.forward(Arrays.copyOfRange(x, n * g.inputSize(), (n + 1) * g.inputSize()), 1, w, b, y);
            float[] inBatch = Arrays.copyOfRange(all, n * g.outputSize(), (n + 1) * g.outputSize());
            assertArrayEquals(RawBits.of(inBatch), RawBits.of(y), "image " + n);
            for (int i = 0; i < y.length; i++) {
                double r = ref[n * g.outputSize() + i];
                assertEquals(r, y[i], 1e-4 * (1 + Math.abs(r)), "image " + n + " output " + i);
            }
        }
    }

    /**
     * The vector code that writes the images' columns straight into the GEMM's panels (whether or not this JDK's
     * provider uses it) against unfolding and the blocked GEMM, bit for bit, for one to four images side by side
     * (vectors spanning two images) in a buffer with room for four: C1's layers, a 5×5 kernel, dilation 2, a
     * rectangular plane, a K split into several blocks, columns that do not fill the last panel.
     */
    @ParameterizedTest(name = "C{0}->{1} {2}x{3} k{4} pad {5} dilation {6}")
    @CsvSource({"32, 64, 14, 14, 3, 1, 1", "1, 32, 28, 28, 3, 1, 1", "6, 24, 9, 13, 5, 2, 1", "5, 40, 11, 10, 3, 2, 2",
        "80, 16, 6, 7, 3, 1, 1"})
    void panelsWrittenFromTheImagesGiveTheUnfoldedProductsBits(int c, int oc, int h, int w, int k, int pad, int d) {
        ConvGeometry g = new ConvGeometry(c, h, w, oc, k, 1, pad, d, 1);
        assertTrue(VectorConvPanels.handles(g) || !VectorConvPanels.COMPILED);
        SplittableRandom rng = new SplittableRandom(c * 7L + h);
        int room = 4;
        float[] x = gaussian(rng, (room + 1) * g.inputSize());
        float[] wt = gaussian(rng, oc * g.patchSize());
        int kk = g.patchSize();
        int ohw = g.outPixels();
        VectorConvPanels panels = new VectorConvPanels(g, room);
        for (int images = 1; images <= room; images++) {
            for (int first : new int[] {0, room + 1 - images}) { // reading next to either end of the array
                int n = images * ohw;
                float[] cols = new float[kk * n];
                for (int i = 0; i < images; i++) {
                    Im2Col.unfold(g, x, (first + i) * g.inputSize(), cols, i * ohw, n);
                }
                float[] expected = new float[oc * n];
                VectorGemm.serial(false, false, oc, n, kk, VectorGemm.blockK(kk), 1f, wt, 0, kk, cols, 0, n, 0f,
                        expected, 0, n);
                int ldc = n + 3;
                float[] y = new float[2 + oc * ldc];
                java.util.Arrays.fill(y, Float.NaN);
                panels.convolve(x, first * g.inputSize(), images, wt, y, 2, ldc);
                for (int o = 0; o < oc; o++) {
                    assertArrayEquals(RawBits.of(Arrays.copyOfRange(expected, o * n, (o + 1) * n)),
                            RawBits.of(Arrays.copyOfRange(y, 2 + o * ldc, 2 + o * ldc + n)),
                            images + " images from " + first + ", output channel " + o);
                }
            }
        }
    }

    /**
     * The backward pass against the reference's gradients, image by image (small products: C1's first layer, a
     * grouped one) and by chunks (C1's second layer), on one and two threads, with identical bits on both.
     */
    @ParameterizedTest(name = "C{0}->{1} {2}x{2} groups {3}")
    @CsvSource({"1, 32, 28, 1", "4, 6, 9, 2", "32, 64, 14, 1"})
    void backwardMatchesTheReferenceOnAnyThreadCount(int c, int oc, int hw, int groups) {
        ConvGeometry g = new ConvGeometry(c, hw, hw, oc, 3, 1, 1, 1, groups);
        SplittableRandom rng = new SplittableRandom(c * 13L + oc);
        int batch = 7;
        float[] x = gaussian(rng, batch * g.inputSize());
        float[] w = gaussian(rng, oc * (c / groups) * 9);
        float[] gy = gaussian(rng, batch * g.outputSize());
        double[] gwRef = new double[w.length];
        double[] gbRef = new double[oc];
        double[] gxRef = new double[x.length];
        ConvReference.backward(g, widen(x), widen(gy), batch, widen(w), gwRef, gbRef, gxRef);
        int before = Parallel.threads();
        int[][] firstBits = null;
        try {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                float[] gw = new float[w.length];
                float[] gb = new float[oc];
                float[] gx = new float[x.length];
                new ConvKernel(g).backward(x, gy, batch, w, gw, gb, gx);
                close(gwRef, gw, "dW");
                close(gbRef, gb, "db");
                close(gxRef, gx, "dx");
                int[][] now = {RawBits.of(gw), RawBits.of(gb), RawBits.of(gx)};
                if (firstBits == null) {
                    firstBits = now;
                } else {
                    for (int i = 0; i < 3; i++) {
                        assertArrayEquals(firstBits[i], now[i], "threads " + threads + ", gradient " + i);
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static void close(double[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-3 * (1 + Math.abs(expected[i])), what + " " + i);
        }
    }

    private static float[] gaussian(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    private static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}

package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A one-image batch (its product written straight into the output) matches the reference convolution within
 * float32 rounding, with and without bias and groups; and where the one image's product is large enough for the
 * blocked GEMM (C1's layers), it gets the bits that image gets inside a larger batch (through a chunk's scratch).
 * Smaller products take the dot-product path, whose sums are grouped differently.
 */
class ConvKernelTest {
    @ParameterizedTest(name = "C{0}->{1} {2}x{2} k{3} pad {4} groups {5} bias {6}")
    @CsvSource({
        "32, 64, 14, 3, 1, 1, true, true", "1, 32, 28, 3, 1, 1, true, true", "32, 64, 14, 3, 1, 2, false, true",
        "4, 6, 9, 3, 0, 2, false, false", "3, 5, 7, 5, 2, 1, true, false"})
    void oneImageAlone(int c, int oc, int hw, int k, int pad, int groups, boolean bias, boolean sameBits) {
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
            if (sameBits) {
                assertArrayEquals(bits(inBatch), bits(y), "image " + n);
            }
            for (int i = 0; i < y.length; i++) {
                double r = ref[n * g.outputSize() + i];
                assertEquals(r, y[i], 1e-4 * (1 + Math.abs(r)), "image " + n + " output " + i);
            }
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

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}

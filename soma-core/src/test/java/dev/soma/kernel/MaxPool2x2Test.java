package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The 2×2 max pooling fast path gives what the general window scan gives, bit for bit and position for position:
 * checked against the float64 twin (which runs the general scan; float → double keeps order, ±0 and NaN) on values
 * full of ties, ±0, ±∞ and NaNs.
 */
class MaxPool2x2Test {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.NaN, Float.intBitsToFloat(0x7fc00001),
        Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};

    @ParameterizedTest(name = "{0} planes of {1}x{2}, specials {3}%")
    @CsvSource({"37, 8, 8, 40", "64, 28, 28, 10", "9, 5, 7, 60", "200, 14, 14, 0", "3, 2, 2, 100", "50, 14, 14, 1",
        "40, 12, 33, 0", "20, 28, 28, 0", "300, 2, 2, 0", "100, 4, 6, 5", "64, 14, 14, 0"})
    void fastPathMatchesTheScan(int planes, int h, int w, int specialPercent) {
        PoolKernels.Window g = PoolKernels.Window.fixed(h, w, 2, 2, 0);
        assertTrue(MaxPool2x2.handles(g));
        SplittableRandom rng = new SplittableRandom(planes * 31L + h);
        float[] x = new float[planes * h * w];
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(100) < specialPercent ? SPECIAL[rng.nextInt(SPECIAL.length)]
                    : Math.max(0f, (float) rng.nextGaussian());
            xd[i] = x[i];
        }
        int n = planes * g.outHeight() * g.outWidth();
        float[] y = new float[n];
        int[] idx = new int[n];
        double[] yd = new double[n];
        int[] idxd = new int[n];
        PoolKernels.maxForward(g, xd, planes, yd, idxd);
        Kernels vectorCode = new ScalarKernels() { // the vector code itself, whether or not this JDK's provider uses it
            @Override
            public boolean maxPool2x2(float[] x, int in, int h, int w, float[] y, int[] idx, int out, int readEnd,
                                      int writeEnd) {
                return VectorPooling.maxPool2x2(x, in, h, w, y, idx, out, readEnd, writeEnd);
            }

            @Override
            public String name() {
                return "VectorPooling";
            }
        };
        for (Kernels k : new Kernels[] {new ScalarKernels(), vectorCode, new VectorKernels(), VectorKernels.twinOnly()}) {
            java.util.Arrays.fill(idx, -1);
            MaxPool2x2.forward(k, g, x, 0, planes, y, idx);
            check(k.name(), x, h, w, g, y, idx, yd, idxd);
            float[] valuesOnly = new float[n];
            MaxPool2x2.forward(k, g, x, 0, planes, valuesOnly, null); // inference: no positions
            assertArrayEquals(RawBits.of(y), RawBits.of(valuesOnly), k.name() + " without positions");
        }
        PoolKernels.maxForward(g, x, planes, y, idx);
        check("provider", x, h, w, g, y, idx, yd, idxd);
        float[] valuesOnly = new float[n];
        PoolKernels.maxForward(g, x, planes, valuesOnly, null);
        assertArrayEquals(RawBits.of(y), RawBits.of(valuesOnly), "provider without positions");
    }

    private static void check(String kernels, float[] x, int h, int w, PoolKernels.Window g, float[] y, int[] idx,
                              double[] yd, int[] idxd) {
        int n = y.length;
        assertArrayEquals(idxd, idx, kernels);
        int per = g.outHeight() * g.outWidth();
        for (int i = 0; i < n; i++) {
            // the value is the window's winner itself, NaN payload and the sign of zero included
            assertEquals(Float.floatToRawIntBits(x[i / per * h * w + idx[i]]), Float.floatToRawIntBits(y[i]),
                    kernels + " output " + i);
            if (!Double.isNaN(yd[i])) {
                assertEquals(Float.floatToRawIntBits((float) yd[i]), Float.floatToRawIntBits(y[i]),
                        kernels + " output " + i);
            }
        }
    }
}

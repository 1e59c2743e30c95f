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
    @CsvSource({"37, 8, 8, 40", "64, 28, 28, 10", "9, 5, 7, 60", "200, 14, 14, 0", "3, 2, 2, 100"})
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
        PoolKernels.maxForward(g, x, planes, y, idx);
        PoolKernels.maxForward(g, xd, planes, yd, idxd);
        assertArrayEquals(idxd, idx);
        int per = g.outHeight() * g.outWidth();
        for (int i = 0; i < n; i++) {
            // the value is the window's winner itself, NaN payload and the sign of zero included
            assertEquals(Float.floatToRawIntBits(x[i / per * h * w + idx[i]]), Float.floatToRawIntBits(y[i]), "output " + i);
            if (!Double.isNaN(yd[i])) {
                assertEquals(Float.floatToRawIntBits((float) yd[i]), Float.floatToRawIntBits(y[i]), "output " + i);
            }
        }
    }
}

package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pixels to floats: every byte value, every provider, offsets and tails, exact quotients. */
class UnsignedBytesToFloatTest {
    private final Kernels[] providers = {new ScalarKernels(), new VectorKernels()};

    @Test
    void everyByteValueGivesTheCorrectlyRoundedQuotient() {
        byte[] src = new byte[256];
        for (int k = 0; k < 256; k++) {
            src[k] = (byte) k;
        }
        for (Kernels p : providers) {
            float[] dst = new float[256];
            p.unsignedBytesToFloat(src, 0, dst, 0, 256, 255f);
            for (int k = 0; k < 256; k++) {
                assertEquals(Float.floatToIntBits(k / 255f), Float.floatToIntBits(dst[k]), p.name() + " k=" + k);
            }
            assertEquals(1f, dst[255]);
            assertEquals(0.5019608f, dst[128]);
        }
    }

    @Test
    void offsetsAndTailsMatchTheScalarKernel() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : new int[] {0, 1, 7, 15, 16, 17, 63, 784, 1001}) {
            byte[] src = new byte[n + 9];
            for (int i = 0; i < src.length; i++) {
                src[i] = (byte) rnd.nextInt(256);
            }
            int so = rnd.nextInt(9);
            int dO = rnd.nextInt(5);
            float[] want = new float[n + 5];
            float[] got = new float[n + 5];
            java.util.Arrays.fill(got, -7f);
            java.util.Arrays.fill(want, -7f);
            providers[0].unsignedBytesToFloat(src, so, want, dO, n, 3f);
            providers[1].unsignedBytesToFloat(src, so, got, dO, n, 3f);
            org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, "n=" + n);
        }
    }

    @Test
    void rangesAreChecked() {
        SomaException e = assertThrows(SomaException.class,
                () -> providers[1].unsignedBytesToFloat(new byte[10], 4, new float[10], 0, 8, 255f));
        assertEquals("unsignedBytesToFloat: src needs 8 bytes from offset 4, the array has 10", e.getMessage());
    }

    @Test
    void gatheredRowsEqualRowByRowConversion() {
        SplittableRandom rnd = new SplittableRandom(11);
        int features = 784;
        byte[] images = new byte[300 * features];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) rnd.nextInt(256);
        }
        int[] order = new int[300];
        for (int i = 0; i < order.length; i++) {
            order[i] = rnd.nextInt(300);
        }
        // 3 rows (one thread) and 200 rows (split across the kernel threads), from an offset into the order
        for (int rows : new int[] {3, 200}) {
            float[] want = new float[rows * features + 2];
            for (int r = 0; r < rows; r++) {
                providers[0].unsignedBytesToFloat(images, order[50 + r] * features, want, 2 + r * features, features, 255f);
            }
            for (Kernels k : providers) {
                float[] got = new float[rows * features + 2];
                k.gatherUnsignedBytes(images, features, order, 50, 50 + rows, got, 2, 255f);
                org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, k.name() + ", " + rows + " rows");
            }
        }
        int[] bad = {0, 300};
        SomaException e = assertThrows(SomaException.class,
                () -> providers[1].gatherUnsignedBytes(images, features, bad, 0, 2, new float[2 * features], 0, 255f));
        assertEquals("unsignedBytesToFloat: src needs 784 bytes from offset 235200, the array has 235200", e.getMessage());
    }
}

package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Activations large enough to be split across threads ({@link ActivationJob}) give the bits of one thread, and of
 * the scalar code where the vector code equals it (ReLU), for lengths that are not multiples of the vector length.
 */
class ActivationJobTest {
    @Test
    void splitActivationsGiveTheBitsOfOneThread() {
        Activation[] fs = {Activation.relu(), Activation.leakyRelu(0.2), Activation.tanh(), Activation.identity()};
        int n = 3 * ActivationJob.MIN_PART + 37;
        SplittableRandom rng = new SplittableRandom(5);
        float[] x = new float[n + 3];
        float[] g = new float[n + 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
            g[i] = (float) rng.nextGaussian();
        }
        VectorKernels vk = new VectorKernels();
        int before = Parallel.threads();
        try {
            for (Activation f : fs) {
                Parallel.setThreads(1);
                assertEquals(1, ActivationJob.parts(n));
                float[] y1 = new float[n + 3];
                float[] gx1 = new float[n + 3];
                vk.activation(f, x, 3, y1, 1, n);
                vk.activationBackward(f, x, 3, y1, 1, g, 2, gx1, 0, n);
                for (int threads : new int[] {2, 3}) {
                    Parallel.setThreads(threads);
                    assertEquals(threads, ActivationJob.parts(n));
                    float[] y = new float[n + 3];
                    float[] gx = new float[n + 3];
                    vk.activation(f, x, 3, y, 1, n);
                    vk.activationBackward(f, x, 3, y, 1, g, 2, gx, 0, n);
                    assertArrayEquals(RawBits.of(y1), RawBits.of(y), f + " forward, " + threads + " threads");
                    assertArrayEquals(RawBits.of(gx1), RawBits.of(gx), f + " backward, " + threads + " threads");
                }
                if (f.kind() == Activation.Kind.RELU) {
                    float[] ys = new float[n + 3];
                    float[] gxs = new float[n + 3];
                    ScalarKernels sk = new ScalarKernels();
                    sk.activation(f, x, 3, ys, 1, n);
                    sk.activationBackward(f, x, 3, ys, 1, g, 2, gxs, 0, n);
                    assertArrayEquals(RawBits.of(ys), RawBits.of(y1), "relu forward against the scalar code");
                    assertArrayEquals(RawBits.of(gxs), RawBits.of(gx1), "relu backward against the scalar code");
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}

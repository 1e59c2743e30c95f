package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.soma.kernel.KernelProvider;
import dev.soma.kernel.Kernels;
import dev.soma.kernel.Parallel;
import dev.soma.kernel.VectorKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A linear layer followed by a ReLU compiles into one stage whose kernels add the bias and apply the ReLU to each
 * part of the product as it is finished; it must give the bits of the two layers' own stages one after the other,
 * forward and backward, on every GEMM path (few outputs, small products, one thread, split by columns, split by
 * rows) and for 1–3 threads.
 */
class LinearReluStageTest {
    private static final int[][] SHAPES = { // batch, in, out
        {7, 5, 3}, {33, 40, 10}, {512, 300, 12}, {1, 20, 30}, {16, 64, 64}, {128, 256, 128}, {64, 300, 700},
        {600, 96, 40}, {9, 1, 6},
    };

    /** With the SIMD kernels' vector code (the provider's own instance runs its scalar twin until warmed up). */
    @Test
    void fusedStageGivesTheBitsOfTheTwoStages() {
        Kernels simd = KernelProvider.simdOrNull();
        Assumptions.assumeTrue(simd != null, "no SIMD kernels on this JVM");
        int before = Parallel.threads();
        Kernels previous = KernelProvider.set(new VectorKernels());
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                for (int[] s : SHAPES) {
                    check(s[0], s[1], s[2], threads);
                }
            }
        } finally {
            KernelProvider.set(previous);
            Parallel.setThreads(before);
        }
    }

    private static void check(int batch, int in, int out, int threads) {
        String what = batch + "×" + in + "→" + out + ", " + threads + " threads";
        SplittableRandom rnd = new SplittableRandom(batch * 31L + in * 7L + out);
        Linear lin = new Linear(in, out, true, Initializers.heNormal(), rnd);
        float[] b = lin.bias().floats();
        for (int j = 0; j < b.length; j++) {
            b[j] = (float) (rnd.nextDouble() - 0.5);  // a bias that moves values across 0
        }
        ActivationLayer relu = ActivationLayer.of("relu");
        StageSpec spec = StageSpec.training(new int[] {in}, batch, true);
        Stage fused = lin.compileWith(spec, relu);
        assertNotNull(fused, "linear + relu should fuse: " + what);
        Stage first = lin.compile(spec);
        Stage second = relu.compile(StageSpec.training(new int[] {out}, batch, true));
        float[] x = new float[batch * in];
        float[] g = new float[batch * out];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) rnd.nextGaussian();
        }
        fused.forward(x, batch);
        fused.backward(x, g, batch);
        float[] y1 = fused.output().clone();
        float[] gIn1 = fused.inputGradient().clone();
        float[] gw1 = lin.weight().grad().toFloatArray();
        float[] gb1 = lin.bias().grad().toFloatArray();
        first.forward(x, batch);
        second.forward(first.output(), batch);
        second.backward(first.output(), g, batch);
        first.backward(x, second.inputGradient(), batch);
        assertArrayEquals(bits(second.output(), batch * out), bits(y1, batch * out), "output, " + what);
        assertArrayEquals(bits(first.inputGradient(), batch * in), bits(gIn1, batch * in), "input gradient, " + what);
        assertArrayEquals(bits(lin.weight().grad().toFloatArray(), gw1.length), bits(gw1, gw1.length), "dW, " + what);
        assertArrayEquals(bits(lin.bias().grad().toFloatArray(), gb1.length), bits(gb1, gb1.length), "db, " + what);
    }

    private static int[] bits(float[] x, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = Float.floatToRawIntBits(x[i]);
        }
        return r;
    }

    @Test
    void onlyReluIsTakenIn() {
        Linear lin = new Linear(4, 3, true, Initializers.heNormal(), new SplittableRandom(1));
        StageSpec spec = StageSpec.training(new int[] {4}, 2, false);
        org.junit.jupiter.api.Assertions.assertNull(lin.compileWith(spec, ActivationLayer.of("leaky_relu:0.2")));
        org.junit.jupiter.api.Assertions.assertNull(lin.compileWith(spec, ActivationLayer.of("tanh")));
        org.junit.jupiter.api.Assertions.assertNull(lin.compileWith(spec, new Linear(3, 2, true,
                Initializers.heNormal(), new SplittableRandom(2))));
    }
}

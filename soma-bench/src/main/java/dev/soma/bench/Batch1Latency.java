package dev.soma.bench;

import dev.soma.kernel.Activation;
import dev.soma.kernel.KernelProvider;
import dev.soma.kernel.Kernels;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The kernel-level floor of batch-1 inference for the B1 network 784-256-128-10: three x·Wᵀ products (W in
 * PyTorch's [out, in] layout), bias adds, ReLU and a softmax, on preallocated buffers, one image at a time.
 * Prints the median and 90th percentile latency in µs over 10,000 calls (after 20,000 warm-up calls).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp soma-bench/target/benchmarks.jar
 * dev.soma.bench.Batch1Latency [simd|scalar]}.
 */
public final class Batch1Latency {
    private Batch1Latency() {
    }

    public static void main(String[] args) {
        Kernels k = args.length > 0 && args[0].equals("scalar") ? KernelProvider.scalar() : KernelProvider.simdOrNull();
        int[] sizes = {784, 256, 128, 10};
        SplittableRandom rnd = new SplittableRandom(1);
        float[][] w = new float[3][];
        float[][] b = new float[3][];
        float[][] h = new float[4][];
        for (int l = 0; l < 3; l++) {
            w[l] = new float[sizes[l + 1] * sizes[l]];
            b[l] = new float[sizes[l + 1]];
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] = (float) (rnd.nextGaussian() * Math.sqrt(2.0 / sizes[l]));
            }
        }
        for (int l = 0; l < 4; l++) {
            h[l] = new float[sizes[l]];
        }
        Activation relu = Activation.relu();
        long[] times = new long[10_000];
        for (int call = -20_000; call < times.length; call++) {
            for (int i = 0; i < 784; i++) {
                h[0][i] = ((call + i) & 255) / 255f;
            }
            long t0 = System.nanoTime();
            for (int l = 0; l < 3; l++) {
                k.gemm(false, true, 1, sizes[l + 1], sizes[l], 1f, h[l], 0, sizes[l], w[l], 0, sizes[l], 0f,
                        h[l + 1], 0, sizes[l + 1]);
                k.add(h[l + 1], 0, b[l], 0, h[l + 1], 0, sizes[l + 1]);
                if (l < 2) {
                    k.activation(relu, h[l + 1], 0, h[l + 1], 0, sizes[l + 1]);
                }
            }
            k.softmaxRows(h[3], 0, 1, 10, h[3], 0);
            long t = System.nanoTime() - t0;
            if (call >= 0) {
                times[call] = t;
            }
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "# %s, java %s: batch-1 784-256-128-10 forward: median %.1f µs, p90 %.1f µs%n",
                k.name(), System.getProperty("java.version"), times[times.length / 2] / 1e3,
                times[times.length * 9 / 10] / 1e3);
    }
}

package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.ArrayDataset;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Tensor;
import dev.soma.train.History;
import dev.soma.train.TrainConfig;
import dev.soma.train.Trainer;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The SIMD provider's cold path (its scalar twin, {@link VectorTwin}, and the scalar code) against its vector code:
 * every kernel must give the same bits, for every GEMM path (unpacked dot products and rows with their tails, the
 * packed micro-kernel with edge tiles and several K blocks, every thread split), so that when the provider switches
 * from one to the other changes no result. The last test trains the same network both ways.
 */
class VectorTwinTest {
    private final VectorKernels vector = new VectorKernels();
    private final VectorKernels twin = VectorKernels.twinOnly();
    private final SplittableRandom rnd = new SplittableRandom(77);

    /** Random values with some of every kind: ±0, ±∞, NaN, subnormals, and ordinary values of both signs. */
    private float[] values(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(40);
            x[i] = kind == 0 ? 0f : kind == 1 ? -0f : kind == 2 ? Float.MIN_VALUE * rnd.nextInt(1, 100)
                    : kind == 3 ? -Float.MIN_NORMAL / 3 : (float) (rnd.nextDouble() * 8 - 4);
        }
        return x;
    }

    /** Like {@link #values} plus infinities and NaN (for the elementwise kernels). */
    private float[] special(int n) {
        float[] x = values(n);
        for (int i = 0; i < n; i += 1 + rnd.nextInt(30)) {
            x[i] = new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}[rnd.nextInt(3)];
        }
        return x;
    }

    private static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Float.floatToIntBits(x[i]);
        }
        return b;
    }

    private void gemmCase(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta) {
        int lda = (ta ? m : k) + rnd.nextInt(3);
        int ldb = (tb ? k : n) + rnd.nextInt(3);
        int ldc = n + rnd.nextInt(3);
        int aOff = rnd.nextInt(4);
        int bOff = rnd.nextInt(4);
        int cOff = rnd.nextInt(4);
        float[] a = values(aOff + (ta ? k : m) * lda);
        float[] b = values(bOff + (tb ? n : k) * ldb);
        float[] c = values(cOff + m * ldc);
        if (beta == 0f) {
            c[rnd.nextInt(c.length)] = Float.NaN; // β = 0 must overwrite whatever C holds
        }
        float[] cv = c.clone();
        float[] ct = c.clone();
        vector.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, cv, cOff, ldc);
        twin.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, ct, cOff, ldc);
        assertArrayEquals(bits(cv), bits(ct), String.format("gemm ta=%b tb=%b %d×%d×%d alpha=%s beta=%s threads=%d",
                ta, tb, m, n, k, alpha, beta, Parallel.threads()));
    }

    @Test
    void gemmGivesTheVectorCodesBitsOnEveryPath() {
        int v = VectorGemm.V;
        int kc = VectorGemm.KC;
        int[][] shapes = {
            {1, 10, 784}, {2, 256, 784}, {1, 7, 2 * v + 3}, {3, 9, v - 1}, {5, 4 * v + v + 3, 17}, {7, 13, 3 * v}, // small
            {64, 10, 128}, {128, 10, 128}, {33, 3 * v + 5, 2 * v + 1}, {3, 13 * v + 5, 9}, {32, 784, 9},         // small
            {37, 2 * v + 5, 3 * kc + 7}, {128, 256, 784}, {129, 67, 300}, {256, 784, 128}, {784, 40, 256},     // packed
            {300, 30, 700}, {5, 1000, 300}, {8, 40, 20000}, {64, 196, 288},                                    // packed
            {512, 10, 2048}, {130, v, 300}, {1000, 7, 200}, {77, 1, 50}, {9, v - 3, 1},                          // narrow
        };
        int before = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                for (int[] s : shapes) {
                    for (int t = 0; t < 4; t++) {
                        boolean ta = (t & 1) != 0;
                        boolean tb = (t & 2) != 0;
                        float alpha = new float[] {1f, 0.75f, -2f}[rnd.nextInt(3)];
                        float beta = new float[] {0f, 1f, 0.5f}[rnd.nextInt(3)];
                        gemmCase(ta, tb, s[0], s[1], s[2], alpha, beta);
                    }
                }
                gemmCase(false, true, 4, 4, 0, 1f, 0.5f);  // k = 0: C = β·C
                gemmCase(false, false, 4, 4, 9, 0f, 0f);   // α = 0
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    private void same(String what, Consumer<Kernels> op, float[]... outputs) {
        float[][] saved = new float[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            saved[i] = outputs[i].clone();
        }
        op.accept(vector);
        int[][] expected = new int[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            expected[i] = bits(outputs[i]);
            System.arraycopy(saved[i], 0, outputs[i], 0, saved[i].length);
        }
        op.accept(twin);
        for (int i = 0; i < outputs.length; i++) {
            assertArrayEquals(expected[i], bits(outputs[i]), what + ", output " + i);
        }
    }

    @Test
    void everyOtherKernelGivesTheVectorCodesBits() {
        Activation[] activations = {Activation.identity(), Activation.relu(), Activation.leakyRelu(),
            Activation.leakyRelu(0.2), Activation.tanh(), Activation.sigmoid(), Activation.gelu(), Activation.elu()};
        for (int t = 0; t < 40; t++) {
            int n = new int[] {0, 1, 7, 15, 16, 17, 31, 64, 100, 257, 1000}[rnd.nextInt(11)];
            float[] a = special(n);
            float[] b = special(n);
            float[] out = values(n);
            String at = "n=" + n;
            same("add " + at, k -> k.add(a, 0, b, 0, out, 0, n), out);
            same("sub " + at, k -> k.sub(a, 0, b, 0, out, 0, n), out);
            same("mul " + at, k -> k.mul(a, 0, b, 0, out, 0, n), out);
            same("div " + at, k -> k.div(a, 0, b, 0, out, 0, n), out);
            same("scale " + at, k -> k.scale(-1.5f, a, 0, out, 0, n), out);
            same("axpy " + at, k -> k.axpy(0.3f, a, 0, out, 0, n), out);
            same("exp " + at, k -> k.exp(a, 0, out, 0, n), out);
            float[] x = values(n);
            float[] y = values(n);
            assertEquals(vector.sum(x, 0, n), twin.sum(x, 0, n), 0.0, "sum " + at);
            assertEquals(vector.dot(x, 0, y, 0, n), twin.dot(x, 0, y, 0, n), 0.0, "dot " + at);
            for (Activation f : activations) {
                same(f + " " + at, k -> k.activation(f, a, 0, out, 0, n), out);
                float[] fy = new float[n];
                vector.activation(f, a, 0, fy, 0, n);
                same(f + " backward " + at, k -> k.activationBackward(f, a, 0, fy, 0, b, 0, out, 0, n), out);
            }
            byte[] pixels = new byte[n + 3];
            rnd.nextBytes(pixels);
            same("bytes " + at, k -> k.unsignedBytesToFloat(pixels, 3, out, 0, n, 255f), out);
        }
        for (int t = 0; t < 30; t++) {
            int rows = 1 + rnd.nextInt(40);
            int cols = new int[] {1, 3, 10, 16, 17, 33, 128, 300}[rnd.nextInt(8)];
            float[] x = values(rows * cols);
            float[] bias = values(cols);
            float[] out = values(rows * cols);
            float[] sums = values(cols);
            String at = rows + "×" + cols;
            same("addRowVector " + at, k -> k.addRowVector(x, 0, rows, cols, bias, 0, out, 0), out);
            same("columnSums " + at, k -> k.columnSums(x, 0, rows, cols, sums, 0, false), sums);
            same("columnSums accumulate " + at, k -> k.columnSums(x, 0, rows, cols, sums, 0, true), sums);
            same("softmax " + at, k -> k.softmaxRows(x, 0, rows, cols, out, 0), out);
            same("logSoftmax " + at, k -> k.logSoftmaxRows(x, 0, rows, cols, out, 0), out);
            int[] order = rnd.ints(rows, 0, rows).toArray();
            byte[] images = new byte[rows * cols];
            rnd.nextBytes(images);
            same("gather " + at, k -> k.gatherUnsignedBytes(images, cols, order, 0, rows, out, 0, 255f), out);
        }
        for (int n : new int[] {5, 16, 100, 5000, 40_000}) {
            float[] p = values(n);
            float[] g = values(n);
            float[] m = values(n);
            float[] v = values(n);
            for (int i = 0; i < n; i++) {
                v[i] = Math.abs(v[i]);
            }
            for (float l2 : new float[] {0f, 1e-3f}) {
                same("adam n=" + n + " l2=" + l2, k -> k.adamStep(p, g, m, v, 0, n, 0.9f, 0.1f, 0.999f, 0.001f,
                        1e-3f, 0.05f, 1e-8f, l2, l2 == 0f ? 1f : 0.999f, null), p, m, v);
                float[] before = new float[n];
                same("adam, copying, n=" + n + " l2=" + l2, k -> k.adamStep(p, g, m, v, 0, n, 0.9f, 0.1f, 0.999f,
                        0.001f, 1e-3f, 0.05f, 1e-8f, l2, l2 == 0f ? 1f : 0.999f, before), p, m, v, before);
            }
        }
    }

    @Test
    void theWarmUpRunsTheTwinsPathsThenTheVectorCodeUntilFast() {
        WarmUp.runTwin(3);
        int rounds = WarmUp.run(new VectorKernels());
        // on a JVM that compiles (this one), the warm-up ends because its rounds became fast, not at its cap: the cap
        // is for JVMs that never compile them (-Xint), where every round stays interpreted
        System.out.println("warm-up rounds: " + rounds);
        assertTrue(rounds < WarmUp.MAX_ROUNDS, "the warm-up ran into its cap of " + WarmUp.MAX_ROUNDS + " rounds");
    }

    @Test
    void trainingColdOrWarmLeavesTheSameWeights() {
        ArrayDataset data = blobs(300, 200, 10);
        TrainConfig cfg = new TrainConfig().optimizer("adam").lr(1e-3).batchSize(64).epochs(2).seed(3).threads(2);
        int[][] weights = new int[2][];
        double[] losses = new double[2];
        Kernels before = KernelProvider.set(vector);
        try {
            for (int mode = 0; mode < 2; mode++) {
                KernelProvider.set(mode == 0 ? vector : twin);
                Sequential model = Sequential.fromSpec("linear:200:128,relu,linear:128:64,leaky_relu:0.1,linear:64:10",
                        null, 9);
                History h = new Trainer(cfg).fit(model, data, null);
                losses[mode] = h.last().trainLoss();
                weights[mode] = flat(model.stateDict());
            }
        } finally {
            KernelProvider.set(before);
        }
        assertArrayEquals(weights[0], weights[1]);
        assertEquals(losses[0], losses[1], 0.0);
        Sequential untrained = Sequential.fromSpec("linear:200:128,relu,linear:128:64,leaky_relu:0.1,linear:64:10",
                null, 9);
        assertNotEquals(java.util.Arrays.hashCode(flat(untrained.stateDict())), java.util.Arrays.hashCode(weights[0]),
                "training changed the weights");
    }

    private static int[] flat(Map<String, Tensor> state) {
        int size = 0;
        for (Tensor t : state.values()) {
            size += (int) t.numel();
        }
        int[] all = new int[size];
        int o = 0;
        for (Tensor t : state.values()) {
            for (float f : t.toFloatArray()) {
                all[o++] = Float.floatToIntBits(f);
            }
        }
        return all;
    }

    private static ArrayDataset blobs(int n, int features, int classes) {
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) (r.nextGaussian() + (j % classes == y[i] ? 1.5 : 0));
            }
        }
        return ArrayDataset.classification("blobs", x, features, y, classes, null);
    }
}

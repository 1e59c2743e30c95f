package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every SIMD kernel other than gemm against the scalar reference, on random lengths from 0 to a few vectors plus a
 * tail (tails shorter than a vector included) and at random offsets. Most kernels do the same IEEE operation per
 * element in the same order as the scalar code, so they must agree bit for bit; the exceptions say why they may
 * differ and by how much.
 */
class VectorKernelsTest {
    private final Kernels simd = new VectorKernels();
    private final Kernels scalar = new ScalarKernels();
    private final SplittableRandom rnd = new SplittableRandom(1234);

    private float[] random(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 8 - 4);
        }
        return x;
    }

    private int length() {
        int[] lengths = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 100, 257};
        return lengths[rnd.nextInt(lengths.length)];
    }

    @FunctionalInterface
    interface Binary {
        void apply(Kernels k, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);
    }

    private void binaryExact(String name, Binary op) {
        for (int t = 0; t < 60; t++) {
            int n = length();
            int ao = rnd.nextInt(5);
            int bo = rnd.nextInt(5);
            int oo = rnd.nextInt(5);
            float[] a = random(ao + n);
            float[] b = random(bo + n);
            float[] e = random(oo + n + 2);
            float[] s = e.clone();
            op.apply(scalar, a, ao, b, bo, e, oo, n);
            op.apply(simd, a, ao, b, bo, s, oo, n);
            assertArrayEquals(e, s, name + " n=" + n);
        }
    }

    @Test
    void elementwiseIsBitIdentical() {
        binaryExact("add", Kernels::add);
        binaryExact("sub", Kernels::sub);
        binaryExact("mul", Kernels::mul);
        binaryExact("div", Kernels::div);
        binaryExact("scale", (k, a, ao, b, bo, o, oo, n) -> k.scale(-1.7f, a, ao, o, oo, n));
        binaryExact("axpy", (k, a, ao, b, bo, o, oo, n) -> k.axpy(0.3f, a, ao, o, oo, n));
        binaryExact("relu", (k, a, ao, b, bo, o, oo, n) -> k.activation(Activation.relu(), a, ao, o, oo, n));
        binaryExact("identity", (k, a, ao, b, bo, o, oo, n) -> k.activation(Activation.identity(), a, ao, o, oo, n));
        binaryExact("sigmoid", (k, a, ao, b, bo, o, oo, n) -> k.activation(Activation.sigmoid(), a, ao, o, oo, n));
        binaryExact("exp", (k, a, ao, b, bo, o, oo, n) -> k.exp(a, ao, o, oo, n));
        binaryExact("relu backward", (k, a, ao, b, bo, o, oo, n) ->
                k.activationBackward(Activation.relu(), a, ao, a, ao, b, bo, o, oo, n));
        binaryExact("identity backward", (k, a, ao, b, bo, o, oo, n) ->
                k.activationBackward(Activation.identity(), a, ao, a, ao, b, bo, o, oo, n));
        binaryExact("tanh backward", (k, a, ao, b, bo, o, oo, n) ->
                k.activationBackward(Activation.tanh(), a, ao, a, ao, b, bo, o, oo, n));
    }

    @Test
    void reluEdgeCases() {
        float[] x = {-0f, 0f, Float.NaN, -1e-30f, 1e-30f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
            -2, 2, 3, -3, 4, -4, 5, -5, 6, -6, 7};
        float[] e = new float[x.length];
        float[] s = new float[x.length];
        scalar.activation(Activation.relu(), x, 0, e, 0, x.length);
        simd.activation(Activation.relu(), x, 0, s, 0, x.length);
        assertArrayEquals(e, s);
        assertEquals(0f, s[2], "relu(NaN) is 0 as in the scalar kernel (x > 0 is false)");
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(s[0]), "relu(-0) is +0");
    }

    /**
     * Leaky ReLU: the scalar kernel forms slope·x in double and rounds once; the SIMD one multiplies by the slope
     * rounded to float, a second rounding: at most 1.5 ulp of the result apart.
     */
    @Test
    void leakyReluWithinOneAndAHalfUlp() {
        Activation f = Activation.leakyRelu(0.01);
        for (int t = 0; t < 30; t++) {
            int n = length();
            float[] x = random(n);
            float[] g = random(n);
            float[] e = new float[n];
            float[] s = new float[n];
            scalar.activation(f, x, 0, e, 0, n);
            simd.activation(f, x, 0, s, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(e[i], s[i], 1.5 * Math.ulp(e[i]), "leaky_relu(" + x[i] + ")");
            }
            scalar.activationBackward(f, x, 0, e, 0, g, 0, e, 0, n);
            simd.activationBackward(f, x, 0, s, 0, g, 0, s, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(e[i], s[i], 1.5 * Math.ulp(e[i]), "leaky_relu'(" + x[i] + ")·" + g[i]);
            }
        }
    }

    @Test
    void rowwiseKernelsAreBitIdentical() {
        for (int t = 0; t < 40; t++) {
            int rows = 1 + rnd.nextInt(6);
            int cols = 1 + rnd.nextInt(70);
            int xo = rnd.nextInt(4);
            float[] x = random(xo + rows * cols);
            float[] bias = random(cols + 1);
            float[][] outs = new float[2][];
            Kernels[] ks = {scalar, simd};
            for (int w = 0; w < 8; w++) {
                float[] init = random(rows * cols + 1);
                float[] big = x.clone();
                big[xo + rnd.nextInt(rows * cols)] = 80f;  // a large logit: stability
                for (int p = 0; p < 2; p++) {
                    float[] out = init.clone();
                    switch (w) {
                        case 0: ks[p].softmaxRows(x, xo, rows, cols, out, 1); break;
                        case 1: ks[p].logSoftmaxRows(x, xo, rows, cols, out, 1); break;
                        case 2: ks[p].addRowVector(x, xo, rows, cols, bias, 1, out, 0); break;
                        case 3: ks[p].columnSums(x, xo, rows, cols, out, 1, false); break;
                        case 4: ks[p].columnSums(x, xo, rows, cols, out, 0, true); break;
                        default: ks[p].softmaxRows(big, xo, rows, cols, out, 0);
                    }
                    outs[p] = out;
                }
                assertArrayEquals(outs[0], outs[1], "row kernel " + w + " rows=" + rows + " cols=" + cols);
            }
        }
    }

    /**
     * Sum and dot accumulate in double in both providers, in lanes here and left to right there: with n float
     * terms the two differ by at most 2·n·2⁻⁵³·Σ|terms|.
     */
    @Test
    void sumAndDotWithinDoubleRounding() {
        for (int t = 0; t < 50; t++) {
            int n = length();
            int o = rnd.nextInt(3);
            float[] x = random(o + n);
            float[] y = random(o + n);
            double absSum = 0;
            double absDot = 0;
            for (int i = 0; i < n; i++) {
                absSum += Math.abs(x[o + i]);
                absDot += Math.abs((double) x[o + i] * y[o + i]);
            }
            double eps = 2 * n * Math.ulp(1.0) / 2;
            assertEquals(scalar.sum(x, o, n), simd.sum(x, o, n), eps * absSum + 1e-300, "sum n=" + n);
            assertEquals(scalar.dot(x, o, y, o, n), simd.dot(x, o, y, o, n), eps * absDot + 1e-300, "dot n=" + n);
        }
        float[] ones = new float[1000];
        java.util.Arrays.fill(ones, 0.5f);
        assertEquals(500.0, simd.sum(ones, 0, 1000));
        assertEquals(250.0, simd.dot(ones, 0, ones, 0, 1000));
    }

    @Test
    void nameSaysSimd() {
        assertTrue(simd.name().startsWith("simd-"), simd.name());
    }
}

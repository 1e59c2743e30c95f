package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused Adam/AdamW step: a hand-computed step, the double-precision formula, and SIMD = scalar bit for bit. */
class AdamStepTest {
    private final Kernels[] providers = {new ScalarKernels(), new VectorKernels()};

    @Test
    void firstStepByHand() {
        for (Kernels k : providers) {
            // t = 1, g = 0.5: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25, step = 0.1·0.5/(0.5 + 1e-8) ≈ 0.1
            float[] p = {1f, 1f};
            float[] g = {0.5f, 0.5f};
            float[] m = new float[2];
            float[] v = new float[2];
            // scalars as the optimizer forms them: 1 − β in double, rounded once; lr/(1 − β1¹) = 0.1/0.1 = 1;
            // √(1 − β2¹) = √0.001
            float c1 = (float) (1 - 0.9);
            float c2 = (float) (1 - 0.999);
            k.adamStep(p, g, m, v, 0, 1, 0.9f, c1, 0.999f, c2, 1f, (float) Math.sqrt(0.001), 1e-8f, 0f, 1f, null);
            assertEquals(0.1f * 0.5f, m[0], k.name());
            assertEquals(c2 * 0.25f, v[0], k.name());
            assertEquals(0.05f, m[0], 2e-8f);
            assertEquals(0.9f, p[0], 1e-6f, k.name());
            assertEquals(1f, p[1], "index 1 is outside the range and untouched");
            // AdamW: the decay multiplies p before the Adam step: 1·(1 − 0.1·0.01) − 0.1 = 0.899
            float[] q = {1f};
            k.adamStep(q, new float[] {0.5f}, new float[1], new float[1], 0, 1, 0.9f, c1, 0.999f, c2, 1f,
                    (float) Math.sqrt(0.001), 1e-8f, 0f, (float) (1 - 0.1 * 0.01), null);
            assertEquals(0.899f, q[0], 1e-6f, k.name());
            // Adam's coupled L2 enters through g' = g + l2·p = 0.5 + 0.5·1 = 1 (m, v start at 0.2, 0.01)
            float[] r = {1f};
            float[] rm = {0.2f};
            float[] rv = {0.01f};
            k.adamStep(r, new float[] {0.5f}, rm, rv, 0, 1, 0.9f, c1, 0.999f, c2, 1f, (float) Math.sqrt(0.001),
                    1e-8f, 0.5f, 1f, null);
            assertEquals(0.9 * 0.2 + 0.1 * 1, rm[0], 1e-7, k.name());
            assertEquals(0.999 * 0.01 + 0.001 * 1, rv[0], 1e-9, k.name());
            assertEquals(1 - 0.28 / (Math.sqrt(0.01099) / Math.sqrt(0.001)), r[0], 1e-6, k.name());
        }
    }

    @Test
    void matchesTheFormulaInDouble() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 37;
        float[] p = new float[n];
        float[] g = new float[n];
        float[] m = new float[n];
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) rnd.nextGaussian();
            g[i] = (float) rnd.nextGaussian();
            m[i] = (float) (0.1 * rnd.nextGaussian());
            v[i] = (float) (0.01 * rnd.nextDouble());
        }
        float[] p0 = p.clone();
        float[] m0 = m.clone();
        float[] v0 = v.clone();
        int t = 3;
        double b1 = 0.9;
        double b2 = 0.999;
        float c1 = (float) (1 - Math.pow(0.9f, t));
        float c2 = (float) (1 - Math.pow(0.999f, t));
        providers[1].adamStep(p, g, m, v, 0, n, 0.9f, (float) (1 - b1), 0.999f, (float) (1 - b2), 1e-3f / c1,
                (float) Math.sqrt(c2), 1e-8f, 0f, (float) (1 - 1e-3 * 0.05), null);
        for (int i = 0; i < n; i++) {
            double mi = (float) b1 * (double) m0[i] + (1 - b1) * (double) g[i];
            double vi = (float) b2 * (double) v0[i] + (1 - b2) * (double) g[i] * g[i];
            double pi = p0[i] * (1 - 1e-3 * 0.05) - 1e-3 / c1 * mi / (Math.sqrt(vi) / Math.sqrt(c2) + 1e-8);
            // float32 arithmetic: a few roundings of 2⁻²⁴ on each term; the sums may cancel, so the tolerance is
            // relative to the terms, not to the result; the update (≈ lr) inherits m's relative error.
            double mTerms = Math.abs(b1 * m0[i]) + Math.abs((1 - b1) * g[i]);
            double update = 1e-3 / c1 * Math.abs(mi) / (Math.sqrt(vi) / Math.sqrt(c2) + 1e-8);
            assertEquals(mi, m[i], 1e-6 * mTerms, "m[" + i + "]");
            assertEquals(vi, v[i], 1e-6 * vi + 1e-12, "v[" + i + "]");
            assertEquals(pi, p[i], 1e-6 * Math.abs(p0[i]) + 1e-5 * update * (1 + mTerms / Math.abs(mi)), "p[" + i + "]");
        }
    }

    @Test
    void simdEqualsScalarBitForBit() {
        SplittableRandom rnd = new SplittableRandom(99);
        // 100,003 and 300,000: large enough to be split across the kernel threads
        for (int n : new int[] {0, 1, 7, 15, 16, 17, 33, 100, 1000, 100_003, 300_000}) {
            int off = rnd.nextInt(5);
            float[][] state = new float[4][off + n + 3];
            for (float[] a : state) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) rnd.nextGaussian();
                }
            }
            for (int i = 0; i < state[3].length; i++) {
                state[3][i] = Math.abs(state[3][i]) * 0.01f;  // v ≥ 0
            }
            float[][] s = deepCopy(state);
            float[][] w = deepCopy(state);
            for (int t = 1; t <= 4; t++) {
                float step = (float) (1e-3 / (1 - Math.pow(0.9, t)));
                float sqrtC2 = (float) Math.sqrt(1 - Math.pow(0.999, t));
                float l2 = t % 2 == 0 ? 0.02f : 0f;  // Adam's coupled penalty on even steps, AdamW's decay always
                for (int k = 0; k < 2; k++) {
                    float[][] x = k == 0 ? s : w;
                    // the second provider also copies p into `before` (where it runs the step in parallel slices:
                    // n ≥ 2·16384); the copy changes nothing else
                    float[] p0 = x[0].clone();
                    float[] before = new float[p0.length];
                    java.util.Arrays.fill(before, -7f);
                    providers[k].adamStep(x[0], x[1], x[2], x[3], off, n, 0.9f, 0.1f, 0.999f, 0.001f, step, sqrtC2,
                            1e-8f, l2, 0.99999f, k == 1 ? before : null);
                    if (k == 1) {
                        for (int i = 0; i < before.length; i++) {
                            assertEquals(i >= off && i < off + n ? p0[i] : -7f, before[i], "before[" + i + "], n=" + n);
                        }
                    }
                }
            }
            for (int a = 0; a < 4; a++) {
                assertArrayEquals(s[a], w[a], "array " + a + ", n=" + n);
            }
        }
    }

    private static float[][] deepCopy(float[][] x) {
        float[][] y = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
        }
        return y;
    }
}

package dev.soma.kernel;

/**
 * The arithmetic of batch normalization, written once for both paths (the graph's operation and the compiled
 * stage) in float32 and its float64 twin. Values are laid out {@code [n, c, s]}: n examples, c channels, s values
 * per channel and example (1 for [N, C], L for [N, C, L], H·W for [N, C, H, W]); statistics are per channel over
 * the m = n·s values ({@link BatchNormKernels64} is the float64 twin). Sums are accumulated in double (per example and channel, then over the examples); every
 * routine writes into arrays the caller owns (scratch included), so a stage that allocates them once allocates
 * nothing per call.
 */
public final class BatchNormKernels {
    private BatchNormKernels() {
    }

    /**
     * Per channel: the mean, the biased variance (÷ m) and invstd = 1/√(var + eps), in two passes (the mean, then
     * the squared deviations from it). {@code acc} holds 2·c doubles of scratch.
     */
    public static void stats(float[] x, int n, int c, int s, double eps, float[] mean, float[] var, float[] invstd,
            double[] acc) {
        int m = n * s;
        java.util.Arrays.fill(acc, 0, 2 * c, 0.0);
        for (int i = 0; i < n; i++) {
            int row = i * c * s;
            if (s == 1) {
                for (int ch = 0; ch < c; ch++) {
                    acc[ch] += x[row + ch];
                }
            } else {
                for (int ch = 0; ch < c; ch++) {
                    acc[ch] += sum(x, row + ch * s, s);
                }
            }
        }
        for (int ch = 0; ch < c; ch++) {
            acc[c + ch] = acc[ch] / m; // the mean in double
            acc[ch] = 0;
        }
        for (int i = 0; i < n; i++) {
            int row = i * c * s;
            if (s == 1) {
                for (int ch = 0; ch < c; ch++) {
                    double d = x[row + ch] - acc[c + ch];
                    acc[ch] += d * d;
                }
            } else {
                for (int ch = 0; ch < c; ch++) {
                    acc[ch] += squaredDeviations(x, row + ch * s, s, acc[c + ch]);
                }
            }
        }
        for (int ch = 0; ch < c; ch++) {
            double v = acc[ch] / m;
            mean[ch] = (float) acc[c + ch];
            var[ch] = (float) v;
            invstd[ch] = (float) (1.0 / Math.sqrt(v + eps));
        }
    }

    /** Σ x[off, off + len) in double, four partial sums (independent additions). */
    private static double sum(float[] x, int off, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            s0 += x[off + j];
            s1 += x[off + j + 1];
            s2 += x[off + j + 2];
            s3 += x[off + j + 3];
        }
        for (; j < len; j++) {
            s0 += x[off + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (x − mu)² over x[off, off + len) in double, four partial sums. */
    private static double squaredDeviations(float[] x, int off, int len, double mu) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            double d0 = x[off + j] - mu;
            double d1 = x[off + j + 1] - mu;
            double d2 = x[off + j + 2] - mu;
            double d3 = x[off + j + 3] - mu;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; j < len; j++) {
            double d = x[off + j] - mu;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** invstd = 1/√(var + eps) per channel (evaluation mode, from the running variance). */
    public static void invstd(float[] var, int c, double eps, float[] invstd) {
        for (int ch = 0; ch < c; ch++) {
            invstd[ch] = (float) (1.0 / Math.sqrt(var[ch] + eps));
        }
    }

    /**
     * running = (1 − momentum)·running + momentum·batch, with the batch variance made unbiased (× m/(m − 1)) as
     * torch does for the running variance.
     */
    public static void updateRunning(float[] runMean, float[] runVar, float[] mean, float[] var, int c, int m,
            double momentum) {
        double unbias = (double) m / (m - 1);
        for (int ch = 0; ch < c; ch++) {
            runMean[ch] = (float) ((1 - momentum) * runMean[ch] + momentum * mean[ch]);
            runVar[ch] = (float) ((1 - momentum) * runVar[ch] + momentum * (var[ch] * unbias));
        }
    }

    /** y = (x − mean)·invstd·weight + bias per channel; weight and bias may be null (1 and 0). */
    public static void normalize(float[] x, int n, int c, int s, float[] mean, float[] invstd, float[] weight,
            float[] bias, float[] y) {
        if (s == 1) { // [N, C]: one value per example and channel, rows of c
            for (int i = 0; i < n; i++) {
                int row = i * c;
                for (int ch = 0; ch < c; ch++) {
                    y[row + ch] = (x[row + ch] - mean[ch]) * invstd[ch] * (weight == null ? 1f : weight[ch])
                            + (bias == null ? 0f : bias[ch]);
                }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * s;
                float mu = mean[ch];
                float is = invstd[ch];
                float w = weight == null ? 1f : weight[ch];
                float b = bias == null ? 0f : bias[ch];
                for (int j = 0; j < s; j++) {
                    y[base + j] = (x[base + j] - mu) * is * w + b;
                }
            }
        }
    }

    /**
     * The gradients from g = ∂loss/∂y, with x̂ = (x − mean)·invstd: ∂weight = Σ g·x̂, ∂bias = Σ g and ∂x. With batch
     * statistics ∂x = weight·invstd·(g − mean(g) − x̂·mean(g·x̂)) (the statistics depend on x); with fixed ones
     * ∂x = g·weight·invstd. Any of gx, gWeight, gBias may be null (not wanted); weight null means 1. {@code acc}
     * holds 2·c doubles of scratch.
     */
    public static void backward(float[] x, float[] g, int n, int c, int s, float[] mean, float[] invstd,
            float[] weight, boolean batchStats, float[] gx, float[] gWeight, float[] gBias, double[] acc) {
        int m = n * s;
        java.util.Arrays.fill(acc, 0, 2 * c, 0.0);
        for (int i = 0; i < n && s == 1; i++) {
            int row = i * c;
            for (int ch = 0; ch < c; ch++) {
                float xh = (x[row + ch] - mean[ch]) * invstd[ch];
                acc[ch] += g[row + ch];
                acc[c + ch] += (double) g[row + ch] * xh;
            }
        }
        for (int i = 0; i < n && s > 1; i++) {
            int row = i * c * s;
            for (int ch = 0; ch < c; ch++) {
                int base = row + ch * s;
                float mu = mean[ch];
                float is = invstd[ch];
                double sg = 0;
                double sgx = 0;
                for (int j = 0; j < s; j++) {
                    float xh = (x[base + j] - mu) * is;
                    sg += g[base + j];
                    sgx += (double) g[base + j] * xh;
                }
                acc[ch] += sg;
                acc[c + ch] += sgx;
            }
        }
        for (int ch = 0; ch < c; ch++) {
            if (gWeight != null) {
                gWeight[ch] = (float) acc[c + ch];
            }
            if (gBias != null) {
                gBias[ch] = (float) acc[ch];
            }
        }
        if (gx == null) {
            return;
        }
        for (int ch = 0; ch < c; ch++) { // the per-channel means of g and g·x̂, rounded to float once
            acc[ch] = (float) (acc[ch] / m);
            acc[c + ch] = (float) (acc[c + ch] / m);
        }
        for (int i = 0; i < n && s == 1; i++) {
            int row = i * c;
            for (int ch = 0; ch < c; ch++) {
                float is = invstd[ch];
                float a = (weight == null ? 1f : weight[ch]) * is;
                float xh = (x[row + ch] - mean[ch]) * is;
                gx[row + ch] = batchStats ? a * (g[row + ch] - (float) acc[ch] - xh * (float) acc[c + ch])
                        : a * g[row + ch];
            }
        }
        for (int i = 0; i < n && s > 1; i++) {
            int row = i * c * s;
            for (int ch = 0; ch < c; ch++) {
                int base = row + ch * s;
                float mu = mean[ch];
                float is = invstd[ch];
                float a = (weight == null ? 1f : weight[ch]) * is;
                if (batchStats) {
                    float mg = (float) acc[ch];
                    float mgx = (float) acc[c + ch];
                    for (int j = 0; j < s; j++) {
                        float xh = (x[base + j] - mu) * is;
                        gx[base + j] = a * (g[base + j] - mg - xh * mgx);
                    }
                } else {
                    for (int j = 0; j < s; j++) {
                        gx[base + j] = a * g[base + j];
                    }
                }
            }
        }
    }
}

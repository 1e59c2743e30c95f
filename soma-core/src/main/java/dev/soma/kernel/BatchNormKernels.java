package dev.soma.kernel;

/**
 * The arithmetic of batch normalization, written once for both paths (the graph's operation and the compiled
 * stage) in float32 and its float64 twin. Values are laid out {@code [n, c, s]}: n examples, c channels, s values
 * per channel and example (1 for [N, C], L for [N, C, L], H·W for [N, C, H, W]); statistics are per channel over
 * the m = n·s values. Sums are accumulated in double; every routine writes into arrays the caller owns, so a stage
 * that allocates them once allocates nothing per call.
 */
public final class BatchNormKernels {
    private BatchNormKernels() {
    }

    /** Per channel: the mean, the biased variance (÷ m) and invstd = 1/√(var + eps). */
    public static void stats(float[] x, int n, int c, int s, double eps, float[] mean, float[] var, float[] invstd) {
        int m = n * s;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * s;
                for (int j = 0; j < s; j++) {
                    sum += x[base + j];
                }
            }
            double mu = sum / m;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * s;
                for (int j = 0; j < s; j++) {
                    double d = x[base + j] - mu;
                    sq += d * d;
                }
            }
            mean[ch] = (float) mu;
            var[ch] = (float) (sq / m);
            invstd[ch] = (float) (1.0 / Math.sqrt(sq / m + eps));
        }
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
     * ∂x = g·weight·invstd. Any of gx, gWeight, gBias may be null (not wanted); weight null means 1.
     */
    public static void backward(float[] x, float[] g, int n, int c, int s, float[] mean, float[] invstd,
            float[] weight, boolean batchStats, float[] gx, float[] gWeight, float[] gBias) {
        int m = n * s;
        for (int ch = 0; ch < c; ch++) {
            float mu = mean[ch];
            float is = invstd[ch];
            double sg = 0;
            double sgx = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * s;
                for (int j = 0; j < s; j++) {
                    float xh = (x[base + j] - mu) * is;
                    sg += g[base + j];
                    sgx += (double) g[base + j] * xh;
                }
            }
            if (gWeight != null) {
                gWeight[ch] = (float) sgx;
            }
            if (gBias != null) {
                gBias[ch] = (float) sg;
            }
            if (gx == null) {
                continue;
            }
            float a = (weight == null ? 1f : weight[ch]) * is;
            float mg = batchStats ? (float) (sg / m) : 0f;
            float mgx = batchStats ? (float) (sgx / m) : 0f;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * s;
                for (int j = 0; j < s; j++) {
                    float xh = (x[base + j] - mu) * is;
                    gx[base + j] = batchStats ? a * (g[base + j] - mg - xh * mgx) : a * g[base + j];
                }
            }
        }
    }

    // ---- the float64 twin (the graph's double path, for gradient checks) ----

    /** {@link #stats(float[], int, int, int, double, float[], float[], float[])} in float64. */
    public static void stats(double[] x, int n, int c, int s, double eps, double[] mean, double[] var,
            double[] invstd) {
        int m = n * s;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * s;
                for (int j = 0; j < s; j++) {
                    sum += x[base + j];
                }
            }
            double mu = sum / m;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * s;
                for (int j = 0; j < s; j++) {
                    double d = x[base + j] - mu;
                    sq += d * d;
                }
            }
            mean[ch] = mu;
            var[ch] = sq / m;
            invstd[ch] = 1.0 / Math.sqrt(sq / m + eps);
        }
    }

    /** {@link #invstd(float[], int, double, float[])} in float64. */
    public static void invstd(double[] var, int c, double eps, double[] invstd) {
        for (int ch = 0; ch < c; ch++) {
            invstd[ch] = 1.0 / Math.sqrt(var[ch] + eps);
        }
    }

    /** {@link #updateRunning(float[], float[], float[], float[], int, int, double)} in float64. */
    public static void updateRunning(double[] runMean, double[] runVar, double[] mean, double[] var, int c, int m,
            double momentum) {
        double unbias = (double) m / (m - 1);
        for (int ch = 0; ch < c; ch++) {
            runMean[ch] = (1 - momentum) * runMean[ch] + momentum * mean[ch];
            runVar[ch] = (1 - momentum) * runVar[ch] + momentum * (var[ch] * unbias);
        }
    }

    /** {@link #normalize(float[], int, int, int, float[], float[], float[], float[], float[])} in float64. */
    public static void normalize(double[] x, int n, int c, int s, double[] mean, double[] invstd, double[] weight,
            double[] bias, double[] y) {
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * s;
                double w = weight == null ? 1 : weight[ch];
                double b = bias == null ? 0 : bias[ch];
                for (int j = 0; j < s; j++) {
                    y[base + j] = (x[base + j] - mean[ch]) * invstd[ch] * w + b;
                }
            }
        }
    }

    /** {@link #backward(float[], float[], int, int, int, float[], float[], float[], boolean, float[], float[],
     * float[])} in float64. */
    public static void backward(double[] x, double[] g, int n, int c, int s, double[] mean, double[] invstd,
            double[] weight, boolean batchStats, double[] gx, double[] gWeight, double[] gBias) {
        int m = n * s;
        for (int ch = 0; ch < c; ch++) {
            double sg = 0;
            double sgx = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * s;
                for (int j = 0; j < s; j++) {
                    double xh = (x[base + j] - mean[ch]) * invstd[ch];
                    sg += g[base + j];
                    sgx += g[base + j] * xh;
                }
            }
            if (gWeight != null) {
                gWeight[ch] = sgx;
            }
            if (gBias != null) {
                gBias[ch] = sg;
            }
            if (gx == null) {
                continue;
            }
            double a = (weight == null ? 1 : weight[ch]) * invstd[ch];
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * s;
                for (int j = 0; j < s; j++) {
                    double xh = (x[base + j] - mean[ch]) * invstd[ch];
                    gx[base + j] = batchStats ? a * (g[base + j] - sg / m - xh * (sgx / m)) : a * g[base + j];
                }
            }
        }
    }
}

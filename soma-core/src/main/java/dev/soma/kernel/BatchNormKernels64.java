package dev.soma.kernel;

/**
 * The float64 twin of {@link BatchNormKernels} (the graph's double path, for gradient checks): the same formulas
 * on {@code [n, c, s]} values, per channel.
 */
public final class BatchNormKernels64 {
    private BatchNormKernels64() {
    }

    /** The per-channel mean, biased variance and invstd = 1/√(var + eps), two passes. */
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

    /** invstd = 1/√(var + eps) per channel. */
    public static void invstd(double[] var, int c, double eps, double[] invstd) {
        for (int ch = 0; ch < c; ch++) {
            invstd[ch] = 1.0 / Math.sqrt(var[ch] + eps);
        }
    }

    /** running = (1 − momentum)·running + momentum·batch, the variance unbiased (× m/(m − 1)). */
    public static void updateRunning(double[] runMean, double[] runVar, double[] mean, double[] var, int c, int m,
            double momentum) {
        double unbias = (double) m / (m - 1);
        for (int ch = 0; ch < c; ch++) {
            runMean[ch] = (1 - momentum) * runMean[ch] + momentum * mean[ch];
            runVar[ch] = (1 - momentum) * runVar[ch] + momentum * (var[ch] * unbias);
        }
    }

    /** y = (x − mean)·invstd·weight + bias per channel (weight, bias null: 1, 0). */
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

    /** ∂weight = Σ g·x̂, ∂bias = Σ g and ∂x, as the float32 {@link BatchNormKernels#backward}. */
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

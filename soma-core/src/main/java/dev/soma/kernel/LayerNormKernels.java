package dev.soma.kernel;

/**
 * The arithmetic of layer normalization, written once for the graph's operation and the compiled stage, in
 * float32 and its float64 twin. Values are {@code [r, d]}: r rows (every example and leading position), each
 * normalized over its d trailing values; weight and bias have d values. Sums are accumulated in double, in arrays
 * the caller owns.
 */
public final class LayerNormKernels {
    private LayerNormKernels() {
    }

    /** Per row: the mean and invstd = 1/√(biased variance + eps). */
    public static void stats(float[] x, int r, int d, double eps, float[] mean, float[] invstd) {
        for (int i = 0; i < r; i++) {
            int base = i * d;
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += x[base + j];
            }
            double mu = sum / d;
            double sq = 0;
            for (int j = 0; j < d; j++) {
                double v = x[base + j] - mu;
                sq += v * v;
            }
            mean[i] = (float) mu;
            invstd[i] = (float) (1.0 / Math.sqrt(sq / d + eps));
        }
    }

    /** y = (x − mean)·invstd·weight + bias per row; weight and bias may be null (1 and 0). */
    public static void normalize(float[] x, int r, int d, float[] mean, float[] invstd, float[] weight, float[] bias,
            float[] y) {
        for (int i = 0; i < r; i++) {
            int base = i * d;
            float mu = mean[i];
            float is = invstd[i];
            for (int j = 0; j < d; j++) {
                float v = (x[base + j] - mu) * is;
                if (weight != null) {
                    v = v * weight[j];
                }
                y[base + j] = bias == null ? v : v + bias[j];
            }
        }
    }

    /**
     * From g = ∂loss/∂y with x̂ = (x − mean)·invstd and ĝ = g·weight: ∂weight = Σ_rows g·x̂, ∂bias = Σ_rows g and
     * ∂x = invstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) per row. gx, gWeight, gBias may be null; {@code acc} holds 2·d
     * doubles of scratch.
     */
    public static void backward(float[] x, float[] g, int r, int d, float[] mean, float[] invstd, float[] weight,
            float[] gx, float[] gWeight, float[] gBias, double[] acc) {
        java.util.Arrays.fill(acc, 0, 2 * d, 0.0);
        for (int i = 0; i < r; i++) {
            int base = i * d;
            float mu = mean[i];
            float is = invstd[i];
            double s1 = 0;
            double s2 = 0;
            for (int j = 0; j < d; j++) {
                float xh = (x[base + j] - mu) * is;
                float gv = g[base + j];
                acc[j] += (double) gv * xh;
                acc[d + j] += gv;
                float gh = weight == null ? gv : gv * weight[j];
                s1 += gh;
                s2 += (double) gh * xh;
            }
            if (gx == null) {
                continue;
            }
            float m1 = (float) (s1 / d);
            float m2 = (float) (s2 / d);
            for (int j = 0; j < d; j++) {
                float xh = (x[base + j] - mu) * is;
                float gh = weight == null ? g[base + j] : g[base + j] * weight[j];
                gx[base + j] = is * (gh - m1 - xh * m2);
            }
        }
        for (int j = 0; j < d; j++) {
            if (gWeight != null) {
                gWeight[j] = (float) acc[j];
            }
            if (gBias != null) {
                gBias[j] = (float) acc[d + j];
            }
        }
    }

    // ---- the float64 twin ----

    /** {@link #stats(float[], int, int, double, float[], float[])} in float64. */
    public static void stats(double[] x, int r, int d, double eps, double[] mean, double[] invstd) {
        for (int i = 0; i < r; i++) {
            int base = i * d;
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += x[base + j];
            }
            double mu = sum / d;
            double sq = 0;
            for (int j = 0; j < d; j++) {
                double v = x[base + j] - mu;
                sq += v * v;
            }
            mean[i] = mu;
            invstd[i] = 1.0 / Math.sqrt(sq / d + eps);
        }
    }

    /** {@link #normalize(float[], int, int, float[], float[], float[], float[], float[])} in float64. */
    public static void normalize(double[] x, int r, int d, double[] mean, double[] invstd, double[] weight,
            double[] bias, double[] y) {
        for (int i = 0; i < r; i++) {
            int base = i * d;
            for (int j = 0; j < d; j++) {
                double v = (x[base + j] - mean[i]) * invstd[i];
                if (weight != null) {
                    v = v * weight[j];
                }
                y[base + j] = bias == null ? v : v + bias[j];
            }
        }
    }

    /** {@link #backward(float[], float[], int, int, float[], float[], float[], float[], float[], float[], double[])}
     * in float64. */
    public static void backward(double[] x, double[] g, int r, int d, double[] mean, double[] invstd,
            double[] weight, double[] gx, double[] gWeight, double[] gBias) {
        if (gWeight != null) {
            java.util.Arrays.fill(gWeight, 0, d, 0.0);
        }
        if (gBias != null) {
            java.util.Arrays.fill(gBias, 0, d, 0.0);
        }
        for (int i = 0; i < r; i++) {
            int base = i * d;
            double s1 = 0;
            double s2 = 0;
            for (int j = 0; j < d; j++) {
                double xh = (x[base + j] - mean[i]) * invstd[i];
                double gv = g[base + j];
                if (gWeight != null) {
                    gWeight[j] += gv * xh;
                }
                if (gBias != null) {
                    gBias[j] += gv;
                }
                double gh = weight == null ? gv : gv * weight[j];
                s1 += gh;
                s2 += gh * xh;
            }
            if (gx == null) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                double xh = (x[base + j] - mean[i]) * invstd[i];
                double gh = weight == null ? g[base + j] : g[base + j] * weight[j];
                gx[base + j] = invstd[i] * (gh - s1 / d - xh * (s2 / d));
            }
        }
    }
}

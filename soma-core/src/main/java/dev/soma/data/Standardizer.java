package dev.soma.data;

import dev.soma.SomaException;
import dev.soma.io.Json;
import java.util.List;
import java.util.Map;

/**
 * Per-feature standardization x' = (x − mean) / std, like scikit-learn's StandardScaler: mean and population
 * standard deviation (ddof = 0) fitted on the training data only, a feature of zero spread gets std 1 (left
 * centred, not divided by zero). Saved with a model as JSON {@code {"mean": [...], "std": [...]}}.
 */
public final class Standardizer {
    private final float[] mean;
    private final float[] std;

    private Standardizer(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** A standardizer with the given per-feature mean and std (copied; std must be positive and finite). */
    public static Standardizer of(float[] mean, float[] std) {
        if (mean.length != std.length) {
            throw new SomaException("standardizer: " + mean.length + " means for " + std.length + " standard deviations");
        }
        for (int j = 0; j < std.length; j++) {
            if (!(std[j] > 0) || !Float.isFinite(std[j]) || !Float.isFinite(mean[j])) {
                throw new SomaException("standardizer: feature " + j + " needs a finite mean and a positive finite std, got mean "
                        + mean[j] + ", std " + std[j]);
            }
        }
        return new Standardizer(mean.clone(), std.clone());
    }

    /** Fits mean and std on {@code train} (two passes in batches; double accumulators). */
    public static Standardizer fit(Dataset train) {
        int n = train.size();
        int f = train.features();
        if (n == 0) {
            throw new SomaException("standardizer: cannot fit on the empty data set " + train.name());
        }
        int batch = Math.max(1, Math.min(n, (1 << 20) / Math.max(f, 1)));
        float[] buf = new float[batch * f];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        double[] sum = new double[f];
        for (int s = 0; s < n; s += batch) {
            int e = Math.min(n, s + batch);
            train.inputs(idx, s, e, buf);
            for (int r = 0; r < e - s; r++) {
                for (int j = 0; j < f; j++) {
                    sum[j] += buf[r * f + j];
                }
            }
        }
        double[] mu = new double[f];
        for (int j = 0; j < f; j++) {
            mu[j] = sum[j] / n;
        }
        double[] sq = new double[f];
        for (int s = 0; s < n; s += batch) {
            int e = Math.min(n, s + batch);
            train.inputs(idx, s, e, buf);
            for (int r = 0; r < e - s; r++) {
                for (int j = 0; j < f; j++) {
                    double d = buf[r * f + j] - mu[j];
                    sq[j] += d * d;
                }
            }
        }
        float[] mean = new float[f];
        float[] std = new float[f];
        for (int j = 0; j < f; j++) {
            mean[j] = (float) mu[j];
            double sd = Math.sqrt(sq[j] / n);
            std[j] = sd > 1e-12 && Double.isFinite(sd) ? (float) sd : 1f;
        }
        return new Standardizer(mean, std);
    }

    /** Per-feature means (a copy). */
    public float[] mean() {
        return mean.clone();
    }

    /** Per-feature standard deviations (a copy). */
    public float[] std() {
        return std.clone();
    }

    /** Number of features. */
    public int features() {
        return mean.length;
    }

    /** Standardizes {@code rows} rows of {@code batch} in place. */
    public void apply(float[] batch, int rows) {
        int f = mean.length;
        if ((long) rows * f > batch.length) {
            throw new SomaException("standardizer: " + rows + " rows of " + f + " features need " + (long) rows * f
                    + " values, the batch holds " + batch.length);
        }
        for (int r = 0; r < rows; r++) {
            int o = r * f;
            for (int j = 0; j < f; j++) {
                batch[o + j] = (batch[o + j] - mean[j]) / std[j];
            }
        }
    }

    /** A view of {@code data} whose inputs come out standardized. */
    public Dataset wrap(Dataset data) {
        if (data.features() != mean.length) {
            throw new SomaException("standardizer: fitted on " + mean.length + " features, " + data.name() + " has " + data.features());
        }
        return new StandardizedDataset(data, this);
    }

    /** JSON form {@code {"mean":[...],"std":[...]}} (the value of the model metadata key soma.standardization). */
    public String toJson() {
        return Json.write(Json.object("mean", mean, "std", std));
    }

    /** Parses {@link #toJson()}'s form. */
    public static Standardizer fromJson(String json) {
        Map<String, Object> m = Json.asObject(Json.parse(json, "standardization"), "standardization");
        return of(floats(m.get("mean"), "mean"), floats(m.get("std"), "std"));
    }

    private static float[] floats(Object o, String what) {
        List<Object> list = Json.asArray(o, "standardization: " + what);
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number)) {
                throw new SomaException("standardization: " + what + "[" + i + "] is not a number: " + Json.describe(list.get(i)));
            }
            out[i] = ((Number) list.get(i)).floatValue();
        }
        return out;
    }
}

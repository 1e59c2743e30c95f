package dev.soma.train;

import dev.soma.SomaException;
import dev.soma.autograd.NoGrad;
import dev.soma.data.Dataset;
import dev.soma.nn.Loss;
import dev.soma.nn.Losses;
import dev.soma.nn.Module;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;

/** Measures a model on a data set, in evaluation mode, batch by batch, without recording a graph. */
public final class Evaluation {
    static final int BATCH = 256;

    private Evaluation() {
    }

    /** Classification metrics with the model's natural loss and raw inputs. */
    public static ClassificationReport classification(Module model, Dataset data) {
        return classification(model, data, null, null);
    }

    /** Classification metrics; {@code loss} null picks the natural one, {@code transform} (nullable) standardizes. */
    public static ClassificationReport classification(Module model, Dataset data, Loss loss, InputTransform transform) {
        if (!data.isClassification()) {
            throw new SomaException("classification report: " + data.name() + " is a regression set");
        }
        int[] shape = InputShapes.of(model, data);
        int outputs = InputShapes.outputs(model, shape);
        Loss lf = loss != null ? loss : Losses.defaultFor(model, outputs, true);
        int n = data.size();
        int c = Math.max(data.classes(), outputs == 1 ? 2 : outputs);
        int[][] confusion = new int[c][c];
        int[] predictions = new int[n];
        double lossSum = 0;
        int[] idx = identity(n);
        float[] buf = new float[BATCH * data.features()];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            Tensor out = batchOutput(model, shape, data, idx, from, to, buf, transform);
            int[] labels = new int[to - from];
            for (int i = from; i < to; i++) {
                labels[i - from] = data.label(i);
            }
            try (NoGrad ignored = NoGrad.enter()) {
                lossSum += lf.compute(out, labels).item() * (to - from);
            }
            int[] pred = Trainer.predictedClasses(out, lf);
            for (int i = from; i < to; i++) {
                predictions[i] = pred[i - from];
                confusion[labels[i - from]][pred[i - from]]++;
            }
        }
        return new ClassificationReport(n == 0 ? Double.NaN : lossSum / n, confusion, predictions, data.classNames());
    }

    /** Classification metrics of a saved model, with its standardization and loss. */
    public static ClassificationReport classification(SavedModel saved, Dataset data) {
        Loss loss = saved.info().loss() == null ? null : Losses.parse(saved.info().loss());
        return classification(saved.model(), data, loss, transformOf(saved));
    }

    /** Regression metrics of a saved model, with its standardization. */
    public static RegressionReport regression(SavedModel saved, Dataset data) {
        return regression(saved.model(), data, transformOf(saved));
    }

    private static InputTransform transformOf(SavedModel saved) {
        return saved.info().standardizer() == null ? null : saved.info().standardizer()::apply;
    }

    /** Regression metrics with raw inputs. */
    public static RegressionReport regression(Module model, Dataset data) {
        return regression(model, data, null);
    }

    /** Regression metrics; {@code transform} (nullable) standardizes the inputs. */
    public static RegressionReport regression(Module model, Dataset data, InputTransform transform) {
        if (data.isClassification()) {
            throw new SomaException("regression report: " + data.name() + " is a classification set");
        }
        int[] shape = InputShapes.of(model, data);
        int w = data.targetWidth();
        int outputs = InputShapes.outputs(model, shape);
        if (outputs != w) {
            throw new SomaException("regression report: model has " + outputs + " outputs but "
                    + data.name() + " has " + w + " targets");
        }
        int n = data.size();
        float[] pred = new float[n * w];
        float[] truth = new float[n * w];
        int[] idx = identity(n);
        float[] buf = new float[BATCH * data.features()];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            float[] out = batchOutput(model, shape, data, idx, from, to, buf, transform).toFloatArray();
            System.arraycopy(out, 0, pred, from * w, out.length);
        }
        data.targets(idx, 0, n, truth);
        double se = 0;
        double ae = 0;
        double r2 = 0;
        for (int k = 0; k < w; k++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += truth[i * w + k];
            }
            mean /= n;
            double res = 0;
            double tot = 0;
            for (int i = 0; i < n; i++) {
                double d = pred[i * w + k] - truth[i * w + k];
                se += d * d;
                ae += Math.abs(d);
                res += d * d;
                double dt = truth[i * w + k] - mean;
                tot += dt * dt;
            }
            r2 += tot == 0 ? (res == 0 ? 1 : 0) : 1 - res / tot;
        }
        return new RegressionReport(se / ((double) n * w), ae / ((double) n * w), r2 / w, pred);
    }

    /** Mean loss over a data set (labels or targets as the task says). */
    static double meanLoss(Module model, Dataset data, Loss loss, InputTransform transform) {
        int n = data.size();
        int[] shape = InputShapes.of(model, data);
        int[] idx = identity(n);
        float[] buf = new float[BATCH * data.features()];
        double sum = 0;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            Tensor out = batchOutput(model, shape, data, idx, from, to, buf, transform);
            try (NoGrad ignored = NoGrad.enter()) {
                sum += Trainer.batchLoss(loss, out, data, idx, from, to).item() * (to - from);
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static Tensor batchOutput(Module model, int[] shape, Dataset data, int[] idx, int from, int to, float[] buf,
                              InputTransform transform) {
        int rows = to - from;
        float[] x = rows * data.features() == buf.length ? buf : new float[rows * data.features()];
        data.inputs(idx, from, to, x);
        if (transform != null) {
            transform.apply(x, rows);
        }
        Tensor t = Tensor.of(x, Module.prepend(rows, shape));
        Tensor out = model.predict(model.dtype() == DType.F32 ? t : t.to(model.dtype()));
        return out.rank() == 2 ? out : out.reshape(rows, out.numel() / Math.max(rows, 1));
    }

    static int[] identity(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }
}

package dev.soma.cli;

import dev.soma.data.Dataset;
import dev.soma.data.Relabeled;
import dev.soma.data.Standardizer;
import dev.soma.nn.Module;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import dev.soma.train.InputShapes;
import dev.soma.train.ModelInfo;
import dev.soma.train.SavedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Saving and loading models for the commands, and turning a model's outputs into probabilities. */
final class ModelFiles {
    private ModelFiles() {
    }

    /** A loaded model with what the commands need from its metadata. */
    static final class Loaded {
        final Module model;
        /** The shape of one input example (recorded in the file, or fixed by the model), or null. */
        final int[] inputShape;
        final boolean classification;
        final List<String> classNames;
        final Standardizer standardizer;
        final Map<String, String> metadata;

        Loaded(Module model, int[] inputShape, boolean classification, List<String> classNames,
               Standardizer standardizer, Map<String, String> metadata) {
            this.model = model;
            this.inputShape = inputShape;
            this.classification = classification;
            this.classNames = classNames;
            this.standardizer = standardizer;
            this.metadata = metadata;
        }
    }

    /** Saves with {@link SavedModel}: task, class names, standardizer and loss in the metadata. */
    static void save(Path file, Module model, Dataset train, Standardizer standardizer, String loss) {
        save(file, model, train, standardizer, loss, Map.of());
    }

    /** As {@link #save(Path, Module, Dataset, Standardizer, String)}, with extra metadata entries. */
    static void save(Path file, Module model, Dataset train, Standardizer standardizer, String loss,
                     Map<String, String> extra) {
        ModelInfo info = train.isClassification() ? ModelInfo.classification(train.classNames()) : ModelInfo.regression();
        info = info.withInputShape(InputShapes.of(model, train));
        if (standardizer != null) {
            info = info.withStandardizer(standardizer);
        }
        if (loss != null) {
            info = info.withLoss(loss);
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            info = info.with(e.getKey(), e.getValue());
        }
        SavedModel.save(file, model, info);
    }

    /** The metadata key a diverged run's model carries (its divergence message). */
    static final String DIVERGED_KEY = "soma.diverged";

    /** One line on {@code err} when the file holds the last good weights of a run that diverged. */
    static void noteIfDiverged(Loaded m, Path file, java.io.PrintWriter err) {
        String why = m.metadata.get(DIVERGED_KEY);
        if (why != null) {
            err.println("soma: note: " + file + " holds the last good weights of a run that diverged (" + why + ")");
            err.flush();
        }
    }

    /** Loads with {@link SavedModel}; errors name the file. */
    static Loaded load(Path file) {
        SavedModel sm = SavedModel.load(file);
        ModelInfo info = sm.info();
        int[] shape = info.inputShape() != null ? info.inputShape() : sm.model().inputShape();
        return new Loaded(sm.model(), shape, info.isClassification(), info.classNames(), info.standardizer(),
                info.extra());
    }

    /**
     * The data set checked against the model: the same number of features, and for classification the model's
     * classes: a set whose classes (by name) are all among the model's, e.g. a test file that lacks one class, is
     * renumbered to the model's classes; any other class is an error naming both lists.
     */
    static Dataset compatible(Loaded m, Dataset d, String what) {
        int expected = m.inputShape == null ? d.features() : Shapes.numel(m.inputShape);
        if (d.features() != expected) {
            throw new UsageException(what + ": " + d.features() + " features per example, but the model expects "
                    + expected);
        }
        try {
            InputShapes.of(m.model, d);
        } catch (dev.soma.SomaException e) {
            throw new UsageException(what + ": " + e.getMessage());
        }
        if (!m.classification || !d.isClassification()) {
            return d;
        }
        if (m.classNames.isEmpty()) {
            int outputs = InputShapes.outputs(m.model, InputShapes.of(m.model, d));
            int k = outputs == 1 ? 2 : outputs;
            if (d.classes() != k) {
                throw new UsageException(what + ": " + d.classes() + " classes, but the model predicts " + k);
            }
            return d;
        }
        if (!m.classNames.containsAll(d.classNames())) {
            throw new UsageException(what + ": classes " + d.classNames() + ", but the model was trained on "
                    + m.classNames);
        }
        return Relabeled.to(d, m.classNames);
    }

    /** Per example: class probabilities (classification; softmax or sigmoid unless the model ends with one) or values. */
    static float[][] outputs(Loaded m, Tensor y) {
        int n = y.size(0);
        int k = y.size(1);
        float[] v = y.contiguous().toFloatArray();
        boolean endsSoftmax = "softmax".equals(m.model.outputKind());
        boolean endsSigmoid = "sigmoid".equals(m.model.outputKind());
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] row = new float[k];
            System.arraycopy(v, i * k, row, 0, k);
            if (m.classification && k == 1) {
                float p = endsSigmoid ? row[0] : (float) (1 / (1 + Math.exp(-row[0])));
                out[i] = new float[] {1 - p, p};
            } else if (m.classification && !endsSoftmax) {
                out[i] = softmax(row);
            } else {
                out[i] = row;
            }
        }
        return out;
    }

    static float[] softmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            sum += e[i];
        }
        float[] p = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}

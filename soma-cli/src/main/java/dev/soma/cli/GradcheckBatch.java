package dev.soma.cli;

import dev.soma.data.DataOptions;
import dev.soma.data.DataSources;
import dev.soma.data.Dataset;
import dev.soma.nn.Loss;
import dev.soma.nn.Losses;
import dev.soma.nn.Module;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import dev.soma.train.InputShapes;
import dev.soma.train.ModelInfo;
import dev.soma.train.SavedModel;
import java.nio.file.Path;
import java.util.List;

/** The network, loss and batch that {@code soma gradcheck} differentiates, in float64. */
final class GradcheckBatch {
    final Module model;
    final Loss loss;
    final Tensor x;
    final int[] labels;
    final Tensor targets;
    final String source;

    GradcheckBatch(Module model, Loss loss, Tensor x, int[] labels, Tensor targets, String source) {
        this.model = model;
        this.loss = loss;
        this.x = x;
        this.labels = labels;
        this.targets = targets;
        this.source = source;
    }

    /**
     * The saved model in {@code file} and the first {@code batch} training examples of {@code data} (standardized as
     * the model was trained), with {@code lossName}, else the model's own loss, else the natural one.
     */
    static GradcheckBatch ofModel(Path file, String data, int batch, String lossName) {
        if (data == null) {
            throw new UsageException("--model " + file + ": needs --data, the examples of the batch to check");
        }
        Outputs.checkReadable(file, "--model");
        SavedModel sm = SavedModel.load(file);
        ModelInfo info = sm.info();
        int[] shape = info.inputShape() != null ? info.inputShape() : sm.model().inputShape();
        ModelFiles.Loaded m = new ModelFiles.Loaded(sm.model(), shape, info.isClassification(), info.classNames(),
                info.standardizer(), info.extra());
        Dataset d = DataSources.open(data, DataOptions.defaults().regression(!m.classification)).train();
        d = ModelFiles.compatible(m, d, "--data " + data);
        int rows = Math.min(batch, d.size());
        if (rows == 0) {
            throw new UsageException("--data " + data + ": no examples");
        }
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        float[] buf = new float[rows * d.features()];
        d.inputs(order, 0, rows, buf);
        if (m.standardizer != null) {
            m.standardizer.apply(buf, rows);
        }
        Module model = m.model;
        model.to(DType.F64);
        Tensor x = Tensor.of(buf, rows, d.features()).to(DType.F64);
        Loss loss = lossName != null ? Losses.parse(lossName)
                : info.loss() != null ? Losses.parse(info.loss())
                : Losses.defaultFor(model, InputShapes.outputs(model, InputShapes.of(model, d)), m.classification);
        String source = "the first " + rows + " examples of " + data;
        if (m.classification) {
            int[] labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = d.label(i);
            }
            return new GradcheckBatch(model, loss, x, labels, null, source);
        }
        float[] t = new float[rows * d.targetWidth()];
        d.targets(order, 0, rows, t);
        return new GradcheckBatch(model, loss, x, null, Tensor.of(t, rows, d.targetWidth()).to(DType.F64), source);
    }

    /**
     * Refuses a loss on probabilities after a network that does not output them (bce without a final sigmoid,
     * categorical_cross_entropy without a final softmax): its logarithms would be NaN, not a gradient check.
     */
    static void checkLossFitsOutput(Module model, Loss loss) {
        Module last = model;
        while (!last.children().isEmpty()) {
            List<Module> children = last.children();
            last = children.get(children.size() - 1);
        }
        String base = loss.name().split(":")[0];
        String kind = model.outputKind();
        if (base.equals("bce") && !"sigmoid".equals(kind)) {
            throw new UsageException("--loss bce takes probabilities, but the network ends with "
                    + last.describe() + ", not a sigmoid: add --output-activation sigmoid, or use --loss bce_logits "
                    + "on the raw outputs");
        }
        if (base.equals("categorical_cross_entropy") && !"softmax".equals(kind)) {
            throw new UsageException("--loss categorical_cross_entropy takes probabilities, but the network ends with "
                    + last.describe() + ", not a softmax: add --output-activation softmax, or use --loss "
                    + "cross_entropy on the raw outputs");
        }
    }
}

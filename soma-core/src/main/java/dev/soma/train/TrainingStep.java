package dev.soma.train;

import dev.soma.autograd.NoGrad;
import dev.soma.nn.Loss;
import dev.soma.nn.Module;
import dev.soma.nn.Penalties;
import dev.soma.optim.GradientClipping;
import dev.soma.optim.MaxNorm;
import dev.soma.optim.Optimizer;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * One step of mini-batch training, for any {@link Module}: {@link #forward} (the loss of a batch),
 * {@link #backward} (every trainable parameter's {@code grad()} then holds ∂loss/∂parameter, replacing what was
 * there) and {@link #apply} (clipping, the optimizer's update, max-norm). {@link #computeGradients} does the first
 * two. {@link Trainer} loops over it; a data-parallel trainer can sum the gradients of several steps before one
 * {@code apply}, and a playground can drive it batch by batch.
 *
 * <p>It runs the model's compiled stages (no graph, no allocation per batch) when the loss is softmax cross-entropy
 * or mean squared error without L1/L2 terms and the model is float32, otherwise the autograd graph, the
 * specification the compiled path is tested against bit for bit ({@link #compiled()} says which).
 */
public final class TrainingStep {
    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final TrainConfig cfg;
    private final int[] inputShape;
    private final int outputs;
    private final boolean classification;
    private final CompiledStep plan;
    private final List<Tensor> params;
    private Tensor out;
    private Tensor total;
    private int[] labels;
    private int rows;

    /**
     * @param model          the model (its mode is not changed: the step always runs in training mode)
     * @param loss           the loss on the model's outputs
     * @param optimizer      the optimizer over the model's parameters (null: {@link #apply} is not used)
     * @param cfg            L1/L2 penalties, clipping and max-norm; nothing else of it is read
     * @param inputShape     the shape of one input example ({@link InputShapes#of})
     * @param classification class labels (true) or regression targets
     * @param capacity       the largest batch
     * @param allowCompiled  false forces the graph
     */
    public TrainingStep(Module model, Loss loss, Optimizer optimizer, TrainConfig cfg, int[] inputShape,
                        boolean classification, int capacity, boolean allowCompiled) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.cfg = cfg;
        this.inputShape = inputShape.clone();
        this.outputs = InputShapes.outputs(model, inputShape);
        this.classification = classification;
        this.params = model.parameters();
        this.plan = allowCompiled ? CompiledStep.compile(model, loss, cfg.l1(), cfg.l2(), classification, inputShape,
                outputs, capacity) : null;
    }

    /** True when the step runs the compiled stages rather than the graph. */
    public boolean compiled() {
        return plan != null;
    }

    public Module model() {
        return model;
    }

    /** Number of outputs per example. */
    public int outputs() {
        return outputs;
    }

    /**
     * The loss (with the penalties) of the first {@code rows} examples of {@code x} (row-major, {@code rows ×}
     * the example size), against {@code labels} (classification) or {@code targets} ({@code rows × outputs}).
     */
    public double forward(float[] x, int rows, int[] labels, float[] targets) {
        this.labels = labels;
        this.rows = rows;
        if (plan != null) {
            return plan.forward(x, rows, labels, targets);
        }
        float[] exact = x;
        int size = rows * dev.soma.tensor.Shapes.numel(inputShape);
        if (x.length != size) {
            exact = new float[size];
            System.arraycopy(x, 0, exact, 0, size);
        }
        Tensor xt = Tensor.of(exact, Module.prepend(rows, inputShape));
        if (model.dtype() != DType.F32) {
            xt = xt.to(model.dtype());
        }
        out = model.forward(xt, true);
        Tensor batchLoss;
        if (classification) {
            batchLoss = loss.compute(out, labels.length == rows ? labels : java.util.Arrays.copyOf(labels, rows));
        } else {
            float[] t = new float[rows * outputs];
            System.arraycopy(targets, 0, t, 0, t.length);
            Tensor tt = Tensor.of(t, rows, outputs);
            batchLoss = loss.compute(out, out.dtype() == DType.F32 ? tt : tt.to(out.dtype()));
        }
        total = batchLoss;
        if (cfg.l2() > 0) {
            total = total.add(Penalties.l2(Penalties.weights(model), cfg.l2(), rows));
        }
        if (cfg.l1() > 0) {
            total = total.add(Penalties.l1(Penalties.weights(model), cfg.l1(), rows));
        }
        return total.item();
    }

    /** The gradients of the last {@link #forward}'s loss, into each trainable parameter's {@code grad()}. */
    public void backward() {
        if (plan != null) {
            plan.backward();
            return;
        }
        for (Tensor p : params) {
            p.zeroGrad();
        }
        total.backward();
    }

    /** {@link #forward} then {@link #backward}; returns the loss. */
    public double computeGradients(float[] x, int rows, int[] labels, float[] targets) {
        double v = forward(x, rows, labels, targets);
        backward();
        return v;
    }

    /** Clipping (by value, by global norm), the optimizer's step, max-norm, as the configuration says. */
    public void apply() {
        apply((Tensor[]) null);
    }

    /**
     * {@link #apply()}, leaving in {@code backup} the parameters as they were before it: the optimizer writes them
     * during its step (see {@code Optimizer.step(Tensor[])}).
     */
    void apply(WeightBackup backup) {
        Tensor[] before = backup.copiesFor(optimizer.params());
        if (before == null) {
            backup.save();
        }
        apply(before);
    }

    private void apply(Tensor[] before) {
        if (cfg.clipValue() > 0) {
            GradientClipping.byValue(params, cfg.clipValue());
        }
        if (cfg.clipNorm() > 0) {
            GradientClipping.byGlobalNorm(params, cfg.clipNorm());
        }
        optimizer.step(before);
        if (cfg.maxNorm() > 0) {
            MaxNorm.apply(params, cfg.maxNorm());
        }
    }

    /** Number of examples of the last forward whose predicted class equals the label (classification). */
    public int correct() {
        int right = 0;
        if (plan != null) {
            float[] o = plan.output();
            int c = outputs;
            for (int r = 0; r < rows; r++) {
                int best = 0;
                for (int j = 1; j < c; j++) {
                    if (o[r * c + j] > o[r * c + best]) {
                        best = j;
                    }
                }
                right += best == labels[r] ? 1 : 0;
            }
            return right;
        }
        int[] pred;
        try (NoGrad ignored = NoGrad.enter()) {
            pred = Trainer.predictedClasses(out.reshape(rows, outputs), loss);
        }
        for (int r = 0; r < rows; r++) {
            right += pred[r] == labels[r] ? 1 : 0;
        }
        return right;
    }
}

package dev.soma.train;

import dev.soma.SomaException;
import dev.soma.data.Dataset;
import dev.soma.kernel.KernelProvider;
import dev.soma.kernel.Kernels;
import dev.soma.nn.ActivationLayer;
import dev.soma.nn.Dropout;
import dev.soma.nn.Linear;
import dev.soma.nn.Loss;
import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled training step for the common case, without the autograd graph and without allocation in steady state:
 * all activations, pre-activations, masks and gradients live in buffers preallocated for the batch size (a last
 * partial batch uses the first rows of the same buffers), and the parameter gradients are written straight into
 * the parameters' existing {@code grad()} buffers.
 *
 * <p>Used by {@link Trainer} automatically when {@link #compile} accepts the setup: a float32 {@link Sequential}
 * made only of {@link Linear}, {@link ActivationLayer} and {@link Dropout} layers, every parameter trainable,
 * softmax cross-entropy on class labels ({@code cross_entropy}) with at least two outputs, or mean squared error
 * ({@code mse}) on regression targets, and no L1/L2 penalty
 * (weight decay inside the optimizer, clipping and max-norm are fine: they act on the gradients and weights the plan
 * leaves in the parameters). Anything else (PReLU, float64, other losses, frozen parameters) takes the graph path.
 *
 * <p>Numbers: the stages make exactly the graph's kernel calls in the graph's order (see {@link PlanStage}), and the
 * loss is the graph's: log-softmax rows, −Σ log p[label] in double, divided by the batch, rounded to float32; its
 * gradient (exp(log p) − onehot)·(1/batch). MSE as {@code ElementwiseLoss}: Σ (o − t)² in double over all values,
 * ÷ their count, rounded to float32; gradient 2(o − t)·(1/count) rounded to float32. Weights after training are
 * bit-identical to the graph path (PlanEquivalenceTest).
 */
final class MlpPlan {
    private final Kernels k;
    private final PlanStage[] stages;
    private final int features;
    private final int classes;
    private final boolean mse;
    private final float[] logProbs;
    private final float[] dLogits;
    private final int[] labels;
    private final float[] targets;
    private float[] input;
    private int rows;

    private MlpPlan(Kernels k, PlanStage[] stages, int features, int classes, int capacity, boolean mse) {
        this.k = k;
        this.stages = stages;
        this.features = features;
        this.classes = classes;
        this.mse = mse;
        this.logProbs = mse ? null : new float[capacity * classes];
        this.dLogits = new float[capacity * classes];
        this.labels = mse ? null : new int[capacity];
        this.targets = mse ? new float[capacity * classes] : null;
    }

    /**
     * The plan for training {@code model} with {@code loss} on batches of up to {@code capacity} rows, or null when
     * the setup is outside what the plan does (the trainer then uses the graph).
     */
    static MlpPlan compile(Sequential model, Loss loss, TrainConfig cfg, Dataset train, int capacity) {
        boolean ce = train.isClassification() && "cross_entropy".equals(loss.name()) && model.outputSize() >= 2;
        boolean mse = !train.isClassification() && "mse".equals(loss.name());
        if (!(ce || mse) || cfg.l1() > 0 || cfg.l2() > 0 || model.dtype() != DType.F32 || capacity < 1) {
            return null;
        }
        for (Tensor p : model.parameters()) {
            if (p.dtype() != DType.F32 || !p.requiresGrad() || !p.isContiguous() || p.offset() != 0
                    || (p.grad() != null && (p.grad().dtype() != DType.F32 || !p.grad().isContiguous()
                    || p.grad().offset() != 0))) {
                return null;
            }
        }
        Kernels k = KernelProvider.get();
        List<Module> layers = model.layers();
        List<PlanStage> stages = new ArrayList<>();
        int width = train.features();
        boolean gradFlows = false; // the input of the current stage depends on a parameter
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (m instanceof Linear) {
                Linear lin = (Linear) m;
                dev.soma.kernel.Activation f = dev.soma.kernel.Activation.identity();
                if (i + 1 < layers.size() && layers.get(i + 1) instanceof ActivationLayer) {
                    f = ((ActivationLayer) layers.get(i + 1)).activation();
                    i++;
                }
                stages.add(new PlanStage.Dense(k, lin, f, capacity, gradFlows));
                width = lin.outFeatures();
                gradFlows = true;
            } else if (m instanceof ActivationLayer) {
                stages.add(new PlanStage.Act(k, ((ActivationLayer) m).activation(), width, capacity, gradFlows));
            } else if (m instanceof Dropout) {
                Dropout d = (Dropout) m;
                if (d.p() > 0) {
                    stages.add(new PlanStage.Drop(k, d, width, capacity, gradFlows));
                }
            } else {
                return null;
            }
        }
        if (stages.isEmpty() || !gradFlows) {
            return null;
        }
        return new MlpPlan(k, stages.toArray(new PlanStage[0]), train.features(), model.outputSize(), capacity, mse);
    }

    /**
     * Forward pass and loss for the first {@code rows} rows of {@code x} (the examples order[from .. from+rows) of
     * {@code d}, whose labels or targets are read here). Returns the batch loss exactly as the graph's float32 scalar.
     */
    double forward(float[] x, int rows, Dataset d, int[] order, int from) {
        this.input = x;
        this.rows = rows;
        if (mse) {
            d.targets(order, from, from + rows, targets);
            float[] h = run(x);
            int n = rows * classes;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double e = (double) h[i] - targets[i];
                sum += e * e;
            }
            return (float) (sum / n);
        }
        for (int i = 0; i < rows; i++) {
            labels[i] = d.label(order[from + i]);
        }
        int c = classes;
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new SomaException("cross-entropy: label " + labels[i] + " at row " + i + " out of range [0, " + c + ")");
            }
        }
        float[] h = run(x);
        k.logSoftmaxRows(h, 0, rows, c, logProbs, 0);
        double loss = 0;
        for (int i = 0; i < rows; i++) {
            loss -= logProbs[i * c + labels[i]];
        }
        return (float) (loss / rows);
    }

    private float[] run(float[] x) {
        float[] h = x;
        for (PlanStage s : stages) {
            s.forward(h, rows);
            h = s.y;
        }
        return h;
    }

    /** Back-propagation of the last {@link #forward}: every parameter's grad() holds ∂loss/∂parameter after it. */
    void backward() {
        int c = classes;
        int n = rows * c;
        if (mse) {
            float[] out = stages[stages.length - 1].y;
            double scale = 1.0 / n;
            for (int i = 0; i < n; i++) {
                dLogits[i] = (float) (2 * ((double) out[i] - targets[i]) * scale);
            }
        } else {
            k.exp(logProbs, 0, dLogits, 0, n);
            for (int i = 0; i < rows; i++) {
                dLogits[i * c + labels[i]] -= 1f;
            }
            k.scale((float) (1.0 / rows), dLogits, 0, dLogits, 0, n);
        }
        float[] g = dLogits;
        for (int i = stages.length - 1; i >= 0; i--) {
            PlanStage s = stages[i];
            if (!s.hasParameters() && s.gIn == null) {
                break; // nothing before this stage has a parameter
            }
            s.backward(i == 0 ? input : stages[i - 1].y, g, rows);
            if (s.gIn == null) {
                break;
            }
            g = s.gIn;
        }
    }

    /** Number of rows of the last batch whose arg-max output equals the label (first maximum on ties). */
    int correct() {
        float[] out = stages[stages.length - 1].y;
        int c = classes;
        int right = 0;
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (out[r * c + j] > out[r * c + best]) {
                    best = j;
                }
            }
            right += best == labels[r] ? 1 : 0;
        }
        return right;
    }

    /** Input width the plan was compiled for. */
    int features() {
        return features;
    }
}

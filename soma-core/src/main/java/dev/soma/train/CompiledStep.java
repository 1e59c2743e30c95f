package dev.soma.train;

import dev.soma.SomaException;
import dev.soma.kernel.Kernels;
import dev.soma.nn.Loss;
import dev.soma.nn.Module;
import dev.soma.nn.Stage;
import dev.soma.nn.StageSpec;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.IdentityHashMap;

/**
 * The graph-free half of {@link TrainingStep}: the model's own compiled {@link Stage} (each layer compiles its own)
 * followed by the loss, softmax cross-entropy on class labels or mean squared error, in buffers preallocated for the
 * batch capacity. Parameter gradients are written straight into the parameters' {@code grad()} buffers.
 *
 * <p>Numbers: the stages make the graph's kernel calls in the graph's order, and the loss is the graph's:
 * log-softmax rows, −Σ log p[label] in double, divided by the batch, rounded to float32; its gradient
 * (exp(log p) − onehot)·(1/batch). MSE as {@code ElementwiseLoss}: Σ (o − t)² in double over all values, ÷ their
 * count, rounded to float32; gradient 2(o − t)·(1/count) rounded to float32. Weights after training are
 * bit-identical to the graph path (PlanEquivalenceTest).
 */
final class CompiledStep {
    private final Kernels k;
    private final Stage stage;
    private final int outputs;
    private final boolean mse;
    private final float[] logProbs;
    private final float[] dLogits;
    private int[] labels;
    private float[] targets;
    private float[] input;
    private int rows;

    private CompiledStep(Stage stage, Kernels k, int outputs, int capacity, boolean mse) {
        this.k = k;
        this.stage = stage;
        this.outputs = outputs;
        this.mse = mse;
        this.logProbs = mse ? null : new float[capacity * outputs];
        this.dLogits = new float[capacity * outputs];
    }

    /**
     * The compiled step for {@code model} with {@code loss}, or null when the setup is outside what it does
     * (another loss, L1/L2 penalties in the loss, float64, a parameter shared between layers): the graph then runs.
     */
    static CompiledStep compile(Module model, Loss loss, double l1, double l2, boolean classification,
                                int[] inputShape, int outputs, int capacity) {
        boolean ce = classification && "cross_entropy".equals(loss.name()) && outputs >= 2;
        boolean mse = !classification && "mse".equals(loss.name());
        if (!(ce || mse) || l1 > 0 || l2 > 0 || model.dtype() != DType.F32 || capacity < 1
                || model.trainableParameters().isEmpty()) {
            return null;
        }
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (Tensor p : model.parameters()) {
            if (seen.put(p, Boolean.TRUE) != null || p.dtype() != DType.F32 || !p.isContiguous() || p.offset() != 0
                    || (p.grad() != null && (p.grad().dtype() != DType.F32 || !p.grad().isContiguous()
                    || p.grad().offset() != 0))) {
                return null;
            }
        }
        StageSpec spec = StageSpec.training(inputShape, capacity, false);
        return new CompiledStep(model.compile(spec), spec.kernels(), outputs, capacity, mse);
    }

    /** Forward pass and loss of {@code rows} examples of {@code x} with their labels or targets. */
    double forward(float[] x, int rows, int[] labels, float[] targets) {
        this.input = x;
        this.rows = rows;
        this.labels = labels;
        this.targets = targets;
        int c = outputs;
        if (!mse) {
            for (int i = 0; i < rows; i++) {
                if (labels[i] < 0 || labels[i] >= c) {
                    throw new SomaException("cross-entropy: label " + labels[i] + " at row " + i + " out of range [0, " + c + ")");
                }
            }
        }
        stage.forward(x, rows);
        float[] h = stage.output();
        if (mse) {
            int n = rows * c;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double e = (double) h[i] - targets[i];
                sum += e * e;
            }
            return (float) (sum / n);
        }
        k.logSoftmaxRows(h, 0, rows, c, logProbs, 0);
        double loss = 0;
        for (int i = 0; i < rows; i++) {
            loss -= logProbs[i * c + labels[i]];
        }
        return (float) (loss / rows);
    }

    /** Back-propagation of the last {@link #forward}: every parameter's grad() holds ∂loss/∂parameter after it. */
    void backward() {
        int c = outputs;
        int n = rows * c;
        if (mse) {
            float[] out = stage.output();
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
        stage.backward(input, dLogits, rows);
    }

    /** The model's outputs of the last forward ([rows × outputs] in the first values). */
    float[] output() {
        return stage.output();
    }
}

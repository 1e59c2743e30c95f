package dev.soma.nn;

import dev.soma.kernel.Activation;
import dev.soma.kernel.KernelProvider;
import dev.soma.kernel.Kernels;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * Inference without the graph for the common networks: a float32 {@link Sequential} of {@link Linear},
 * {@link ActivationLayer} and {@link Dropout} layers (dropout is the identity in evaluation). Per layer one matrix
 * product, the bias and the activation in place, in two scratch buffers per thread (a {@link ThreadLocal} workspace
 * that grows to the largest batch seen), so predicting allocates only the result. Any number of threads may predict
 * with one model at once (they share only the read-only weights).
 *
 * <p>The kernel calls are those of the graph path ({@code Fused.linear}: gemm with W read transposed, addRowVector,
 * activation), so the outputs are bit-identical to {@code forward} in evaluation mode.
 */
final class FastPredict {
    /** {@code -Dsoma.fastPredict=false} sends every prediction through the graph (benchmark comparisons). */
    private static final boolean ENABLED = !"false".equals(System.getProperty("soma.fastPredict"));
    private static final ThreadLocal<float[][]> WORKSPACE = ThreadLocal.withInitial(() -> new float[2][0]);

    private FastPredict() {
    }

    /**
     * The outputs for {@code batch} [rows, inputs], or null when the model or the batch is outside the fast path
     * (other layers, float64, a width mismatch: the general path then answers, or reports the error).
     */
    static Tensor predict(Sequential model, Tensor batch) {
        if (!ENABLED || batch.dtype() != DType.F32 || batch.rank() != 2 || !applicable(model, batch.size(1))) {
            return null;
        }
        int rows = batch.size(0);
        Tensor flat = batch.contiguous();
        float[] x = flat.floats();
        float[][] ws = WORKSPACE.get();
        Kernels k = KernelProvider.get();
        List<Module> layers = model.layers();
        float[] h = x;
        int width = batch.size(1);
        int next = 0;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (m instanceof Linear) {
                Linear lin = (Linear) m;
                int in = lin.inFeatures();
                int out = lin.outFeatures();
                float[] z = buffer(ws, next, rows * out);
                float[] w = lin.weight().floats();
                if (in == 1) {
                    k.gemm(false, false, rows, out, in, 1f, h, 0, in, w, 0, out, 0f, z, 0, out);
                } else {
                    k.gemm(false, true, rows, out, in, 1f, h, 0, in, w, 0, in, 0f, z, 0, out);
                }
                if (lin.bias() != null) {
                    k.addRowVector(z, 0, rows, out, lin.bias().floats(), 0, z, 0);
                }
                if (i + 1 < layers.size() && layers.get(i + 1) instanceof ActivationLayer) {
                    Activation f = ((ActivationLayer) layers.get(i + 1)).activation();
                    if (f.kind() != Activation.Kind.IDENTITY) {
                        k.activation(f, z, 0, z, 0, rows * out);
                    }
                    i++;
                }
                h = z;
                width = out;
                next = 1 - next;
            } else if (m instanceof ActivationLayer) {
                float[] y = buffer(ws, next, rows * width);
                k.activation(((ActivationLayer) m).activation(), h, 0, y, 0, rows * width);
                h = y;
                next = 1 - next;
            }
            // Dropout: the identity in evaluation
        }
        float[] result = new float[rows * width];
        System.arraycopy(h, 0, result, 0, result.length);
        return Tensor.of(result, rows, width);
    }

    private static boolean applicable(Sequential model, int inputs) {
        if (inputs != model.inputSize()) {
            return false;
        }
        for (Module m : model.layers()) {
            if (m instanceof Linear) {
                Linear lin = (Linear) m;
                if (!flatF32(lin.weight()) || (lin.bias() != null && !flatF32(lin.bias()))) {
                    return false;
                }
            } else if (!(m instanceof ActivationLayer) && !(m instanceof Dropout)) {
                return false;
            }
        }
        return true;
    }

    private static boolean flatF32(Tensor t) {
        return t.dtype() == DType.F32 && t.isContiguous() && t.offset() == 0;
    }

    private static float[] buffer(float[][] ws, int which, int size) {
        if (ws[which].length < size) {
            ws[which] = new float[size];
        }
        return ws[which];
    }
}

package dev.soma.nn;

import dev.soma.autograd.NoGrad;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * The stage of a module that has no fast path of its own: it runs {@link Module#forward} through the graph on
 * tensors copied from the buffers, and the graph's backward. Correct for any module (so a new module trains and
 * predicts through every compiled path at once), but it allocates per call.
 */
final class GraphStage extends Stage {
    private final Module module;
    private final StageSpec spec;
    private final int[] inShape;
    private final int outSize;
    private Tensor input;
    private Tensor output;

    GraphStage(Module module, StageSpec spec) {
        this.module = module;
        this.spec = spec;
        this.inShape = spec.inputShape();
        this.outSize = Shapes.numel(module.outputShape(inShape));
        this.y = new float[spec.capacity() * outSize];
        this.gIn = spec.inputGrad() ? new float[spec.capacity() * spec.inputSize()] : null;
    }

    @Override
    public void forward(float[] x, int rows) {
        float[] copy = new float[rows * spec.inputSize()];
        System.arraycopy(x, 0, copy, 0, copy.length);
        input = Tensor.of(copy, Module.prepend(rows, inShape));
        if (spec.training()) {
            input.requiresGrad(spec.inputGrad());
            output = module.forward(input, true);
        } else {
            try (NoGrad ignored = NoGrad.enter()) {
                output = module.forward(input, false);
            }
        }
        System.arraycopy(output.contiguous().floats(), 0, y, 0, rows * outSize);
    }

    @Override
    public void backward(float[] x, float[] gy, int rows) {
        List<Tensor> params = module.trainableParameters();
        for (Tensor p : params) {
            p.zeroGrad();
        }
        float[] g = new float[rows * outSize];
        System.arraycopy(gy, 0, g, 0, g.length);
        if (output.requiresGrad()) {
            output.backward(Tensor.of(g, output.shape()));
        }
        if (gIn != null) {
            if (input.grad() != null) {
                System.arraycopy(input.grad().contiguous().floats(), 0, gIn, 0, rows * spec.inputSize());
            } else {
                java.util.Arrays.fill(gIn, 0, rows * spec.inputSize(), 0f);
            }
        }
        input = null;
        output = null;
    }

    @Override
    public boolean trainsParameters() {
        return !module.trainableParameters().isEmpty();
    }
}

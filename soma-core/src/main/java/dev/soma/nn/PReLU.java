package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.autograd.Activations;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;

/**
 * Parametric ReLU, as torch.nn.PReLU: y = x for x > 0, a·x otherwise, with a learned slope {@code weight} of one
 * value shared by all features or one per feature, initialized to 0.25.
 */
public final class PReLU extends Module {
    private final int count;
    private Tensor weight;

    /** One shared slope, initial value 0.25. */
    public PReLU() {
        this(1, 0.25);
    }

    /** {@code count} slopes (1 or the number of features) starting at {@code init}. */
    public PReLU(int count, double init) {
        if (count <= 0) {
            throw new SomaException("PReLU: num_parameters must be positive, got " + count);
        }
        this.count = count;
        this.weight = Tensor.full(DType.F32, init, count).requiresGrad(true);
    }

    public Tensor weight() {
        return weight;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        return Activations.prelu(x, weight);
    }

    @Override
    protected LinkedHashMap<String, Tensor> ownParameters() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("weight", weight);
        return m;
    }

    @Override
    public int[] inputShape() {
        return count == 1 ? null : new int[] {count};
    }

    @Override
    public int[] outputShape(int[] in) {
        if (count != 1 && (in.length != 1 || in[0] != count)) {
            throw new SomaException(describe() + " expects " + count + " inputs, got examples of shape "
                    + dev.soma.tensor.Shapes.str(in));
        }
        return in.clone();
    }

    /** Reads {@code prelu} and {@code prelu:<count>}. */
    public static final class Spec implements LayerFactory {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("prelu");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            return t.args() > 0 ? new PReLU(t.intArg(0, "num_parameters"), 0.25) : new PReLU();
        }

        @Override
        public dev.soma.kernel.Activation actsAs() {
            return dev.soma.kernel.Activation.leakyRelu(0.25);
        }
    }

    /** ONNX PRelu(x, slope) with the slopes [count], broadcast over the last axis (count 1: every element). */
    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        outputShape(inputShape);
        return g.node("PRelu", java.util.List.of(input, g.constant("slope", weight)), java.util.Map.of());
    }

    @Override
    public String spec() {
        return count == 1 ? "prelu" : "prelu:" + count;
    }

    @Override
    public String describe() {
        return "PReLU(" + count + ")";
    }

    @Override
    public void to(DType dtype) {
        weight = convert(weight, dtype);
    }
}

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
    public LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("weight", weight);
        return m;
    }

    @Override
    public int expectedInputs() {
        return count == 1 ? -1 : count;
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

package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.autograd.Fused;
import dev.soma.kernel.Activation;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;

/**
 * Fully connected layer y = x·Wᵀ + b, as torch.nn.Linear: weight [out, in], bias [out]. The parameters are allocated
 * and initialized in the constructor (bias zeros, weight by the given {@link Initializer}; default Glorot uniform
 * seeded with 0, as Keras's Dense). {@link Sequential} and {@link Mlp} pick He for ReLU-family layers instead.
 */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final boolean hasBias;
    private Tensor weight;
    private Tensor bias;

    /** A layer with Glorot-uniform weights (seed 0) and zero bias. */
    public Linear(int in, int out) {
        this(in, out, Initializers.glorotUniform(), 0L);
    }

    /** A layer with weights from {@code init} seeded by {@code seed} and zero bias. */
    public Linear(int in, int out, Initializer init, long seed) {
        this(in, out, true, init, new SplittableRandom(seed));
    }

    /** The general constructor: optionally without bias; the weights are drawn from {@code rng}. */
    public Linear(int in, int out, boolean bias, Initializer init, SplittableRandom rng) {
        if (out <= 0) {
            throw new SomaException("Linear(" + out + "): out_features must be positive, got " + out);
        }
        if (in <= 0) {
            throw new SomaException("Linear(" + out + "): in_features must be positive, got " + in);
        }
        this.in = in;
        this.out = out;
        this.hasBias = bias;
        this.weight = Tensor.zeros(DType.F32, out, in).requiresGrad(true);
        this.bias = bias ? Tensor.zeros(DType.F32, out).requiresGrad(true) : null;
        resetParameters(init, rng);
    }

    /** Re-draws the weight from {@code init} and zeroes the bias. */
    public void resetParameters(Initializer init, SplittableRandom rng) {
        init.fill(weight, in, out, rng);
        if (bias != null) {
            bias.fill(0);
        }
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        return forward(x, Activation.identity());
    }

    /** f(x·Wᵀ + b) in one fused graph node (same numbers as the unfused linear then activation). */
    public Tensor forward(Tensor x, Activation f) {
        if (x.rank() != 2 || x.size(1) != in) {
            String got = x.rank() == 2 ? Integer.toString(x.size(1)) : "shape " + java.util.Arrays.toString(x.shape());
            throw new SomaException("Linear(" + out + ") expects " + in + " inputs, got " + got);
        }
        return Fused.linear(x, weight, bias, f);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null for a layer without one. */
    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    @Override
    public LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("weight", weight);
        if (bias != null) {
            m.put("bias", bias);
        }
        return m;
    }

    @Override
    public String spec() {
        return "linear:" + in + ":" + out + (hasBias ? "" : ":nobias");
    }

    @Override
    public int expectedInputs() {
        return in;
    }

    @Override
    public int outputSize(int inputs) {
        return out;
    }

    @Override
    public String describe() {
        return "Linear(" + in + "→" + out + (hasBias ? "" : ", no bias") + ")";
    }

    @Override
    public void to(DType dtype) {
        weight = convert(weight, dtype);
        if (bias != null) {
            bias = convert(bias, dtype);
        }
    }
}

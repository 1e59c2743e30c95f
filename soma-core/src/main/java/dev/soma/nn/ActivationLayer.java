package dev.soma.nn;

import dev.soma.kernel.Activation;
import dev.soma.tensor.Tensor;

/** An elementwise activation as a layer (torch.nn.ReLU, Sigmoid, Tanh, …); no parameters. */
public final class ActivationLayer extends Module {
    private final Activation activation;

    public ActivationLayer(Activation activation) {
        this.activation = activation;
    }

    /** The layer for an activation name ("relu", "leaky_relu:0.2", …). */
    public static ActivationLayer of(String spec) {
        return new ActivationLayer(Activation.parse(spec));
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        return x.apply(activation);
    }

    @Override
    public String spec() {
        return activation.spec();
    }

    @Override
    public String describe() {
        String s = activation.spec();
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

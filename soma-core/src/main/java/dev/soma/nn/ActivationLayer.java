package dev.soma.nn;

import dev.soma.kernel.Activation;
import dev.soma.kernel.KernelProvider;
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
    public Stage compile(StageSpec spec) {
        return new ActStage(spec);
    }

    /** y = f(x) with the kernel call of {@code Activations.apply}; backward g·f'(x) as its rule. */
    private final class ActStage extends Stage {
        private final int width;

        ActStage(StageSpec spec) {
            this.width = spec.inputSize();
            this.y = new float[spec.capacity() * width];
            this.gIn = spec.inputGrad() ? new float[spec.capacity() * width] : null;
        }

        @Override
        public void forward(float[] x, int rows) {
            KernelProvider.get().activation(activation, x, 0, y, 0, rows * width);
        }

        @Override
        public void backward(float[] x, float[] g, int rows) {
            KernelProvider.get().activationBackward(activation, x, 0, y, 0, g, 0, gIn, 0, rows * width);
        }
    }

    @Override
    public String outputKind() {
        return activation.kind() == Activation.Kind.SIGMOID ? "sigmoid" : null;
    }

    @Override
    public String spec() {
        return activation.spec();
    }

    /** The PyTorch module name: ReLU, LeakyReLU(0.2), Sigmoid, … */
    @Override
    public String describe() {
        String alpha = activation.spec().contains(":") ? "(" + activation.alpha() + ")" : "";
        switch (activation.kind()) {
            case IDENTITY: return "Identity";
            case SIGMOID: return "Sigmoid";
            case TANH: return "Tanh";
            case RELU: return "ReLU";
            case LEAKY_RELU: return "LeakyReLU" + alpha;
            case ELU: return "ELU" + alpha;
            case SELU: return "SELU";
            case GELU: return "GELU";
            case SILU: return "SiLU";
            case SOFTPLUS: return "Softplus";
            case ARCTAN: return "Arctan";
            default: return "SQNL";
        }
    }
}

package dev.soma.nn;

import dev.soma.kernel.Activation;
import dev.soma.kernel.KernelProvider;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

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

    /**
     * The activation as ONNX operators: native ones where ONNX has the function (Relu, LeakyRelu, Elu, Selu,
     * Sigmoid, Tanh, Softplus, Atan; Gelu from opset 20), otherwise an exact composition of elementwise
     * operators: GELU as x·(1 + erf(x/√2))·0.5 (the form torch.onnx.export writes), SiLU as x·sigmoid(x), SQNL as
     * c − c·|c|·0.25 with c = clip(x, −2, 2). Identity writes no node.
     */
    @Override
    public String export(ExportGraph g, String x, int[] inputShape) {
        switch (activation.kind()) {
            case IDENTITY: return x;
            case SIGMOID: return g.node("Sigmoid", List.of(x), Map.of());
            case TANH: return g.node("Tanh", List.of(x), Map.of());
            case RELU: return g.node("Relu", List.of(x), Map.of());
            case LEAKY_RELU: return g.node("LeakyRelu", List.of(x), Map.of("alpha", activation.alpha()));
            case ELU: return g.node("Elu", List.of(x), Map.of("alpha", activation.alpha()));
            case SELU:
                return g.node("Selu", List.of(x), Map.of("alpha", Activation.SELU_ALPHA, "gamma", Activation.SELU_SCALE));
            case SOFTPLUS: return g.node("Softplus", List.of(x), Map.of());
            case ARCTAN: return g.node("Atan", List.of(x), Map.of());
            case SILU: return g.node("Mul", List.of(x, g.node("Sigmoid", List.of(x), Map.of())), Map.of());
            case GELU: {
                if (g.opset() >= 20) {
                    return g.node("Gelu", List.of(x), Map.of("approximate", "none"));
                }
                String erf = g.node("Erf", List.of(g.node("Div", List.of(x, scalar(g, "sqrt2", Math.sqrt(2))),
                        Map.of())), Map.of());
                String onePlus = g.node("Add", List.of(erf, scalar(g, "one", 1)), Map.of());
                return g.node("Mul", List.of(g.node("Mul", List.of(x, onePlus), Map.of()), scalar(g, "half", 0.5)),
                        Map.of());
            }
            case SQNL: {
                String c = g.node("Clip", List.of(x, scalar(g, "min", -2), scalar(g, "max", 2)), Map.of());
                String cc = g.node("Mul", List.of(c, g.node("Abs", List.of(c), Map.of())), Map.of());
                return g.node("Sub", List.of(c, g.node("Mul", List.of(cc, scalar(g, "quarter", 0.25)), Map.of())),
                        Map.of());
            }
            default: throw new AssertionError(activation.kind());
        }
    }

    private static String scalar(ExportGraph g, String name, double v) {
        return g.constant(name, Tensor.scalar(DType.F32, v));
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

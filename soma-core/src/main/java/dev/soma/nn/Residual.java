package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.autograd.Branch;
import dev.soma.kernel.KernelProvider;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;

/**
 * A residual block, y = x + f(x), with f a {@link Sequential} of any layers that keeps the example shape (He et
 * al.'s identity shortcut: the block learns a correction to its input, so deep stacks train as easily as shallow
 * ones).
 *
 * <p>State dict: the body is the child named {@code body}, so a residual block at position 2 of a network names its
 * first linear layer's weight {@code 2.body.0.weight}, as torch does for the custom module
 * <pre>
 * class Residual(nn.Module):
 *     def __init__(self, *layers):
 *         super().__init__()
 *         self.body = nn.Sequential(*layers)
 *     def forward(self, x):
 *         return x + self.body(x)
 * </pre>
 *
 * <p>Shape: input [N, *]; output the same (the body must map the example shape to itself).
 *
 * <p>Example: {@code linear:784:64,relu,residual(linear:64:64,relu,linear:64:64),relu,linear:64:10}.
 */
public final class Residual extends Module {
    private final Sequential body;

    public Residual(Sequential body) {
        this.body = body;
    }

    public Residual(Module... layers) {
        this(new Sequential(layers));
    }

    /** f, the block's body. */
    public Sequential body() {
        return body;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor fx = body.forward(Branch.of(x), training);
        if (!Arrays.equals(x.shape(), fx.shape())) {
            throw mismatch(exampleShape(x.shape()), exampleShape(fx.shape()));
        }
        return x.add(fx);
    }

    @Override
    public int[] outputShape(int[] in) {
        int[] out;
        try {
            out = body.outputShape(in);
        } catch (SomaException e) {
            throw new SomaException("Residual: " + e.getMessage());
        }
        if (!Arrays.equals(in, out)) {
            throw mismatch(in, out);
        }
        return out;
    }

    private SomaException mismatch(int[] in, int[] out) {
        return new SomaException("Residual: the body maps examples of shape " + Shapes.str(in) + " to "
                + Shapes.str(out) + "; x + f(x) needs the same shape");
    }

    @Override
    public int[] inputShape() {
        return body.inputShape();
    }

    @Override
    public LinkedHashMap<String, Module> namedChildren() {
        LinkedHashMap<String, Module> m = new LinkedHashMap<>();
        m.put("body", body);
        return m;
    }

    /** The body's result is not the block's output, so the block has no output kind of its own. */
    @Override
    public String outputKind() {
        return null;
    }

    @Override
    public Stage compile(StageSpec spec) {
        outputShape(spec.inputShape());
        return new ResidualStage(body.compile(spec), spec);
    }

    /** The body's stage, then y = x + f(x) ({@code Arithmetic.add}'s kernel call); backward ∂x = g + f's ∂x. */
    private static final class ResidualStage extends Stage {
        private final Stage f;
        private final int width;

        ResidualStage(Stage f, StageSpec spec) {
            this.f = f;
            this.width = spec.inputSize();
            this.y = new float[spec.capacity() * width];
            this.gIn = spec.inputGrad() ? new float[spec.capacity() * width] : null;
        }

        @Override
        public void forward(float[] x, int rows) {
            f.forward(x, rows);
            KernelProvider.get().add(x, 0, f.output(), 0, y, 0, rows * width);
        }

        @Override
        public void backward(float[] x, float[] g, int rows) {
            if (f.trainsParameters() || gIn != null) {
                f.backward(x, g, rows);
            }
            if (gIn != null) {
                KernelProvider.get().add(g, 0, f.inputGradient(), 0, gIn, 0, rows * width);
            }
        }

        @Override
        public boolean trainsParameters() {
            return f.trainsParameters();
        }
    }

    /** The body's nodes, then ONNX Add of the input and the body's output. */
    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        outputShape(inputShape);
        String fx = body.export(g, input, inputShape);
        return g.node("Add", java.util.List.of(input, fx), java.util.Map.of());
    }

    @Override
    public String spec() {
        return "residual(" + body.spec() + ")";
    }

    @Override
    public String describe() {
        return "Residual(" + body.layers().size() + " layers)";
    }

    /** Reads {@code residual(<layers>)}, e.g. {@code residual(linear:64:64,relu,linear:64:64)}. */
    public static final class Spec implements LayerFactory {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("residual");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            if (t.inner() == null || t.inner().isBlank() || t.args() > 0) {
                throw t.error("expected residual(<layers>), e.g. residual(linear:64:64,relu,linear:64:64)");
            }
            return new Residual(ctx.parse(t.inner()));
        }
    }
}

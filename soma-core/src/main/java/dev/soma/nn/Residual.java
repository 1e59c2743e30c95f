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
 * <p>With a projection shortcut (He et al.'s option B, for a body that changes the shape), y = P(x) + f(x) with P
 * a linear layer without bias for flat examples or a 1×1 convolution without bias (its stride the body's
 * down-sampling) for images; it is the child {@code shortcut}, after {@code body}, as
 * {@code self.shortcut = nn.Linear(in, out, bias=False)} or {@code nn.Conv2d(c, c2, 1, stride=s, bias=False)}
 * in torch, with {@code forward} returning {@code self.shortcut(x) + self.body(x)}.
 *
 * <p>Args: body, the layers of f; shortcut (optional), P.
 *
 * <p>Shape: input [N, *]; output the body's (without a shortcut the body must map the example shape to itself).
 *
 * <p>Example: {@code linear:784:64,relu,residual(linear:64:64,relu,linear:64:64),relu,linear:64:10}, or with a
 * projection {@code residual:proj(conv:16:32:3:stride=2:pad=1,batchnorm2d,relu,conv:32:3:pad=1,batchnorm2d)}.
 */
public final class Residual extends Module {
    private final Sequential body;
    private final Module shortcut;

    public Residual(Sequential body) {
        this(body, null);
    }

    /** y = shortcut(x) + body(x); {@code shortcut} null for the identity. */
    public Residual(Sequential body, Module shortcut) {
        this.body = body;
        this.shortcut = shortcut;
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
        Tensor sx = shortcut == null ? x : shortcut.forward(x, training);
        if (!Arrays.equals(sx.shape(), fx.shape())) {
            throw mismatch(exampleShape(x.shape()), exampleShape(fx.shape()));
        }
        return sx.add(fx);
    }

    @Override
    public int[] outputShape(int[] in) {
        int[] out;
        try {
            out = body.outputShape(in);
        } catch (SomaException e) {
            throw new SomaException("Residual: " + e.getMessage());
        }
        int[] skip = shortcut == null ? in : shortcut.outputShape(in);
        if (!Arrays.equals(skip, out)) {
            throw mismatch(in, out);
        }
        return out;
    }

    private SomaException mismatch(int[] in, int[] out) {
        return new SomaException("Residual: the body maps examples of shape " + Shapes.str(in) + " to "
                + Shapes.str(out) + (shortcut == null ? "; x + f(x) needs the same shape (residual:proj(...) adds a "
                + "projection)" : " but the shortcut " + shortcut.describe() + " does not"));
    }

    @Override
    public int[] inputShape() {
        return body.inputShape();
    }

    @Override
    public LinkedHashMap<String, Module> namedChildren() {
        LinkedHashMap<String, Module> m = new LinkedHashMap<>();
        m.put("body", body);
        if (shortcut != null) {
            m.put("shortcut", shortcut);
        }
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
        Stage p = shortcut == null ? null : shortcut.compile(spec);
        return new ResidualStage(body.compile(spec), p, spec, Shapes.numel(outputShape(spec.inputShape())));
    }

    /**
     * The body's stage (and the shortcut's), then y = x + f(x) ({@code Arithmetic.add}'s kernel call); backward
     * ∂x = g + f's ∂x, or P's ∂x + f's ∂x.
     */
    private static final class ResidualStage extends Stage {
        private final Stage f;
        private final Stage p;
        private final int inWidth;
        private final int outWidth;

        ResidualStage(Stage f, Stage p, StageSpec spec, int outWidth) {
            this.f = f;
            this.p = p;
            this.inWidth = spec.inputSize();
            this.outWidth = outWidth;
            this.y = new float[spec.capacity() * outWidth];
            this.gIn = spec.inputGrad() ? new float[spec.capacity() * inWidth] : null;
        }

        @Override
        public void forward(float[] x, int rows) {
            f.forward(x, rows);
            float[] skip = x;
            if (p != null) {
                p.forward(x, rows);
                skip = p.output();
            }
            KernelProvider.get().add(skip, 0, f.output(), 0, y, 0, rows * outWidth);
        }

        @Override
        public void backward(float[] x, float[] g, int rows) {
            if (f.trainsParameters() || gIn != null) {
                f.backward(x, g, rows);
            }
            if (p != null && (p.trainsParameters() || gIn != null)) {
                p.backward(x, g, rows);
            }
            if (gIn != null) {
                KernelProvider.get().add(p == null ? g : p.inputGradient(), 0, f.inputGradient(), 0, gIn, 0,
                        rows * inWidth);
            }
        }

        @Override
        public boolean trainsParameters() {
            return f.trainsParameters() || (p != null && p.trainsParameters());
        }
    }

    /** The body's nodes, then ONNX Add of the input and the body's output. */
    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        outputShape(inputShape);
        String fx = body.export(g, input, inputShape);
        String sx = shortcut == null ? input : shortcut.export(g, input, inputShape);
        return g.node("Add", java.util.List.of(sx, fx), java.util.Map.of());
    }

    @Override
    public String spec() {
        return "residual" + (shortcut == null ? "" : ":proj") + "(" + body.spec() + ")";
    }

    @Override
    public String describe() {
        return "Residual(" + body.layers().size() + " layers" + (shortcut == null ? "" : ", " + shortcut.describe())
                + ")";
    }

    /**
     * Reads {@code residual(<layers>)}, e.g. {@code residual(linear:64:64,relu,linear:64:64)}, and
     * {@code residual:proj(<layers>)} with a projection shortcut (the input shape must be known).
     */
    public static final class Spec implements LayerFactory {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("residual");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            t.allowOnly("proj");
            if (t.inner() == null || t.inner().isBlank() || t.args() > 0) {
                throw t.error("expected residual(<layers>), e.g. residual(linear:64:64,relu,linear:64:64)");
            }
            Sequential body = ctx.parse(t.inner());
            if (!t.has("proj")) {
                return new Residual(body);
            }
            int[] in = ctx.shape();
            if (in == null) {
                throw t.error("a projection shortcut needs the input shape, which is not known here");
            }
            try {
                return new Residual(body, Shortcuts.projection(in, body.outputShape(in), ctx));
            } catch (SomaException e) {
                throw t.error(e.getMessage());
            }
        }
    }
}

package dev.soma.nn.norm;

import java.util.Map;
import dev.soma.nn.ExportGraph;
import dev.soma.SomaException;
import dev.soma.autograd.LayerNormalization;
import dev.soma.kernel.LayerNormKernels;
import dev.soma.nn.LayerFactory;
import dev.soma.nn.LayerToken;
import dev.soma.nn.Module;
import dev.soma.nn.SpecContext;
import dev.soma.nn.Stage;
import dev.soma.nn.StageSpec;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Layer normalization, as torch.nn.LayerNorm: y = (x − E[x]) / √(Var[x] + eps) · γ + β, where the mean and the
 * biased variance are taken over the last dimensions of each example (the normalized shape), separately for every
 * example and leading position, the same in training and evaluation.
 *
 * <p>Args: normalized_shape (the trailing dimensions, e.g. [64] or [16, 7, 7]); eps (1e-5); elementwise_affine
 * (true: learned γ and β of the normalized shape, starting at 1 and 0).
 *
 * <p>Shape: input [N, *, normalized_shape]; output the same. State dict: weight, bias (with affine).
 *
 * <p>Example: {@code Sequential.fromSpec("linear:20:64,layernorm,relu,linear:64:2")} ({@code layernorm} alone
 * normalizes the last dimension of the known shape; {@code layernorm:16:7:7} names the normalized shape).
 */
public final class LayerNorm extends Module {
    private final int[] normalized;
    private final int d;
    private final double eps;
    private final boolean affine;
    private Tensor weight;
    private Tensor bias;

    /** A layer over the trailing dimensions {@code normalizedShape}, eps 1e-5, with γ and β. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(v -> v <= 0)) {
            throw new SomaException("LayerNorm: normalized_shape must be positive dimensions, got "
                    + Shapes.str(normalizedShape));
        }
        if (!(eps > 0)) {
            throw new SomaException("LayerNorm: eps must be positive, got " + eps);
        }
        this.normalized = normalizedShape.clone();
        this.d = Shapes.numel(normalizedShape);
        this.eps = eps;
        this.affine = elementwiseAffine;
        if (affine) {
            weight = Tensor.full(DType.F32, 1.0, normalized).requiresGrad(true);
            bias = Tensor.zeros(DType.F32, normalized).requiresGrad(true);
        }
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        outputShape(exampleShape(x.shape()));
        return LayerNormalization.apply(x, weight, bias, d, eps);
    }

    @Override
    public int[] outputShape(int[] in) {
        int k = normalized.length;
        if (in.length < k || !Arrays.equals(Arrays.copyOfRange(in, in.length - k, in.length), normalized)) {
            throw new SomaException(describe() + " expects examples ending in " + Shapes.str(normalized) + ", got "
                    + Shapes.str(in));
        }
        return in.clone();
    }

    @Override
    public int[] inputShape() {
        return null;
    }

    @Override
    public Stage compile(StageSpec spec) {
        outputShape(spec.inputShape());
        if (affine && (weight.dtype() != DType.F32 || !weight.isContiguous() || weight.offset() != 0)) {
            return super.compile(spec);
        }
        return new LayerNormStage(spec);
    }

    /** {@link LayerNormKernels}' routines in the graph operation's order, into buffers allocated once. */
    private final class LayerNormStage extends Stage {
        private final int perExample;
        private final float[] mean;
        private final float[] invstd;
        private final double[] acc;

        LayerNormStage(StageSpec spec) {
            this.perExample = spec.inputSize() / d;
            this.mean = new float[spec.capacity() * perExample];
            this.invstd = new float[spec.capacity() * perExample];
            this.acc = new double[2 * d];
            this.y = new float[spec.capacity() * spec.inputSize()];
            this.gIn = spec.inputGrad() ? new float[spec.capacity() * spec.inputSize()] : null;
        }

        @Override
        public void forward(float[] x, int rows) {
            int r = rows * perExample;
            LayerNormKernels.stats(x, r, d, eps, mean, invstd);
            LayerNormKernels.normalize(x, r, d, mean, invstd, floats(weight), floats(bias), y);
        }

        @Override
        public void backward(float[] x, float[] g, int rows) {
            float[] gw = weight != null && weight.requiresGrad() ? BatchNormStage.gradBuffer(weight) : null;
            float[] gb = bias != null && bias.requiresGrad() ? BatchNormStage.gradBuffer(bias) : null;
            LayerNormKernels.backward(x, g, rows * perExample, d, mean, invstd, floats(weight), gIn, gw, gb, acc);
        }

        @Override
        public boolean trainsParameters() {
            return affine && (weight.requiresGrad() || bias.requiresGrad());
        }
    }

    /** ONNX LayerNormalization over the last {@code k} axes (scale 1 and no bias without affine). */
    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        outputShape(inputShape);
        if (g.opset() < 17) {
            throw new SomaException(describe() + " needs ONNX opset 17 or later (LayerNormalization), not " + g.opset());
        }
        String scale = g.constant("scale", affine ? weight : Tensor.full(DType.F32, 1.0, normalized));
        List<String> in = affine ? List.of(input, scale, g.constant("bias", bias)) : List.of(input, scale);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("axis", (long) -normalized.length);
        a.put("epsilon", eps);
        return g.node("LayerNormalization", in, a);
    }

    private static float[] floats(Tensor t) {
        return t == null ? null : t.floats();
    }

    /** The normalized shape (a copy). */
    public int[] normalizedShape() {
        return normalized.clone();
    }

    public double eps() {
        return eps;
    }

    /** γ (of the normalized shape), or null without elementwise affine. */
    public Tensor weight() {
        return weight;
    }

    /** β, or null without elementwise affine. */
    public Tensor bias() {
        return bias;
    }

    @Override
    protected LinkedHashMap<String, Tensor> ownParameters() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        if (affine) {
            m.put("weight", weight);
            m.put("bias", bias);
        }
        return m;
    }

    @Override
    public void to(DType dtype) {
        if (affine) {
            weight = convert(weight, dtype);
            bias = convert(bias, dtype);
        }
    }

    @Override
    public String spec() {
        StringBuilder sb = new StringBuilder("layernorm");
        for (int v : normalized) {
            sb.append(':').append(v);
        }
        return sb + (eps != 1e-5 ? ":eps=" + eps : "") + (affine ? "" : ":noaffine");
    }

    @Override
    public String describe() {
        return "LayerNorm(" + Shapes.str(normalized) + (eps != 1e-5 ? ", eps=" + eps : "")
                + (affine ? "" : ", elementwise_affine=False") + ")";
    }

    /**
     * Reads {@code layernorm[:<d1>:<d2>...][:eps=..][:noaffine]}: the normalized shape, or when left out the last
     * dimension of the known input shape.
     */
    public static final class Spec implements LayerFactory {
        @Override
        public List<String> names() {
            return List.of("layernorm");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            t.allowOnly("eps", "noaffine");
            int[] shape = ctx.shape();
            int[] norm;
            if (t.args() > 0) {
                norm = new int[t.args()];
                for (int i = 0; i < norm.length; i++) {
                    norm[i] = t.intArg(i, "normalized_shape");
                }
            } else if (shape != null && shape.length > 0) {
                norm = new int[] {shape[shape.length - 1]};
            } else {
                throw t.error("expected layernorm:<d1>[:<d2>...] (the shape can be left out only when the input "
                        + "shape is known)");
            }
            return new LayerNorm(norm, t.doubleOption("eps", 1e-5), !t.has("noaffine"));
        }

        @Override
        public boolean passesActivation() {
            return true;
        }
    }
}

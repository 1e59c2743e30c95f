package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.autograd.Fused;
import dev.soma.kernel.KernelProvider;
import dev.soma.kernel.Kernels;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
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
        if (x.rank() != 2 || x.size(1) != in) {
            throw new SomaException(describe() + " expects " + in + " inputs, got "
                    + (x.rank() == 2 ? Integer.toString(x.size(1)) : "shape " + Shapes.str(x.shape()))
                    + (x.rank() > 2 ? " (add flatten before it)" : ""));
        }
        return Fused.linear(x, weight, bias);
    }

    @Override
    public int[] inputShape() {
        return new int[] {in};
    }

    @Override
    public int[] outputShape(int[] shape) {
        if (shape.length != 1 || shape[0] != in) {
            throw new SomaException(describe() + " expects " + in + " inputs, got "
                    + (shape.length == 1 ? Integer.toString(shape[0]) : "examples of shape " + Shapes.str(shape)
                    + " (add flatten before it)"));
        }
        return new int[] {out};
    }

    @Override
    public Stage compile(StageSpec spec) {
        outputShape(spec.inputShape());
        if (!flatF32(weight) || (bias != null && !flatF32(bias))) {
            return super.compile(spec);
        }
        return new DenseStage(spec);
    }

    private static boolean flatF32(Tensor t) {
        return t.dtype() == DType.F32 && t.isContiguous() && t.offset() == 0;
    }

    /**
     * z = x·Wᵀ + b with the graph's kernel calls ({@code Fused.linear}: gemm with W read transposed, then the bias
     * row); backward dX = g·W, dW = gᵀ·x, db = Σ_rows g ({@code MatMul} and {@code Elementwise.sumTo}'s calls).
     */
    private final class DenseStage extends Stage {
        private final boolean inputGrad;

        DenseStage(StageSpec spec) {
            this.inputGrad = spec.inputGrad();
            this.y = new float[spec.capacity() * out];
            this.gIn = inputGrad ? new float[spec.capacity() * in] : null;
        }

        @Override
        public void forward(float[] x, int rows) {
            Kernels k = KernelProvider.get();
            float[] w = weight.floats();
            // MatMul.multiply(x, W.t(), z, 0): W.t() has strides [1, in]; a one-column W reads as a row.
            if (in == 1) {
                k.gemm(false, false, rows, out, in, 1f, x, 0, in, w, 0, out, 0f, y, 0, out);
            } else {
                k.gemm(false, true, rows, out, in, 1f, x, 0, in, w, 0, in, 0f, y, 0, out);
            }
            if (bias != null) {
                k.addRowVector(y, 0, rows, out, bias.floats(), 0, y, 0);
            }
        }

        @Override
        public void backward(float[] x, float[] g, int rows) {
            Kernels k = KernelProvider.get();
            if (gIn != null) {
                k.gemm(false, false, rows, in, out, 1f, g, 0, out, weight.floats(), 0, in, 0f, gIn, 0, in);
            }
            if (weight.requiresGrad()) {
                float[] gw = gradBuffer(weight);
                // MatMul.matmul(g.t(), x): g.t() has strides [1, out]; with one output it reads as a row of length rows.
                if (out == 1) {
                    k.gemm(false, false, out, in, rows, 1f, g, 0, rows, x, 0, in, 0f, gw, 0, in);
                } else {
                    k.gemm(true, false, out, in, rows, 1f, g, 0, out, x, 0, in, 0f, gw, 0, in);
                }
            }
            if (bias != null && bias.requiresGrad()) {
                float[] gb = gradBuffer(bias);
                // Elementwise.sumTo(g, [out]): a full sum for one output, column sums otherwise
                if (out == 1) {
                    gb[0] = (float) k.sum(g, 0, rows);
                } else {
                    k.columnSums(g, 0, rows, out, gb, 0, false);
                }
            }
        }

        @Override
        public boolean trainsParameters() {
            return weight.requiresGrad() || (bias != null && bias.requiresGrad());
        }
    }

    /** The parameter's gradient buffer, created on first use. */
    static float[] gradBuffer(Tensor p) {
        if (p.grad() == null) {
            p.setGrad(Tensor.zeros(p.dtype(), p.shape()));
        }
        return p.grad().floats();
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
    protected LinkedHashMap<String, Tensor> ownParameters() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("weight", weight);
        if (bias != null) {
            m.put("bias", bias);
        }
        return m;
    }

    /** Reads {@code linear:<in>:<out>[:nobias]}, or {@code linear:<out>} when the input width is known. */
    public static final class Spec implements LayerFactory {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("linear", "dense");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            t.allowOnly("nobias");
            int[] shape = ctx.shape();
            int in;
            int out;
            if (t.args() == 2) {
                in = t.intArg(0, "in_features");
                out = t.intArg(1, "out_features");
            } else if (t.args() == 1 && shape != null && shape.length == 1) {
                in = shape[0];
                out = t.intArg(0, "out_features");
            } else {
                throw t.error("expected linear:<in>:<out>" + (shape != null && shape.length > 1
                        ? " (the input has shape " + Shapes.str(shape) + ": add flatten before it)" : ""));
            }
            return new Linear(in, out, !t.has("nobias"), ctx.initializer(), ctx.rng());
        }
    }

    /** ONNX Gemm(x, W, b) with transB=1 (W is [out, in], as stored); without bias, Gemm(x, W). */
    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        outputShape(inputShape);
        String w = g.constant("weight", weight);
        java.util.List<String> in = bias == null ? java.util.List.of(input, w)
                : java.util.List.of(input, w, g.constant("bias", bias));
        return g.node("Gemm", in, java.util.Map.of("transB", 1L));
    }

    @Override
    public String spec() {
        return "linear:" + in + ":" + out + (hasBias ? "" : ":nobias");
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

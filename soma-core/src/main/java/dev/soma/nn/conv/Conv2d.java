package dev.soma.nn.conv;

import dev.soma.SomaException;
import dev.soma.autograd.Convolution;
import dev.soma.kernel.ConvGeometry;
import dev.soma.kernel.ConvKernel;
import dev.soma.nn.ExportGraph;
import dev.soma.nn.Initializer;
import dev.soma.nn.Initializers;
import dev.soma.nn.LayerFactory;
import dev.soma.nn.LayerToken;
import dev.soma.nn.Module;
import dev.soma.nn.SpecContext;
import dev.soma.nn.Stage;
import dev.soma.nn.StageSpec;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * 2-d convolution, as torch.nn.Conv2d: out[n, o] = bias[o] + Σ_c weight[o, c] ⋆ x[n, group(o)·C/groups + c], the
 * cross-correlation of each input channel of the output channel's group with a K×K kernel, moved by {@code stride}
 * over the input zero-padded by {@code pad} on every side, with taps {@code dilation} apart.
 *
 * <p>Args: in_channels C, out_channels OC, kernel_size K (square), stride (1), pad (0), dilation (1), groups (1:
 * C and OC must be multiples of it), bias (true). Weight [OC, C/groups, K, K], bias [OC]; the weight is drawn
 * from the initializer with fan-in C/groups·K·K and fan-out OC·K·K, the bias starts at zero.
 *
 * <p>Shape: input [N, C, H, W], output [N, OC, OH, OW] with OH = ⌊(H + 2·pad − dilation·(K − 1) − 1)/stride⌋ + 1
 * (OW likewise).
 *
 * <p>Example: {@code new Conv2d(1, 32, 3, 1, 1, 1, 1, true, Initializers.he(), new SplittableRandom(0))} maps
 * [128, 1, 28, 28] to [128, 32, 28, 28]; in a spec, {@code conv:1:32:3:pad=1} (or {@code conv:32:3:pad=1} after a
 * one-channel input).
 */
public final class Conv2d extends Module {
    private final int in;
    private final int out;
    private final int k;
    private final int stride;
    private final int pad;
    private final int dilation;
    private final int groups;
    private final boolean hasBias;
    private Tensor weight;
    private Tensor bias;

    /** A convolution with stride 1, no padding, Glorot-uniform weights (seed 0) and a zero bias. */
    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, 1, 0, 1, 1, true, Initializers.glorotUniform(), new SplittableRandom(0));
    }

    public Conv2d(int in, int out, int kernel, int stride, int pad, int dilation, int groups, boolean bias,
                  Initializer init, SplittableRandom rng) {
        String name = "Conv2d(" + in + "→" + out + ", " + kernel + "×" + kernel + ")";
        positive(name, "in_channels", in);
        positive(name, "out_channels", out);
        positive(name, "kernel_size", kernel);
        positive(name, "stride", stride);
        positive(name, "dilation", dilation);
        positive(name, "groups", groups);
        if (pad < 0) {
            throw new SomaException(name + ": pad must be 0 or more, got " + pad);
        }
        if (in % groups != 0 || out % groups != 0) {
            throw new SomaException(name + ": in_channels " + in + " and out_channels " + out
                    + " must both be divisible by groups " + groups);
        }
        this.in = in;
        this.out = out;
        this.k = kernel;
        this.stride = stride;
        this.pad = pad;
        this.dilation = dilation;
        this.groups = groups;
        this.hasBias = bias;
        this.weight = Tensor.zeros(DType.F32, out, in / groups, kernel, kernel).requiresGrad(true);
        this.bias = bias ? Tensor.zeros(DType.F32, out).requiresGrad(true) : null;
        resetParameters(init, rng);
    }

    private static void positive(String name, String what, int v) {
        if (v <= 0) {
            throw new SomaException(name + ": " + what + " must be positive, got " + v);
        }
    }

    /** Re-draws the weight from {@code init} and zeroes the bias. */
    public void resetParameters(Initializer init, SplittableRandom rng) {
        init.fill(weight, in / groups * k * k, out * k * k, rng);
        if (bias != null) {
            bias.fill(0);
        }
    }

    /** The geometry for examples of shape {@code shape}, or an error naming the layer and both shapes. */
    public ConvGeometry geometry(int[] shape) {
        if (shape.length != 3 || shape[0] != in) {
            throw new SomaException(describe() + " expects " + in + " input channel" + (in == 1 ? "" : "s") + ", got "
                    + (shape.length == 3 ? Integer.toString(shape[0]) : "examples of shape " + Shapes.str(shape)
                    + " (expected [" + in + ", height, width])"));
        }
        ConvGeometry g = new ConvGeometry(in, shape[1], shape[2], out, k, stride, pad, dilation, groups);
        if (g.outHeight < 1 || g.outWidth < 1) {
            int span = dilation * (k - 1) + 1;
            throw new SomaException(describe() + " needs an input of at least " + span + "×" + span
                    + (pad > 0 ? " after padding" : "") + ", got " + shape[1] + "×" + shape[2]
                    + (pad > 0 ? " (" + (shape[1] + 2 * pad) + "×" + (shape[2] + 2 * pad) + " padded)" : ""));
        }
        return g;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.rank() != 4) {
            throw new SomaException(describe() + " expects a batch [N, " + in + ", H, W], got " + Shapes.str(x.shape()));
        }
        return Convolution.conv2d(x, weight, bias, geometry(exampleShape(x.shape())));
    }

    @Override
    public int[] outputShape(int[] shape) {
        ConvGeometry g = geometry(shape);
        return new int[] {out, g.outHeight, g.outWidth};
    }

    @Override
    public Stage compile(StageSpec spec) {
        ConvGeometry g = geometry(spec.inputShape());
        if (!flatF32(weight) || (bias != null && !flatF32(bias))) {
            return super.compile(spec);
        }
        return new ConvStage(g, spec);
    }

    private static boolean flatF32(Tensor t) {
        return t.dtype() == DType.F32 && t.isContiguous() && t.offset() == 0;
    }

    /** The graph's kernel calls ({@link Convolution#conv2d} runs the same {@link ConvKernel}) into buffers kept. */
    private final class ConvStage extends Stage {
        private final ConvKernel kernel;

        ConvStage(ConvGeometry g, StageSpec spec) {
            this.kernel = new ConvKernel(g);
            this.y = new float[spec.capacity() * g.outputSize()];
            this.gIn = spec.inputGrad() ? new float[spec.capacity() * g.inputSize()] : null;
        }

        @Override
        public void forward(float[] x, int rows) {
            kernel.forward(x, rows, weight.floats(), bias == null ? null : bias.floats(), y);
        }

        @Override
        public void backward(float[] x, float[] g, int rows) {
            float[] gw = weight.requiresGrad() ? gradBuffer(weight) : null;
            float[] gb = bias != null && bias.requiresGrad() ? gradBuffer(bias) : null;
            if (gw != null || gb != null || gIn != null) {
                kernel.backward(x, g, rows, weight.floats(), gw, gb, gIn);
            }
        }

        @Override
        public boolean trainsParameters() {
            return weight.requiresGrad() || (bias != null && bias.requiresGrad());
        }
    }

    static float[] gradBuffer(Tensor p) {
        if (p.grad() == null) {
            p.setGrad(Tensor.zeros(p.dtype(), p.shape()));
        }
        return p.grad().floats();
    }

    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        geometry(inputShape);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("dilations", new long[] {dilation, dilation});
        a.put("group", (long) groups);
        a.put("kernel_shape", new long[] {k, k});
        a.put("pads", new long[] {pad, pad, pad, pad});
        a.put("strides", new long[] {stride, stride});
        String w = g.constant("weight", weight);
        List<String> inputs = bias == null ? List.of(input, w) : List.of(input, w, g.constant("bias", bias));
        return g.node("Conv", inputs, a);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null for a layer without one. */
    public Tensor bias() {
        return bias;
    }

    public int inChannels() {
        return in;
    }

    public int outChannels() {
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

    @Override
    public void to(DType dtype) {
        weight = convert(weight, dtype);
        if (bias != null) {
            bias = convert(bias, dtype);
        }
    }

    @Override
    public String spec() {
        return "conv:" + in + ":" + out + ":" + k + (stride != 1 ? ":stride=" + stride : "") + (pad != 0 ? ":pad=" + pad : "")
                + (dilation != 1 ? ":dilation=" + dilation : "") + (groups != 1 ? ":groups=" + groups : "")
                + (hasBias ? "" : ":nobias");
    }

    @Override
    public String describe() {
        return "Conv2d(" + in + "→" + out + ", " + k + "×" + k + (stride != 1 ? ", stride=" + stride : "")
                + (pad != 0 ? ", pad=" + pad : "") + (dilation != 1 ? ", dilation=" + dilation : "")
                + (groups != 1 ? ", groups=" + groups : "") + (hasBias ? "" : ", no bias") + ")";
    }

    /**
     * Reads {@code conv:<in>:<out>:<k>} with options {@code stride=}, {@code pad=}, {@code dilation=},
     * {@code groups=} and the flag {@code nobias}; {@code conv:<out>:<k>} when the input's channels are known.
     */
    public static final class Spec implements LayerFactory {
        @Override
        public List<String> names() {
            return List.of("conv", "conv2d");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            t.allowOnly("stride", "pad", "padding", "dilation", "groups", "nobias");
            int[] shape = ctx.shape();
            int in;
            int out;
            int kernel;
            if (t.args() == 3) {
                in = t.intArg(0, "in_channels");
                out = t.intArg(1, "out_channels");
                kernel = t.intArg(2, "kernel_size");
            } else if (t.args() == 2 && shape != null && shape.length == 3) {
                in = shape[0];
                out = t.intArg(0, "out_channels");
                kernel = t.intArg(1, "kernel_size");
            } else {
                throw t.error("expected conv:<in>:<out>:<kernel>[:stride=S][:pad=P][:dilation=D][:groups=G][:nobias]"
                        + (shape == null && t.args() == 2 ? " (the input's channels are not known here)" : ""));
            }
            int pad = t.intOption("pad", t.intOption("padding", 0));
            return new Conv2d(in, out, kernel, t.intOption("stride", 1), pad, t.intOption("dilation", 1),
                    t.intOption("groups", 1), !t.has("nobias"), ctx.initializer(), ctx.rng());
        }
    }
}

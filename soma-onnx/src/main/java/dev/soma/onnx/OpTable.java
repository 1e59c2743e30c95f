package dev.soma.onnx;

import dev.soma.kernel.Activation;
import dev.soma.nn.ActivationLayer;
import dev.soma.nn.Flatten;
import dev.soma.nn.Initializers;
import dev.soma.nn.Linear;
import dev.soma.nn.Module;
import dev.soma.nn.PReLU;
import dev.soma.nn.Softmax;
import dev.soma.nn.conv.AdaptiveAvgPool2d;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ONNX operators that map one node to one Soma layer (or to none: Identity, Dropout), each with its
 * attributes checked: what Soma's layer cannot express (a non-square kernel, ceil_mode, a training-mode batch
 * norm) is refused naming the node and the value found.
 */
final class OpTable {
    private OpTable() {
    }

    static Patterns.Match map(Importer im, OnnxNode n, int[] shape) {
        Module mod;
        switch (n.opType()) {
            case "Identity": case "Dropout": return new Patterns.Match(null, out(n), List.of(n));
            case "Gemm": mod = gemm(im, n); break;
            case "MatMul": return matMul(im, n);
            case "Relu": mod = act(Activation.relu()); break;
            case "LeakyRelu": mod = act(Activation.leakyRelu(shortest(attr(n, "alpha", 0.01)))); break;
            case "Elu": mod = act(Activation.elu(shortest(attr(n, "alpha", 1.0)))); break;
            case "Selu": {
                double a = attr(n, "alpha", 1.67326319217681884765625);
                double g = attr(n, "gamma", 1.05070102214813232421875);
                if (Math.abs(a - Activation.SELU_ALPHA) > 1e-6 || Math.abs(g - Activation.SELU_SCALE) > 1e-6) {
                    throw im.error(n, "alpha " + a + " and gamma " + g + " differ from SELU's constants, the only ones"
                            + " Soma has");
                }
                mod = act(Activation.selu());
                break;
            }
            case "Sigmoid": mod = act(Activation.sigmoid()); break;
            case "Tanh": mod = act(Activation.tanh()); break;
            case "Softplus": mod = act(Activation.softplus()); break;
            case "Atan": mod = act(Activation.arctan()); break;
            case "Gelu": {
                Object a = n.attributes().getOrDefault("approximate", "none");
                if (!"none".equals(a)) {
                    throw im.error(n, "approximate=" + a + "; Soma's GELU is the exact (erf) one");
                }
                mod = act(Activation.gelu());
                break;
            }
            case "Softmax": {
                long axis = (long) attr(n, "axis", im.opset >= 13 ? -1 : 1);
                if (im.opset < 13 && shape.length > 1) {
                    throw im.error(n, "before opset 13 Softmax normalizes over all of " + Shapes.str(shape)
                            + " together; Soma's Softmax is over axis 1");
                }
                if (axis != 1 && !(axis == -1 && shape.length == 1)) {
                    throw im.error(n, "softmax over axis " + axis + " of examples " + Shapes.str(shape)
                            + "; Soma's Softmax is over axis 1");
                }
                mod = new Softmax();
                break;
            }
            case "PRelu": {
                OnnxTensor s = im.constantInput(n, 1, "slope");
                mod = new PReLU((int) s.numel(), 0.25);
                load(mod, "weight", Tensor.of(s.asFloats(), (int) s.numel()));
                break;
            }
            case "Flatten": {
                long axis = (long) attr(n, "axis", 1);
                if (axis != 1) {
                    throw im.error(n, "flatten from axis " + axis + "; Soma flattens everything after the batch axis");
                }
                mod = new Flatten();
                break;
            }
            case "Reshape": return reshape(im, n, shape);
            case "Conv": mod = ConvOps.conv(im, n); break;
            case "MaxPool": case "AveragePool": mod = ConvOps.pool(im, n); break;
            case "GlobalAveragePool": mod = new AdaptiveAvgPool2d(1, 1); break;
            case "BatchNormalization": mod = NormOps.batchNorm(im, n, shape); break;
            case "LayerNormalization": mod = NormOps.layerNorm(im, n, shape); break;
            default: throw im.unsupported(n);
        }
        return new Patterns.Match(mod, out(n), List.of(n));
    }

    static String out(OnnxNode n) {
        return n.outputs().isEmpty() ? "" : n.outputs().get(0);
    }

    private static Module act(Activation a) {
        return new ActivationLayer(a);
    }

    /** The attribute as a number, or {@code dflt} when absent. */
    static double attr(OnnxNode n, String name, double dflt) {
        Object v = n.attributes().get(name);
        return v instanceof Number ? ((Number) v).doubleValue() : dflt;
    }

    /** The attribute as ints, or {@code dflt} when absent. */
    static long[] ints(OnnxNode n, String name, long[] dflt) {
        Object v = n.attributes().get(name);
        return v instanceof long[] ? (long[]) v : dflt;
    }

    /** A float attribute's value as the shortest decimal that reads back as the same float (0.01, not 0.0099999…). */
    private static double shortest(double v) {
        return Double.parseDouble(Float.toString((float) v));
    }

    static void load(Module m, String name, Tensor t) {
        Map<String, Tensor> s = new LinkedHashMap<>(m.stateDict());
        s.put(name, t);
        m.loadStateDict(s);
    }

    private static Module gemm(Importer im, OnnxNode n) {
        if (attr(n, "transA", 0) != 0) {
            throw im.error(n, "transA=1 (the input transposed); Soma's Linear multiplies the input as it is");
        }
        OnnxTensor b = im.constantInput(n, 1, "weight");
        if (b.dims().length != 2) {
            throw im.error(n, "the weight has shape " + java.util.Arrays.toString(b.dims()) + ", expected 2 dimensions");
        }
        boolean transB = attr(n, "transB", 0) != 0;
        int rows = (int) b.dims()[0];
        int cols = (int) b.dims()[1];
        int out = transB ? rows : cols;
        int in = transB ? cols : rows;
        float[] w = weight(b.asFloats(), rows, cols, transB, (float) attr(n, "alpha", 1.0));
        OnnxTensor c = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty() ? im.constantInput(n, 2, "bias") : null;
        return linear(im, n, in, out, w, c, (float) attr(n, "beta", 1.0));
    }

    /** W as [out, in] from B ([out, in] when transposed, else [in, out]), times alpha. */
    private static float[] weight(float[] b, int rows, int cols, boolean transposed, float alpha) {
        float[] w = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float v = b[r * cols + c] * alpha;
                if (transposed) {
                    w[r * cols + c] = v;
                } else {
                    w[c * rows + r] = v;
                }
            }
        }
        return w;
    }

    private static Module linear(Importer im, OnnxNode n, int in, int out, float[] w, OnnxTensor c, float beta) {
        Linear l = new Linear(in, out, c != null, Initializers.glorotUniform(), new SplittableRandom(0));
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("weight", Tensor.of(w, out, in));
        if (c != null) {
            if (c.numel() != out && c.numel() != 1) {
                throw im.error(n, "the bias has " + c.numel() + " values for " + out + " outputs");
            }
            float[] bias = new float[out];
            for (int i = 0; i < out; i++) {
                bias[i] = c.asFloats()[c.numel() == 1 ? 0 : i] * beta;
            }
            s.put("bias", Tensor.of(bias, out));
        }
        l.loadStateDict(s);
        return l;
    }

    /** MatMul(x, W[in, out]), and the Add of a bias [out] that follows it when there is one: a Linear. */
    private static Patterns.Match matMul(Importer im, OnnxNode n) {
        OnnxTensor b = im.constantInput(n, 1, "weight");
        if (b.dims().length != 2) {
            throw im.error(n, "the weight has shape " + java.util.Arrays.toString(b.dims()) + ", expected a 2-D float "
                    + "matrix");
        }
        int in = (int) b.dims()[0];
        int outs = (int) b.dims()[1];
        float[] w = weight(b.asFloats(), in, outs, false, 1f);
        List<OnnxNode> next = im.consumers(out(n));
        if (next.size() == 1 && next.get(0).opType().equals("Add") && next.get(0).inputs().size() == 2) {
            OnnxNode add = next.get(0);
            String other = add.inputs().get(0).equals(out(n)) ? add.inputs().get(1) : add.inputs().get(0);
            OnnxTensor c = im.constant(other);
            if (c != null && c.numel() == outs) {
                return new Patterns.Match(linear(im, n, in, outs, w, c, 1f), out(add), List.of(n, add));
            }
        }
        return new Patterns.Match(linear(im, n, in, outs, w, null, 1f), out(n), List.of(n));
    }

    /** A Reshape to [batch, everything else] is a Flatten; to the same shape, nothing. */
    private static Patterns.Match reshape(Importer im, OnnxNode n, int[] shape) {
        OnnxTensor t = im.constantInput(n, 1, "shape");
        long[] s = t.longs();
        int numel = Shapes.numel(shape);
        if (s != null && s.length == 2 && (s[0] == 0 || s[0] == -1) && (s[1] == -1 || s[1] == numel)
                && !(s[0] == -1 && s[1] == -1)) {
            return new Patterns.Match(shape.length == 1 ? null : new Flatten(), out(n), List.of(n));
        }
        if (s != null && s.length == shape.length + 1 && (s[0] == 0 || s[0] == -1)) {
            boolean same = true;
            for (int i = 0; i < shape.length; i++) {
                same &= s[i + 1] == shape[i];
            }
            if (same) {
                return new Patterns.Match(null, out(n), List.of(n));
            }
        }
        throw im.error(n, "reshape of examples " + Shapes.str(shape) + " to " + java.util.Arrays.toString(s)
                + "; Soma imports a reshape to [batch, " + numel + "] (a flatten) only");
    }

    /** The value of a Constant node (attribute value, value_float(s) or value_int(s)). */
    static OnnxTensor constantValue(Importer im, OnnxNode n) {
        String name = out(n);
        Object v = n.attributes().get("value");
        if (v instanceof OnnxTensor) {
            OnnxTensor t = (OnnxTensor) v;
            return new OnnxTensor(name, t.dims(), t.floats(), t.longs());
        }
        if ((v = n.attributes().get("value_float")) instanceof Double) {
            return new OnnxTensor(name, new long[0], new float[] {((Double) v).floatValue()}, null);
        }
        if ((v = n.attributes().get("value_int")) instanceof Long) {
            return new OnnxTensor(name, new long[0], null, new long[] {(Long) v});
        }
        if ((v = n.attributes().get("value_ints")) instanceof long[]) {
            long[] l = (long[]) v;
            return new OnnxTensor(name, new long[] {l.length}, null, l);
        }
        if ((v = n.attributes().get("value_floats")) instanceof double[]) {
            double[] d = (double[]) v;
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return new OnnxTensor(name, new long[] {d.length}, f, null);
        }
        throw im.error(n, "a Constant without a tensor, float or int value");
    }
}

package dev.soma.onnx;

import dev.soma.nn.Initializers;
import dev.soma.nn.Module;
import dev.soma.nn.conv.AvgPool2d;
import dev.soma.nn.conv.Conv2d;
import dev.soma.nn.conv.MaxPool2d;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * ONNX Conv, MaxPool and AveragePool as Soma's 2-d layers, which have square windows, one stride, one padding on
 * every side and one dilation: other geometries are refused naming the node and what it asks for.
 */
final class ConvOps {
    private ConvOps() {
    }

    static Module conv(Importer im, OnnxNode n) {
        OnnxTensor w = im.constantInput(n, 1, "weight");
        if (w.dims().length != 4) {
            throw im.error(n, "the weight has shape " + Arrays.toString(w.dims()) + "; Soma's Conv2d has 4-d weights");
        }
        int out = (int) w.dims()[0];
        long groups = (long) OpTable.attr(n, "group", 1);
        int k = square(im, n, new long[] {w.dims()[2], w.dims()[3]}, "kernel");
        long[] ks = OpTable.ints(n, "kernel_shape", null);
        if (ks != null && (ks.length != 2 || ks[0] != k || ks[1] != k)) {
            throw im.error(n, "kernel_shape " + Arrays.toString(ks) + " does not match the weight's " + k + "×" + k);
        }
        if (groups < 1 || groups > 1 << 20 || w.dims()[1] * groups > Integer.MAX_VALUE) {
            throw im.error(n, "group " + groups);
        }
        int in = (int) (w.dims()[1] * groups);
        int[] g = geometry(im, n);
        OnnxTensor b = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty() ? im.constantInput(n, 2, "bias") : null;
        Conv2d c = new Conv2d(in, out, k, g[0], g[1], g[2], (int) groups, b != null, Initializers.glorotUniform(),
                new SplittableRandom(0));
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("weight", Tensor.of(w.asFloats(), w.shape()));
        if (b != null) {
            if (b.numel() != out) {
                throw im.error(n, "the bias has " + b.numel() + " values for " + out + " output channels");
            }
            s.put("bias", Tensor.of(b.asFloats(), out));
        }
        c.loadStateDict(s);
        return c;
    }

    static Module pool(Importer im, OnnxNode n) {
        return pool(im, n, -1);
    }

    /** The pooling layer; {@code padded} ≥ 0: the zero padding of a Pad before it (the node's own must be 0). */
    static Module pool(Importer im, OnnxNode n, int padded) {
        long[] ks = OpTable.ints(n, "kernel_shape", null);
        if (ks == null) {
            throw im.error(n, "no kernel_shape");
        }
        int k = square(im, n, ks, "kernel");
        if (OpTable.attr(n, "ceil_mode", 0) != 0) {
            throw im.error(n, "ceil_mode=1; Soma's pooling rounds the output size down");
        }
        int[] g = geometry(im, n);
        if (g[2] != 1) {
            throw im.error(n, "dilation " + g[2] + "; Soma's pooling has none");
        }
        if (n.opType().equals("MaxPool")) {
            if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
                throw im.error(n, "the indices output is used; Soma's MaxPool2d returns the values only");
            }
            return new MaxPool2d(k, g[0], g[1]);
        }
        boolean include = OpTable.attr(n, "count_include_pad", 0) != 0;
        if (padded >= 0) {
            if (g[1] != 0) {
                throw im.error(n, "an AveragePool with pads of its own after a Pad");
            }
            return new AvgPool2d(k, g[0], padded, true);
        }
        return new AvgPool2d(k, g[0], g[1], include || g[1] == 0);
    }

    /** {stride, pad, dilation}, each the same along both axes (pads the same on all four sides). */
    private static int[] geometry(Importer im, OnnxNode n) {
        Object autoPad = n.attributes().getOrDefault("auto_pad", "NOTSET");
        if (!"NOTSET".equals(autoPad) && !"VALID".equals(autoPad)) {
            throw im.error(n, "auto_pad=" + autoPad + "; Soma imports explicit pads");
        }
        int stride = square(im, n, OpTable.ints(n, "strides", new long[] {1, 1}), "stride");
        int dilation = square(im, n, OpTable.ints(n, "dilations", new long[] {1, 1}), "dilation");
        long[] pads = OpTable.ints(n, "pads", new long[] {0, 0, 0, 0});
        if (pads.length != 4 || pads[0] != pads[1] || pads[0] != pads[2] || pads[0] != pads[3] || pads[0] < 0
                || pads[0] > 1 << 16) {
            throw im.error(n, "pads " + Arrays.toString(pads) + "; Soma pads all four sides alike");
        }
        return new int[] {stride, (int) pads[0], dilation};
    }

    private static int square(Importer im, OnnxNode n, long[] v, String what) {
        if (v.length != 2 || v[0] != v[1] || v[0] < 1 || v[0] > 1 << 16) {
            throw im.error(n, what + " " + Arrays.toString(v) + "; Soma's 2-d layers take one positive " + what
                    + " for both axes");
        }
        return (int) v[0];
    }
}

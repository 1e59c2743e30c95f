package dev.soma.nn.conv;

import dev.soma.autograd.Pooling;
import dev.soma.kernel.PoolKernels;
import dev.soma.nn.ExportGraph;
import dev.soma.nn.LayerFactory;
import dev.soma.nn.LayerToken;
import dev.soma.nn.Module;
import dev.soma.nn.SpecContext;
import dev.soma.nn.Stage;
import dev.soma.nn.StageSpec;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 2-d average pooling, as torch.nn.AvgPool2d: each output is the mean of a K×K window of its channel, the window
 * moved by {@code stride} over the input zero-padded by {@code pad}. With count_include_pad (torch's default) the
 * padding counts in the divisor (always K·K); without it, only the real pixels do.
 *
 * <p>Args: kernel_size K, stride (default K), pad (0, at most K/2), countIncludePad (true).
 *
 * <p>Shape: [N, C, H, W] → [N, C, ⌊(H + 2·pad − K)/stride⌋ + 1, ⌊(W + 2·pad − K)/stride⌋ + 1].
 *
 * <p>Example: {@code new AvgPool2d(2, 2, 0, true)} maps [8, 16, 10, 10] to [8, 16, 5, 5]; in a spec,
 * {@code avgpool:2}, {@code avgpool:3:stride=2:pad=1:exclude_pad}.
 */
public final class AvgPool2d extends Module {
    private final int k;
    private final int stride;
    private final int pad;
    private final boolean includePad;

    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0, true);
    }

    public AvgPool2d(int kernel, int stride, int pad, boolean countIncludePad) {
        this.k = kernel;
        this.stride = stride;
        this.pad = pad;
        this.includePad = countIncludePad;
        PoolShapes.checkWindow(describe(), kernel, stride, pad);
    }

    private PoolKernels.Window window(int[] shape) {
        return PoolShapes.window(describe(), shape, k, stride, pad);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        PoolShapes.requireImage(describe(), exampleShape(x.shape()));
        return Pooling.avgPool2d(x, window(exampleShape(x.shape())), includePad);
    }

    @Override
    public int[] outputShape(int[] in) {
        PoolKernels.Window w = window(in);
        return new int[] {in[0], w.outHeight(), w.outWidth()};
    }

    @Override
    public Stage compile(StageSpec spec) {
        int[] in = spec.inputShape();
        return new AvgStage(window(in), in[0], spec, includePad);
    }

    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        window(inputShape);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("count_include_pad", includePad ? 1L : 0L);
        a.put("kernel_shape", new long[] {k, k});
        a.put("pads", new long[] {pad, pad, pad, pad});
        a.put("strides", new long[] {stride, stride});
        return g.node("AveragePool", List.of(input), a);
    }

    @Override
    public String spec() {
        return "avgpool:" + k + (stride != k ? ":stride=" + stride : "") + (pad != 0 ? ":pad=" + pad : "")
                + (includePad ? "" : ":exclude_pad");
    }

    @Override
    public String describe() {
        return "AvgPool2d(" + k + (stride != k ? ", stride=" + stride : "") + (pad != 0 ? ", pad=" + pad : "")
                + (includePad ? "" : ", count_include_pad=False") + ")";
    }

    /** Reads {@code avgpool:<k>[:<stride>]} with options {@code stride=}, {@code pad=} and the flag {@code exclude_pad}. */
    public static final class Spec implements LayerFactory {
        @Override
        public List<String> names() {
            return List.of("avgpool", "avgpool2d");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            int[] a = PoolShapes.read(t, "avgpool", "exclude_pad");
            return new AvgPool2d(a[0], a[1], a[2], !t.has("exclude_pad"));
        }

        @Override
        public boolean passesActivation() {
            return true;
        }
    }
}

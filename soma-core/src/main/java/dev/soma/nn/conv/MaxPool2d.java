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
 * 2-d max pooling, as torch.nn.MaxPool2d: each output is the largest value of a K×K window of its channel, the
 * window moved by {@code stride} over the input padded by {@code pad} (padding never wins). The gradient goes to the
 * window's first maximum, kept from the forward pass.
 *
 * <p>Args: kernel_size K, stride (default K), pad (0, at most K/2).
 *
 * <p>Shape: [N, C, H, W] → [N, C, ⌊(H + 2·pad − K)/stride⌋ + 1, ⌊(W + 2·pad − K)/stride⌋ + 1].
 *
 * <p>Example: {@code new MaxPool2d(2)} maps [128, 32, 28, 28] to [128, 32, 14, 14]; in a spec, {@code maxpool:2}.
 */
public final class MaxPool2d extends Module {
    private final int k;
    private final int stride;
    private final int pad;

    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride, int pad) {
        this.k = kernel;
        this.stride = stride;
        this.pad = pad;
        PoolShapes.checkWindow(describe(), kernel, stride, pad);
    }

    private PoolKernels.Window window(int[] shape) {
        return PoolShapes.window(describe(), shape, k, stride, pad);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        PoolShapes.requireImage(describe(), exampleShape(x.shape()));
        return Pooling.maxPool2d(x, window(exampleShape(x.shape())));
    }

    @Override
    public int[] outputShape(int[] in) {
        PoolKernels.Window w = window(in);
        return new int[] {in[0], w.outHeight(), w.outWidth()};
    }

    @Override
    public Stage compile(StageSpec spec) {
        return new MaxStage(spec);
    }

    /** {@link PoolKernels#maxForward}/{@code maxBackward} as the graph calls them, the arg-max kept in a buffer. */
    private final class MaxStage extends Stage {
        private final PoolKernels.Window w;
        private final int channels;
        private final int[] idx;

        MaxStage(StageSpec spec) {
            int[] in = spec.inputShape();
            this.w = window(in);
            this.channels = in[0];
            int outSize = channels * w.outHeight() * w.outWidth();
            this.y = new float[spec.capacity() * outSize];
            // the arg-max positions serve only the backward pass, which writes nothing without an input gradient
            this.idx = spec.inputGrad() ? new int[spec.capacity() * outSize] : null;
            this.gIn = spec.inputGrad() ? new float[spec.capacity() * spec.inputSize()] : null;
        }

        @Override
        public void forward(float[] x, int rows) {
            PoolKernels.maxForward(w, x, rows * channels, y, idx);
        }

        @Override
        public void backward(float[] x, float[] g, int rows) {
            if (gIn != null) {
                PoolKernels.maxBackward(w, g, idx, rows * channels, gIn);
            }
        }
    }

    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        window(inputShape);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("kernel_shape", new long[] {k, k});
        a.put("pads", new long[] {pad, pad, pad, pad});
        a.put("strides", new long[] {stride, stride});
        return g.node("MaxPool", List.of(input), a);
    }

    @Override
    public String spec() {
        return "maxpool:" + k + (stride != k ? ":stride=" + stride : "") + (pad != 0 ? ":pad=" + pad : "");
    }

    @Override
    public String describe() {
        return "MaxPool2d(" + k + (stride != k ? ", stride=" + stride : "") + (pad != 0 ? ", pad=" + pad : "") + ")";
    }

    /** Reads {@code maxpool:<k>[:<stride>]} with options {@code stride=} and {@code pad=}. */
    public static final class Spec implements LayerFactory {
        @Override
        public List<String> names() {
            return List.of("maxpool", "maxpool2d");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            int[] a = PoolShapes.read(t, "maxpool");
            return new MaxPool2d(a[0], a[1], a[2]);
        }

        @Override
        public boolean passesActivation() {
            return true;
        }
    }
}

package dev.soma.nn.conv;

import dev.soma.SomaException;
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
 * Adaptive 2-d average pooling, as torch.nn.AdaptiveAvgPool2d: the output has a fixed OH×OW size whatever the
 * input's; output (i, j) is the mean over rows ⌊i·H/OH⌋ … ⌈(i+1)·H/OH⌉ − 1 and the columns likewise. Output 1×1 is
 * global average pooling.
 *
 * <p>Args: output height OH and width OW.
 *
 * <p>Shape: [N, C, H, W] → [N, C, OH, OW].
 *
 * <p>Example: {@code new AdaptiveAvgPool2d(1, 1)} maps [8, 64, 7, 7] to [8, 64, 1, 1]; in a spec,
 * {@code globalavgpool} or {@code adaptiveavgpool:1}, {@code adaptiveavgpool:2:3}.
 */
public final class AdaptiveAvgPool2d extends Module {
    private final int oh;
    private final int ow;

    public AdaptiveAvgPool2d(int outHeight, int outWidth) {
        if (outHeight <= 0 || outWidth <= 0) {
            throw new SomaException("AdaptiveAvgPool2d: output size must be positive, got " + outHeight + "×" + outWidth);
        }
        this.oh = outHeight;
        this.ow = outWidth;
    }

    private PoolKernels.Window window(int[] shape) {
        PoolShapes.requireImage(describe(), shape);
        return PoolKernels.Window.adaptive(shape[1], shape[2], oh, ow);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        return Pooling.avgPool2d(x, window(exampleShape(x.shape())), false);
    }

    @Override
    public int[] outputShape(int[] in) {
        window(in);
        return new int[] {in[0], oh, ow};
    }

    @Override
    public Stage compile(StageSpec spec) {
        int[] in = spec.inputShape();
        return new AvgStage(window(in), in[0], spec, false);
    }

    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        window(inputShape);
        if (oh == 1 && ow == 1) {
            return g.node("GlobalAveragePool", List.of(input), Map.of());
        }
        int h = inputShape[1];
        int w = inputShape[2];
        if (h % oh != 0 || w % ow != 0) {
            throw new SomaException(describe() + " on " + h + "×" + w + " inputs cannot be exported: ONNX has no"
                    + " adaptive pooling and the windows are not all the same size");
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("kernel_shape", new long[] {h / oh, w / ow});
        a.put("strides", new long[] {h / oh, w / ow});
        return g.node("AveragePool", List.of(input), a);
    }

    @Override
    public String spec() {
        return oh == 1 && ow == 1 ? "globalavgpool" : "adaptiveavgpool:" + oh + (ow != oh ? ":" + ow : "");
    }

    @Override
    public String describe() {
        return "AdaptiveAvgPool2d(" + oh + "×" + ow + ")";
    }

    /** Reads {@code adaptiveavgpool:<size>}, {@code adaptiveavgpool:<h>:<w>} and {@code globalavgpool} (1×1). */
    public static final class Spec implements LayerFactory {
        @Override
        public List<String> names() {
            return List.of("adaptiveavgpool", "globalavgpool");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            t.allowOnly();
            if (t.name().equals("globalavgpool")) {
                if (t.args() != 0) {
                    throw t.error("globalavgpool takes no arguments (it is adaptiveavgpool:1)");
                }
                return new AdaptiveAvgPool2d(1, 1);
            }
            if (t.args() < 1 || t.args() > 2) {
                throw t.error("expected adaptiveavgpool:<size> or adaptiveavgpool:<height>:<width>");
            }
            int h = t.intArg(0, "output height");
            return new AdaptiveAvgPool2d(h, t.args() == 2 ? t.intArg(1, "output width") : h);
        }

        @Override
        public boolean passesActivation() {
            return true;
        }
    }
}

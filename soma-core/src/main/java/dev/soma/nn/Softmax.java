package dev.soma.nn;

import dev.soma.tensor.Tensor;

/**
 * Softmax over the features of each row (torch.nn.Softmax(dim=1)). Use it with the "categorical_cross_entropy"
 * loss on probabilities; for training, a final Linear with the fused "cross_entropy" loss on logits is stabler.
 */
public final class Softmax extends Module {
    @Override
    public Tensor forward(Tensor x, boolean training) {
        return x.softmax(1);
    }

    /** Reads {@code softmax}. */
    public static final class Spec implements LayerFactory {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("softmax");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            return new Softmax();
        }
    }

    @Override
    public String outputKind() {
        return "softmax";
    }

    /** ONNX Softmax over axis 1 (opset 13 and later: that axis alone, as torch's dim=1). */
    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        return g.node("Softmax", java.util.List.of(input), java.util.Map.of("axis", 1L));
    }

    @Override
    public String spec() {
        return "softmax";
    }
}

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

    @Override
    public String spec() {
        return "softmax";
    }
}

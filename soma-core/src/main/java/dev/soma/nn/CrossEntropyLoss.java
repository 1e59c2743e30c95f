package dev.soma.nn;

import dev.soma.autograd.Fused;
import dev.soma.tensor.Tensor;

/**
 * Softmax cross-entropy on logits, as torch.nn.CrossEntropyLoss: mean over the batch of −log softmax(z)[y]. Fused
 * (autograd.Fused.softmaxCrossEntropy): stable, and its gradient is (softmax(z) − onehot(y)) / batch.
 */
final class CrossEntropyLoss implements Loss {
    @Override
    public String name() {
        return "cross_entropy";
    }

    @Override
    public Tensor compute(Tensor output, Tensor target) {
        return Fused.softmaxCrossEntropy(output, target);
    }

    @Override
    public Tensor compute(Tensor output, int[] labels) {
        return Fused.softmaxCrossEntropy(output, labels);
    }

    @Override
    public String toString() {
        return name();
    }
}

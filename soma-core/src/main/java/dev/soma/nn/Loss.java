package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.tensor.Tensor;
import java.util.Arrays;

/**
 * A loss: a scalar (mean over the batch) measuring how far the outputs are from the targets; its graph node gives the
 * gradient. "Cost" is the same mean taken over a whole data set.
 *
 * <p>Targets come either as a dense tensor shaped like the output, or as class labels, which {@link #compute(Tensor,
 * int[])} encodes as the loss expects: one-hot rows for several outputs, the label itself (0/1, or ±1 for hinge) for
 * one output. Losses on class indices (cross_entropy, multi_hinge) use the labels directly.
 */
public interface Loss {
    /** The name read back by {@link Losses#parse}. */
    String name();

    /** The loss of {@code output} against dense {@code target} of the same shape. */
    Tensor compute(Tensor output, Tensor target);

    /** The loss against class labels. */
    default Tensor compute(Tensor output, int[] labels) {
        return compute(output, encode(output, labels, negativeLabel()));
    }

    /** The target value of the "other" classes: 0, or −1 for hinge losses. */
    default double negativeLabel() {
        return 0;
    }

    /** With one output, the value above which the prediction is class 1 (0.5 on probabilities, 0 on scores). */
    default double threshold() {
        return 0.5;
    }

    /** Labels as dense targets: one-hot rows (others = {@code negative}), or the label value for one output. */
    static Tensor encode(Tensor output, int[] labels, double negative) {
        if (output.rank() != 2 || output.size(0) != labels.length) {
            throw new SomaException("loss: " + labels.length + " labels for outputs of shape " + Arrays.toString(output.shape()));
        }
        int n = labels.length;
        int c = output.size(1);
        Tensor t = Tensor.full(output.dtype(), negative, n, c);
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            if (c == 1) {
                if (y != 0 && y != 1) {
                    throw new SomaException("loss: label " + y + " at row " + i + " for a single output; expected 0 or 1");
                }
                t.setFlat(i, y == 1 ? 1.0 : negative);
            } else {
                if (y < 0 || y >= c) {
                    throw new SomaException("loss: label " + y + " at row " + i + " out of range [0, " + c + ")");
                }
                t.setFlat(i * c + y, 1.0);
            }
        }
        return t;
    }
}

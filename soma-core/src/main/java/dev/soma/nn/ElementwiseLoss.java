package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.autograd.GradFn;
import dev.soma.autograd.Graph;
import dev.soma.tensor.Tensor;
import java.util.Arrays;

/**
 * A loss that is a sum of one term per output value, ℓ(o, t), divided by the number of values (PyTorch's
 * reduction="mean"), by the batch size ("batchmean": sum over outputs, mean over examples; categorical
 * cross-entropy's own form) or by nothing ("sum"). Computed in double precision in one node whose backward is dℓ/do
 * scaled by the upstream gradient.
 */
final class ElementwiseLoss implements Loss {
    /** A per-value term and its derivative with respect to the output. */
    interface Term {
        double value(double o, double t);

        double grad(double o, double t);
    }

    /** How the per-value terms are combined. */
    enum Reduction {
        MEAN, BATCHMEAN, SUM;

        String spec() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String name;
    private final Term term;
    private final Reduction reduction;
    private final double negative;
    private final double threshold;

    ElementwiseLoss(String name, Term term, boolean perExample, double negative, double threshold) {
        this(name, term, perExample ? Reduction.BATCHMEAN : Reduction.MEAN, negative, threshold);
    }

    ElementwiseLoss(String name, Term term, Reduction reduction, double negative, double threshold) {
        this.name = name;
        this.term = term;
        this.reduction = reduction;
        this.negative = negative;
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return name;
    }

    /** The same terms combined another way, named {@code name}. */
    ElementwiseLoss withReduction(String newName, Reduction r) {
        return new ElementwiseLoss(newName, term, r, negative, threshold);
    }

    Reduction reduction() {
        return reduction;
    }

    @Override
    public double negativeLabel() {
        return negative;
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public Tensor compute(Tensor output, Tensor target) {
        if (!Arrays.equals(output.shape(), target.shape())) {
            throw new SomaException(name + ": targets " + Arrays.toString(target.shape()) + " do not match outputs "
                    + Arrays.toString(output.shape()));
        }
        int n = output.numel();
        double[] o = output.toDoubleArray();
        double[] t = target.toDoubleArray();
        double divisor = reduction == Reduction.SUM ? 1
                : reduction == Reduction.BATCHMEAN ? (output.rank() == 0 ? 1 : output.size(0)) : n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += term.value(o[i], t[i]);
        }
        Tensor out = Tensor.scalar(output.dtype(), n == 0 ? 0 : sum / divisor);
        int[] shape = output.shape();
        return Graph.record(out, new GradFn(name, output) {
            @Override
            protected Tensor[] backward(Tensor g) {
                double scale = g.item() / divisor;
                Tensor gx = Tensor.zeros(output.dtype(), shape);
                for (int i = 0; i < n; i++) {
                    gx.setFlat(i, term.grad(o[i], t[i]) * scale);
                }
                return new Tensor[] {gx};
            }
        });
    }

    @Override
    public String toString() {
        return name;
    }
}

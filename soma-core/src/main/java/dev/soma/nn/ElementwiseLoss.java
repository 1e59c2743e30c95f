package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.autograd.GradFn;
import dev.soma.autograd.Graph;
import dev.soma.tensor.Tensor;
import java.util.Arrays;

/**
 * A loss that is a sum of one term per output value, ℓ(o, t), divided either by the number of values (PyTorch's
 * reduction="mean") or by the batch size (categorical cross-entropy: sum over classes, mean over examples). Computed
 * in double precision in one node whose backward is dℓ/do scaled by the upstream gradient.
 */
final class ElementwiseLoss implements Loss {
    /** A per-value term and its derivative with respect to the output. */
    interface Term {
        double value(double o, double t);

        double grad(double o, double t);
    }

    private final String name;
    private final Term term;
    private final boolean perExample;
    private final double negative;
    private final double threshold;

    ElementwiseLoss(String name, Term term, boolean perExample, double negative, double threshold) {
        this.name = name;
        this.term = term;
        this.perExample = perExample;
        this.negative = negative;
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return name;
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
        double divisor = perExample ? (output.rank() == 0 ? 1 : output.size(0)) : n;
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

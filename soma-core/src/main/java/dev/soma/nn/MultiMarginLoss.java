package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.autograd.GradFn;
import dev.soma.autograd.Graph;
import dev.soma.tensor.Tensor;

/**
 * Multi-class hinge loss, as torch.nn.MultiMarginLoss (p = 1, margin 1): for each example
 * Σ_{i≠y} max(0, margin − z_y + z_i) / C, then the mean over the batch. With dense targets, y is the argmax of each row.
 */
final class MultiMarginLoss implements Loss {
    private final double margin;

    MultiMarginLoss(double margin) {
        this.margin = margin;
    }

    @Override
    public String name() {
        return margin == 1.0 ? "multi_hinge" : "multi_hinge:" + margin;
    }

    @Override
    public double threshold() {
        return 0;
    }

    @Override
    public Tensor compute(Tensor output, Tensor target) {
        int n = target.size(0);
        int c = target.size(1);
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            for (int j = 1; j < c; j++) {
                if (target.get(r, j) > target.get(r, labels[r])) {
                    labels[r] = j;
                }
            }
        }
        return compute(output, labels);
    }

    @Override
    public Tensor compute(Tensor output, int[] labels) {
        if (output.rank() != 2 || output.size(0) != labels.length) {
            throw new SomaException(name() + ": " + labels.length + " labels for outputs of shape "
                    + java.util.Arrays.toString(output.shape()));
        }
        int n = labels.length;
        int c = output.size(1);
        double[] z = output.toDoubleArray();
        double[] grad = new double[n * c];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            int y = labels[r];
            if (y < 0 || y >= c) {
                throw new SomaException(name() + ": label " + y + " at row " + r + " out of range [0, " + c + ")");
            }
            for (int i = 0; i < c; i++) {
                if (i == y) {
                    continue;
                }
                double m = margin - z[r * c + y] + z[r * c + i];
                if (m > 0) {
                    sum += m;
                    grad[r * c + i] += 1.0 / c;
                    grad[r * c + y] -= 1.0 / c;
                }
            }
        }
        Tensor out = Tensor.scalar(output.dtype(), n == 0 ? 0 : sum / c / n);
        return Graph.record(out, new GradFn("multi_hinge", output) {
            @Override
            protected Tensor[] backward(Tensor g) {
                double scale = g.item() / n;
                Tensor gx = Tensor.zeros(output.dtype(), n, c);
                for (int i = 0; i < n * c; i++) {
                    gx.setFlat(i, grad[i] * scale);
                }
                return new Tensor[] {gx};
            }
        });
    }

    @Override
    public String toString() {
        return name();
    }
}

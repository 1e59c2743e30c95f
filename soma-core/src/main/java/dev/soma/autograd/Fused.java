package dev.soma.autograd;

import dev.soma.SomaException;
import dev.soma.kernel.Activation;
import dev.soma.kernel.KernelProvider;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;

/**
 * Operations fused into one graph node because it pays: a dense layer with its bias and activation, and softmax with
 * cross-entropy, whose gradient is simply (p − y)/batch.
 */
public final class Fused {
    private Fused() {
    }

    /** y = x·Wᵀ + b, as torch.nn.functional.linear: x [batch, in], W [out, in], b [out] or null. */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return linear(x, w, b, Activation.identity());
    }

    /** y = f(x·Wᵀ + b) in one node: one matrix product, the bias and the activation in place, no intermediates. */
    public static Tensor linear(Tensor x, Tensor w, Tensor b, Activation f) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        if (ws.length != 2) {
            throw new SomaException("linear: weight must be a matrix [out, in], got " + Shapes.str(ws));
        }
        if (xs.length != 2 || xs[1] != ws[1]) {
            throw new SomaException("linear: input " + Shapes.str(xs) + " does not fit weight " + Shapes.str(ws)
                    + " (expects [batch, " + ws[1] + "])");
        }
        if (b != null && (b.rank() != 1 || b.size(0) != ws[0])) {
            throw new SomaException("linear: bias " + Shapes.str(b.shape()) + " does not fit weight " + Shapes.str(ws)
                    + " (expects [" + ws[0] + "])");
        }
        Elementwise.sameDType("linear", x, w);
        int batch = xs[0];
        int out = ws[0];
        Tensor z = Tensor.zeros(x.dtype(), batch, out);
        MatMul.multiply(x, w.t(), z, 0f);
        if (b != null) {
            addBias(z, b.contiguous());
        }
        boolean identity = f.kind() == Activation.Kind.IDENTITY;
        Tensor y;
        if (identity) {
            y = z;
        } else {
            y = Tensor.zeros(x.dtype(), batch, out);
            if (x.dtype() == DType.F32) {
                KernelProvider.get().activation(f, z.floats(), 0, y.floats(), 0, z.numel());
            } else {
                for (int i = 0; i < z.numel(); i++) {
                    y.doubles()[i] = f.apply(z.doubles()[i]);
                }
            }
        }
        Tensor xd = x.detach();
        Tensor wd = w.detach();
        Tensor zd = z.detach();
        Tensor yd = y.detach();
        Tensor[] inputs = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        String name = identity ? "linear" : "linear+" + f.spec();
        return Graph.record(y, new GradFn(name, inputs) {
            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor gz = identity ? g : Activations.derivativeTimes(f, zd, yd, g);
                Tensor[] r = new Tensor[inputs.length];
                r[0] = needs(0) ? MatMul.matmul(gz, wd) : null;
                r[1] = needs(1) ? MatMul.matmul(gz.t(), xd) : null;
                if (inputs.length == 3 && needs(2)) {
                    r[2] = Elementwise.sumTo(gz.contiguous(), new int[] {out});
                }
                return r;
            }
        });
    }

    private static void addBias(Tensor z, Tensor b) {
        int rows = z.size(0);
        int cols = z.size(1);
        if (z.dtype() == DType.F32) {
            float[] zf = z.floats();
            KernelProvider.get().addRowVector(zf, 0, rows, cols, b.storageF32(), b.offset(), zf, 0);
        } else {
            double[] zd = z.doubles();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    zd[r * cols + c] += b.getFlat(c);
                }
            }
        }
    }

    /**
     * Mean over the batch of −log softmax(logits)[label]: PyTorch's cross_entropy on class indices. The backward is
     * (softmax − onehot)/batch, computed without forming the log-probabilities' graph.
     */
    public static Tensor softmaxCrossEntropy(Tensor logits, int[] labels) {
        checkLogits(logits, labels.length);
        int n = logits.size(0);
        int c = logits.size(1);
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new SomaException("cross-entropy: label " + labels[i] + " at row " + i + " out of range [0, " + c + ")");
            }
        }
        Tensor p = softmaxRows(logits);
        // −log p_y computed stably as max + log Σ exp(z − max) − z_y.
        double loss = 0;
        Tensor lc = logits.contiguous();
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, lc.getFlat(i * c + j));
            }
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += Math.exp(lc.getFlat(i * c + j) - max);
            }
            loss += max + Math.log(s) - lc.getFlat(i * c + labels[i]);
        }
        Tensor out = Tensor.scalar(logits.dtype(), n == 0 ? 0 : loss / n);
        int[] ys = labels.clone();
        return Graph.record(out, new GradFn("softmaxCrossEntropy", logits) {
            @Override
            protected Tensor[] backward(Tensor g) {
                double scale = g.item() / n;
                Tensor gx = p.copy();
                for (int i = 0; i < n; i++) {
                    gx.setFlat(i * c + ys[i], gx.getFlat(i * c + ys[i]) - 1.0);
                }
                return new Tensor[] {Arithmetic.mul(gx, Tensor.scalar(gx.dtype(), scale))};
            }
        });
    }

    /** Cross-entropy against target distributions (one-hot or soft labels), mean over the batch. */
    public static Tensor softmaxCrossEntropy(Tensor logits, Tensor targets) {
        checkLogits(logits, targets.rank() == 2 ? targets.size(0) : -1);
        if (!java.util.Arrays.equals(logits.shape(), targets.shape())) {
            throw new SomaException("cross-entropy: targets " + Shapes.str(targets.shape()) + " do not match logits "
                    + Shapes.str(logits.shape()));
        }
        int n = logits.size(0);
        int c = logits.size(1);
        Tensor p = softmaxRows(logits);
        Tensor logp = logSoftmaxRows(logits);
        Tensor tc = targets.contiguous().detach();
        double loss = 0;
        for (int i = 0; i < n * c; i++) {
            double t = tc.getFlat(i);
            if (t != 0) {
                loss -= t * logp.getFlat(i);
            }
        }
        Tensor out = Tensor.scalar(logits.dtype(), n == 0 ? 0 : loss / n);
        return Graph.record(out, new GradFn("softmaxCrossEntropy", logits) {
            @Override
            protected Tensor[] backward(Tensor g) {
                // d/dz of −Σ t·log softmax(z) = softmax(z)·Σt − t; Σt = 1 for distributions.
                Tensor gx = Tensor.zeros(logits.dtype(), n, c);
                for (int i = 0; i < n; i++) {
                    double rowSum = 0;
                    for (int j = 0; j < c; j++) {
                        rowSum += tc.getFlat(i * c + j);
                    }
                    for (int j = 0; j < c; j++) {
                        int k = i * c + j;
                        gx.setFlat(k, (p.getFlat(k) * rowSum - tc.getFlat(k)) * g.item() / n);
                    }
                }
                return new Tensor[] {gx};
            }
        });
    }

    private static void checkLogits(Tensor logits, int rows) {
        if (logits.rank() != 2) {
            throw new SomaException("cross-entropy: logits must be [batch, classes], got " + Shapes.str(logits.shape()));
        }
        if (rows >= 0 && rows != logits.size(0)) {
            throw new SomaException("cross-entropy: " + rows + " labels for a batch of " + logits.size(0));
        }
    }

    /** Row softmax of a matrix, outside the graph. */
    static Tensor softmaxRows(Tensor logits) {
        try (NoGrad ignored = NoGrad.enter()) {
            return Activations.softmax(logits.detach(), 1);
        }
    }

    private static Tensor logSoftmaxRows(Tensor logits) {
        try (NoGrad ignored = NoGrad.enter()) {
            return Activations.logSoftmax(logits.detach(), 1);
        }
    }
}

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
        if (b != null) {
            Elementwise.sameDType("linear", x, b);
        }
        int batch = xs[0];
        int out = ws[0];
        Tensor z = Tensor.zeros(x.dtype(), batch, out);
        Tensor xd = x.detach();
        Tensor wd = w.detach();
        MatMul.multiply(xd, wd.t(), z, 0f);
        if (b != null) {
            addBias(z, b.detach().contiguous());
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
                double[] zs = z.doubles();
                double[] ys = y.doubles();
                for (int i = 0; i < zs.length; i++) {
                    ys[i] = f.apply(zs[i]);
                }
            }
        }
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
            double[] bd = b.doubles();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    zd[r * cols + c] += bd[c];
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
        Tensor logp = logSoftmaxRows(logits);
        double loss = 0;
        if (logp.dtype() == DType.F32) {
            float[] lp = logp.floats();
            for (int i = 0; i < n; i++) {
                loss -= lp[i * c + labels[i]];
            }
        } else {
            double[] lp = logp.doubles();
            for (int i = 0; i < n; i++) {
                loss -= lp[i * c + labels[i]];
            }
        }
        Tensor out = Tensor.scalar(logits.dtype(), n == 0 ? 0 : loss / n);
        int[] ys = labels.clone();
        return Graph.record(out, new GradFn("softmaxCrossEntropy", logits) {
            @Override
            protected Tensor[] backward(Tensor g) {
                double scale = g.item() / n;
                Tensor gx = Tensor.zeros(logits.dtype(), n, c);
                if (gx.dtype() == DType.F32) {
                    float[] gs = gx.floats();
                    KernelProvider.get().exp(logp.floats(), 0, gs, 0, n * c);
                    for (int i = 0; i < n; i++) {
                        gs[i * c + ys[i]] -= 1f;
                    }
                    KernelProvider.get().scale((float) scale, gs, 0, gs, 0, n * c);
                } else {
                    double[] gs = gx.doubles();
                    double[] lp = logp.doubles();
                    for (int k = 0; k < n * c; k++) {
                        gs[k] = Math.exp(lp[k]) * scale;
                    }
                    for (int i = 0; i < n; i++) {
                        gs[i * c + ys[i]] -= scale;
                    }
                }
                return new Tensor[] {gx};
            }
        });
    }

    /**
     * Cross-entropy against target distributions (one-hot or soft labels), mean over the batch:
     * −(1/n)·Σᵢ Σⱼ tᵢⱼ·log softmax(zᵢ)ⱼ, as torch's cross_entropy with probability targets. Gradients:
     * ∂/∂z = (softmax(z)·Σⱼ tᵢⱼ − t)/n and, when the targets require one, ∂/∂t = −log softmax(z)/n.
     */
    public static Tensor softmaxCrossEntropy(Tensor logits, Tensor targets) {
        checkLogits(logits, -1);
        if (!java.util.Arrays.equals(logits.shape(), targets.shape())) {
            throw new SomaException("cross-entropy: targets " + Shapes.str(targets.shape()) + " do not match logits "
                    + Shapes.str(logits.shape()));
        }
        Elementwise.sameDType("cross-entropy", logits, targets);
        int n = logits.size(0);
        int c = logits.size(1);
        Tensor logp = logSoftmaxRows(logits);
        Tensor tc = targets.detach().contiguous();
        double[] lp = logp.toDoubleArray();
        double[] t = tc.toDoubleArray();
        double loss = 0;
        double[] rowSum = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                int k = i * c + j;
                rowSum[i] += t[k];
                if (t[k] != 0) {
                    loss -= t[k] * lp[k];
                }
            }
        }
        Tensor out = Tensor.scalar(logits.dtype(), n == 0 ? 0 : loss / n);
        return Graph.record(out, new GradFn("softmaxCrossEntropy", logits, targets) {
            @Override
            protected Tensor[] backward(Tensor g) {
                double scale = g.item() / n;
                double[] gz = needs(0) ? new double[n * c] : null;
                double[] gt = needs(1) ? new double[n * c] : null;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < c; j++) {
                        int k = i * c + j;
                        if (gz != null) {
                            gz[k] = (Math.exp(lp[k]) * rowSum[i] - t[k]) * scale;
                        }
                        if (gt != null) {
                            gt[k] = -lp[k] * scale;
                        }
                    }
                }
                return new Tensor[] {gz == null ? null : Tensor.of(gz, n, c).to(logits.dtype()),
                        gt == null ? null : Tensor.of(gt, n, c).to(logits.dtype())};
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

    /** Row log-softmax of a matrix, outside the graph (contiguous, offset 0). */
    @SuppressWarnings("try") // NoGrad is used for its scope only
    private static Tensor logSoftmaxRows(Tensor logits) {
        try (NoGrad ignored = NoGrad.enter()) {
            return Activations.logSoftmax(logits.detach(), 1);
        }
    }
}

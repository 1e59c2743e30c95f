package dev.soma.autograd;

import dev.soma.SomaException;
import dev.soma.kernel.Activation;
import dev.soma.kernel.KernelProvider;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;

/** Activation functions as differentiable operations: the elementwise ones, PReLU, softmax and log-softmax. */
public final class Activations {
    private Activations() {
    }

    /** y = f(x) elementwise; the backward multiplies by f'(x). */
    public static Tensor apply(Tensor x, Activation f) {
        Tensor xc = x.detach().contiguous();
        Tensor y = Tensor.zeros(x.dtype(), x.shape());
        int n = x.numel();
        if (x.dtype() == DType.F32) {
            KernelProvider.get().activation(f, xc.floats(), 0, y.floats(), 0, n);
        } else {
            double[] xs = xc.doubles();
            double[] ys = y.doubles();
            for (int i = 0; i < n; i++) {
                ys[i] = f.apply(xs[i]);
            }
        }
        Tensor yd = y.detach();
        return Graph.record(y, new GradFn(f.spec(), x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {derivativeTimes(f, xc, yd, g)};
            }
        });
    }

    /** g · f'(x), given x and y = f(x) (contiguous). */
    static Tensor derivativeTimes(Activation f, Tensor x, Tensor y, Tensor g) {
        Tensor gc = g.contiguous();
        Tensor out = Tensor.zeros(x.dtype(), x.shape());
        int n = x.numel();
        if (x.dtype() == DType.F32) {
            KernelProvider.get().activationBackward(f, x.floats(), 0, y.floats(), 0, gc.floats(), 0, out.floats(), 0, n);
        } else {
            double[] xs = x.doubles();
            double[] ys = y.doubles();
            double[] gs = gc.doubles();
            double[] os = out.doubles();
            for (int i = 0; i < n; i++) {
                os[i] = gs[i] * f.derivative(xs[i], ys[i]);
            }
        }
        return out;
    }

    /**
     * PReLU: y = x for x > 0, a·x otherwise, with a learned slope {@code a} of one element or one per feature (the
     * last dimension), as torch.nn.PReLU. Both x and a get gradients.
     */
    public static Tensor prelu(Tensor x, Tensor a) {
        int features = x.rank() == 0 ? 1 : x.size(-1);
        if (a.numel() != 1 && a.numel() != features) {
            throw new SomaException("prelu: slope has " + a.numel() + " values, expected 1 or " + features
                    + " (the last dimension of " + Shapes.str(x.shape()) + ")");
        }
        Elementwise.sameDType("prelu", x, a);
        Tensor xc = x.detach().contiguous();
        Tensor ac = a.detach().contiguous();
        int n = x.numel();
        int an = a.numel();
        Tensor y = Tensor.zeros(x.dtype(), x.shape());
        if (x.dtype() == DType.F32) {
            float[] xs = xc.floats();
            float[] as = ac.floats();
            float[] ys = y.floats();
            for (int i = 0; i < n; i++) {
                float v = xs[i];
                ys[i] = v > 0 ? v : as[an == 1 ? 0 : i % an] * v;
            }
        } else {
            double[] xs = xc.doubles();
            double[] as = ac.doubles();
            double[] ys = y.doubles();
            for (int i = 0; i < n; i++) {
                double v = xs[i];
                ys[i] = v > 0 ? v : as[an == 1 ? 0 : i % an] * v;
            }
        }
        int[] aShape = a.shape();
        return Graph.record(y, new GradFn("prelu", x, a) {
            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor gc = g.contiguous();
                Tensor gx = Tensor.zeros(g.dtype(), xc.shape());
                Tensor ga = Tensor.zeros(g.dtype(), aShape);
                // dy/dx = 1 (x > 0) or a; dy/da = 0 (x > 0) or x, summed over every position sharing the slope
                double[] gaSum = new double[an];
                if (g.dtype() == DType.F32) {
                    float[] xs = xc.floats();
                    float[] as = ac.floats();
                    float[] gs = gc.floats();
                    float[] out = gx.floats();
                    for (int i = 0; i < n; i++) {
                        int k = an == 1 ? 0 : i % an;
                        float v = xs[i];
                        if (v > 0) {
                            out[i] = gs[i];
                        } else {
                            out[i] = as[k] * gs[i];
                            gaSum[k] += (double) gs[i] * v;
                        }
                    }
                    for (int k = 0; k < an; k++) {
                        ga.floats()[k] = (float) gaSum[k];
                    }
                } else {
                    double[] xs = xc.doubles();
                    double[] as = ac.doubles();
                    double[] gs = gc.doubles();
                    double[] out = gx.doubles();
                    for (int i = 0; i < n; i++) {
                        int k = an == 1 ? 0 : i % an;
                        double v = xs[i];
                        if (v > 0) {
                            out[i] = gs[i];
                        } else {
                            out[i] = as[k] * gs[i];
                            gaSum[k] += gs[i] * v;
                        }
                    }
                    System.arraycopy(gaSum, 0, ga.doubles(), 0, an);
                }
                return new Tensor[] {needs(0) ? gx : null, needs(1) ? ga : null};
            }
        });
    }

    /** Softmax along {@code axis}, stable; backward: dx = y · (g − Σ g·y). */
    public static Tensor softmax(Tensor x, int axis) {
        return rowwise(x, axis, false);
    }

    /** Log-softmax along {@code axis}, stable; backward: dx = g − softmax · Σ g. */
    public static Tensor logSoftmax(Tensor x, int axis) {
        return rowwise(x, axis, true);
    }

    private static Tensor rowwise(Tensor x, int axis, boolean log) {
        int ax = Shapes.axis(log ? "logSoftmax" : "softmax", axis, x.rank());
        if (ax != x.rank() - 1) {
            // Move the axis last, work on rows, move it back; the views carry the gradient.
            return rowwise(x.transpose(ax, -1), -1, log).transpose(ax, -1);
        }
        int cols = x.size(-1);
        int rows = cols == 0 ? 0 : x.numel() / cols;
        Tensor xc = x.detach().contiguous();
        Tensor y = Tensor.zeros(x.dtype(), x.shape());
        if (x.dtype() == DType.F32) {
            if (log) {
                KernelProvider.get().logSoftmaxRows(xc.floats(), 0, rows, cols, y.floats(), 0);
            } else {
                KernelProvider.get().softmaxRows(xc.floats(), 0, rows, cols, y.floats(), 0);
            }
        } else {
            double[] xs = xc.doubles();
            double[] ys = y.doubles();
            for (int r = 0; r < rows; r++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < cols; c++) {
                    max = Math.max(max, xs[r * cols + c]);
                }
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    s += Math.exp(xs[r * cols + c] - max);
                }
                // as PyTorch: softmax = exp(x − max)/s, log-softmax = (x − max) − log s (no large lse to subtract)
                double logS = Math.log(s);
                for (int c = 0; c < cols; c++) {
                    double shifted = xs[r * cols + c] - max;
                    ys[r * cols + c] = log ? shifted - logS : Math.exp(shifted) / s;
                }
            }
        }
        Tensor yd = y.detach();
        return Graph.record(y, new GradFn(log ? "logSoftmax" : "softmax", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor gc = g.contiguous();
                Tensor gx = Tensor.zeros(g.dtype(), yd.shape());
                if (g.dtype() == DType.F32) {
                    rowwiseBackward(log, rows, cols, yd.floats(), gc.floats(), gx.floats());
                } else {
                    rowwiseBackward(log, rows, cols, yd.doubles(), gc.doubles(), gx.doubles());
                }
                return new Tensor[] {gx};
            }
        });
    }

    /** Softmax: dx = y·(g − Σ g·y); log-softmax: dx = g − exp(y)·Σ g (float32 buffers, sums in double). */
    private static void rowwiseBackward(boolean log, int rows, int cols, float[] y, float[] g, float[] dx) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                dot += log ? g[base + c] : (double) g[base + c] * y[base + c];
            }
            float s = (float) dot;
            for (int c = 0; c < cols; c++) {
                int i = base + c;
                dx[i] = log ? g[i] - (float) Math.exp(y[i]) * s : y[i] * (g[i] - s);
            }
        }
    }

    /** The float64 twin of {@link #rowwiseBackward(boolean, int, int, float[], float[], float[])}. */
    private static void rowwiseBackward(boolean log, int rows, int cols, double[] y, double[] g, double[] dx) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                dot += log ? g[base + c] : g[base + c] * y[base + c];
            }
            for (int c = 0; c < cols; c++) {
                int i = base + c;
                dx[i] = log ? g[i] - Math.exp(y[i]) * dot : y[i] * (g[i] - dot);
            }
        }
    }
}

package dev.soma.autograd;

import dev.soma.SomaException;
import dev.soma.kernel.KernelProvider;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;

/** Sum, mean and max over all elements or along one axis, and their gradients. */
public final class Reductions {
    private Reductions() {
    }

    /** Σ of all elements, as a rank-0 tensor (accumulated in double); the gradient is g everywhere. */
    public static Tensor sum(Tensor x) {
        double s = 0;
        if (Elementwise.flatF32(x)) {
            s = KernelProvider.get().sum(x.floats(), 0, x.numel());
        } else {
            for (double v : x.toDoubleArray()) {
                s += v;
            }
        }
        Tensor out = Tensor.scalar(x.dtype(), s);
        int[] shape = x.shape();
        return Graph.record(out, new GradFn("sum", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {Tensor.full(g.dtype(), g.item(), shape)};
            }
        });
    }

    /** Mean of all elements. */
    public static Tensor mean(Tensor x) {
        return Arithmetic.mul(sum(x), Tensor.scalar(x.dtype(), 1.0 / x.numel()));
    }

    /** Σ along {@code axis}; keeps it as size 1 when keepDim. */
    public static Tensor sum(Tensor x, int axis, boolean keepDim) {
        int[] shape = x.shape();
        int ax = Shapes.axis("sum", axis, shape.length);
        int[] keep = shape.clone();
        keep[ax] = 1;
        Tensor src = x.detach().contiguous();
        Tensor out = Elementwise.sumTo(src, keep);
        if (out == src) {
            out = src.copy();
        }
        Tensor result = keepDim ? out : out.reshape(drop(shape, ax));
        return Graph.record(result, new GradFn("sum", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {Elementwise.zip("sum", Tensor.zeros(g.dtype(), shape), g.reshape(keep), Double::sum)};
            }
        });
    }

    /** Mean along {@code axis}. */
    public static Tensor mean(Tensor x, int axis, boolean keepDim) {
        int n = x.size(axis);
        return Arithmetic.mul(sum(x, axis, keepDim), Tensor.scalar(x.dtype(), 1.0 / n));
    }

    /** Largest element (NaN if any is NaN); the gradient goes to the first position that holds it. */
    public static Tensor max(Tensor x) {
        if (x.numel() == 0) {
            throw new SomaException("max: tensor of shape " + Shapes.str(x.shape()) + " has no elements");
        }
        double[] v = x.toDoubleArray();
        int arg = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i++) {
            if (v[i] > best || Double.isNaN(v[i])) {
                best = v[i];
                arg = i;
                if (Double.isNaN(v[i])) {
                    break;
                }
            }
        }
        int at = arg;
        int[] shape = x.shape();
        return Graph.record(Tensor.scalar(x.dtype(), best), new GradFn("max", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor gx = Tensor.zeros(g.dtype(), shape);
                gx.setFlat(at, g.item());
                return new Tensor[] {gx};
            }
        });
    }

    /** Largest element along {@code axis}; the gradient goes to the first position of each maximum. */
    public static Tensor max(Tensor x, int axis, boolean keepDim) {
        int[] shape = x.shape();
        int ax = Shapes.axis("max", axis, shape.length);
        int outer = Shapes.product(shape, 0, ax);
        int inner = Shapes.product(shape, ax + 1, shape.length);
        int len = shape[ax];
        if (len == 0) {
            throw new SomaException("max: axis " + axis + " of shape " + Shapes.str(shape) + " has size 0");
        }
        int[] keep = shape.clone();
        keep[ax] = 1;
        double[] xs = x.toDoubleArray();
        double[] best = new double[outer * inner];
        int[] argmax = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int arg = 0;
                double bv = xs[o * len * inner + in];
                for (int j = 1; j < len && !Double.isNaN(bv); j++) {
                    double v = xs[(o * len + j) * inner + in];
                    if (v > bv || Double.isNaN(v)) {
                        bv = v;
                        arg = j;
                    }
                }
                argmax[o * inner + in] = arg;
                best[o * inner + in] = bv;
            }
        }
        Tensor out = Tensor.of(best, keep).to(x.dtype());
        Tensor result = keepDim ? out : out.reshape(drop(shape, ax));
        int fo = outer;
        int fi = inner;
        return Graph.record(result, new GradFn("max", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                double[] gs = g.toDoubleArray();
                double[] gx = new double[fo * len * fi];
                for (int o = 0; o < fo; o++) {
                    for (int in = 0; in < fi; in++) {
                        gx[(o * len + argmax[o * fi + in]) * fi + in] = gs[o * fi + in];
                    }
                }
                return new Tensor[] {Tensor.of(gx, shape).to(g.dtype())};
            }
        });
    }

    static int[] drop(int[] shape, int ax) {
        int[] r = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != ax) {
                r[j++] = shape[i];
            }
        }
        return r;
    }

    /** Row-wise argmax of a matrix (predicted classes; the first index on ties), no graph. */
    public static int[] argmaxRows(Tensor x) {
        if (x.rank() != 2) {
            throw new SomaException("argmaxRows: expects a matrix, got shape " + Shapes.str(x.shape()));
        }
        int rows = x.size(0);
        int cols = x.size(1);
        int[] r = new int[rows];
        if (x.dtype() == DType.F32) {
            float[] v = x.contiguous().floats();
            for (int i = 0; i < rows; i++) {
                int best = 0;
                for (int j = 1; j < cols; j++) {
                    if (v[i * cols + j] > v[i * cols + best]) {
                        best = j;
                    }
                }
                r[i] = best;
            }
        } else {
            double[] v = x.toDoubleArray();
            for (int i = 0; i < rows; i++) {
                int best = 0;
                for (int j = 1; j < cols; j++) {
                    if (v[i * cols + j] > v[i * cols + best]) {
                        best = j;
                    }
                }
                r[i] = best;
            }
        }
        return r;
    }
}

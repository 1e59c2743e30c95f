package dev.soma.autograd;

import dev.soma.SomaException;
import dev.soma.kernel.KernelProvider;
import dev.soma.kernel.Kernels;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.Arrays;

/** Reshape and transpose views, contiguous copies, concatenation and row gathering, with their gradients. */
public final class Views {
    private Views() {
    }

    /** Same elements, another shape; one dimension may be -1 (inferred). A view when the input is contiguous. */
    public static Tensor reshape(Tensor x, int... newShape) {
        int[] shape = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) {
                    throw new SomaException("reshape: only one dimension can be -1, got " + Arrays.toString(newShape));
                }
                infer = i;
            } else {
                if (shape[i] < 0) {
                    throw new SomaException("reshape: negative dimension in " + Arrays.toString(newShape));
                }
                known *= shape[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.numel() % known != 0) {
                throw new SomaException("reshape: " + Shapes.str(x.shape()) + " (" + x.numel() + " elements) cannot become "
                        + Arrays.toString(newShape) + " (" + x.numel() + " is not a multiple of " + known + ")");
            }
            shape[infer] = (int) (x.numel() / known);
        }
        if (Shapes.numel(shape) != x.numel()) {
            throw new SomaException("reshape: " + Shapes.str(x.shape()) + " (" + x.numel() + " elements) cannot become "
                    + Shapes.str(shape) + " (" + Shapes.numel(shape) + " elements)");
        }
        Tensor src = x.isContiguous() ? x : contiguous(x);
        Tensor out = src.view(shape, Shapes.contiguousStrides(shape), src.offset());
        int[] inShape = src.shape();
        return Graph.record(out, new GradFn("reshape", src) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {reshape(g, inShape)};
            }
        });
    }

    /** Swaps axes a and b (a view: no copy). */
    public static Tensor transpose(Tensor x, int a, int b) {
        int rank = x.rank();
        int ia = Shapes.axis("transpose", a, rank);
        int ib = Shapes.axis("transpose", b, rank);
        int[] shape = x.shape();
        int[] strides = x.strides();
        swap(shape, ia, ib);
        swap(strides, ia, ib);
        Tensor out = x.view(shape, strides, x.offset());
        return Graph.record(out, new GradFn("transpose", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {transpose(g, ia, ib)};
            }
        });
    }

    private static void swap(int[] v, int i, int j) {
        int t = v[i];
        v[i] = v[j];
        v[j] = t;
    }

    /** A contiguous copy (gradient passes through unchanged). */
    public static Tensor contiguous(Tensor x) {
        Tensor out = x.detach().copy();
        return Graph.record(out, new GradFn("contiguous", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g};
            }
        });
    }

    /** Joins tensors along an axis; all other dimensions must agree. */
    public static Tensor concat(int axis, Tensor... tensors) {
        Tensor[] xs = tensors.clone();
        if (xs.length == 0) {
            throw new SomaException("concat: no tensors");
        }
        int[] first = xs[0].shape();
        int ax = Shapes.axis("concat", axis, first.length);
        int total = 0;
        for (int i = 0; i < xs.length; i++) {
            int[] s = xs[i].shape();
            Elementwise.sameDType("concat", xs[0], xs[i]);
            boolean ok = s.length == first.length;
            for (int d = 0; ok && d < s.length; d++) {
                ok = d == ax || s[d] == first[d];
            }
            if (!ok) {
                throw new SomaException("concat: tensor " + i + " has shape " + Shapes.str(s) + ", expected "
                        + Shapes.str(first) + " except along axis " + ax);
            }
            total += s[ax];
        }
        int[] shape = first.clone();
        shape[ax] = total;
        Tensor out = Tensor.zeros(xs[0].dtype(), shape);
        int outer = Shapes.product(shape, 0, ax);
        int inner = Shapes.product(shape, ax + 1, shape.length);
        int[] starts = new int[xs.length];
        int at = 0;
        for (int t = 0; t < xs.length; t++) {
            starts[t] = at;
            Tensor c = xs[t].detach().contiguous();
            int len = c.size(ax);
            copyBlocks(c, 0, len * inner, out, at * inner, total * inner, outer);
            at += len;
        }
        int fo = outer;
        int fi = inner;
        int fTotal = total;
        return Graph.record(out, new GradFn("concat", xs) {
            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor[] r = new Tensor[xs.length];
                Tensor gc = g.contiguous();
                for (int t = 0; t < xs.length; t++) {
                    if (!needs(t)) {
                        continue;
                    }
                    int len = xs[t].size(ax);
                    Tensor gt = Tensor.zeros(g.dtype(), xs[t].shape());
                    // block o of gt is the slice [starts[t], starts[t] + len) of block o of g
                    copyBlocks(gc, starts[t] * fi, fTotal * fi, gt, 0, len * fi, fo);
                    r[t] = gt;
                }
                return r;
            }
        });
    }

    /**
     * Copies {@code blocks} runs: run o starts at {@code srcStart + o·srcStride} in contiguous {@code src} and at
     * {@code dstStart + o·dstStride} in flat {@code dst}; each run is as long as the smaller of the two strides.
     */
    private static void copyBlocks(Tensor src, int srcStart, int srcStride, Tensor dst, int dstStart, int dstStride,
                                   int blocks) {
        int run = Math.min(srcStride, dstStride);
        int so = src.offset();
        for (int o = 0; o < blocks; o++) {
            if (dst.dtype() == DType.F32) {
                System.arraycopy(src.storageF32(), so + srcStart + o * srcStride, dst.floats(), dstStart + o * dstStride, run);
            } else {
                System.arraycopy(src.storageF64(), so + srcStart + o * srcStride, dst.doubles(), dstStart + o * dstStride, run);
            }
        }
    }

    /** Rows {@code rows[i]} of a tensor (along axis 0), e.g. a mini-batch; the gradient scatters back (adding). */
    public static Tensor gatherRows(Tensor x, int[] rows) {
        int[] shape = x.shape();
        if (shape.length == 0) {
            throw new SomaException("gatherRows: expects a tensor of rank ≥ 1, got a scalar");
        }
        int n = shape[0];
        int width = n == 0 ? 0 : x.numel() / n;
        int[] outShape = shape.clone();
        outShape[0] = rows.length;
        Tensor c = x.detach().contiguous();
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            if (r < 0 || r >= n) {
                throw new SomaException("gatherRows: index " + r + " (position " + i + ") out of range for " + n
                        + " rows");
            }
            if (c.dtype() == DType.F32) {
                System.arraycopy(c.storageF32(), c.offset() + r * width, out.floats(), i * width, width);
            } else {
                System.arraycopy(c.storageF64(), c.offset() + r * width, out.doubles(), i * width, width);
            }
        }
        int[] picked = rows.clone();
        return Graph.record(out, new GradFn("gatherRows", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor gx = Tensor.zeros(g.dtype(), shape);
                Tensor gc = g.contiguous();
                if (gc.dtype() == DType.F32) {
                    Kernels k = KernelProvider.get();
                    float[] src = gc.floats();
                    float[] dst = gx.floats();
                    for (int i = 0; i < picked.length; i++) {
                        k.axpy(1f, src, i * width, dst, picked[i] * width, width);
                    }
                } else {
                    double[] src = gc.doubles();
                    double[] dst = gx.doubles();
                    for (int i = 0; i < picked.length; i++) {
                        int from = i * width;
                        int to = picked[i] * width;
                        for (int j = 0; j < width; j++) {
                            dst[to + j] += src[from + j];
                        }
                    }
                }
                return new Tensor[] {gx};
            }
        });
    }
}

package dev.soma.autograd;

import dev.soma.SomaException;
import dev.soma.kernel.KernelProvider;
import dev.soma.kernel.Kernels;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The generic, any-dtype, any-layout loops behind the operations: a map over one tensor and a broadcasting zip of
 * two. Operations use them for float64 and for unusual layouts; the float32 contiguous cases go to the kernels.
 */
final class Elementwise {
    private Elementwise() {
    }

    static void sameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new SomaException(op + ": dtypes differ (" + a.dtype() + " vs " + b.dtype() + ")");
        }
    }

    static boolean flat(Tensor t) {
        return t.isContiguous() && t.offset() == 0;
    }

    static boolean flatF32(Tensor... ts) {
        for (Tensor t : ts) {
            if (t.dtype() != DType.F32 || !flat(t)) {
                return false;
            }
        }
        return true;
    }

    /** out[i] = op(x[i]) into a new contiguous tensor of x's dtype and shape. */
    static Tensor map(Tensor x, DoubleUnaryOperator op) {
        if (!flat(x)) {
            return map(x.detach().contiguous(), op);
        }
        Tensor out = Tensor.zeros(x.dtype(), x.shape());
        int n = x.numel();
        if (x.dtype() == DType.F64) {
            double[] xs = x.doubles();
            double[] os = out.doubles();
            for (int i = 0; i < n; i++) {
                os[i] = op.applyAsDouble(xs[i]);
            }
        } else {
            float[] xs = x.floats();
            float[] os = out.floats();
            for (int i = 0; i < n; i++) {
                os[i] = (float) op.applyAsDouble(xs[i]);
            }
        }
        return out;
    }

    /** Strides of {@code t} seen through the broadcast to {@code outShape}: 0 along broadcast dimensions. */
    static int[] broadcastStrides(Tensor t, int[] outShape) {
        int[] shape = t.shape();
        int[] strides = t.strides();
        int[] r = new int[outShape.length];
        int lead = outShape.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            r[lead + i] = shape[i] == 1 ? 0 : strides[i];
        }
        return r;
    }

    /** out = fn(a, b) with numpy broadcasting, into a new contiguous tensor. */
    static Tensor zip(String op, Tensor a, Tensor b, DoubleBinaryOperator fn) {
        sameDType(op, a, b);
        int[] shape = Shapes.broadcast(op, a.shape(), b.shape());
        Tensor out = Tensor.zeros(a.dtype(), shape);
        int[] sa = broadcastStrides(a, shape);
        int[] sb = broadcastStrides(b, shape);
        int n = out.numel();
        int rank = shape.length;
        int[] counter = new int[rank];
        int ia = a.offset();
        int ib = b.offset();
        float[] af = a.storageF32();
        float[] bf = b.storageF32();
        double[] ad = a.storageF64();
        double[] bd = b.storageF64();
        float[] of = out.storageF32();
        double[] od = out.storageF64();
        for (int i = 0; i < n; i++) {
            if (of != null) {
                of[i] = (float) fn.applyAsDouble(af[ia], bf[ib]);
            } else {
                od[i] = fn.applyAsDouble(ad[ia], bd[ib]);
            }
            // odometer step over the output shape
            for (int ax = rank - 1; ax >= 0; ax--) {
                if (++counter[ax] < shape[ax]) {
                    ia += sa[ax];
                    ib += sb[ax];
                    break;
                }
                counter[ax] = 0;
                ia -= sa[ax] * (shape[ax] - 1);
                ib -= sb[ax] * (shape[ax] - 1);
            }
        }
        return out;
    }

    /**
     * Sums {@code g} down to {@code shape}, the inverse of broadcasting: the gradient of an input that was broadcast
     * is the sum of the gradients of all the places it was copied to. Returns {@code g} itself when the shapes agree.
     */
    static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        Tensor out = Tensor.zeros(g.dtype(), shape);
        int n = g.numel();
        if (g.dtype() == DType.F32 && flat(g)) {
            Kernels k = KernelProvider.get();
            if (out.numel() == 1) {
                out.floats()[0] = (float) k.sum(g.floats(), 0, n);
                return out;
            }
            int cols = gs.length == 0 ? 1 : gs[gs.length - 1];
            if (cols > 0 && gs.length >= 1 && out.numel() == cols && shape.length >= 1 && shape[shape.length - 1] == cols) {
                // a row vector broadcast over all leading dimensions: column sums of g seen as [n / cols, cols]
                k.columnSums(g.floats(), 0, n / cols, cols, out.floats(), 0, false);
                return out;
            }
            if (cols > 0 && shape.length == gs.length && shape[gs.length - 1] == 1 && out.numel() * cols == n) {
                // only the last dimension is reduced (a column vector broadcast along rows): row sums
                float[] gf = g.floats();
                float[] of = out.floats();
                for (int r = 0; r < of.length; r++) {
                    of[r] = (float) k.sum(gf, r * cols, cols);
                }
                return out;
            }
        }
        // General case: walk g in row-major order through its own strides; the output index moves with stride 0
        // along the broadcast dimensions, so every element lands on the one it was copied from.
        int[] so = broadcastStrides(out, gs);
        int[] sg = g.strides();
        int rank = gs.length;
        int[] counter = new int[rank];
        int io = 0;
        int ig = g.offset();
        float[] gf = g.storageF32();
        double[] gd = g.storageF64();
        float[] of = out.storageF32();
        double[] od = out.storageF64();
        for (int i = 0; i < n; i++) {
            if (of != null) {
                of[io] += gf[ig];
            } else {
                od[io] += gd[ig];
            }
            for (int ax = rank - 1; ax >= 0; ax--) {
                if (++counter[ax] < gs[ax]) {
                    io += so[ax];
                    ig += sg[ax];
                    break;
                }
                counter[ax] = 0;
                io -= so[ax] * (gs[ax] - 1);
                ig -= sg[ax] * (gs[ax] - 1);
            }
        }
        return out;
    }
}

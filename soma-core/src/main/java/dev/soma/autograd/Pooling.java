package dev.soma.autograd;

import dev.soma.SomaException;
import dev.soma.kernel.PoolKernels;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;

/**
 * 2-d pooling as differentiable operations over [N, C, H, W] (torch.nn.functional.max_pool2d, avg_pool2d,
 * adaptive_avg_pool2d), on {@link PoolKernels}: the compiled stages make the same calls. Max pooling keeps the
 * arg-max of each window for its backward rule.
 */
public final class Pooling {
    private Pooling() {
    }

    /** The max of each window of {@code w} (from {@link PoolKernels.Window#fixed}). */
    public static Tensor maxPool2d(Tensor x, PoolKernels.Window w) {
        check("max_pool2d", x, w);
        int planes = x.size(0) * x.size(1);
        Tensor xc = x.detach().contiguous();
        Tensor y = Tensor.zeros(x.dtype(), x.size(0), x.size(1), w.outHeight(), w.outWidth());
        int[] idx = new int[y.numel()];
        if (x.dtype() == DType.F32) {
            PoolKernels.maxForward(w, xc.floats(), planes, y.floats(), idx);
        } else {
            PoolKernels.maxForward(w, xc.doubles(), planes, y.doubles(), idx);
        }
        return Graph.record(y, new GradFn("max_pool2d", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor gc = g.contiguous();
                Tensor gx = Tensor.zeros(x.dtype(), x.shape());
                if (x.dtype() == DType.F32) {
                    PoolKernels.maxBackward(w, gc.floats(), idx, planes, gx.floats());
                } else {
                    PoolKernels.maxBackward(w, gc.doubles(), idx, planes, gx.doubles());
                }
                return new Tensor[] {gx};
            }
        });
    }

    /**
     * The mean of each window of {@code w} ({@link PoolKernels.Window#fixed}, or {@link PoolKernels.Window#adaptive}
     * for adaptive pooling); {@code includePad}: padding counts in the divisor (torch's count_include_pad).
     */
    public static Tensor avgPool2d(Tensor x, PoolKernels.Window w, boolean includePad) {
        check("avg_pool2d", x, w);
        int planes = x.size(0) * x.size(1);
        Tensor xc = x.detach().contiguous();
        Tensor y = Tensor.zeros(x.dtype(), x.size(0), x.size(1), w.outHeight(), w.outWidth());
        if (x.dtype() == DType.F32) {
            PoolKernels.avgForward(w, xc.floats(), planes, includePad, y.floats());
        } else {
            PoolKernels.avgForward(w, xc.doubles(), planes, includePad, y.doubles());
        }
        return Graph.record(y, new GradFn("avg_pool2d", x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor gc = g.contiguous();
                Tensor gx = Tensor.zeros(x.dtype(), x.shape());
                if (x.dtype() == DType.F32) {
                    PoolKernels.avgBackward(w, gc.floats(), planes, includePad, gx.floats());
                } else {
                    PoolKernels.avgBackward(w, gc.doubles(), planes, includePad, gx.doubles());
                }
                return new Tensor[] {gx};
            }
        });
    }

    private static void check(String op, Tensor x, PoolKernels.Window w) {
        if (x.rank() != 4 || x.size(2) != w.height() || x.size(3) != w.width()) {
            throw new SomaException(op + ": expected [batch, channels, " + w.height() + ", " + w.width() + "], got "
                    + Shapes.str(x.shape()));
        }
    }
}

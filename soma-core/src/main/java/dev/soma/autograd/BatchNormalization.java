package dev.soma.autograd;

import dev.soma.SomaException;
import dev.soma.kernel.BatchNormKernels;
import dev.soma.kernel.BatchNormKernels64;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Batch normalization as one differentiable operation, as torch.nn.functional.batch_norm: over x of shape
 * [N, C, *], y = (x − mean)/√(var + eps)·weight + bias per channel. With batch statistics the mean and the biased
 * variance are the batch's and the gradient flows through them; otherwise the given running statistics are used as
 * constants. The arithmetic is {@link BatchNormKernels}' (the compiled stage calls the same routines).
 */
public final class BatchNormalization {
    private BatchNormalization() {
    }

    /**
     * Normalizes {@code x}. {@code weight} and {@code bias} ([C]) may be null (no affine transform). With
     * {@code batchStats} true and running buffers given, they are updated in place with {@code momentum} (the
     * running variance from the unbiased batch variance), outside the graph; with {@code batchStats} false the
     * running buffers are required and used.
     */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
            boolean batchStats, double momentum, double eps) {
        if (x.rank() < 2) {
            throw new SomaException("batch_norm: expected input [N, C, ...], got " + Shapes.str(x.shape()));
        }
        int n = x.size(0);
        int c = x.size(1);
        int s = c == 0 || n == 0 ? 0 : x.numel() / (n * c);
        if (!batchStats && (runningMean == null || runningVar == null)) {
            throw new SomaException("batch_norm: running statistics are needed when batch statistics are not used");
        }
        Tensor xc = x.detach().contiguous();
        Tensor y = Tensor.zeros(x.dtype(), x.shape());
        Tensor mean = Tensor.zeros(x.dtype(), c);
        Tensor invstd = Tensor.zeros(x.dtype(), c);
        Tensor wd = weight == null ? null : weight.detach().contiguous();
        Tensor bd = bias == null ? null : bias.detach().contiguous();
        if (x.dtype() == DType.F32) {
            if (batchStats) {
                float[] var = new float[c];
                BatchNormKernels.stats(xc.floats(), n, c, s, eps, mean.floats(), var, invstd.floats(), new double[2 * c]);
                if (runningMean != null) {
                    BatchNormKernels.updateRunning(runningMean.floats(), runningVar.floats(), mean.floats(), var, c,
                            n * s, momentum);
                }
            } else {
                System.arraycopy(runningMean.floats(), 0, mean.floats(), 0, c);
                BatchNormKernels.invstd(runningVar.floats(), c, eps, invstd.floats());
            }
            BatchNormKernels.normalize(xc.floats(), n, c, s, mean.floats(), invstd.floats(),
                    wd == null ? null : wd.floats(), bd == null ? null : bd.floats(), y.floats());
        } else {
            if (batchStats) {
                double[] var = new double[c];
                BatchNormKernels64.stats(xc.doubles(), n, c, s, eps, mean.doubles(), var, invstd.doubles());
                if (runningMean != null) {
                    BatchNormKernels64.updateRunning(runningMean.doubles(), runningVar.doubles(), mean.doubles(), var,
                            c, n * s, momentum);
                }
            } else {
                System.arraycopy(runningMean.doubles(), 0, mean.doubles(), 0, c);
                BatchNormKernels64.invstd(runningVar.doubles(), c, eps, invstd.doubles());
            }
            BatchNormKernels64.normalize(xc.doubles(), n, c, s, mean.doubles(), invstd.doubles(),
                    wd == null ? null : wd.doubles(), bd == null ? null : bd.doubles(), y.doubles());
        }
        List<Tensor> in = new ArrayList<>(List.of(x));
        if (weight != null) {
            in.add(weight);
        }
        if (bias != null) {
            in.add(bias);
        }
        int wi = weight == null ? -1 : 1;
        int bi = bias == null ? -1 : in.size() - 1;
        return Graph.record(y, new GradFn("batchNorm", in.toArray(new Tensor[0])) {
            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor gc = g.contiguous();
                Tensor gx = needs(0) ? Tensor.zeros(x.dtype(), x.shape()) : null;
                Tensor gw = wi >= 0 && needs(wi) ? Tensor.zeros(x.dtype(), c) : null;
                Tensor gb = bi >= 0 && needs(bi) ? Tensor.zeros(x.dtype(), c) : null;
                if (x.dtype() == DType.F32) {
                    BatchNormKernels.backward(xc.floats(), gc.floats(), n, c, s, mean.floats(), invstd.floats(),
                            wd == null ? null : wd.floats(), batchStats, gx == null ? null : gx.floats(),
                            gw == null ? null : gw.floats(), gb == null ? null : gb.floats(), new double[2 * c]);
                } else {
                    BatchNormKernels64.backward(xc.doubles(), gc.doubles(), n, c, s, mean.doubles(), invstd.doubles(),
                            wd == null ? null : wd.doubles(), batchStats, gx == null ? null : gx.doubles(),
                            gw == null ? null : gw.doubles(), gb == null ? null : gb.doubles());
                }
                Tensor[] r = new Tensor[in.size()];
                r[0] = gx;
                if (wi >= 0) {
                    r[wi] = gw;
                }
                if (bi >= 0) {
                    r[bi] = gb;
                }
                return r;
            }
        });
    }
}

package dev.soma.autograd;

import dev.soma.SomaException;
import dev.soma.kernel.LayerNormKernels;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer normalization as one differentiable operation, as torch.nn.functional.layer_norm: each group of the last
 * {@code d} values of x (the normalized shape, flattened) is normalized by its own mean and biased variance, then
 * scaled by {@code weight} and shifted by {@code bias} (of d values each, or null). The arithmetic is
 * {@link LayerNormKernels}' (the compiled stage calls the same routines).
 */
public final class LayerNormalization {
    private LayerNormalization() {
    }

    /** Normalizes x over its trailing {@code d} values (d must divide the element count). */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, int d, double eps) {
        if (d <= 0 || x.numel() % d != 0) {
            throw new SomaException("layer_norm: cannot normalize groups of " + d + " values in "
                    + Shapes.str(x.shape()));
        }
        int r = x.numel() / d;
        Tensor xc = x.detach().contiguous();
        Tensor y = Tensor.zeros(x.dtype(), x.shape());
        Tensor mean = Tensor.zeros(x.dtype(), r);
        Tensor invstd = Tensor.zeros(x.dtype(), r);
        Tensor wd = weight == null ? null : weight.detach().contiguous();
        Tensor bd = bias == null ? null : bias.detach().contiguous();
        if (x.dtype() == DType.F32) {
            LayerNormKernels.stats(xc.floats(), r, d, eps, mean.floats(), invstd.floats());
            LayerNormKernels.normalize(xc.floats(), r, d, mean.floats(), invstd.floats(),
                    wd == null ? null : wd.floats(), bd == null ? null : bd.floats(), y.floats());
        } else {
            LayerNormKernels.stats(xc.doubles(), r, d, eps, mean.doubles(), invstd.doubles());
            LayerNormKernels.normalize(xc.doubles(), r, d, mean.doubles(), invstd.doubles(),
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
        return Graph.record(y, new GradFn("layerNorm", in.toArray(new Tensor[0])) {
            @Override
            protected Tensor[] backward(Tensor g) {
                Tensor gc = g.contiguous();
                Tensor gx = needs(0) ? Tensor.zeros(x.dtype(), x.shape()) : null;
                Tensor gw = wi >= 0 && needs(wi) ? Tensor.zeros(x.dtype(), weight.shape()) : null;
                Tensor gb = bi >= 0 && needs(bi) ? Tensor.zeros(x.dtype(), bias.shape()) : null;
                if (x.dtype() == DType.F32) {
                    LayerNormKernels.backward(xc.floats(), gc.floats(), r, d, mean.floats(), invstd.floats(),
                            wd == null ? null : wd.floats(), gx == null ? null : gx.floats(),
                            gw == null ? null : gw.floats(), gb == null ? null : gb.floats(), new double[2 * d]);
                } else {
                    LayerNormKernels.backward(xc.doubles(), gc.doubles(), r, d, mean.doubles(), invstd.doubles(),
                            wd == null ? null : wd.doubles(), gx == null ? null : gx.doubles(),
                            gw == null ? null : gw.doubles(), gb == null ? null : gb.doubles());
                }
                Tensor[] out = new Tensor[in.size()];
                out[0] = gx;
                if (wi >= 0) {
                    out[wi] = gw;
                }
                if (bi >= 0) {
                    out[bi] = gb;
                }
                return out;
            }
        });
    }
}

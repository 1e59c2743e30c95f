package dev.soma.autograd;

import dev.soma.SomaException;
import dev.soma.kernel.ConvGeometry;
import dev.soma.kernel.ConvKernel;
import dev.soma.kernel.ConvReference;
import dev.soma.tensor.DType;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;

/**
 * 2-d convolution as a differentiable operation, as torch.nn.functional.conv2d: x [N, C, H, W], weight
 * [OC, C/groups, K, K], bias [OC] or null → [N, OC, OH, OW]. float32 runs {@link ConvKernel} (the compiled stage's
 * own calls), float64 its direct-loop twin {@link ConvReference}; the backward rule gives all three gradients.
 */
public final class Convolution {
    private Convolution() {
    }

    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, ConvGeometry g) {
        int[] want = {g.channels, g.height, g.width};
        if (x.rank() != 4 || x.size(1) != g.channels || x.size(2) != g.height || x.size(3) != g.width) {
            throw new SomaException("conv2d: input " + Shapes.str(x.shape()) + " does not fit, expected [batch, "
                    + want[0] + ", " + want[1] + ", " + want[2] + "]");
        }
        int[] ws = {g.outChannels, g.groupChannels(), g.kernel, g.kernel};
        if (!java.util.Arrays.equals(w.shape(), ws)) {
            throw new SomaException("conv2d: weight " + Shapes.str(w.shape()) + ", expected " + Shapes.str(ws));
        }
        if (b != null && (b.rank() != 1 || b.size(0) != g.outChannels)) {
            throw new SomaException("conv2d: bias " + Shapes.str(b.shape()) + ", expected [" + g.outChannels + "]");
        }
        Elementwise.sameDType("conv2d", x, w);
        if (b != null) {
            Elementwise.sameDType("conv2d", x, b);
        }
        int n = x.size(0);
        Tensor xc = x.detach().contiguous();
        Tensor wc = w.detach().contiguous();
        Tensor bc = b == null ? null : b.detach().contiguous();
        Tensor y = Tensor.zeros(x.dtype(), n, g.outChannels, g.outHeight, g.outWidth);
        boolean f32 = x.dtype() == DType.F32;
        ConvKernel kernel = f32 ? new ConvKernel(g) : null;
        if (f32) {
            kernel.forward(xc.floats(), n, wc.floats(), bc == null ? null : bc.floats(), y.floats());
        } else {
            ConvReference.forward(g, xc.doubles(), n, wc.doubles(), bc == null ? null : bc.doubles(), y.doubles());
        }
        Tensor[] inputs = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        return Graph.record(y, new GradFn("conv2d", inputs) {
            @Override
            protected Tensor[] backward(Tensor gOut) {
                Tensor gc = gOut.contiguous();
                Tensor gx = needs(0) ? Tensor.zeros(x.dtype(), x.shape()) : null;
                Tensor gw = needs(1) ? Tensor.zeros(w.dtype(), w.shape()) : null;
                Tensor gb = inputs.length == 3 && needs(2) ? Tensor.zeros(b.dtype(), b.shape()) : null;
                if (f32) {
                    kernel.backward(xc.floats(), gc.floats(), n, wc.floats(), gw == null ? null : gw.floats(),
                            gb == null ? null : gb.floats(), gx == null ? null : gx.floats());
                } else {
                    ConvReference.backward(g, xc.doubles(), gc.doubles(), n, wc.doubles(),
                            gw == null ? null : gw.doubles(), gb == null ? null : gb.doubles(),
                            gx == null ? null : gx.doubles());
                }
                return inputs.length == 3 ? new Tensor[] {gx, gw, gb} : new Tensor[] {gx, gw};
            }
        });
    }
}

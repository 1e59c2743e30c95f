package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.nn.conv.Conv2d;
import dev.soma.tensor.Shapes;

/**
 * The projection shortcut of a residual block whose body changes the example shape: a linear layer without bias
 * from [in] to [out], or a 1×1 convolution without bias from [C, H, W] to [C', H', W'], its stride the one that
 * takes H to H' and W to W' (He et al.'s option B).
 */
final class Shortcuts {
    private Shortcuts() {
    }

    static Module projection(int[] in, int[] out, SpecContext ctx) {
        if (in.length == 1 && out.length == 1) {
            return new Linear(in[0], out[0], false, ctx.initializer(), ctx.rng());
        }
        if (in.length == 3 && out.length == 3) {
            int stride = stride(in[1], out[1]);
            if (stride > 0 && stride == stride(in[2], out[2])) {
                return new Conv2d(in[0], out[0], 1, stride, 0, 1, 1, false, ctx.initializer(), ctx.rng());
            }
        }
        throw new SomaException("Residual: no projection shortcut maps examples of shape " + Shapes.str(in) + " to "
                + Shapes.str(out) + " (a linear layer maps [in] to [out], a strided 1×1 convolution [C, H, W] to "
                + "[C', H/s, W/s])");
    }

    /** The s with (h − 1)/s + 1 = h2 (a 1×1 kernel without padding), or 0. */
    private static int stride(int h, int h2) {
        for (int s = 1; s <= h; s++) {
            if ((h - 1) / s + 1 == h2) {
                return s;
            }
        }
        return 0;
    }
}

package dev.soma.nn.conv;

import dev.soma.SomaException;
import dev.soma.kernel.PoolKernels;
import dev.soma.nn.LayerToken;
import dev.soma.tensor.Shapes;

/** The shape checks and window geometry the pooling layers share. */
final class PoolShapes {
    private PoolShapes() {
    }

    /** Checks an example shape [C, H, W] against a k×k window (stride s, padding p) and returns the window. */
    static PoolKernels.Window window(String layer, int[] shape, int k, int s, int p) {
        requireImage(layer, shape);
        PoolKernels.Window w = PoolKernels.Window.fixed(shape[1], shape[2], k, s, p);
        if (w.outHeight() < 1 || w.outWidth() < 1) {
            throw new SomaException(layer + " needs an input of at least " + k + "×" + k
                    + (p > 0 ? " after padding" : "") + ", got " + shape[1] + "×" + shape[2]);
        }
        return w;
    }

    static void requireImage(String layer, int[] shape) {
        if (shape.length != 3) {
            throw new SomaException(layer + " expects examples [channels, height, width], got " + Shapes.str(shape));
        }
    }

    /** Checks the kernel, stride and padding of a k×k pooling as torch does. */
    static void checkWindow(String layer, int k, int s, int p) {
        if (k <= 0) {
            throw new SomaException(layer + ": kernel_size must be positive, got " + k);
        }
        if (s <= 0) {
            throw new SomaException(layer + ": stride must be positive, got " + s);
        }
        if (p < 0 || p > k / 2) {
            throw new SomaException(layer + ": pad must be between 0 and half the kernel size (" + k / 2 + "), got " + p);
        }
    }

    /** Reads {@code name:<k>[:<stride>]} with options {@code stride=} and {@code pad=}: {k, stride, pad}. */
    static int[] read(LayerToken t, String name, String... flags) {
        String[] allowed = new String[flags.length + 3];
        allowed[0] = "stride";
        allowed[1] = "pad";
        allowed[2] = "padding";
        System.arraycopy(flags, 0, allowed, 3, flags.length);
        t.allowOnly(allowed);
        if (t.args() < 1 || t.args() > 2) {
            throw t.error("expected " + name + ":<kernel>[:<stride>][:pad=P]");
        }
        int k = t.intArg(0, "kernel_size");
        int s = t.args() == 2 ? t.intArg(1, "stride") : t.intOption("stride", k);
        return new int[] {k, s, t.intOption("pad", t.intOption("padding", 0))};
    }
}

package dev.soma.kernel;

/**
 * {@link PoolKernels#maxForward} for the common 2×2 window moved by 2 without padding, on float32 planes, with the
 * same result bit for bit: each window's values are scanned in the same order (row by row), a value replaces the
 * running maximum when it is greater, so the first maximum is kept (+0 and −0 count as equal), and a NaN wins,
 * the last NaN kept.
 *
 * <p>Why: after a ReLU, windows are full of ties and their winners are unpredictable, so the general loop's
 * branches were mispredicted about every other comparison. The provider's {@link Kernels#maxPool2x2} compares
 * order-preserving integer keys of the floats instead (no branch; the scalar code one window at a time, the vector
 * code a row's windows a vector at a time); the winner keeps its own bits (so −0 stays −0); and a
 * plane holding a NaN is recomputed by the scan itself (the keys do not order NaNs).
 */
final class MaxPool2x2 {
    private MaxPool2x2() {
    }

    /** Whether {@link #forward} computes this window. */
    static boolean handles(PoolKernels.Window g) {
        return g.k == 2 && g.s == 2 && g.p == 0;
    }

    /** Planes [from, to) of {@link PoolKernels#maxForward} by {@code k}, for a window {@link #handles} accepts. */
    static void forward(Kernels k, PoolKernels.Window g, float[] x, int from, int to, float[] y, int[] idx) {
        int per = g.oh * g.ow;
        int hw = g.h * g.w;
        for (int pl = from; pl < to; pl++) {
            // the planes after this one in the range are computed after it: the kernel may write into their outputs
            if (k.maxPool2x2(x, pl * hw, g.h, g.w, y, idx, pl * per, to * hw, to * per)) {
                scan(g, x, pl, y, idx);
            }
        }
    }

    /** One plane by the general scan (for planes holding a NaN). */
    private static void scan(PoolKernels.Window g, float[] x, int pl, float[] y, int[] idx) {
        int w = g.w;
        int in = pl * g.h * w;
        int out = pl * g.oh * g.ow;
        for (int oy = 0; oy < g.oh; oy++) {
            for (int ox = 0; ox < g.ow; ox++) {
                float m = Float.NEGATIVE_INFINITY;
                int at = 2 * oy * w + 2 * ox;
                for (int iy = 2 * oy; iy < 2 * oy + 2; iy++) {
                    for (int ix = 2 * ox; ix < 2 * ox + 2; ix++) {
                        float v = x[in + iy * w + ix];
                        if (v > m || Float.isNaN(v)) {
                            m = v;
                            at = iy * w + ix;
                        }
                    }
                }
                y[out + oy * g.ow + ox] = m;
                if (idx != null) {
                    idx[out + oy * g.ow + ox] = at;
                }
            }
        }
    }
}

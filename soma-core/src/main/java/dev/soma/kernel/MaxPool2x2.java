package dev.soma.kernel;

/**
 * {@link PoolKernels#maxForward} for the common 2×2 window moved by 2 without padding, on float32 planes, with the
 * same result bit for bit: each window's values are scanned in the same order (row by row), a value replaces the
 * running maximum when it is greater, so the first maximum is kept (+0 and −0 count as equal), and a NaN wins,
 * the last NaN kept.
 *
 * <p>Why: after a ReLU, windows are full of ties and their winners are unpredictable, so the general loop's
 * branches were mispredicted about every other comparison (C1's first pooling, 128 × 32 planes of 28×28: 15–25 ms
 * on one thread). Here the comparisons are integer arithmetic on order-preserving keys of the floats (no branch at
 * all; 5.3 ms), the winner's value is read back from its position (so −0 stays −0), and a plane holding a NaN is
 * recomputed by the scan itself (the keys do not order NaNs).
 */
final class MaxPool2x2 {
    private MaxPool2x2() {
    }

    /** Whether {@link #forward} computes this window. */
    static boolean handles(PoolKernels.Window g) {
        return g.k == 2 && g.s == 2 && g.p == 0;
    }

    /** An int ordered as the float is (NaN excluded), +0 and −0 the same key. */
    private static int key(float f) {
        int b = Float.floatToRawIntBits(f);
        int s = b >> 31;
        int mag = b & 0x7fffffff;
        return (mag ^ s) - s;
    }

    /** 1 when f is a NaN, else 0, without a branch. */
    private static int nan(float f) {
        return (0x7f800000 - (Float.floatToRawIntBits(f) & 0x7fffffff)) >>> 31;
    }

    /** Planes [from, to) of {@link PoolKernels#maxForward} for a window {@link #handles} accepts. */
    static void forward(PoolKernels.Window g, float[] x, int from, int to, float[] y, int[] idx) {
        int w = g.w;
        int oh = g.oh;
        int ow = g.ow;
        for (int pl = from; pl < to; pl++) {
            int in = pl * g.h * w;
            int out = pl * oh * ow;
            int nans = 0;
            for (int oy = 0; oy < oh; oy++) {
                int r0 = in + 2 * oy * w;
                int r1 = r0 + w;
                int o = out + oy * ow;
                for (int ox = 0; ox < ow; ox++) {
                    int p0 = r0 + 2 * ox;
                    int p1 = r1 + 2 * ox;
                    float a = x[p0];
                    float b = x[p0 + 1];
                    float c = x[p1];
                    float d = x[p1 + 1];
                    nans |= nan(a) | nan(b) | nan(c) | nan(d);
                    // the scan from −inf takes a first (or keeps −inf at a's position: the same)
                    int m = key(a);
                    int at = p0;
                    int k = key(b);
                    int take = (int) (((long) m - k) >> 63);
                    m = (m & ~take) | (k & take);
                    at = (at & ~take) | ((p0 + 1) & take);
                    k = key(c);
                    take = (int) (((long) m - k) >> 63);
                    m = (m & ~take) | (k & take);
                    at = (at & ~take) | (p1 & take);
                    k = key(d);
                    take = (int) (((long) m - k) >> 63);
                    at = (at & ~take) | ((p1 + 1) & take);
                    y[o + ox] = x[at];
                    idx[o + ox] = at - in;
                }
            }
            if (nans != 0) {
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
                idx[out + oy * g.ow + ox] = at;
            }
        }
    }
}

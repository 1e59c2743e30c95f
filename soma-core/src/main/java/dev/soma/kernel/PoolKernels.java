package dev.soma.kernel;

/**
 * 2-d pooling over planes (an NCHW batch is N·C planes of H×W), float32 and its float64 twin with the same
 * operations in the same order: max pooling with the arg-max kept for the backward pass, average pooling and
 * adaptive average pooling. Windows follow torch.nn: a square window of side k moved by stride s over the input
 * padded by p on each side (padding never wins a max; it counts in an average when {@code includePad}), output side
 * ⌊(H + 2p − k)/s⌋ + 1; adaptive windows for output i span ⌊i·H/OH⌋ … ⌈(i+1)·H/OH⌉ − 1. Planes are independent,
 * so they are split across {@link Parallel}'s threads without changing a bit.
 */
public final class PoolKernels {
    private PoolKernels() {
    }

    /** The window geometry of a pooling over planes of h×w (for adaptive pooling: the output sides). */
    public static final class Window {
        final int h;
        final int w;
        final int k;
        final int s;
        final int p;
        final int oh;
        final int ow;

        private Window(int h, int w, int k, int s, int p, int oh, int ow) {
            this.h = h;
            this.w = w;
            this.k = k;
            this.s = s;
            this.p = p;
            this.oh = oh;
            this.ow = ow;
        }

        /** A k×k window moved by s over the input padded by p. */
        public static Window fixed(int h, int w, int k, int s, int p) {
            return new Window(h, w, k, s, p, Math.floorDiv(h + 2 * p - k, s) + 1, Math.floorDiv(w + 2 * p - k, s) + 1);
        }

        /** Adaptive windows giving an oh×ow output. */
        public static Window adaptive(int h, int w, int oh, int ow) {
            return new Window(h, w, 0, 0, 0, oh, ow);
        }

        int y0(int oy) {
            return k == 0 ? Math.floorDiv(oy * h, oh) : oy * s - p;
        }

        int y1(int oy) {
            return k == 0 ? Math.floorDiv((oy + 1) * h + oh - 1, oh) : oy * s - p + k;
        }

        int x0(int ox) {
            return k == 0 ? Math.floorDiv(ox * w, ow) : ox * s - p;
        }

        int x1(int ox) {
            return k == 0 ? Math.floorDiv((ox + 1) * w + ow - 1, ow) : ox * s - p + k;
        }

        /** The input's height. */
        public int height() {
            return h;
        }

        /** The input's width. */
        public int width() {
            return w;
        }

        public int outHeight() {
            return oh;
        }

        public int outWidth() {
            return ow;
        }
    }

    private interface PlaneRange {
        void run(int from, int to);
    }

    /** Below this many input values per thread the planes stay on the calling thread (a batch-1 image's). */
    static final int MIN_PART = 1 << 16;

    /**
     * Runs r over [0, planes) in ranges on the kernel pool, or on the calling thread when the planes hold few values:
     * waking the pool's threads for one image's pooling (32 planes of 28×28) cost more than the pooling itself.
     */
    private static void planes(Window g, int planes, PlaneRange r) {
        long values = (long) planes * g.h * g.w;
        int parts = (int) Math.max(1, Math.min(Math.min(Parallel.threads(), planes / 8), values / MIN_PART));
        Parallel.run(parts, part -> r.run((int) ((long) planes * part / parts), (int) ((long) planes * (part + 1) / parts)));
    }

    /**
     * y = the max of each window, idx = its position in the plane (the first maximum; a NaN wins, the last one, as
     * torch); idx may be null when no backward pass follows.
     */
    public static void maxForward(Window g, float[] x, int planes, float[] y, int[] idx) {
        if (MaxPool2x2.handles(g)) {
            Kernels k = KernelProvider.get();
            planes(g, planes, (from, to) -> MaxPool2x2.forward(k, g, x, from, to, y, idx));
            return;
        }
        planes(g, planes, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int in = pl * g.h * g.w;
                int out = pl * g.oh * g.ow;
                for (int oy = 0; oy < g.oh; oy++) {
                    int ya = Math.max(0, g.y0(oy));
                    int yb = Math.min(g.h, g.y1(oy));
                    for (int ox = 0; ox < g.ow; ox++) {
                        int xa = Math.max(0, g.x0(ox));
                        int xb = Math.min(g.w, g.x1(ox));
                        float m = Float.NEGATIVE_INFINITY;
                        int at = ya * g.w + xa;
                        for (int iy = ya; iy < yb; iy++) {
                            for (int ix = xa; ix < xb; ix++) {
                                float v = x[in + iy * g.w + ix];
                                if (v > m || Float.isNaN(v)) {
                                    m = v;
                                    at = iy * g.w + ix;
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
        });
    }

    /** gx = 0, then each output's gradient is added at its arg-max. */
    public static void maxBackward(Window g, float[] gy, int[] idx, int planes, float[] gx) {
        planes(g, planes, (from, to) -> {
            int hw = g.h * g.w;
            int ohw = g.oh * g.ow;
            java.util.Arrays.fill(gx, from * hw, to * hw, 0f);
            for (int pl = from; pl < to; pl++) {
                for (int o = pl * ohw; o < (pl + 1) * ohw; o++) {
                    gx[pl * hw + idx[o]] += gy[o];
                }
            }
        });
    }

    /** The float64 twin of {@link #maxForward}. */
    public static void maxForward(Window g, double[] x, int planes, double[] y, int[] idx) {
        for (int pl = 0; pl < planes; pl++) {
            int in = pl * g.h * g.w;
            int out = pl * g.oh * g.ow;
            for (int oy = 0; oy < g.oh; oy++) {
                int ya = Math.max(0, g.y0(oy));
                int yb = Math.min(g.h, g.y1(oy));
                for (int ox = 0; ox < g.ow; ox++) {
                    int xa = Math.max(0, g.x0(ox));
                    int xb = Math.min(g.w, g.x1(ox));
                    double m = Double.NEGATIVE_INFINITY;
                    int at = ya * g.w + xa;
                    for (int iy = ya; iy < yb; iy++) {
                        for (int ix = xa; ix < xb; ix++) {
                            double v = x[in + iy * g.w + ix];
                            if (v > m || Double.isNaN(v)) {
                                m = v;
                                at = iy * g.w + ix;
                            }
                        }
                    }
                    y[out + oy * g.ow + ox] = m;
                    idx[out + oy * g.ow + ox] = at;
                }
            }
        }
    }

    /** The float64 twin of {@link #maxBackward}. */
    public static void maxBackward(Window g, double[] gy, int[] idx, int planes, double[] gx) {
        int hw = g.h * g.w;
        int ohw = g.oh * g.ow;
        java.util.Arrays.fill(gx, 0, planes * hw, 0);
        for (int o = 0; o < planes * ohw; o++) {
            gx[(o / ohw) * hw + idx[o]] += gy[o];
        }
    }

    /** The number a window's sum is divided by. */
    private static int divisor(Window g, int oy, int ox, boolean includePad) {
        if (g.k == 0 || !includePad) {
            int ya = Math.max(0, g.y0(oy));
            int yb = Math.min(g.h, g.y1(oy));
            int xa = Math.max(0, g.x0(ox));
            int xb = Math.min(g.w, g.x1(ox));
            return (yb - ya) * (xb - xa);
        }
        int ya = g.y0(oy);
        int yb = Math.min(g.h + g.p, g.y1(oy));
        int xa = g.x0(ox);
        int xb = Math.min(g.w + g.p, g.x1(ox));
        return (yb - ya) * (xb - xa);
    }

    /** y = the mean of each window (sum in window order, then one division). */
    public static void avgForward(Window g, float[] x, int planes, boolean includePad, float[] y) {
        planes(g, planes, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int in = pl * g.h * g.w;
                int out = pl * g.oh * g.ow;
                for (int oy = 0; oy < g.oh; oy++) {
                    int ya = Math.max(0, g.y0(oy));
                    int yb = Math.min(g.h, g.y1(oy));
                    for (int ox = 0; ox < g.ow; ox++) {
                        int xa = Math.max(0, g.x0(ox));
                        int xb = Math.min(g.w, g.x1(ox));
                        float s = 0f;
                        for (int iy = ya; iy < yb; iy++) {
                            for (int ix = xa; ix < xb; ix++) {
                                s += x[in + iy * g.w + ix];
                            }
                        }
                        y[out + oy * g.ow + ox] = s / divisor(g, oy, ox, includePad);
                    }
                }
            }
        });
    }

    /** gx = 0, then each output's gradient divided by its window's divisor is added over the window. */
    public static void avgBackward(Window g, float[] gy, int planes, boolean includePad, float[] gx) {
        planes(g, planes, (from, to) -> {
            int hw = g.h * g.w;
            java.util.Arrays.fill(gx, from * hw, to * hw, 0f);
            for (int pl = from; pl < to; pl++) {
                int in = pl * hw;
                int out = pl * g.oh * g.ow;
                for (int oy = 0; oy < g.oh; oy++) {
                    int ya = Math.max(0, g.y0(oy));
                    int yb = Math.min(g.h, g.y1(oy));
                    for (int ox = 0; ox < g.ow; ox++) {
                        int xa = Math.max(0, g.x0(ox));
                        int xb = Math.min(g.w, g.x1(ox));
                        float v = gy[out + oy * g.ow + ox] / divisor(g, oy, ox, includePad);
                        for (int iy = ya; iy < yb; iy++) {
                            for (int ix = xa; ix < xb; ix++) {
                                gx[in + iy * g.w + ix] += v;
                            }
                        }
                    }
                }
            }
        });
    }

    /** The float64 twin of {@link #avgForward}. */
    public static void avgForward(Window g, double[] x, int planes, boolean includePad, double[] y) {
        for (int pl = 0; pl < planes; pl++) {
            int in = pl * g.h * g.w;
            int out = pl * g.oh * g.ow;
            for (int oy = 0; oy < g.oh; oy++) {
                int ya = Math.max(0, g.y0(oy));
                int yb = Math.min(g.h, g.y1(oy));
                for (int ox = 0; ox < g.ow; ox++) {
                    int xa = Math.max(0, g.x0(ox));
                    int xb = Math.min(g.w, g.x1(ox));
                    double s = 0;
                    for (int iy = ya; iy < yb; iy++) {
                        for (int ix = xa; ix < xb; ix++) {
                            s += x[in + iy * g.w + ix];
                        }
                    }
                    y[out + oy * g.ow + ox] = s / divisor(g, oy, ox, includePad);
                }
            }
        }
    }

    /** The float64 twin of {@link #avgBackward}. */
    public static void avgBackward(Window g, double[] gy, int planes, boolean includePad, double[] gx) {
        int hw = g.h * g.w;
        java.util.Arrays.fill(gx, 0, planes * hw, 0);
        for (int pl = 0; pl < planes; pl++) {
            int in = pl * hw;
            int out = pl * g.oh * g.ow;
            for (int oy = 0; oy < g.oh; oy++) {
                int ya = Math.max(0, g.y0(oy));
                int yb = Math.min(g.h, g.y1(oy));
                for (int ox = 0; ox < g.ow; ox++) {
                    int xa = Math.max(0, g.x0(ox));
                    int xb = Math.min(g.w, g.x1(ox));
                    double v = gy[out + oy * g.ow + ox] / divisor(g, oy, ox, includePad);
                    for (int iy = ya; iy < yb; iy++) {
                        for (int ix = xa; ix < xb; ix++) {
                            gx[in + iy * g.w + ix] += v;
                        }
                    }
                }
            }
        }
    }
}

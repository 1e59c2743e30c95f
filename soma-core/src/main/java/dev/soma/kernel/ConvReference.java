package dev.soma.kernel;

/**
 * The float64 twin of {@link ConvKernel}: the same convolution written as direct loops, for the graph's float64
 * path (gradient checks). Weight [OC, C/groups, K, K], NCHW batches.
 */
public final class ConvReference {
    private ConvReference() {
    }

    /** y[n, o, oy, ox] = b[o] + Σ w[o, c, i, j] · x[n, group(o)·C/groups + c, oy·s − p + i·d, ox·s − p + j·d]. */
    public static void forward(ConvGeometry g, double[] x, int rows, double[] w, double[] b, double[] y) {
        walk(g, rows, (xi, wi, yi) -> y[yi] += w[wi] * x[xi], x, y, b);
    }

    /** The gradients of {@link #forward}: each of gw, gb, gx is written when not null (replacing its contents). */
    public static void backward(ConvGeometry g, double[] x, double[] gy, int rows, double[] w, double[] gw,
                                double[] gb, double[] gx) {
        if (gw != null) {
            java.util.Arrays.fill(gw, 0);
        }
        if (gx != null) {
            java.util.Arrays.fill(gx, 0, rows * g.inputSize(), 0);
        }
        walk(g, rows, (xi, wi, yi) -> {
            if (gw != null) {
                gw[wi] += gy[yi] * x[xi];
            }
            if (gx != null) {
                gx[xi] += gy[yi] * w[wi];
            }
        }, null, null, null);
        if (gb != null) {
            java.util.Arrays.fill(gb, 0);
            int ohw = g.outPixels();
            for (int n = 0; n < rows; n++) {
                for (int o = 0; o < g.outChannels; o++) {
                    for (int p = 0; p < ohw; p++) {
                        gb[o] += gy[(n * g.outChannels + o) * ohw + p];
                    }
                }
            }
        }
    }

    private interface Visit {
        void at(int xIndex, int wIndex, int yIndex);
    }

    /** Visits every (input, weight, output) triple of the convolution; initializes y with the bias first when given. */
    private static void walk(ConvGeometry g, int rows, Visit v, double[] x, double[] y, double[] b) {
        int k = g.kernel;
        int cg = g.groupChannels();
        int ocg = g.groupOutChannels();
        int ohw = g.outPixels();
        for (int n = 0; n < rows; n++) {
            for (int o = 0; o < g.outChannels; o++) {
                int grp = o / ocg;
                for (int oy = 0; oy < g.outHeight; oy++) {
                    for (int ox = 0; ox < g.outWidth; ox++) {
                        int yi = (n * g.outChannels + o) * ohw + oy * g.outWidth + ox;
                        if (y != null) {
                            y[yi] = b == null ? 0 : b[o];
                        }
                        for (int c = 0; c < cg; c++) {
                            int ch = grp * cg + c;
                            for (int i = 0; i < k; i++) {
                                int iy = oy * g.stride - g.pad + i * g.dilation;
                                if (iy < 0 || iy >= g.height) {
                                    continue;
                                }
                                for (int j = 0; j < k; j++) {
                                    int ix = ox * g.stride - g.pad + j * g.dilation;
                                    if (ix < 0 || ix >= g.width) {
                                        continue;
                                    }
                                    int xi = ((n * g.channels + ch) * g.height + iy) * g.width + ix;
                                    int wi = ((o * cg + c) * k + i) * k + j;
                                    v.at(xi, wi, yi);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

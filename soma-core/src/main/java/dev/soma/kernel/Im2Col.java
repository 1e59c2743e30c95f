package dev.soma.kernel;

/**
 * Unfolds one float32 image {@code [C, H, W]} into the columns of a convolution's matrix product and folds
 * gradients back ({@code torch.nn.functional.unfold}/{@code fold}). The column matrix has one row per
 * (channel, kernel row, kernel column), channel-major, and one column per output pixel; an image's columns start
 * at column {@code col0} of a matrix with row length {@code ld}, so several images sit side by side.
 */
final class Im2Col {
    private Im2Col() {
    }

    /** cols[(c·K + i)·K + j][col0 + oy·OW + ox] = x[c, oy·s − p + i·d, ox·s − p + j·d] (0 outside the image). */
    static void unfold(ConvGeometry g, float[] x, int xOff, float[] cols, int col0, int ld) {
        int k = g.kernel;
        int ow = g.outWidth;
        int row = 0;
        for (int c = 0; c < g.channels; c++) {
            int plane = xOff + c * g.height * g.width;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++, row++) {
                    int base = row * ld + col0;
                    int dx = j * g.dilation - g.pad;
                    for (int oy = 0; oy < g.outHeight; oy++) {
                        int iy = oy * g.stride - g.pad + i * g.dilation;
                        int out = base + oy * ow;
                        if (iy < 0 || iy >= g.height) {
                            java.util.Arrays.fill(cols, out, out + ow, 0f);
                            continue;
                        }
                        int src = plane + iy * g.width;
                        if (g.stride == 1) {
                            int lo = Math.max(0, -dx);
                            int hi = Math.min(ow, g.width - dx);
                            if (hi <= lo) {
                                java.util.Arrays.fill(cols, out, out + ow, 0f);
                                continue;
                            }
                            java.util.Arrays.fill(cols, out, out + lo, 0f);
                            System.arraycopy(x, src + lo + dx, cols, out + lo, hi - lo);
                            java.util.Arrays.fill(cols, out + hi, out + ow, 0f);
                        } else {
                            for (int ox = 0; ox < ow; ox++) {
                                int ix = ox * g.stride + dx;
                                cols[out + ox] = ix >= 0 && ix < g.width ? x[src + ix] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #unfold}: gx = 0, then every column entry is added back to the pixel it came from. */
    static void fold(ConvGeometry g, float[] cols, int col0, int ld, float[] gx, int gxOff) {
        java.util.Arrays.fill(gx, gxOff, gxOff + g.inputSize(), 0f);
        int k = g.kernel;
        int ow = g.outWidth;
        int row = 0;
        for (int c = 0; c < g.channels; c++) {
            int plane = gxOff + c * g.height * g.width;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++, row++) {
                    int base = row * ld + col0;
                    int dx = j * g.dilation - g.pad;
                    for (int oy = 0; oy < g.outHeight; oy++) {
                        int iy = oy * g.stride - g.pad + i * g.dilation;
                        if (iy < 0 || iy >= g.height) {
                            continue;
                        }
                        int src = base + oy * ow;
                        int dst = plane + iy * g.width;
                        if (g.stride == 1) {
                            // the columns lo…hi−1 land inside the row: no test per value, a loop C2 vectorizes
                            int lo = Math.max(0, -dx);
                            int hi = Math.min(ow, g.width - dx);
                            int d = dst + dx;
                            for (int ox = lo; ox < hi; ox++) {
                                gx[d + ox] += cols[src + ox];
                            }
                            continue;
                        }
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * g.stride + dx;
                            if (ix >= 0 && ix < g.width) {
                                gx[dst + ix] += cols[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }
}

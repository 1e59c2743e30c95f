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
        if (sameWidth(g)) {
            unfoldSameWidth(g, x, xOff, cols, col0, ld);
            return;
        }
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
        if (sameWidth(g)) {
            foldSameWidth(g, cols, col0, ld, gx, gxOff);
            return;
        }
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

    /**
     * Stride 1 and an output row as wide as the input row ("same" padding, e.g. 3×3 with pad 1): then a kernel
     * tap's row of the column matrix is the input plane shifted by a constant, so its valid part is one contiguous
     * copy, and only the entries that fall into the padding (the ends of each output row, whole output rows at the
     * top and bottom) are set to zero afterwards. Short per-row copies had cost ~1 ns per value.
     */
    private static boolean sameWidth(ConvGeometry g) {
        return g.stride == 1 && g.outWidth == g.width;
    }

    private static void unfoldSameWidth(ConvGeometry g, float[] x, int xOff, float[] cols, int col0, int ld) {
        int k = g.kernel;
        int w = g.width;
        int oh = g.outHeight;
        int row = 0;
        for (int c = 0; c < g.channels; c++) {
            int plane = xOff + c * g.height * w;
            for (int i = 0; i < k; i++) {
                int dy = i * g.dilation - g.pad;
                int yLo = Math.max(0, -dy);
                int yHi = Math.min(oh, g.height - dy);
                for (int j = 0; j < k; j++, row++) {
                    int base = row * ld + col0;
                    int dx = j * g.dilation - g.pad;
                    int lo = Math.max(0, -dx);
                    int hi = Math.min(w, w - dx);
                    if (yHi <= yLo || hi <= lo) {
                        java.util.Arrays.fill(cols, base, base + oh * w, 0f);
                        continue;
                    }
                    int first = base + yLo * w + lo;
                    int last = base + (yHi - 1) * w + hi;
                    java.util.Arrays.fill(cols, base, first, 0f);
                    System.arraycopy(x, plane + (yLo + dy) * w + lo + dx, cols, first, last - first);
                    zeroRowEnds(cols, base, w, lo, hi, yLo, yHi);
                    java.util.Arrays.fill(cols, last, base + oh * w, 0f);
                }
            }
        }
    }

    /** Zeroes the entries between the valid spans hi…w−1 of output row y and 0…lo−1 of row y + 1. */
    private static void zeroRowEnds(float[] cols, int base, int w, int lo, int hi, int yLo, int yHi) {
        if (lo == 0 && hi == w) {
            return;
        }
        for (int y = yLo; y < yHi - 1; y++) {
            int end = base + y * w;
            for (int t = end + hi; t < end + w + lo; t++) {
                cols[t] = 0f;
            }
        }
    }

    /**
     * The adjoint of {@link #unfoldSameWidth}, adding each row's valid span as one contiguous run. The entries of
     * {@code cols} that belong to the padding are set to +0 first and then added with the rest: gx starts at +0, so
     * no sum is ever −0 and adding +0 changes no bit; every gx value receives the same additions in the same order
     * as in the general fold. (It writes those zeros into {@code cols}, the caller's scratch.) The runs are added
     * by {@link Kernels#add}: C2 leaves a loop adding one array into another at an offset scalar (the arrays
     * might be one), which made the fold cost 2.5× the unfold.
     */
    private static void foldSameWidth(ConvGeometry g, float[] cols, int col0, int ld, float[] gx, int gxOff) {
        Kernels k = KernelProvider.get();
        int kernel = g.kernel;
        int w = g.width;
        int oh = g.outHeight;
        int row = 0;
        for (int c = 0; c < g.channels; c++) {
            int plane = gxOff + c * g.height * w;
            for (int i = 0; i < kernel; i++) {
                int dy = i * g.dilation - g.pad;
                int yLo = Math.max(0, -dy);
                int yHi = Math.min(oh, g.height - dy);
                for (int j = 0; j < kernel; j++, row++) {
                    int base = row * ld + col0;
                    int dx = j * g.dilation - g.pad;
                    int lo = Math.max(0, -dx);
                    int hi = Math.min(w, w - dx);
                    if (yHi <= yLo || hi <= lo) {
                        continue;
                    }
                    int first = base + yLo * w + lo;
                    int last = base + (yHi - 1) * w + hi;
                    zeroRowEnds(cols, base, w, lo, hi, yLo, yHi);
                    int to = plane + (yLo + dy) * w + lo + dx;
                    k.add(gx, to, cols, first, gx, to, last - first);
                }
            }
        }
    }
}

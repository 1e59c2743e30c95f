package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#convolveImage} for a convolution whose output is as large as its input (stride 1, 2·pad =
 * dilation·(K−1), one group): one image's unfolded columns are written straight into the GEMM's packed panels of
 * op(B) instead of being unfolded into a matrix that the GEMM then copies into panels (C1's 32→64 layer: 9.8 µs
 * unfolding plus 7.8 µs packing per image). Row (c, i, j) of the unfolded matrix is the input plane shifted by
 * (i·d − pad) rows and (j·d − pad) columns, zero where that falls outside: each vector of a panel row is one masked
 * load from the plane, the mask (which lanes fall inside) depending only on the geometry, so it is computed once.
 * The panels are then multiplied by {@link VectorGemm#serialPacked}: the same products in the same order as
 * unfolding and calling {@link VectorGemm#gemm}, so the same bits.
 *
 * <p>An instance belongs to one geometry and keeps its panel buffer; it is not safe for concurrent use.
 */
final class VectorConvPanels {
    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int V = VectorGemm.V;
    private static final int NR = VectorGemm.NR;
    /**
     * Whether this JVM compiles masked loads to vector instructions (JDK 25 does; JDK 17 was not measured here and
     * keeps unfolding and packing).
     */
    static final boolean COMPILED = Runtime.version().feature() >= 25;

    private final ConvGeometry g;
    private final int kcu;
    private final int nPad;
    private final int vectors;
    /** Per kernel offset (i, j), per vector of the columns: which lanes read the plane. */
    private final long[] masks;
    private final float[] panels;

    VectorConvPanels(ConvGeometry g) {
        this.g = g;
        int k = g.patchSize();
        this.kcu = VectorGemm.blockK(k);
        this.nPad = VectorGemm.roundUp(g.outPixels(), NR);
        this.vectors = nPad / V;
        this.masks = new long[g.kernel * g.kernel * vectors];
        this.panels = new float[k * nPad];
        int w = g.width;
        int hw = g.outPixels();
        for (int i = 0; i < g.kernel; i++) {
            int dy = i * g.dilation - g.pad;
            for (int j = 0; j < g.kernel; j++) {
                int dx = j * g.dilation - g.pad;
                for (int v = 0; v < vectors; v++) {
                    long bits = 0;
                    for (int lane = 0; lane < V; lane++) {
                        int q = v * V + lane;
                        int oy = q / w;
                        int ox = q % w;
                        if (q < hw && oy + dy >= 0 && oy + dy < g.height && ox + dx >= 0 && ox + dx < w) {
                            bits |= 1L << lane;
                        }
                    }
                    masks[(i * g.kernel + j) * vectors + v] = bits;
                }
            }
        }
    }

    /** Whether this class computes the geometry's forward pass for one image. */
    static boolean handles(ConvGeometry g) {
        return COMPILED && g.groups == 1 && g.stride == 1 && g.outWidth == g.width && g.outHeight == g.height;
    }

    /** y[yOff …] = W·unfold(x[xOff …]) as [OC, H·W], W row-major [OC, C·K·K]. */
    void convolve(float[] x, int xOff, float[] w, float[] y, int yOff) {
        pack(x, xOff);
        int k = g.patchSize();
        VectorGemm.serialPacked(g.outChannels, g.outPixels(), k, w, 0, k, panels, y, yOff, g.outPixels());
    }

    private void pack(float[] x, int xOff) {
        int kk = g.kernel;
        int k = g.patchSize();
        int w = g.width;
        int hw = g.height * w;
        int row = 0;
        for (int c = 0; c < g.channels; c++) {
            int plane = xOff + c * hw;
            for (int i = 0; i < kk; i++) {
                int dy = i * g.dilation - g.pad;
                for (int j = 0; j < kk; j++, row++) {
                    int shift = dy * w + j * g.dilation - g.pad;
                    int pc = row / kcu * kcu;
                    int kc = Math.min(kcu, k - pc);
                    int base = pc * nPad + (row - pc) * NR;
                    int m0 = (i * kk + j) * vectors;
                    for (int v = 0; v < vectors; v++) {
                        VectorMask<Float> m = VectorMask.fromLong(S, masks[m0 + v]);
                        FloatVector.fromArray(S, x, plane + v * V + shift, m)
                                .intoArray(panels, base + (v >> 1) * NR * kc + (v & 1) * V);
                    }
                }
            }
        }
    }
}

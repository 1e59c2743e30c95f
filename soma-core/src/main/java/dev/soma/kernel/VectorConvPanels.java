package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#convProduct} for a convolution whose output is as large as its input (stride 1, 2·pad =
 * dilation·(K−1), one group): the images' unfolded columns are written straight into the GEMM's packed panels of
 * op(B) instead of being unfolded into a matrix that the GEMM then copies into panels (C1's 32→64 layer: 9.8 µs
 * unfolding plus 7.8 µs packing per image). Row (c, i, j) of the unfolded matrix is each input plane shifted by
 * (i·d − pad) rows and (j·d − pad) columns, zero where that falls outside: a vector of a panel row is one masked
 * load from an image's plane, or two blended where the vector spans two images; the masks (which lanes fall inside)
 * depend only on the geometry, so they are computed once. The panels are then multiplied by
 * {@link VectorGemm#serialPacked}: the same products in the same order as unfolding and calling
 * {@link VectorGemm#gemm} (serially, or split across threads: the same bits), so the same bits.
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
    private final int maxImages;
    private final int kcu;
    private final int vectors;
    /** Per vector of the columns (up to maxImages images), the image its first lane belongs to. */
    private final int[] image;
    /** Per kernel offset (i, j), per vector: the lanes that read that image's plane ... */
    private final long[] first;
    /** ... and those that read the next image's plane. */
    private final long[] second;
    private final float[] panels;

    VectorConvPanels(ConvGeometry g, int maxImages) {
        this.g = g;
        this.maxImages = maxImages;
        int k = g.patchSize();
        int ohw = g.outPixels();
        this.kcu = VectorGemm.blockK(k);
        int nPad = VectorGemm.roundUp(maxImages * ohw, NR);
        this.vectors = nPad / V;
        this.image = new int[vectors];
        this.first = new long[g.kernel * g.kernel * vectors];
        this.second = new long[first.length];
        this.panels = new float[k * nPad];
        int w = g.width;
        for (int v = 0; v < vectors; v++) {
            image[v] = v * V / ohw;
        }
        for (int i = 0; i < g.kernel; i++) {
            int dy = i * g.dilation - g.pad;
            for (int j = 0; j < g.kernel; j++) {
                int dx = j * g.dilation - g.pad;
                for (int v = 0; v < vectors; v++) {
                    long a = 0;
                    long b = 0;
                    for (int lane = 0; lane < V; lane++) {
                        int col = v * V + lane;
                        int q = col % ohw;
                        int oy = q / w;
                        int ox = q % w;
                        boolean inside = col < maxImages * ohw && oy + dy >= 0 && oy + dy < g.height
                                && ox + dx >= 0 && ox + dx < w;
                        if (inside && col / ohw == image[v]) {
                            a |= 1L << lane;
                        } else if (inside) {
                            b |= 1L << lane;
                        }
                    }
                    first[(i * g.kernel + j) * vectors + v] = a;
                    second[(i * g.kernel + j) * vectors + v] = b;
                }
            }
        }
    }

    /** Whether this class computes the geometry's forward product. */
    static boolean handles(ConvGeometry g) {
        return COMPILED && g.groups == 1 && g.stride == 1 && g.outWidth == g.width && g.outHeight == g.height
                && g.outPixels() >= V; // a vector then spans at most two images
    }

    /** c[cOff …] (rows ldc apart) = W·unfold(images x[xOff …]) as [OC, images·H·W], W row-major [OC, C·K·K]. */
    void convolve(float[] x, int xOff, int images, float[] w, float[] c, int cOff, int ldc) {
        if (images > maxImages) {
            throw new IllegalArgumentException("VectorConvPanels: " + images + " images, room for " + maxImages);
        }
        int n = images * g.outPixels();
        pack(x, xOff, images, VectorGemm.roundUp(n, NR));
        int k = g.patchSize();
        VectorGemm.serialPacked(g.outChannels, n, k, w, 0, k, panels, c, cOff, ldc);
    }

    private void pack(float[] x, int xOff, int images, int nPad) {
        int kk = g.kernel;
        int k = g.patchSize();
        int w = g.width;
        int hw = g.height * w;
        int ohw = g.outPixels();
        int inSize = g.inputSize();
        int used = nPad / V;
        int row = 0;
        for (int c = 0; c < g.channels; c++) {
            for (int i = 0; i < kk; i++) {
                int dy = i * g.dilation - g.pad;
                for (int j = 0; j < kk; j++, row++) {
                    int shift = xOff + c * hw + dy * w + j * g.dilation - g.pad;
                    int pc = row / kcu * kcu;
                    int kc = Math.min(kcu, k - pc);
                    int base = pc * nPad + (row - pc) * NR;
                    int m0 = (i * kk + j) * vectors;
                    for (int v = 0; v < used; v++) {
                        int img = image[v];
                        // lanes of images past the last one read nothing: the panels' padding is zero
                        long a = img < images ? first[m0 + v] : 0L;
                        long b = img + 1 < images ? second[m0 + v] : 0L;
                        int off = shift + img * inSize + v * V - img * ohw;
                        FloatVector val = FloatVector.fromArray(S, x, off, VectorMask.fromLong(S, a));
                        if (b != 0L) {
                            VectorMask<Float> mb = VectorMask.fromLong(S, b);
                            val = val.blend(FloatVector.fromArray(S, x, off + inSize - ohw, mb), mb);
                        }
                        val.intoArray(panels, base + (v >> 1) * NR * kc + (v & 1) * V);
                    }
                }
            }
        }
    }
}

package dev.soma.kernel;

/**
 * A float32 2-d convolution over NCHW batches by matrix products, shared by the graph operation and the compiled
 * stage so both make the same kernel calls. The batch is cut into chunks of a fixed number of images (set by the
 * geometry alone); for each chunk the images are unfolded side by side into a column matrix
 * {@code [C·K·K, images·OH·OW]} and, per group, one GEMM {@code W_g · cols_g} gives the chunk's outputs, which are
 * written back in NCHW with the bias. Backward per chunk: {@code dW_g = gY_g · cols_gᵀ} (computed transposed),
 * {@code db} = row sums of gY (a product with a row of ones), {@code dcols_g = W_gᵀ · gY_g} folded back into the
 * input gradient; the chunks' dW and db are then added in chunk
 * order (for small products, {@link #byImage}, the same per image instead of per chunk). Chunks are spread over
 * {@link Parallel}'s threads (each thread its own scratch, its GEMMs single-threaded);
 * since every chunk's arithmetic and the order of the final sums depend only on the geometry and the batch, the
 * results are bit-identical for any number of threads.
 *
 * <p>An instance keeps its scratch buffers between calls and is not safe for concurrent use.
 */
public final class ConvKernel {
    /** Target width (columns) of one chunk's matrix product ({@code -Dsoma.conv.columns}). */
    static final int CHUNK_COLUMNS = Integer.getInteger("soma.conv.columns", 2048);

    private final ConvGeometry g;
    private final int chunk;
    private final int ld;
    private final int rowsTotal;
    private final float[] ones;
    /**
     * Whether both passes take the images one at a time: when one image's product (per group) is small enough for
     * the dot-product path ({@link VectorGemv#SMALL_WORK}), as a first layer's few input channels make it. Its
     * output and output gradient are then most of the memory traffic, which the chunk's scratch and the copies
     * between it and NCHW doubled; image by image, the forward writes y directly and the backward reads gY in
     * place, and the weight and bias gradients are per-image partial sums added in image order. A batch then
     * also gives each image the bits it gets alone.
     */
    private final boolean byImage;
    private float[][] cols = new float[0][];
    private float[][] yt = new float[0][];
    private float[][] dwt = new float[0][];
    private float[] dwPart = new float[0];
    private float[] dbPart = new float[0];
    /** Per slot, the provider's forward product (working in the slot's columns) and the provider it came from. */
    private ConvProduct[] products = new ConvProduct[0];
    private Kernels[] productKernels = new Kernels[0];

    // the call in progress, read by the parts
    private float[] x;
    private float[] w;
    private float[] b;
    private float[] y;
    private float[] gy;
    private float[] gw;
    private float[] gx;
    private boolean wantBias;
    private int rows;
    private int chunks;
    private int slots;
    private final Parallel.Task forwardTask = this::forwardSlot;
    private final Parallel.Task backwardTask = this::backwardSlot;

    public ConvKernel(ConvGeometry g) {
        this.g = g;
        this.chunk = Integer.highestOneBit(Math.max(1, CHUNK_COLUMNS / Math.max(1, g.outPixels())));
        this.ld = chunk * g.outPixels();
        this.rowsTotal = g.channels * g.kernel * g.kernel;
        this.byImage = (long) g.groupOutChannels() * g.outPixels() * g.patchSize() <= VectorGemv.SMALL_WORK;
        this.ones = new float[ld];
        java.util.Arrays.fill(ones, 1f);
    }

    /** Images per chunk. */
    public int chunkImages() {
        return chunk;
    }

    /** y[n] = conv(x[n], w) + b for the first {@code rows} images; w is [OC, C/groups, K, K], b [OC] or null. */
    public void forward(float[] x, int rows, float[] w, float[] b, float[] y) {
        this.x = x;
        this.w = w;
        this.b = b;
        this.y = y;
        prepare(rows);
        Parallel.run(slots, forwardTask);
        this.x = null;
        this.y = null;
    }

    /**
     * Given the forward input x and gy = ∂loss/∂y, writes gw (replacing it), gb and gx when they are not null.
     */
    public void backward(float[] x, float[] gy, int rows, float[] w, float[] gw, float[] gb, float[] gx) {
        this.x = x;
        this.gy = gy;
        this.w = w;
        this.gw = gw;
        this.gx = gx;
        this.wantBias = gb != null;
        prepare(rows);
        int perChunk = g.outChannels * g.patchSize();
        int parts = byImage ? rows : chunks; // partial sums, added in order below
        if (gw != null && dwPart.length < parts * perChunk) {
            dwPart = new float[parts * perChunk];
        }
        if (gb != null && dbPart.length < parts * g.outChannels) {
            dbPart = new float[parts * g.outChannels];
        }
        Parallel.run(slots, backwardTask);
        Kernels k = KernelProvider.get();
        if (gw != null) {
            System.arraycopy(dwPart, 0, gw, 0, perChunk);
            for (int q = 1; q < parts; q++) {
                k.add(gw, 0, dwPart, q * perChunk, gw, 0, perChunk);
            }
        }
        if (gb != null) {
            System.arraycopy(dbPart, 0, gb, 0, g.outChannels);
            for (int q = 1; q < parts; q++) {
                k.add(gb, 0, dbPart, q * g.outChannels, gb, 0, g.outChannels);
            }
        }
        this.x = null;
        this.gy = null;
        this.gw = null;
        this.gx = null;
    }

    private void prepare(int rows) {
        this.rows = rows;
        this.chunks = (rows + chunk - 1) / chunk;
        this.slots = Math.max(1, Math.min(Parallel.threads(), chunks));
        if (cols.length < slots) {
            float[][] c = java.util.Arrays.copyOf(cols, slots);
            float[][] t = java.util.Arrays.copyOf(yt, slots);
            float[][] d = java.util.Arrays.copyOf(dwt, slots);
            for (int s = cols.length; s < slots; s++) {
                c[s] = new float[rowsTotal * ld];
                t[s] = new float[g.outChannels * ld];
                d[s] = new float[g.patchSize() * g.groupOutChannels()];
            }
            cols = c;
            yt = t;
            dwt = d;
            products = java.util.Arrays.copyOf(products, slots);
            productKernels = java.util.Arrays.copyOf(productKernels, slots);
        }
    }

    private void forwardSlot(int slot) {
        Kernels k = KernelProvider.get();
        float[] c = cols[slot];
        float[] t = yt[slot];
        int ohw = g.outPixels();
        int ocg = g.groupOutChannels();
        int kg = g.patchSize();
        for (int q = slot; q < chunks; q += slots) {
            int n0 = q * chunk;
            int count = Math.min(chunk, rows - n0);
            if (count == 1 || byImage) {
                // one image's rows of the product are already y's [OC, OH·OW] layout
                for (int n = 0; n < count; n++) {
                    single(k, c, n0 + n, slot);
                }
                continue;
            }
            if (g.groups == 1) {
                product(k, slot).forward(x, n0 * g.inputSize(), count, w, t, 0, ld, slots == 1);
            } else {
                for (int n = 0; n < count; n++) {
                    Im2Col.unfold(g, x, (n0 + n) * g.inputSize(), c, n * ohw, ld);
                }
                for (int gi = 0; gi < g.groups; gi++) {
                    k.gemm(false, false, ocg, count * ohw, kg, 1f, w, gi * ocg * kg, kg, c, gi * kg * ld, ld,
                            0f, t, gi * ocg * ld, ld);
                }
            }
            for (int n = 0; n < count; n++) {
                int out = (n0 + n) * g.outputSize();
                for (int o = 0; o < g.outChannels; o++) {
                    int src = o * ld + n * ohw;
                    int dst = out + o * ohw;
                    if (b == null) {
                        System.arraycopy(t, src, y, dst, ohw);
                    } else {
                        float bo = b[o];
                        for (int p = 0; p < ohw; p++) {
                            y[dst + p] = t[src + p] + bo;
                        }
                    }
                }
            }
        }
    }

    /**
     * Image {@code image} alone: its product straight into y (by the provider's {@link ConvProduct} with one
     * group), then the bias added in place: the same sums and the same additions as through a chunk's scratch,
     * without copying the output.
     */
    private void single(Kernels k, float[] c, int image, int slot) {
        int ohw = g.outPixels();
        int ocg = g.groupOutChannels();
        int kg = g.patchSize();
        int out = image * g.outputSize();
        if (g.groups == 1) {
            product(k, slot).forward(x, image * g.inputSize(), 1, w, y, out, ohw, slots == 1);
        } else {
            Im2Col.unfold(g, x, image * g.inputSize(), c, 0, ld);
            for (int gi = 0; gi < g.groups; gi++) {
                k.gemm(false, false, ocg, ohw, kg, 1f, w, gi * ocg * kg, kg, c, gi * kg * ld, ld,
                        0f, y, out + gi * ocg * ohw, ohw);
            }
        }
        if (b != null) {
            for (int o = 0; o < g.outChannels; o++) {
                float bo = b[o];
                int row = out + o * ohw;
                for (int p = row; p < row + ohw; p++) {
                    y[p] += bo;
                }
            }
        }
    }

    /**
     * Image n's gradients, for geometries taken {@link #byImage}: its output gradient is read in place (already
     * [OC, OH·OW]), its weight and bias gradients are image n's partial sums.
     */
    private void backwardImage(Kernels k, float[] c, int n, int slot) {
        int ohw = g.outPixels();
        int ocg = g.groupOutChannels();
        int kg = g.patchSize();
        int src = n * g.outputSize();
        if (wantBias) {
            k.gemm(false, true, 1, g.outChannels, ohw, 1f, ones, 0, ohw, gy, src, ohw, 0f, dbPart,
                    n * g.outChannels, g.outChannels);
        }
        if (gw != null) {
            Im2Col.unfold(g, x, n * g.inputSize(), c, 0, ohw);
            for (int gi = 0; gi < g.groups; gi++) {
                partialWeightGradient(k, c, gi * kg * ohw, gy, src + gi * ocg * ohw, ohw, ohw, dwt[slot],
                        n * g.outChannels * kg + gi * ocg * kg);
            }
        }
        if (gx != null) {
            for (int gi = 0; gi < g.groups; gi++) {
                k.gemm(true, false, kg, ohw, ocg, 1f, w, gi * ocg * kg, kg, gy, src + gi * ocg * ohw, ohw,
                        0f, c, gi * kg * ohw, ohw);
            }
            Im2Col.fold(g, c, 0, ohw, gx, n * g.inputSize());
        }
    }

    /** The slot's forward product by provider {@code k} (made on first use, and again if the provider changed). */
    private ConvProduct product(Kernels k, int slot) {
        if (products[slot] == null || productKernels[slot] != k) {
            products[slot] = k.convProduct(g, cols[slot], ld);
            productKernels[slot] = k;
        }
        return products[slot];
    }

    /**
     * One group's partial weight gradient over {@code width} columns, written to dwPart[dw …] as [OCg, C·K·K]:
     * dWᵀ = cols·gYᵀ (rows {@code rowStride} apart in both: the chunk's scratch or one image's), then transposed
     * into place. The GEMM packs gY's rows instead of the columns' (C1's 32→64 layer: 64 against 288), and a first
     * layer's few weights per channel (9) do not make a 9-column product padded to a whole panel. Per chunk, one
     * thread, alternating in one process: 739 → 580 µs (32→64), 50 → 34 µs (1→32).
     */
    private void partialWeightGradient(Kernels k, float[] cols, int colsOff, float[] grad, int gradOff, int rowStride,
                                       int width, float[] d, int dw) {
        int ocg = g.groupOutChannels();
        int kg = g.patchSize();
        k.gemm(false, true, kg, ocg, width, 1f, cols, colsOff, rowStride, grad, gradOff, rowStride, 0f, d, 0, ocg);
        for (int o = 0; o < ocg; o++) {
            for (int r = 0; r < kg; r++) {
                dwPart[dw + o * kg + r] = d[r * ocg + o];
            }
        }
    }

    private void backwardSlot(int slot) {
        Kernels k = KernelProvider.get();
        float[] c = cols[slot];
        float[] t = yt[slot];
        int ohw = g.outPixels();
        int ocg = g.groupOutChannels();
        int kg = g.patchSize();
        int perChunk = g.outChannels * kg;
        for (int q = slot; q < chunks; q += slots) {
            int n0 = q * chunk;
            int count = Math.min(chunk, rows - n0);
            if (byImage) {
                for (int n = n0; n < n0 + count; n++) {
                    backwardImage(k, c, n, slot);
                }
                continue;
            }
            int width = count * ohw;
            for (int n = 0; n < count; n++) {
                int src = (n0 + n) * g.outputSize();
                for (int o = 0; o < g.outChannels; o++) {
                    System.arraycopy(gy, src + o * ohw, t, o * ld + n * ohw, ohw);
                }
            }
            if (wantBias) {
                // the rows' sums as one 1×OC product with a row of ones (float dot products) instead of a
                // Kernels.sum per row (double accumulation): 9.2 → 6.5 µs per chunk of the 32→64 layer
                k.gemm(false, true, 1, g.outChannels, width, 1f, ones, 0, ld, t, 0, ld, 0f, dbPart,
                        q * g.outChannels, g.outChannels);
            }
            if (gw != null) {
                for (int n = 0; n < count; n++) {
                    Im2Col.unfold(g, x, (n0 + n) * g.inputSize(), c, n * ohw, ld);
                }
                for (int gi = 0; gi < g.groups; gi++) {
                    partialWeightGradient(k, c, gi * kg * ld, t, gi * ocg * ld, ld, width, dwt[slot],
                            q * perChunk + gi * ocg * kg);
                }
            }
            if (gx != null) {
                for (int gi = 0; gi < g.groups; gi++) {
                    k.gemm(true, false, kg, width, ocg, 1f, w, gi * ocg * kg, kg, t, gi * ocg * ld, ld,
                            0f, c, gi * kg * ld, ld);
                }
                for (int n = 0; n < count; n++) {
                    Im2Col.fold(g, c, n * ohw, ld, gx, (n0 + n) * g.inputSize());
                }
            }
        }
    }
}

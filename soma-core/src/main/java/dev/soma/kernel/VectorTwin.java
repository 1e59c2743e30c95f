package dev.soma.kernel;

/**
 * What {@link VectorKernels} computes where its result differs from {@link ScalarKernels} (gemm, sum, dot, leaky
 * ReLU), computed without the Vector API: for every element the same IEEE operations in the same order (a vector
 * lane becomes an array slot, a vector FMA becomes {@link Math#fma}), so the results are equal bit for bit.
 *
 * <p>Why: until C2 has compiled a vector kernel, its Vector API code runs in the interpreter or C1, where every
 * vector operation allocates (a 128×256×784 product takes about a second instead of a fraction of a millisecond),
 * and the first training step waited ~0.3 s for the compiler. These plain loops are fast in C1 at once. The vector
 * kernels run them (and the scalar code for the kernels whose vector code already equals it) until {@link WarmUp}
 * has had the vector code compiled; since the bits are the same, when that happens changes no result.
 *
 * <p>Single-threaded: it bridges the first few hundred milliseconds, while the compiler threads and the warm-up
 * need the other core (splitting its rows over two threads did not pay: first batch 0.79 against 0.69 s, and
 * with the row loop below 0.68 against 0.73 s but epoch 1 ending 0.05 s later; medians of 9).
 */
final class VectorTwin {
    private static final int V = VectorGemm.V;

    private VectorTwin() {
    }

    /** {@link VectorGemm#gemm}: the same choice between the unpacked small-product path and the blocked one. */
    static void gemm(boolean ta, boolean tb, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        VectorGemm.scaleC(beta, c, cOff, ldc, 0, m, 0, n);
        if (k <= 0 || alpha == 0f) {
            return;
        }
        if (VectorNarrow.handles(ta, tb, m, n, k)) {
            narrow(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        if (VectorGemv.handles(ta, tb, m, n, k)) {
            if (tb) {
                dots(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            } else {
                rows(ta, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            }
            return;
        }
        blocked(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    /**
     * The packed path ({@link MicroKernel}, any thread split): C[i, j] += Σ_p α·op(A)[i, p]·op(B)[p, j] one K block
     * ({@link VectorGemm#blockK}) at a time, each block's sum an FMA chain from +0 in p order (α applied when A is
     * packed; with α = 1 the packing copies exactly, which is why A may be read in place there). The chains of a row
     * advance together along the rows of op(B), each copied first into an array of its own: contiguous loops that C1
     * runs quickly, and that C2 vectorizes because every row starts at index 0 (read at an offset, the row might be
     * the accumulator array itself, shifted, and C2 kept the loop scalar: 4.8–6.6 → 11–22 GFLOPS on the B1 shapes).
     */
    private static void blocked(boolean ta, boolean tb, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc) {
        float[][] rows = new float[k][];
        for (int p = 0; p < k; p++) {
            float[] row = new float[n];
            if (tb) {
                for (int j = 0; j < n; j++) {
                    row[j] = b[bOff + j * ldb + p];
                }
            } else {
                System.arraycopy(b, bOff + p * ldb, row, 0, n);
            }
            rows[p] = row;
        }
        int kcu = VectorGemm.blockK(k);
        int as = ta ? lda : 1;
        int ai = ta ? 1 : lda;
        float[] acc = new float[n];
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * ai;
            int cr = cOff + i * ldc;
            for (int pc = 0; pc < k; pc += kcu) {
                int pe = Math.min(k, pc + kcu);
                java.util.Arrays.fill(acc, 0f);
                for (int p = pc; p < pe; p++) {
                    fmaRow(alpha * a[ar + p * as], rows[p], acc, n);
                }
                for (int j = 0; j < n; j++) {
                    c[cr + j] += acc[j];
                }
            }
        }
    }

    /**
     * acc[j] = fma(x, row[j], acc[j]) for j &lt; n. A method of its own so that C1 compiles it after a few calls
     * instead of waiting to replace a long-running loop in place: the first B1 step on the twin 150–170 → 86–111 ms
     * (fresh JVMs, no warm-up competing).
     */
    private static void fmaRow(float x, float[] row, float[] acc, int n) {
        for (int j = 0; j < n; j++) {
            acc[j] = Math.fma(x, row[j], acc[j]);
        }
    }

    /** {@link VectorNarrow}: per element one FMA chain from +0 over p of A[i, p]·(α·B[j, p]), then added to C. */
    private static void narrow(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        float[][] rows = new float[k][];
        for (int p = 0; p < k; p++) {
            float[] row = new float[n];
            for (int j = 0; j < n; j++) {
                row[j] = alpha * b[bOff + j * ldb + p];
            }
            rows[p] = row;
        }
        float[] acc = new float[n];
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * lda;
            int cr = cOff + i * ldc;
            java.util.Arrays.fill(acc, 0f);
            for (int p = 0; p < k; p++) {
                fmaRow(a[ar + p], rows[p], acc, n);
            }
            for (int j = 0; j < n; j++) {
                c[cr + j] += acc[j];
            }
        }
    }

    /** {@link VectorGemv}'s dot products: four columns at a time in its dot4 order, the rest in its dot1 order. */
    private static void dots(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        float[] s = new float[V];
        float[] u = new float[V];
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * lda;
            int cr = cOff + i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                for (int q = 0; q < 4; q++) {
                    c[cr + j + q] += alpha * dot(k, true, a, ar, b, bOff + (j + q) * ldb, s, u);
                }
            }
            for (; j < n; j++) {
                c[cr + j] += alpha * dot(k, false, a, ar, b, bOff + j * ldb, s, u);
            }
        }
    }

    /**
     * One dot product in VectorGemv's lane order: lane l sums a[p]·b[p] for p ≡ l (mod V) over the whole vectors,
     * by FMA from +0; with {@code paired} (dot4) even and odd vector steps go to two accumulators (a last odd step
     * to the first), added lane by lane; then the lanes left to right; then the tail with separate multiply and add.
     */
    private static float dot(int k, boolean paired, float[] a, int ar, float[] b, int br, float[] s, float[] u) {
        int kv = k - k % V;
        int kv2 = paired ? k - k % (2 * V) : 0;
        java.util.Arrays.fill(s, 0f);
        java.util.Arrays.fill(u, 0f);
        int p = 0;
        for (; p < kv2; p += 2 * V) {
            for (int l = 0; l < V; l++) {
                s[l] = Math.fma(a[ar + p + l], b[br + p + l], s[l]);
                u[l] = Math.fma(a[ar + p + V + l], b[br + p + V + l], u[l]);
            }
        }
        for (; p < kv; p += V) {
            for (int l = 0; l < V; l++) {
                s[l] = Math.fma(a[ar + p + l], b[br + p + l], s[l]);
            }
        }
        float t = paired ? s[0] + u[0] : s[0];
        for (int l = 1; l < V; l++) {
            t += paired ? s[l] + u[l] : s[l];
        }
        for (p = kv; p < k; p++) {
            t += a[ar + p] * b[br + p];
        }
        return t;
    }

    /**
     * {@link VectorGemv}'s rows: the columns its vectors cover (all but n mod V) by FMA chains of (α·A[i, p])·B[p, j]
     * from +0, the rest by separate multiply and add, as its scalar tail.
     */
    private static void rows(boolean ta, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        int as = ta ? lda : 1;
        int ai = ta ? 1 : lda;
        int nv = n - n % V;
        float[] acc = new float[n];
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * ai;
            int cr = cOff + i * ldc;
            java.util.Arrays.fill(acc, 0f);
            for (int p = 0; p < k; p++) {
                float x = alpha * a[ar + p * as];
                int bp = bOff + p * ldb;
                for (int j = 0; j < nv; j++) {
                    acc[j] = Math.fma(x, b[bp + j], acc[j]);
                }
                for (int j = nv; j < n; j++) {
                    acc[j] += x * b[bp + j];
                }
            }
            for (int j = 0; j < n; j++) {
                c[cr + j] += acc[j];
            }
        }
    }

    /** {@link VectorKernels#sum}: {@code lanes} double accumulators over the whole vectors, then the tail. */
    static double sum(float[] x, int off, int n, int lanes) {
        double[] acc = new double[lanes];
        int bound = n - n % lanes;
        for (int i = 0; i < bound; i += lanes) {
            for (int l = 0; l < lanes; l++) {
                acc[l] += x[off + i + l];
            }
        }
        double s = acc[0];
        for (int l = 1; l < lanes; l++) {
            s += acc[l];
        }
        double tail = 0;
        for (int i = bound; i < n; i++) {
            tail += x[off + i];
        }
        return s + tail;
    }

    /** {@link VectorKernels#dot}: {@code lanes} double FMA accumulators over the whole vectors, then the tail. */
    static double dot(float[] x, int xOff, float[] y, int yOff, int n, int lanes) {
        double[] acc = new double[lanes];
        int bound = n - n % lanes;
        for (int i = 0; i < bound; i += lanes) {
            for (int l = 0; l < lanes; l++) {
                acc[l] = Math.fma((double) x[xOff + i + l], (double) y[yOff + i + l], acc[l]);
            }
        }
        double s = acc[0];
        for (int l = 1; l < lanes; l++) {
            s += acc[l];
        }
        double tail = 0;
        for (int i = bound; i < n; i++) {
            tail += (double) x[xOff + i] * y[yOff + i];
        }
        return s + tail;
    }

    /**
     * The vector part of {@link VectorKernels}'s leaky ReLU (the first {@code n − n mod lanes} elements: x > 0 ? x :
     * x·slope in float); returns where the scalar tail starts.
     */
    static int leakyRelu(float slope, float[] x, int xOff, float[] y, int yOff, int n, int lanes) {
        int bound = n - n % lanes;
        for (int i = 0; i < bound; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : v * slope;
        }
        return bound;
    }

    /** The vector part of the leaky ReLU's backward pass (g where x > 0, else g·slope); returns the tail's start. */
    static int leakyReluBackward(float slope, float[] x, int xOff, float[] g, int gOff, float[] out, int outOff,
                                 int n, int lanes) {
        int bound = n - n % lanes;
        for (int i = 0; i < bound; i++) {
            float gv = g[gOff + i];
            out[outOff + i] = x[xOff + i] > 0f ? gv : gv * slope;
        }
        return bound;
    }
}

package dev.soma.kernel;

/**
 * The float32 arithmetic under every tensor operation. Two providers implement it: {@link ScalarKernels}, plain
 * Java loops that run everywhere and serve as the reference, and a SIMD one on the JDK Vector API, chosen at start-up
 * by {@link KernelProvider} when the JVM has the {@code jdk.incubator.vector} module. A further provider (a native
 * BLAS through the foreign-function API) can be added beside them without touching the operations.
 *
 * <p>Arrays are addressed by (array, offset) and a count; matrices are row-major with a leading dimension, as in
 * BLAS. Every method writes its output and does not allocate in steady state.
 */
public interface Kernels {

    /** Short name for reports: "scalar", "simd-512", … */
    String name();

    /**
     * C = alpha·op(A)·op(B) + beta·C with op(X) = X or Xᵀ; op(A) is m×k, op(B) is k×n, C is m×n.
     * A transposed operand is read in place (no copy). With beta = 0, C's old contents are ignored (NaN included).
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * The forward product of a one-group convolution ({@link ConvProduct}) for up to ld / (OH·OW) images, working in
     * the caller's column matrix {@code cols} (C·K·K rows, ld apart). By default it unfolds the images there and
     * calls {@link #gemm}; a provider may compute the same bits another way.
     */
    default ConvProduct convProduct(ConvGeometry g, float[] cols, int ld) {
        int k = g.patchSize();
        int ohw = g.outPixels();
        return (x, xOff, images, w, c, cOff, ldc, alone) -> {
            for (int n = 0; n < images; n++) {
                Im2Col.unfold(g, x, xOff + n * g.inputSize(), cols, n * ohw, ld);
            }
            gemm(false, false, g.outChannels, images * ohw, k, 1f, w, 0, k, cols, 0, ld, 0f, c, cOff, ldc);
        };
    }

    /** out = a + b, elementwise over n values. */
    void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** out = a − b. */
    void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** out = a · b. */
    void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** out = a / b. */
    void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** out = alpha · x. */
    void scale(float alpha, float[] x, int xOff, float[] out, int outOff, int n);

    /** y += alpha · x. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /** Σ x (accumulated in double). */
    double sum(float[] x, int xOff, int n);

    /** Σ x·y (accumulated in double). */
    double dot(float[] x, int xOff, float[] y, int yOff, int n);

    /** out[r, c] = x[r, c] + bias[c] for a rows×cols matrix (bias broadcast over a batch). */
    void addRowVector(float[] x, int xOff, int rows, int cols, float[] bias, int biasOff, float[] out, int outOff);

    /** out[c] (+)= Σ_r x[r, c]: column sums, the gradient of a broadcast bias. Adds to out when accumulate. */
    void columnSums(float[] x, int xOff, int rows, int cols, float[] out, int outOff, boolean accumulate);

    /** y = f(x) elementwise. */
    void activation(Activation f, float[] x, int xOff, float[] y, int yOff, int n);

    /** out = g · f'(x) elementwise, given x, y = f(x) and the upstream gradient g. */
    void activationBackward(Activation f, float[] x, int xOff, float[] y, int yOff,
                            float[] g, int gOff, float[] out, int outOff, int n);

    /** Row-wise softmax of a rows×cols matrix, stable (the row max is subtracted first). */
    void softmaxRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff);

    /** Row-wise log-softmax, stable. */
    void logSoftmaxRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff);

    /** out = exp(x). */
    void exp(float[] x, int xOff, float[] out, int outOff, int n);

    /**
     * One fused Adam / AdamW step over n parameters (index off … off+n−1 of all four arrays), in place, in float32
     * and in PyTorch's order of operations:
     * <pre>
     *   g' = g + l2·p                                  (Adam's coupled L2 penalty; skipped when l2 = 0)
     *   m ← beta1·m + oneMinusBeta1·g'
     *   v ← beta2·v + oneMinusBeta2·(g'·g')
     *   p ← p·decay − (stepSize·m) / (√v / sqrtBiasCorr2 + eps)
     * </pre>
     * The caller forms the scalars in double and rounds each once, as PyTorch passes them: oneMinusBeta = 1 − β,
     * stepSize = lr / (1 − β1ᵗ), sqrtBiasCorr2 = √(1 − β2ᵗ) at step t, decay = 1 − lr·λ for AdamW's decoupled
     * decay (1 for Adam). Every provider performs the same float operations in the same order (no fused
     * multiply-add), whatever the number of threads, so all give bit-identical results. When {@code before} is not
     * null it receives p's values before the update at the same indices, in the same pass (the training loop's
     * divergence backup, without a pass of its own over the parameters).
     */
    void adamStep(float[] p, float[] g, float[] m, float[] v, int off, int n, float beta1, float oneMinusBeta1,
                  float beta2, float oneMinusBeta2, float stepSize, float sqrtBiasCorr2, float eps, float l2,
                  float decay, float[] before);

    /**
     * dst = (src &amp; 0xff) / divisor over n values: unsigned bytes (image pixels) to floats, each result the
     * correctly rounded quotient (k / 255f for pixels scaled to [0, 1]), identical in every provider.
     */
    void unsignedBytesToFloat(byte[] src, int srcOff, float[] dst, int dstOff, int n, float divisor);

    /**
     * Gathers byte rows and scales them: dst row (r − from) = (src row rows[r] &amp; 0xff) / divisor for r in from … to−1,
     * rows of rowLength values, written from dstOff on (a batch of images from the byte-stored set). The same floats
     * as {@link #unsignedBytesToFloat} row by row; a provider may split the rows across its threads.
     */
    void gatherUnsignedBytes(byte[] src, int rowLength, int[] rows, int from, int to, float[] dst, int dstOff,
                             float divisor);

    /**
     * One h×w plane's 2×2 max pooling with stride 2 and no padding ({@link MaxPool2x2} has the rules), read from
     * x[in …] and written to the ⌊h/2⌋×⌊w/2⌋ outputs y[out …] and idx[out …]: each output is its window's first
     * maximum in row-major order (+0 and −0 equal), with its own bits, and its position in the plane. The kernel may
     * read x up to (not including) {@code readEnd} and write y and idx up to {@code writeEnd}, past the plane's own
     * outputs when the caller computes the following planes after it. Returns true when a value read is a NaN: the
     * plane's results are then undefined and the caller recomputes them. {@code idx} may be null (inference): the
     * positions are then not written. Identical in every provider.
     */
    boolean maxPool2x2(float[] x, int in, int h, int w, float[] y, int[] idx, int out, int readEnd, int writeEnd);
}

package dev.soma.kernel;

/**
 * The SIMD kernels with the matrix multiply handed to the system's OpenBLAS ({@link NativeBlas}, JDK 22+).
 * Chosen by {@link KernelProvider} ({@code -Dsoma.kernels=native}, or automatically when the JDK, the library and
 * native access allow it); loaded reflectively, like {@link VectorKernels}.
 *
 * <p>gemm validates its arguments exactly as the other providers do ({@link KernelArgs}), then calls
 * {@code cblas_sgemm} in row-major order on the Java arrays in place. Products of fewer than {@link #NATIVE_WORK}
 * multiply-adds, and those with one or two rows of C (batch-1 inference), stay on the Java path
 * ({@link VectorGemm}): there the call and OpenBLAS's packing cost more than the arithmetic. OpenBLAS uses as
 * many threads as {@link Parallel#threads()} (set with {@code openblas_set_num_threads} whenever it changes); it
 * splits C, never the inner dimension, so results are deterministic. They are within rounding of the other
 * providers, not bit-identical.
 */
public class NativeBlasKernels extends VectorKernels {
    /** Multiply-adds from which a product goes to OpenBLAS ({@code -Dsoma.blas.minWork}). */
    static final long NATIVE_WORK = Long.getLong("soma.blas.minWork", 1L << 16);

    /** The thread count last given to OpenBLAS (0: not yet). */
    private static volatile int blasThreads;

    /** Fails with the reason when the library cannot be used (see {@link NativeBlas#unavailableReason()}). */
    public NativeBlasKernels() {
        String reason = NativeBlas.unavailableReason();
        if (reason != null) {
            throw new UnsupportedOperationException(reason);
        }
    }

    @Override
    public String name() {
        return "native-" + NativeBlas.description() + ", " + super.name() + " elsewhere";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        KernelArgs.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m <= 2 || k == 0 || alpha == 0f || (long) m * n * k < NATIVE_WORK) {
            VectorGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int threads = Parallel.threads();
        if (threads != blasThreads) {
            NativeBlas.setThreads(threads);
            blasThreads = threads;
        }
        // BLAS wants every leading dimension ≥ max(1, columns) even where it is never used (a single row); the
        // checks above accept any there, so it is widened: with one row it addresses nothing.
        int aCols = transA ? m : k;
        int bCols = transB ? k : n;
        NativeBlas.sgemm(transA, transB, m, n, k, alpha, a, aOff, Math.max(lda, aCols), b, bOff,
                Math.max(ldb, bCols), beta, c, cOff, Math.max(ldc, n));
    }
}

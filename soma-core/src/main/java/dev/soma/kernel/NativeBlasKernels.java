package dev.soma.kernel;

/**
 * The SIMD kernels with the matrix multiply handed to the system's OpenBLAS ({@link NativeBlas}, JDK 22+).
 * Chosen by {@link KernelProvider} ({@code -Dsoma.kernels=native}, or automatically when the JDK, the library and
 * native access allow it); loaded reflectively, like {@link VectorKernels}.
 *
 * <p>gemm validates its arguments exactly as the other providers do ({@link KernelArgs}), then calls
 * {@code cblas_sgemm} in row-major order on the Java arrays in place. Products of fewer than {@link #NATIVE_WORK}
 * multiply-adds, and those with one or two rows of C (batch-1 inference), stay on the Java path
 * ({@link VectorGemm}): there the call and OpenBLAS's packing cost more than the arithmetic.
 *
 * <p>Threads: by default OpenBLAS runs single-threaded and products of at least {@link VectorGemm#PARALLEL_WORK}
 * multiply-adds are cut into blocks of C that {@link Parallel}'s threads take dynamically ({@link NativeGemmJob};
 * measured faster on a shared machine than OpenBLAS's static split). With {@code -Dsoma.blas.threads=openblas},
 * OpenBLAS's own threads do it instead ({@code openblas_set_num_threads(Parallel.threads())}). Either way C is
 * split, never the inner dimension: results are deterministic, and within rounding of the other providers, not
 * bit-identical to them.
 */
public class NativeBlasKernels extends VectorKernels {
    /** Multiply-adds from which a product goes to OpenBLAS ({@code -Dsoma.blas.minWork}). */
    static final long NATIVE_WORK = Long.getLong("soma.blas.minWork", 1L << 16);

    /** True: OpenBLAS's own threads; false (default): Soma's pool over blocks of C, OpenBLAS single-threaded. */
    static final boolean OPENBLAS_THREADS = "openblas".equals(System.getProperty("soma.blas.threads", "soma"));

    /** The thread count last given to OpenBLAS (0: not yet). */
    private static volatile int blasThreads;

    /** Fails with the reason when the library cannot be used (see {@link NativeBlas#unavailableReason()}). */
    public NativeBlasKernels() {
        this(false);
    }

    /** With {@code twinUntilWarm}: see {@link VectorKernels#VectorKernels(boolean)} (small products included). */
    NativeBlasKernels(boolean twinUntilWarm) {
        super(twinUntilWarm);
        String reason = NativeBlas.unavailableReason();
        if (reason != null) {
            throw new UnsupportedOperationException(reason);
        }
    }

    /**
     * Whether "auto" should take this provider over the pure-Java SIMD one: unless OpenBLAS's kernels are known to
     * use narrower vectors than Soma's GEMM (e.g. {@code OPENBLAS_CORETYPE=Haswell}, 256-bit, on an AVX-512 CPU where
     * Soma's GEMM runs 512-bit): measured here, that pairing is no faster than Soma's own GEMM on B1.
     */
    boolean preferredOverSimd() {
        return NativeBlas.kernelBits() >= gemmVectorBits();
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
            super.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int threads = Parallel.threads();
        int wanted = OPENBLAS_THREADS ? threads : 1;
        if (wanted != blasThreads) {
            NativeBlas.setThreads(wanted);
            blasThreads = wanted;
        }
        // BLAS wants every leading dimension ≥ max(1, columns) even where it is never used (a single row); the
        // checks above accept any there, so it is widened: with one row it addresses nothing.
        lda = Math.max(lda, transA ? m : k);
        ldb = Math.max(ldb, transB ? k : n);
        ldc = Math.max(ldc, n);
        // The blocks depend on the shape only (also with one thread), so results do not depend on the thread count.
        if (OPENBLAS_THREADS || (long) m * n * k < VectorGemm.PARALLEL_WORK) {
            NativeBlas.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            NativeGemmJob.run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }
}

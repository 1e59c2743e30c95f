package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The native (OpenBLAS) matrix multiply against the scalar reference. Runs only where the provider can: JDK 22+,
 * {@code libopenblas.so.0} installed (or {@code -Dsoma.blas}), native access enabled (the parent POM passes
 * {@code --enable-native-access=ALL-UNNAMED}); skipped elsewhere, e.g. on JDK 17.
 *
 * <p>Tolerance as in {@link GemmTest}: two correct float results are sums of the same k products in different
 * orders (OpenBLAS uses fused multiply-adds in its own blocking), so they differ by at most
 * 2·(k + 2)·u·(Σ_p|α·a_ip·b_pj| + |β·c_ij|) with u = 2⁻²⁴; a wrong index or a missed tile is off by a whole product.
 */
class NativeBlasKernelsTest {
    private final int savedThreads = Parallel.threads();
    private Kernels blas;

    @BeforeEach
    void requireTheLibrary() {
        String reason = KernelProvider.nativeUnavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "native BLAS provider unavailable: " + reason);
        blas = KernelProvider.nativeOrNull();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** One random case against the scalar reference ({@link GemmCase}); returns the native result. */
    private float[] check(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                          boolean nanInC) {
        return GemmCase.check(blas, rnd, ta, tb, m, n, k, alpha, beta, nanInC);
    }

    @Test
    void isTheSimdProviderWithNativeGemm() {
        assertInstanceOf(NativeBlasKernels.class, blas);
        assertInstanceOf(VectorKernels.class, blas);
        assertTrue(blas.name().startsWith("native-"), blas.name());
        assertTrue(blas.name().endsWith(new VectorKernels().name() + " elsewhere"), blas.name());
        assertInstanceOf(NativeBlasKernels.class, KernelProvider.choose("native"));
        Class<?> auto = ((NativeBlasKernels) blas).preferredOverSimd() ? NativeBlasKernels.class : VectorKernels.class;
        assertEquals(auto, KernelProvider.choose("auto").getClass());
    }

    @Test
    void autoKeepsSimdOnlyWhenOpenBlasKernelsAreNarrower() {
        assertEquals(NativeBlas.kernelBits() >= VectorGemm.S.vectorBitSize(),
                ((NativeBlasKernels) blas).preferredOverSimd());
    }

    @Test
    void randomShapesAllTransposesOffsetsAndLeadingDimensions() {
        SplittableRandom rnd = new SplittableRandom(20261124L);
        int[] sizes = {3, 5, 16, 17, 33, 64, 65, 100, 129};
        float[] betas = {0f, 1f, 0.5f, -2f};
        for (int t = 0; t < 120; t++) {
            int m = sizes[rnd.nextInt(sizes.length)];
            int n = sizes[rnd.nextInt(sizes.length)];
            int k = 40 + rnd.nextInt(300);
            float alpha = rnd.nextInt(3) == 0 ? -0.75f : 1f;
            float beta = betas[rnd.nextInt(betas.length)];
            check(rnd, rnd.nextBoolean(), rnd.nextBoolean(), m, n, k, alpha, beta, beta == 0f);
        }
    }

    @Test
    void mlpShapesGoToTheLibraryAndSmallOnesStayInJava() {
        SplittableRandom rnd = new SplittableRandom(42);
        check(rnd, false, true, 128, 256, 784, 1f, 0f, true);   // layer 1 forward, x·Wᵀ
        check(rnd, true, false, 256, 784, 128, 1f, 1f, false);  // weight gradient, dYᵀ·X, accumulated
        check(rnd, false, false, 128, 784, 256, 1f, 0f, false); // input gradient, dY·W
        check(rnd, false, true, 128, 10, 128, 1f, 0f, true);    // output layer
        check(rnd, false, true, 1, 256, 784, 1f, 0f, true);     // batch-1 inference: Java path
        check(rnd, false, false, 2, 256, 784, 1f, 0.5f, false);
        check(rnd, true, true, 4, 4, 4, 1f, 0.5f, false);       // tiny: Java path
    }

    @Test
    void degenerateSizes() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int flags = 0; flags < 4; flags++) {
            check(rnd, (flags & 1) != 0, (flags & 2) != 0, 50, 60, 0, 1f, 0f, true);   // k = 0: C = 0
            check(rnd, (flags & 1) != 0, (flags & 2) != 0, 50, 60, 0, 1f, 0.5f, false); // k = 0: C = βC
            check(rnd, (flags & 1) != 0, (flags & 2) != 0, 200, 60, 90, 0f, 0f, true);  // alpha = 0
            check(rnd, (flags & 1) != 0, (flags & 2) != 0, 300, 1, 400, 1f, 0f, true);  // one column
        }
        float[] c = {1f, 2f};
        blas.gemm(false, false, 0, 2, 3, 1f, new float[0], 0, 3, new float[6], 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {1f, 2f}, c, "m = 0 leaves C alone");
    }

    @Test
    void workedExampleOnTheLibraryPath() {
        // 64×64×64 = 2^18 multiply-adds ≥ NATIVE_WORK: A = I·2, B[i][j] = i + j, so C = 3·(i + j) + 0.5·C0 (C0 = 1).
        int s = 64;
        float[] a = new float[s * s];
        float[] b = new float[s * s];
        float[] c = new float[s * s];
        for (int i = 0; i < s; i++) {
            a[i * s + i] = 2f;
            for (int j = 0; j < s; j++) {
                b[i * s + j] = i + j;
                c[i * s + j] = 1f;
            }
        }
        blas.gemm(false, false, s, s, s, 1.5f, a, 0, s, b, 0, s, 0.5f, c, 0, s);
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                assertEquals(3f * (i + j) + 0.5f, c[i * s + j], "C[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void deterministicRunToRun() {
        SplittableRandom rnd = new SplittableRandom(11);
        int[][] shapes = {{128, 256, 784, 0, 1}, {256, 784, 128, 1, 0}, {128, 784, 256, 0, 0}, {97, 300, 260, 1, 1}};
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            for (int[] s : shapes) {
                long seed = rnd.nextLong();
                float[] first = check(new SplittableRandom(seed), s[3] == 1, s[4] == 1, s[0], s[1], s[2], 1f, 0.5f, false);
                float[] second = check(new SplittableRandom(seed), s[3] == 1, s[4] == 1, s[0], s[1], s[2], 1f, 0.5f, false);
                assertArrayEquals(first, second, "two runs differ for " + java.util.Arrays.toString(s)
                        + " on " + threads + " thread(s)");
            }
        }
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        Assumptions.assumeFalse(NativeBlasKernels.OPENBLAS_THREADS, "OpenBLAS's own threads split C their own way");
        SplittableRandom rnd = new SplittableRandom(12);
        int[][] shapes = {{128, 256, 784, 0, 1}, {256, 784, 128, 1, 0}, {300, 97, 260, 1, 1}, {128, 10, 128, 0, 1}};
        for (int[] s : shapes) {
            long seed = rnd.nextLong();
            float[][] results = new float[3][];
            for (int threads = 1; threads <= 3; threads++) {
                Parallel.setThreads(threads);
                results[threads - 1] = check(new SplittableRandom(seed), s[3] == 1, s[4] == 1, s[0], s[1], s[2],
                        1f, 0.5f, false);
            }
            assertArrayEquals(results[0], results[1], "1 vs 2 threads differ for " + java.util.Arrays.toString(s));
            assertArrayEquals(results[0], results[2], "1 vs 3 threads differ for " + java.util.Arrays.toString(s));
        }
    }

    @Test
    void badArgumentsFailWithTheSameMessagesAsTheOtherProviders() {
        Kernels simd = new VectorKernels();
        float[] a = new float[600];
        float[] b = new float[600];
        Runnable[] blasCalls = {
            () -> blas.gemm(false, false, 20, 20, 30, 1f, a, 0, 30, b, 0, 20, 0f, new float[399], 0, 20),
            () -> blas.gemm(true, false, 20, 20, 30, 1f, a, 1, 20, b, 0, 20, 0f, new float[400], 0, 20),
            () -> blas.gemm(false, true, 20, 20, 30, 1f, a, 0, 30, b, 0, 20, 0f, new float[400], 0, 20),
            () -> blas.gemm(false, false, -1, 20, 30, 1f, a, 0, 30, b, 0, 20, 0f, new float[400], 0, 20),
            () -> blas.gemm(false, false, 20, 20, 30, 1f, a, -1, 30, b, 0, 20, 0f, new float[400], 0, 20),
        };
        Runnable[] simdCalls = {
            () -> simd.gemm(false, false, 20, 20, 30, 1f, a, 0, 30, b, 0, 20, 0f, new float[399], 0, 20),
            () -> simd.gemm(true, false, 20, 20, 30, 1f, a, 1, 20, b, 0, 20, 0f, new float[400], 0, 20),
            () -> simd.gemm(false, true, 20, 20, 30, 1f, a, 0, 30, b, 0, 20, 0f, new float[400], 0, 20),
            () -> simd.gemm(false, false, -1, 20, 30, 1f, a, 0, 30, b, 0, 20, 0f, new float[400], 0, 20),
            () -> simd.gemm(false, false, 20, 20, 30, 1f, a, -1, 30, b, 0, 20, 0f, new float[400], 0, 20),
        };
        String[] expected = {
            "gemm: C (20x20, leading dimension 20, offset 0) needs 400 floats, the array has 399",
            "gemm: A (30x20, leading dimension 20, offset 1) needs 601 floats, the array has 600",
            "gemm: B is 20x30 but its leading dimension is 20",
            "gemm: negative size m=-1, n=20, k=30",
            "gemm: A (20x30, leading dimension 30, offset -1) needs 599 floats, the array has 600",
        };
        for (int i = 0; i < expected.length; i++) {
            SomaException e = assertThrows(SomaException.class, blasCalls[i]::run);
            assertEquals(expected[i], e.getMessage());
            assertEquals(assertThrows(SomaException.class, simdCalls[i]::run).getMessage(), e.getMessage());
        }
    }
}

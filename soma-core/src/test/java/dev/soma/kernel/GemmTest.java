package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SIMD matrix multiply against the scalar reference: every transpose combination, odd sizes and tails smaller
 * than a vector, offsets, leading dimensions wider than the matrix, alpha and beta, NaN garbage in C with beta 0,
 * shapes on both the small (unpacked) and the packed path, across block edges (KC = 256, MC = 128), and on one,
 * two and three threads.
 *
 * <p>The tolerance is {@link GemmCase}'s: the bound for two correct summation orders.
 */
class GemmTest {
    private final Kernels simd = new VectorKernels();
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** One random case against the scalar reference ({@link GemmCase}); returns the SIMD result. */
    private float[] check(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                          boolean nanInC) {
        return GemmCase.check(simd, rnd, ta, tb, m, n, k, alpha, beta, nanInC);
    }

    @Test
    void smallAndOddShapesAllTransposesAlphaBeta() {
        SplittableRandom rnd = new SplittableRandom(20261123L);
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 47, 64, 65};
        float[] betas = {0f, 1f, 0.5f};
        for (int t = 0; t < 400; t++) {
            boolean ta = rnd.nextBoolean();
            boolean tb = rnd.nextBoolean();
            int m = sizes[rnd.nextInt(sizes.length)];
            int n = sizes[rnd.nextInt(sizes.length)];
            int k = sizes[rnd.nextInt(sizes.length)];
            float alpha = rnd.nextInt(3) == 0 ? -0.75f : 1f;
            float beta = betas[rnd.nextInt(betas.length)];
            check(rnd, ta, tb, m, n, k, alpha, beta, beta == 0f);
        }
    }

    @Test
    void packedPathAcrossBlockEdges() {
        SplittableRandom rnd = new SplittableRandom(7);
        int[][] shapes = {{130, 70, 300}, {9, 97, 513}, {200, 35, 260}, {64, 1100, 20}, {257, 33, 129}, {3, 5, 40000}};
        for (int[] s : shapes) {
            for (int flags = 0; flags < 4; flags++) {
                float beta = flags == 1 ? 0.5f : flags == 2 ? 1f : 0f;
                check(rnd, (flags & 1) != 0, (flags & 2) != 0, s[0], s[1], s[2], 1.25f, beta, beta == 0f);
            }
        }
    }

    @Test
    void mlpShapes() {
        SplittableRandom rnd = new SplittableRandom(42);
        check(rnd, false, true, 128, 256, 784, 1f, 0f, true);   // layer 1 forward, x·Wᵀ
        check(rnd, true, false, 256, 784, 128, 1f, 1f, false);  // weight gradient, dYᵀ·X, accumulated
        check(rnd, false, false, 128, 784, 256, 1f, 0f, false); // input gradient, dY·W
        check(rnd, false, true, 128, 10, 128, 1f, 0f, true);    // output layer
        check(rnd, false, true, 512, 10, 2048, 1f, 0f, true);   // a wide layer's output layer, on the threads
        check(rnd, false, true, 1001, 16, 300, -0.75f, 0.5f, false); // a full vector of columns, β·C, odd rows
        check(rnd, false, true, 1, 256, 784, 1f, 0f, true);     // batch-1 inference
        check(rnd, false, false, 1, 256, 784, 1f, 0.5f, false);
    }

    @Test
    void degenerateSizes() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int flags = 0; flags < 4; flags++) {
            check(rnd, (flags & 1) != 0, (flags & 2) != 0, 5, 6, 0, 1f, 0f, true);   // k = 0: C = 0
            check(rnd, (flags & 1) != 0, (flags & 2) != 0, 5, 6, 0, 1f, 0.5f, false); // k = 0: C = βC
            check(rnd, (flags & 1) != 0, (flags & 2) != 0, 200, 60, 90, 0f, 0f, true); // alpha = 0
        }
        float[] c = {1f, 2f};
        simd.gemm(false, false, 0, 2, 3, 1f, new float[0], 0, 3, new float[6], 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {1f, 2f}, c, "m = 0 leaves C alone");
    }

    @Test
    void workedExample() {
        float[] a = {1, 2, 3, 4, 5, 6};      // 2×3
        float[] b = {7, 8, 9, 10, 11, 12};  // 3×2
        float[] c = {100, 200, 300, 400};
        simd.gemm(false, false, 2, 2, 3, 2f, a, 0, 3, b, 0, 2, 0.5f, c, 0, 2);
        // a·b = [[58, 64], [139, 154]]; 2·(a·b) + 0.5·c
        assertArrayEquals(new float[] {166f, 228f, 428f, 508f}, c);
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        SplittableRandom rnd = new SplittableRandom(11);
        int[][] shapes = {{128, 256, 784, 0, 1}, {256, 784, 128, 1, 0}, {97, 300, 260, 1, 1}, {301, 45, 270, 0, 0},
            {1001, 10, 1024, 0, 1}};
        for (int[] s : shapes) {
            long seed = rnd.nextLong();
            Parallel.setThreads(1);
            float[] one = check(new SplittableRandom(seed), s[3] == 1, s[4] == 1, s[0], s[1], s[2], 1f, 0.5f, false);
            Parallel.setThreads(2);
            float[] two = check(new SplittableRandom(seed), s[3] == 1, s[4] == 1, s[0], s[1], s[2], 1f, 0.5f, false);
            Parallel.setThreads(3);
            float[] three = check(new SplittableRandom(seed), s[3] == 1, s[4] == 1, s[0], s[1], s[2], 1f, 0.5f, false);
            assertTrue(java.util.Arrays.equals(one, two), "1 vs 2 threads differ for " + java.util.Arrays.toString(s));
            assertTrue(java.util.Arrays.equals(one, three), "1 vs 3 threads differ for " + java.util.Arrays.toString(s));
        }
    }

    @Test
    void rangesAreCheckedBeforeAnyAccess() {
        float[] a = new float[6];
        float[] b = new float[6];
        dev.soma.SomaException e = org.junit.jupiter.api.Assertions.assertThrows(dev.soma.SomaException.class,
                () -> simd.gemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, new float[3], 0, 2));
        assertEquals("gemm: C (2x2, leading dimension 2, offset 0) needs 4 floats, the array has 3", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(dev.soma.SomaException.class,
                () -> simd.gemm(true, false, 2, 2, 3, 1f, a, 1, 2, b, 0, 2, 0f, new float[4], 0, 2));
        assertEquals("gemm: A (3x2, leading dimension 2, offset 1) needs 7 floats, the array has 6", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(dev.soma.SomaException.class,
                () -> simd.gemm(false, true, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, new float[4], 0, 2));
        assertEquals("gemm: B is 2x3 but its leading dimension is 2", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(dev.soma.SomaException.class,
                () -> simd.add(a, 2, b, 0, new float[6], 0, 5));
        assertEquals("add: a needs 5 floats from offset 2, the array has 6", e.getMessage());
    }
}

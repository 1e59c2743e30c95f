package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SIMD matrix multiply against the scalar reference: every transpose combination, odd sizes and tails smaller
 * than a vector, offsets, leading dimensions wider than the matrix, alpha and beta, NaN garbage in C with beta 0,
 * shapes on both the small (unpacked) and the packed path, across block edges (KC = 256, MC = 128), and on one,
 * two and three threads.
 *
 * <p>Tolerance: both results are sums of the same k products in different orders (the SIMD kernel uses fused
 * multiply-adds in blocks, the scalar one multiply-then-add left to right). The standard bound for a recursively
 * summed dot product is |ĉ − c| ≤ γ_k·Σ|α·a·b| with γ_k ≈ k·u, u = 2⁻²⁴; adding β·c and α costs two more
 * roundings. So two correct results differ by at most 2·(k + 2)·u·(Σ_p|α·a_ip·b_pj| + |β·c_ij|), which is what we
 * allow (plus a denormal-sized absolute slack). A wrong index or a missed tile is off by a whole product or more.
 */
class GemmTest {
    private static final double U = Math.ulp(1.0f) / 2;
    private final Kernels simd = new VectorKernels();
    private final Kernels scalar = new ScalarKernels();
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** Runs one random case; returns the SIMD result. */
    private float[] check(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                          boolean nanInC) {
        int aRows = ta ? k : m;
        int aCols = ta ? m : k;
        int bRows = tb ? n : k;
        int bCols = tb ? k : n;
        int lda = aCols + rnd.nextInt(3);
        int ldb = bCols + rnd.nextInt(3);
        int ldc = n + rnd.nextInt(3);
        int aOff = rnd.nextInt(4);
        int bOff = rnd.nextInt(4);
        int cOff = rnd.nextInt(4);
        float[] a = random(rnd, aOff + aRows * lda);
        float[] b = random(rnd, bOff + bRows * ldb);
        float[] c0 = random(rnd, cOff + m * ldc + 3);
        if (nanInC) {
            for (int i = 0; i < c0.length; i += 3) {
                c0[i] = Float.NaN;
            }
        }
        float[] expected = c0.clone();
        float[] actual = c0.clone();
        scalar.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
        simd.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
        String what = String.format("gemm ta=%b tb=%b m=%d n=%d k=%d alpha=%s beta=%s lda=%d ldb=%d ldc=%d",
                ta, tb, m, n, k, alpha, beta, lda, ldb, ldc);
        for (int idx = 0; idx < c0.length; idx++) {
            int rel = idx - cOff;
            int i = rel >= 0 ? rel / ldc : -1;
            int j = rel >= 0 ? rel % ldc : -1;
            boolean inside = rel >= 0 && i < m && j < n;
            if (!inside) {
                assertEquals(Float.floatToRawIntBits(c0[idx]), Float.floatToRawIntBits(actual[idx]),
                        what + ": wrote outside C at " + idx);
                continue;
            }
            double mag = beta == 0f ? 0 : Math.abs((double) beta * c0[idx]);
            for (int p = 0; p < k; p++) {
                double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                mag += Math.abs(alpha * av * bv);
            }
            double tol = 2 * (k + 2) * U * mag + 1e-30;
            if (Float.isNaN(expected[idx]) || !(Math.abs(actual[idx] - expected[idx]) <= tol)) {
                fail(what + ": C[" + i + "," + j + "] = " + actual[idx] + ", scalar reference " + expected[idx]
                        + " (tolerance " + tol + ")");
            }
        }
        return actual;
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
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
        int[][] shapes = {{128, 256, 784, 0, 1}, {256, 784, 128, 1, 0}, {97, 300, 260, 1, 1}, {301, 45, 270, 0, 0}};
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

package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/**
 * One random GEMM case against the scalar reference, shared by the provider tests ({@link GemmTest},
 * {@link NativeBlasKernelsTest}): random leading dimensions wider than the matrix, offsets, alpha, beta, NaN garbage
 * in C when beta is 0; nothing outside C may change.
 *
 * <p>Tolerance: both results are sums of the same k products in different orders (the tested kernel uses fused
 * multiply-adds in blocks, the scalar one multiply-then-add left to right). The standard bound for a recursively
 * summed dot product is |ĉ − c| ≤ γ_k·Σ|α·a·b| with γ_k ≈ k·u, u = 2⁻²⁴; adding β·c and α costs two more
 * roundings. So two correct results differ by at most 2·(k + 2)·u·(Σ_p|α·a_ip·b_pj| + |β·c_ij|), which is what we
 * allow (plus a denormal-sized absolute slack). A wrong index or a missed tile is off by a whole product or more.
 */
final class GemmCase {
    private static final double U = Math.ulp(1.0f) / 2;
    private static final Kernels SCALAR = new ScalarKernels();

    private GemmCase() {
    }

    /** Runs one random case of op(A)[m×k]·op(B)[k×n] on {@code tested}; returns its result (all of C's array). */
    static float[] check(Kernels tested, SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k,
                         float alpha, float beta, boolean nanInC) {
        int aRows = ta ? k : m;
        int aCols = ta ? m : k;
        int bRows = tb ? n : k;
        int bCols = tb ? k : n;
        int lda = aCols + rnd.nextInt(4);
        int ldb = bCols + rnd.nextInt(4);
        int ldc = n + rnd.nextInt(4);
        int aOff = rnd.nextInt(5);
        int bOff = rnd.nextInt(5);
        int cOff = rnd.nextInt(5);
        float[] a = random(rnd, aOff + aRows * lda + rnd.nextInt(3));
        float[] b = random(rnd, bOff + bRows * ldb + rnd.nextInt(3));
        float[] c0 = random(rnd, cOff + m * ldc + 3);
        if (nanInC) {
            for (int i = 0; i < c0.length; i += 3) {
                c0[i] = Float.NaN;
            }
        }
        float[] expected = c0.clone();
        float[] actual = c0.clone();
        SCALAR.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
        tested.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
        String what = String.format("gemm ta=%b tb=%b m=%d n=%d k=%d alpha=%s beta=%s lda=%d ldb=%d ldc=%d offsets %d %d %d",
                ta, tb, m, n, k, alpha, beta, lda, ldb, ldc, aOff, bOff, cOff);
        for (int idx = 0; idx < c0.length; idx++) {
            int rel = idx - cOff;
            int i = rel >= 0 ? rel / ldc : -1;
            int j = rel >= 0 ? rel % ldc : -1;
            if (rel < 0 || i >= m || j >= n) {
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

    static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}

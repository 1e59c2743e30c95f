package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Unpacked SIMD matrix multiply for small products and for one or two rows (batch-1 inference): operands are read
 * in place and nothing is handed to other threads, so a 1×784·784×256 layer costs a few microseconds.
 *
 * <ul>
 *   <li>op(B) = Bᵀ with A not transposed (a linear layer x·Wᵀ): every C[i, j] is a dot product of two contiguous
 *       rows, vectorized along k, four columns j at a time sharing the loads of A's row.</li>
 *   <li>op(B) = B (either A): C's row i is Σ_p α·A[i, p]·B[p, :], vectorized along n, four vectors of C's row held in
 *       registers while p runs.</li>
 * </ul>
 * Both transposed is left to the packed path.
 */
final class VectorGemv {
    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int V = S.length();
    /** Multiply-adds up to which a product is "small". */
    static final long SMALL_WORK = Long.getLong("soma.gemm.smallWork", 1L << 18);

    private VectorGemv() {
    }

    /** Whether this path takes the product (shape and layout only, never the thread count). */
    static boolean handles(boolean ta, boolean tb, int m, int n, int k) {
        if (ta && tb) {
            return false;
        }
        return m <= 2 || (long) m * n * k <= SMALL_WORK;
    }

    static void gemm(boolean ta, boolean tb, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (tb) {
            dots(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            rows(ta, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    private static float combine(float alpha, float dot, float beta, float old) {
        return beta == 0f ? alpha * dot : alpha * dot + beta * old;
    }

    /** C[i, j] = α·dot(A[i, :], B[j, :]) + β·C[i, j]. */
    private static void dots(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int kv = k - k % V;
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * lda;
            int cr = cOff + i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = bOff + j * ldb;
                int b1 = b0 + ldb;
                int b2 = b1 + ldb;
                int b3 = b2 + ldb;
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = s0;
                FloatVector s2 = s0;
                FloatVector s3 = s0;
                for (int p = 0; p < kv; p += V) {
                    FloatVector av = FloatVector.fromArray(S, a, ar + p);
                    s0 = av.fma(FloatVector.fromArray(S, b, b0 + p), s0);
                    s1 = av.fma(FloatVector.fromArray(S, b, b1 + p), s1);
                    s2 = av.fma(FloatVector.fromArray(S, b, b2 + p), s2);
                    s3 = av.fma(FloatVector.fromArray(S, b, b3 + p), s3);
                }
                float t0 = s0.reduceLanes(VectorOperators.ADD);
                float t1 = s1.reduceLanes(VectorOperators.ADD);
                float t2 = s2.reduceLanes(VectorOperators.ADD);
                float t3 = s3.reduceLanes(VectorOperators.ADD);
                for (int p = kv; p < k; p++) {
                    float x = a[ar + p];
                    t0 += x * b[b0 + p];
                    t1 += x * b[b1 + p];
                    t2 += x * b[b2 + p];
                    t3 += x * b[b3 + p];
                }
                c[cr + j] = combine(alpha, t0, beta, c[cr + j]);
                c[cr + j + 1] = combine(alpha, t1, beta, c[cr + j + 1]);
                c[cr + j + 2] = combine(alpha, t2, beta, c[cr + j + 2]);
                c[cr + j + 3] = combine(alpha, t3, beta, c[cr + j + 3]);
            }
            for (; j < n; j++) {
                int b0 = bOff + j * ldb;
                FloatVector s0 = FloatVector.zero(S);
                for (int p = 0; p < kv; p += V) {
                    s0 = FloatVector.fromArray(S, a, ar + p).fma(FloatVector.fromArray(S, b, b0 + p), s0);
                }
                float t0 = s0.reduceLanes(VectorOperators.ADD);
                for (int p = kv; p < k; p++) {
                    t0 += a[ar + p] * b[b0 + p];
                }
                c[cr + j] = combine(alpha, t0, beta, c[cr + j]);
            }
        }
    }

    /** C[i, :] = Σ_p (α·op(A)[i, p])·B[p, :] + β·C[i, :]. */
    private static void rows(boolean ta, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int as = ta ? lda : 1;
        int ai = ta ? 1 : lda;
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * ai;
            int cr = cOff + i * ldc;
            int j = 0;
            for (; j + 4 * V <= n; j += 4 * V) {
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = s0;
                FloatVector s2 = s0;
                FloatVector s3 = s0;
                int bp = bOff + j;
                for (int p = 0; p < k; p++) {
                    FloatVector x = FloatVector.broadcast(S, alpha * a[ar + p * as]);
                    s0 = x.fma(FloatVector.fromArray(S, b, bp), s0);
                    s1 = x.fma(FloatVector.fromArray(S, b, bp + V), s1);
                    s2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * V), s2);
                    s3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * V), s3);
                    bp += ldb;
                }
                store(s0, beta, c, cr + j);
                store(s1, beta, c, cr + j + V);
                store(s2, beta, c, cr + j + 2 * V);
                store(s3, beta, c, cr + j + 3 * V);
            }
            for (; j + V <= n; j += V) {
                FloatVector s0 = FloatVector.zero(S);
                int bp = bOff + j;
                for (int p = 0; p < k; p++) {
                    s0 = FloatVector.broadcast(S, alpha * a[ar + p * as]).fma(FloatVector.fromArray(S, b, bp), s0);
                    bp += ldb;
                }
                store(s0, beta, c, cr + j);
            }
            for (; j < n; j++) {
                float t = 0f;
                int bp = bOff + j;
                for (int p = 0; p < k; p++) {
                    t += alpha * a[ar + p * as] * b[bp];
                    bp += ldb;
                }
                c[cr + j] = beta == 0f ? t : t + beta * c[cr + j];
            }
        }
    }

    private static void store(FloatVector s, float beta, float[] c, int off) {
        if (beta != 0f) {
            s = s.add(FloatVector.fromArray(S, c, off).mul(beta));
        }
        s.intoArray(c, off);
    }
}

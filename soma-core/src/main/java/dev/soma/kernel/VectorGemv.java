package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
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
    /** Per-thread room for four accumulators, whose lanes {@link Lanes} then adds in a fixed order. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[4 * V]);

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
        // C = β·C first (zero when β = 0), so the dot products only ever add; the row kernels store their sums
        // instead when β = 0 (0 + s is s, bit for bit: a sum started at +0 is never −0), which saves a pass over C
        // and its reads. The choice is an argument the warm-up calls with both values, so C2 compiles both.
        if (tb) {
            VectorGemm.scaleC(beta, c, cOff, ldc, 0, m, 0, n);
            dots(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, SCRATCH.get());
        } else {
            boolean add = beta != 0f;
            if (add) {
                VectorGemm.scaleC(beta, c, cOff, ldc, 0, m, 0, n);
            }
            rows(ta, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, add);
        }
    }

    /*
     * The loops below are cut into small methods on purpose: each is invoked many times per product, so C2 compiles
     * it after a few calls. One big method is invoked rarely and would run for a long time in C1 code, where every
     * Vector API operation allocates (hundreds of times slower).
     */

    /** C[i, j] = α·dot(A[i, :], B[j, :]) + β·C[i, j]. */
    private static void dots(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] scratch) {
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * lda;
            int cr = cOff + i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                dot4(k, alpha, a, ar, b, bOff + j * ldb, ldb, c, cr + j, scratch);
            }
            for (; j < n; j++) {
                dot1(k, alpha, a, ar, b, bOff + j * ldb, c, cr + j, scratch);
            }
        }
    }

    /**
     * Four dot products of A's row with four consecutive rows of B, two accumulators per column (even and odd
     * vector steps): eight independent FMA chains keep both FMA pipes busy despite the 4-cycle latency.
     */
    private static void dot4(int k, float alpha, float[] a, int ar, float[] b, int b0, int ldb,
                             float[] c, int co, float[] scratch) {
        int kv = k - k % V;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        FloatVector u0 = s0;
        FloatVector u1 = s0;
        FloatVector u2 = s0;
        FloatVector u3 = s0;
        int kv2 = k - k % (2 * V);
        int p = 0;
        for (; p < kv2; p += 2 * V) {
            FloatVector av = FloatVector.fromArray(S, a, ar + p);
            s0 = av.fma(FloatVector.fromArray(S, b, b0 + p), s0);
            s1 = av.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = av.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = av.fma(FloatVector.fromArray(S, b, b3 + p), s3);
            FloatVector aw = FloatVector.fromArray(S, a, ar + p + V);
            u0 = aw.fma(FloatVector.fromArray(S, b, b0 + p + V), u0);
            u1 = aw.fma(FloatVector.fromArray(S, b, b1 + p + V), u1);
            u2 = aw.fma(FloatVector.fromArray(S, b, b2 + p + V), u2);
            u3 = aw.fma(FloatVector.fromArray(S, b, b3 + p + V), u3);
        }
        if (p < kv) {
            FloatVector av = FloatVector.fromArray(S, a, ar + p);
            s0 = av.fma(FloatVector.fromArray(S, b, b0 + p), s0);
            s1 = av.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = av.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = av.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        s0.add(u0).intoArray(scratch, 0);
        s1.add(u1).intoArray(scratch, V);
        s2.add(u2).intoArray(scratch, 2 * V);
        s3.add(u3).intoArray(scratch, 3 * V);
        float t0 = Lanes.sum(scratch, 0, V);
        float t1 = Lanes.sum(scratch, V, V);
        float t2 = Lanes.sum(scratch, 2 * V, V);
        float t3 = Lanes.sum(scratch, 3 * V, V);
        for (p = kv; p < k; p++) {
            float x = a[ar + p];
            t0 += x * b[b0 + p];
            t1 += x * b[b1 + p];
            t2 += x * b[b2 + p];
            t3 += x * b[b3 + p];
        }
        c[co] += alpha * t0;
        c[co + 1] += alpha * t1;
        c[co + 2] += alpha * t2;
        c[co + 3] += alpha * t3;
    }

    private static void dot1(int k, float alpha, float[] a, int ar, float[] b, int b0, float[] c, int co,
                             float[] scratch) {
        int kv = k - k % V;
        FloatVector s0 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += V) {
            s0 = FloatVector.fromArray(S, a, ar + p).fma(FloatVector.fromArray(S, b, b0 + p), s0);
        }
        s0.intoArray(scratch, 0);
        float t0 = Lanes.sum(scratch, 0, V);
        for (int p = kv; p < k; p++) {
            t0 += a[ar + p] * b[b0 + p];
        }
        c[co] += alpha * t0;
    }

    /** C[i, :] = Σ_p (α·op(A)[i, p])·B[p, :], added to C (already β·C) when {@code add}, else stored. */
    private static void rows(boolean ta, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean add) {
        int as = ta ? lda : 1;
        int ai = ta ? 1 : lda;
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * ai;
            int cr = cOff + i * ldc;
            int j = 0;
            for (; j + 8 * V <= n; j += 8 * V) {
                row8(k, alpha, a, ar, as, b, bOff + j, ldb, c, cr + j, add);
            }
            for (; j + 4 * V <= n; j += 4 * V) {
                row4(k, alpha, a, ar, as, b, bOff + j, ldb, c, cr + j, add);
            }
            for (; j + V <= n; j += V) {
                row1(k, alpha, a, ar, as, b, bOff + j, ldb, c, cr + j, add);
            }
            for (; j < n; j++) {
                float t = 0f;
                int bp = bOff + j;
                for (int p = 0; p < k; p++) {
                    t += alpha * a[ar + p * as] * b[bp];
                    bp += ldb;
                }
                c[cr + j] = add ? c[cr + j] + t : t;
            }
        }
    }

    /**
     * Eight vectors of C's row, as {@link #row4} twice (the same chain per element): eight independent chains hide
     * the FMA latency where a short k leaves four waiting (a first convolution layer's 32×784×9 product of one
     * image).
     */
    private static void row8(int k, float alpha, float[] a, int ar, int as, float[] b, int bp, int ldb,
                             float[] c, int co, boolean add) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        FloatVector s4 = s0;
        FloatVector s5 = s0;
        FloatVector s6 = s0;
        FloatVector s7 = s0;
        for (int p = 0; p < k; p++) {
            FloatVector x = FloatVector.broadcast(S, alpha * a[ar + p * as]);
            s0 = x.fma(FloatVector.fromArray(S, b, bp), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, bp + V), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * V), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * V), s3);
            s4 = x.fma(FloatVector.fromArray(S, b, bp + 4 * V), s4);
            s5 = x.fma(FloatVector.fromArray(S, b, bp + 5 * V), s5);
            s6 = x.fma(FloatVector.fromArray(S, b, bp + 6 * V), s6);
            s7 = x.fma(FloatVector.fromArray(S, b, bp + 7 * V), s7);
            bp += ldb;
        }
        store(s0, c, co, add);
        store(s1, c, co + V, add);
        store(s2, c, co + 2 * V, add);
        store(s3, c, co + 3 * V, add);
        store(s4, c, co + 4 * V, add);
        store(s5, c, co + 5 * V, add);
        store(s6, c, co + 6 * V, add);
        store(s7, c, co + 7 * V, add);
    }

    /** Four vectors of C's row: Σ_p (α·a[ar + p·as])·B[p, j … j+4V]. */
    private static void row4(int k, float alpha, float[] a, int ar, int as, float[] b, int bp, int ldb,
                             float[] c, int co, boolean add) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int p = 0; p < k; p++) {
            FloatVector x = FloatVector.broadcast(S, alpha * a[ar + p * as]);
            s0 = x.fma(FloatVector.fromArray(S, b, bp), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, bp + V), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * V), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * V), s3);
            bp += ldb;
        }
        store(s0, c, co, add);
        store(s1, c, co + V, add);
        store(s2, c, co + 2 * V, add);
        store(s3, c, co + 3 * V, add);
    }

    private static void row1(int k, float alpha, float[] a, int ar, int as, float[] b, int bp, int ldb,
                             float[] c, int co, boolean add) {
        FloatVector s0 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            s0 = FloatVector.broadcast(S, alpha * a[ar + p * as]).fma(FloatVector.fromArray(S, b, bp), s0);
            bp += ldb;
        }
        store(s0, c, co, add);
    }

    private static void store(FloatVector s, float[] c, int off, boolean add) {
        (add ? FloatVector.fromArray(S, c, off).add(s) : s).intoArray(c, off);
    }
}

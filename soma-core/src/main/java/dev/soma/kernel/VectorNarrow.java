package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = α·A·Bᵀ + β·C with at most one vector's width of columns (n ≤ V): a linear layer with few outputs, the
 * 10-class output layer above all (512×10×2048 in a 784-2048-10 network).
 *
 * <p>The packed path pads such a product to a 16- or 32-column panel and the dot-product path pays a horizontal sum
 * per element; here Bᵀ (k × n, scaled by α) is copied once into a zero-padded k × V buffer, and eight rows of A at a
 * time run k steps of one vector load of that buffer and eight broadcast multiply-adds, each row's C values held in
 * one vector accumulator. Every C[i, j] is one FMA chain from +0 over p = 0…k−1 of A[i, p]·(α·B[j, p]), added to
 * β·C (stored when β = 0), whatever the row blocking or the number of threads: rows are cut into ranges only.
 */
final class VectorNarrow {
    private static final VectorSpecies<Float> S = VectorGemm.S;
    private static final int V = S.length();
    /** Rows per register block. */
    private static final int ROWS = 8;
    /** Multiply-adds from which the rows are split over the kernel threads. */
    static final long PARALLEL_WORK = Long.getLong("soma.gemm.narrowParallelWork", 1L << 20);
    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    private VectorNarrow() {
    }

    /** Whether this path takes the product: A·Bᵀ with 3 or more rows and at most V columns. */
    static boolean handles(boolean ta, boolean tb, int m, int n, int k) {
        return !ta && tb && m > 2 && n <= V && k > 0;
    }

    static void gemm(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        boolean add = beta != 0f;
        if (add) {
            VectorGemm.scaleC(beta, c, cOff, ldc, 0, m, 0, n);
        }
        Job j = JOBS.get();
        float[] bt = j.transposed(k);
        transpose(n, k, alpha, b, bOff, ldb, bt);
        int parts = (long) m * n * k < PARALLEL_WORK ? 1 : Math.min(Parallel.threads(), m / ROWS);
        if (parts <= 1) {
            rows(0, m, n, k, a, aOff, lda, bt, c, cOff, ldc, add, j.lanes);
            return;
        }
        j.set(parts, m, n, k, a, aOff, lda, bt, c, cOff, ldc, add);
        try {
            Parallel.run(parts, j);
        } finally {
            j.clear();
        }
    }

    /** bt[p·V + j] = α·B[j, p] for j &lt; n, 0 for n ≤ j &lt; V. */
    private static void transpose(int n, int k, float alpha, float[] b, int bOff, int ldb, float[] bt) {
        for (int p = 0; p < k; p++) {
            int d = p * V;
            for (int j = 0; j < n; j++) {
                bt[d + j] = alpha * b[bOff + j * ldb + p];
            }
            for (int j = n; j < V; j++) {
                bt[d + j] = 0f;
            }
        }
    }

    /*
     * No vector crosses a method boundary (no FloatVector argument or result, no vector chosen by a branch): on
     * JDK 17, C2 then boxed the accumulators (~2 KB per training step of a 10-class layer).
     */

    /** Rows i0…i1 of C: blocks of eight, then one at a time. */
    static void rows(int i0, int i1, int n, int k, float[] a, int aOff, int lda, float[] bt,
                     float[] c, int cOff, int ldc, boolean add, float[] lanes) {
        int i = i0;
        for (; i + ROWS <= i1; i += ROWS) {
            rows8(n, k, a, aOff + i * lda, lda, bt, c, cOff + i * ldc, ldc, add, lanes);
        }
        for (; i < i1; i++) {
            row1(n, k, a, aOff + i * lda, bt, c, cOff + i * ldc, add, lanes);
        }
    }

    private static void rows8(int n, int k, float[] a, int a0, int lda, float[] bt, float[] c, int c0, int ldc,
                              boolean add, float[] lanes) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        FloatVector s4 = s0;
        FloatVector s5 = s0;
        FloatVector s6 = s0;
        FloatVector s7 = s0;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, bt, p * V);
            s0 = FloatVector.broadcast(S, a[a0 + p]).fma(bv, s0);
            s1 = FloatVector.broadcast(S, a[a1 + p]).fma(bv, s1);
            s2 = FloatVector.broadcast(S, a[a2 + p]).fma(bv, s2);
            s3 = FloatVector.broadcast(S, a[a3 + p]).fma(bv, s3);
            s4 = FloatVector.broadcast(S, a[a4 + p]).fma(bv, s4);
            s5 = FloatVector.broadcast(S, a[a5 + p]).fma(bv, s5);
            s6 = FloatVector.broadcast(S, a[a6 + p]).fma(bv, s6);
            s7 = FloatVector.broadcast(S, a[a7 + p]).fma(bv, s7);
        }
        s0.intoArray(lanes, 0);
        put(lanes, n, c, c0, add);
        s1.intoArray(lanes, 0);
        put(lanes, n, c, c0 + ldc, add);
        s2.intoArray(lanes, 0);
        put(lanes, n, c, c0 + 2 * ldc, add);
        s3.intoArray(lanes, 0);
        put(lanes, n, c, c0 + 3 * ldc, add);
        s4.intoArray(lanes, 0);
        put(lanes, n, c, c0 + 4 * ldc, add);
        s5.intoArray(lanes, 0);
        put(lanes, n, c, c0 + 5 * ldc, add);
        s6.intoArray(lanes, 0);
        put(lanes, n, c, c0 + 6 * ldc, add);
        s7.intoArray(lanes, 0);
        put(lanes, n, c, c0 + 7 * ldc, add);
    }

    private static void row1(int n, int k, float[] a, int ar, float[] bt, float[] c, int co, boolean add,
                             float[] lanes) {
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            s = FloatVector.broadcast(S, a[ar + p]).fma(FloatVector.fromArray(S, bt, p * V), s);
        }
        s.intoArray(lanes, 0);
        put(lanes, n, c, co, add);
    }

    /** The first n lanes into C's row, added to it when {@code add}. */
    private static void put(float[] lanes, int n, float[] c, int off, boolean add) {
        for (int j = 0; j < n; j++) {
            c[off + j] = add ? c[off + j] + lanes[j] : lanes[j];
        }
    }

    /** A product's row ranges on the kernel pool, reused by its calling thread (nothing allocated per call). */
    private static final class Job implements Parallel.Task {
        private float[] bt = new float[0];
        /** One accumulator's lanes on their way to a row of C narrower than a vector. */
        final float[] lanes = new float[V];
        private int parts;
        private int m;
        private int n;
        private int k;
        private float[] a;
        private int aOff;
        private int lda;
        private float[] c;
        private int cOff;
        private int ldc;
        private boolean add;
        private float[] shared;

        float[] transposed(int k) {
            if (bt.length < k * V) {
                bt = new float[k * V];
            }
            return bt;
        }

        void set(int parts, int m, int n, int k, float[] a, int aOff, int lda, float[] bt, float[] c, int cOff,
                 int ldc, boolean add) {
            this.parts = parts;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.shared = bt;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.add = add;
        }

        void clear() {
            a = null;
            c = null;
            shared = null;
        }

        /** First row of a range: an even split rounded down to whole register blocks. */
        private int start(int part) {
            return part == parts ? m : (int) ((long) m * part / parts) / ROWS * ROWS;
        }

        @Override
        public void run(int part) {
            // on a worker thread: its own Job's lanes
            rows(start(part), start(part + 1), n, k, a, aOff, lda, shared, c, cOff, ldc, add, JOBS.get().lanes);
        }
    }
}

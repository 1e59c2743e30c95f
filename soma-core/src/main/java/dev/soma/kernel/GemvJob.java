package dev.soma.kernel;

/**
 * A large product of one or two rows with a transposed matrix (batch-1 inference through a wide layer: 1×3136 by
 * 3136×128 reads 1.6 MB of weights) split by columns of C on the kernel pool, as a reusable {@link Parallel.Task}
 * (one per calling thread) so that it allocates nothing. The column ranges start at multiples of four, so every
 * column is computed by the same code as on one thread ({@code dot4} for whole groups of four, {@code dot1} for
 * the last few): the same bits for any thread count.
 */
final class GemvJob implements Parallel.Task {
    /** Multiply-adds from which the dot products are split across threads (below it one thread is faster). */
    static final long PARALLEL_WORK = Long.getLong("soma.gemv.parallelWork", 1L << 18);
    private static final ThreadLocal<GemvJob> JOBS = ThreadLocal.withInitial(GemvJob::new);

    private int parts;
    private int m;
    private int n;
    private int k;
    private float alpha;
    private float[] a;
    private int aOff;
    private int lda;
    private float[] b;
    private int bOff;
    private int ldb;
    private float[] c;
    private int cOff;
    private int ldc;

    /** How many column ranges this product is worth (1: do not split). */
    static int parts(int m, int n, int k) {
        long work = (long) m * n * k;
        return work < PARALLEL_WORK ? 1 : Math.max(1, Math.min(Parallel.threads(), n / 16));
    }

    static void run(int parts, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
                    int ldb, float[] c, int cOff, int ldc) {
        GemvJob j = JOBS.get();
        j.parts = parts;
        j.m = m;
        j.n = n;
        j.k = k;
        j.alpha = alpha;
        j.a = a;
        j.aOff = aOff;
        j.lda = lda;
        j.b = b;
        j.bOff = bOff;
        j.ldb = ldb;
        j.c = c;
        j.cOff = cOff;
        j.ldc = ldc;
        try {
            Parallel.run(parts, j);
        } finally {
            j.a = null;
            j.b = null;
            j.c = null;
        }
    }

    private int start(int part) {
        return part == parts ? n : (int) ((long) n * part / parts) / 4 * 4;
    }

    @Override
    public void run(int part) {
        int j0 = start(part);
        int j1 = start(part + 1);
        VectorGemv.dots(m, j1 - j0, k, alpha, a, aOff, lda, b, bOff + j0 * ldb, ldb, c, cOff + j0, ldc,
                VectorGemv.scratch());
    }
}

package dev.soma.kernel;

/**
 * One large product for {@link NativeBlasKernels}, cut into blocks of C's columns (or rows, whichever C has more
 * of) that {@link Parallel}'s threads take dynamically, each block one single-threaded {@code cblas_sgemm} call.
 * Reused per calling thread (a {@link Parallel.Task}, no allocation per product).
 *
 * <p>Why not OpenBLAS's own threads: they split C statically, one fixed share per thread, and wait for each other
 * by spinning; on a shared 2-core machine a descheduled OpenBLAS thread holds the whole product up. Blocks taken
 * dynamically let a running thread do the share of a descheduled one, and Soma's pool is the one already warm.
 * The cut depends on the shape only (blocks of {@link #BLOCK} columns or rows), never on the thread count, and K is
 * never split: results do not depend on the number of threads.
 */
final class NativeGemmJob implements Parallel.Task {
    /** Columns (or rows) of C per block: a multiple of OpenBLAS's register tiles. */
    static final int BLOCK = Integer.getInteger("soma.blas.block", 128);

    private static final ThreadLocal<NativeGemmJob> JOBS = ThreadLocal.withInitial(NativeGemmJob::new);

    private boolean byColumns;
    private boolean ta;
    private boolean tb;
    private int m;
    private int n;
    private int k;
    private float alpha;
    private float beta;
    private float[] a;
    private int aOff;
    private int lda;
    private float[] b;
    private int bOff;
    private int ldb;
    private float[] c;
    private int cOff;
    private int ldc;

    /** Runs C = α·op(A)·op(B) + β·C in blocks over the pool (arguments already validated and BLAS-legal). */
    static void run(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                    float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        NativeGemmJob j = JOBS.get();
        j.byColumns = n >= m;
        j.ta = ta;
        j.tb = tb;
        j.m = m;
        j.n = n;
        j.k = k;
        j.alpha = alpha;
        j.beta = beta;
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
            Parallel.run(blocks(j.byColumns ? n : m), j);
        } finally {
            j.a = null;
            j.b = null;
            j.c = null;
        }
    }

    /** Number of blocks a dimension of this length is cut into. */
    static int blocks(int length) {
        return (length + BLOCK - 1) / BLOCK;
    }

    @Override
    public void run(int part) {
        int from = part * BLOCK;
        if (byColumns) {
            int cols = Math.min(BLOCK, n - from);
            // op(B)'s columns from..from+cols: B's columns when stored k×n, its rows when stored n×k.
            int bo = tb ? bOff + from * ldb : bOff + from;
            NativeBlas.sgemm(ta, tb, m, cols, k, alpha, a, aOff, lda, b, bo, ldb, beta, c, cOff + from, ldc);
        } else {
            int rows = Math.min(BLOCK, m - from);
            // op(A)'s rows from..from+rows: A's rows when stored m×k, its columns when stored k×m.
            int ao = ta ? aOff + from : aOff + from * lda;
            NativeBlas.sgemm(ta, tb, rows, n, k, alpha, a, ao, lda, b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
        }
    }
}

package dev.soma.kernel;

/**
 * A large gather of byte rows (a training batch of images) split by rows on the kernel pool, as a reusable
 * {@link Parallel.Task} (one per calling thread) so that it allocates nothing. Each row is converted on its own,
 * so any split gives the same floats.
 */
final class GatherJob implements Parallel.Task {
    /** Below this many values per thread one thread gathers the whole batch. */
    static final int MIN_PART = 1 << 15;
    private static final ThreadLocal<GatherJob> JOBS = ThreadLocal.withInitial(GatherJob::new);

    private Kernels kernels;
    private int parts;
    private byte[] src;
    private int rowLength;
    private int[] rows;
    private int from;
    private int to;
    private float[] dst;
    private int dstOff;
    private float divisor;

    /** Gathers rows[from … to) in {@code parts} slices of rows. */
    static void run(Kernels kernels, int parts, byte[] src, int rowLength, int[] rows, int from, int to, float[] dst,
                    int dstOff, float divisor) {
        GatherJob j = JOBS.get();
        j.kernels = kernels;
        j.parts = parts;
        j.src = src;
        j.rowLength = rowLength;
        j.rows = rows;
        j.from = from;
        j.to = to;
        j.dst = dst;
        j.dstOff = dstOff;
        j.divisor = divisor;
        try {
            Parallel.run(parts, j);
        } finally {
            j.kernels = null;
            j.src = null;
            j.rows = null;
            j.dst = null;
        }
    }

    /** The rows from … to−1, one after the other (the serial path and each part of the parallel one). */
    static void rows(Kernels k, byte[] src, int rowLength, int[] rows, int from, int to, float[] dst, int dstOff,
                     float divisor) {
        for (int r = from, o = dstOff; r < to; r++, o += rowLength) {
            k.unsignedBytesToFloat(src, rows[r] * rowLength, dst, o, rowLength, divisor);
        }
    }

    @Override
    public void run(int part) {
        int n = to - from;
        int r0 = from + (int) ((long) n * part / parts);
        int r1 = from + (int) ((long) n * (part + 1) / parts);
        rows(kernels, src, rowLength, rows, r0, r1, dst, dstOff + (r0 - from) * rowLength, divisor);
    }
}

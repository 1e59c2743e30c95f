package dev.soma.kernel;

/**
 * A large activation or activation gradient (a convolution's output: 128 images × 32 channels × 28×28 values is
 * 3.2 million) split into slices on the kernel pool, as a reusable {@link Parallel.Task} (one per calling thread)
 * so that it allocates nothing. Slices start at multiples of the vector length, so every value is computed by the
 * same code (vector lanes or the scalar tail) whatever the number of slices: the same bits for any thread count.
 */
final class ActivationJob implements Parallel.Task {
    /** Below this many values per thread one thread does the whole array. */
    static final int MIN_PART = 1 << 16;
    private static final ThreadLocal<ActivationJob> JOBS = ThreadLocal.withInitial(ActivationJob::new);

    private VectorKernels kernels;
    private int parts;
    private int align;
    private boolean backward;
    private Activation f;
    private float[] x;
    private int xOff;
    private float[] y;
    private int yOff;
    private float[] g;
    private int gOff;
    private float[] out;
    private int outOff;
    private int n;

    /** How many slices n values are worth on this pool (1: do not split). */
    static int parts(int n) {
        return Math.min(Parallel.threads(), Math.max(1, n / MIN_PART));
    }

    /** {@link Kernels#activation} in {@code parts} slices aligned to {@code align} values. */
    static void forward(VectorKernels k, int parts, int align, Activation f, float[] x, int xOff, float[] y, int yOff,
                        int n) {
        run(k, parts, align, false, f, x, xOff, y, yOff, null, 0, null, 0, n);
    }

    /** {@link Kernels#activationBackward} in {@code parts} slices aligned to {@code align} values. */
    static void backward(VectorKernels k, int parts, int align, Activation f, float[] x, int xOff, float[] y,
                         int yOff, float[] g, int gOff, float[] out, int outOff, int n) {
        run(k, parts, align, true, f, x, xOff, y, yOff, g, gOff, out, outOff, n);
    }

    private static void run(VectorKernels k, int parts, int align, boolean backward, Activation f, float[] x, int xOff,
                            float[] y, int yOff, float[] g, int gOff, float[] out, int outOff, int n) {
        ActivationJob j = JOBS.get();
        j.kernels = k;
        j.parts = parts;
        j.align = align;
        j.backward = backward;
        j.f = f;
        j.x = x;
        j.xOff = xOff;
        j.y = y;
        j.yOff = yOff;
        j.g = g;
        j.gOff = gOff;
        j.out = out;
        j.outOff = outOff;
        j.n = n;
        try {
            Parallel.run(parts, j);
        } finally {
            j.kernels = null;
            j.f = null;
            j.x = null;
            j.y = null;
            j.g = null;
            j.out = null;
        }
    }

    private int start(int part) {
        return part == parts ? n : (int) ((long) n * part / parts) / align * align;
    }

    @Override
    public void run(int part) {
        int from = start(part);
        int len = start(part + 1) - from;
        if (backward) {
            kernels.activationBackwardSlice(f, x, xOff + from, y, yOff + from, g, gOff + from, out, outOff + from,
                    len);
        } else {
            kernels.activationSlice(f, x, xOff + from, y, yOff + from, len);
        }
    }
}

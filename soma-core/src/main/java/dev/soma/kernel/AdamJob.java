package dev.soma.kernel;

/**
 * A large Adam step split into slices on the kernel pool, as a reusable {@link Parallel.Task} (one per calling
 * thread) so that the update allocates nothing. The step is elementwise, so any split gives the same bits.
 */
final class AdamJob implements Parallel.Task {
    /** Below this many parameters per thread one thread does the whole update (waking a worker costs more). */
    static final int MIN_PART = 1 << 14;
    private static final ThreadLocal<AdamJob> JOBS = ThreadLocal.withInitial(AdamJob::new);

    private VectorKernels kernels;
    private int parts;
    private float[] p;
    private float[] g;
    private float[] m;
    private float[] v;
    private int off;
    private int n;
    private float beta1;
    private float oneMinusBeta1;
    private float beta2;
    private float oneMinusBeta2;
    private float stepSize;
    private float sqrtBiasCorr2;
    private float eps;
    private float l2;
    private float decay;
    private float[] before;

    /** Runs the step in {@code parts} slices (arguments already validated). */
    static void run(VectorKernels kernels, int parts, float[] p, float[] g, float[] m, float[] v, int off, int n,
                    float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize,
                    float sqrtBiasCorr2, float eps, float l2, float decay, float[] before) {
        AdamJob j = JOBS.get();
        j.kernels = kernels;
        j.parts = parts;
        j.p = p;
        j.g = g;
        j.m = m;
        j.v = v;
        j.off = off;
        j.n = n;
        j.beta1 = beta1;
        j.oneMinusBeta1 = oneMinusBeta1;
        j.beta2 = beta2;
        j.oneMinusBeta2 = oneMinusBeta2;
        j.stepSize = stepSize;
        j.sqrtBiasCorr2 = sqrtBiasCorr2;
        j.eps = eps;
        j.l2 = l2;
        j.decay = decay;
        j.before = before;
        try {
            Parallel.run(parts, j);
        } finally {
            j.kernels = null;
            j.p = j.g = j.m = j.v = j.before = null;
        }
    }

    /** First index of a slice: an even split, rounded down to 64 elements so that slices start on cache lines. */
    private int start(int part) {
        return part == parts ? n : (int) ((long) n * part / parts) & ~63;
    }

    @Override
    public void run(int part) {
        int from = start(part);
        int to = start(part + 1);
        kernels.adamRange(p, g, m, v, off + from, to - from, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize,
                sqrtBiasCorr2, eps, l2, decay, before);
    }
}

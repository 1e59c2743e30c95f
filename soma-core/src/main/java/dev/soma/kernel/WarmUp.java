package dev.soma.kernel;

/**
 * Gets the SIMD kernels compiled by C2 early. Until C2 compiles a method, its Vector API code runs in C1 code
 * where every vector operation allocates: hundreds of times slower (a 128×256×784 product takes about a second
 * instead of 0.2 ms), and on a busy machine the compiler may need seconds to get there. So, once per JVM, a daemon
 * thread at the lowest priority calls every vector kernel on tiny operands, round after round, until the rounds run
 * at compiled speed. Until then ({@link #finished()}), the provider's kernels compute through their scalar twin
 * ({@link VectorTwin}, the same bits), so nothing waits for the compiler. {@code -Dsoma.warmup=false} turns both off:
 * the vector code then runs from the first call, compiled or not.
 */
final class WarmUp {
    /**
     * A round (the GEMM kernels four times, every other kernel once, on operands of 100 floats) takes 25–40 µs once
     * C2 has compiled them all (median ~35 µs on JDK 17 and 25 since the round grew with the kernels; it was 10–20
     * µs), and from ~300 µs to milliseconds while a kernel still runs in the interpreter or C1. With the limit at
     * 40 µs a run whose compiled rounds hovered around it never counted 24 fast ones: the warm-up went on for its
     * 20,000 rounds and training stayed on the scalar twin (784-2048-10 on JDK 17: 25 s per epoch instead of 2–3).
     */
    static final long FAST_NANOS = 60_000;
    /** Finished when {@link #FAST_IN_WINDOW} of the last {@link #WINDOW} rounds were fast (a preempted round is not). */
    static final int WINDOW = 32;
    static final int FAST_IN_WINDOW = 24;
    /** Finished anyway after this many rounds (a JVM that never compiles them, e.g. -Xint). */
    static final int MAX_ROUNDS = 20_000;
    /**
     * Rounds of the scalar twin first (~10 ms): the first training step, which runs on the twin, then finds its code
     * compiled (first B1 batch 0.66 → 0.59 and 0.71 → 0.56 s in two sets of 9 alternating runs; the end of epoch 1
     * moved by +0.10 and −0.12 s, i.e. not at all within the noise).
     */
    static final int TWIN_ROUNDS = 30;

    /** Depth of the micro-kernel calls: enough for C2 to see a loop worth compiling as in real products. */
    private static final int KC = 48;
    private static final byte[] PIXELS = new byte[100];

    private static boolean started;
    private static volatile boolean finished;

    private final Kernels k;
    private final float[] a;
    private final float[] b;
    private final float[] c = new float[4 * VectorGemm.NR * 4];
    private final float[] tile = new float[VectorGemm.MR * VectorGemm.NR];
    private final float[] packed = new float[VectorGemm.NR * KC];
    private final float[] x = new float[100];
    private final float[] y = new float[100];
    private final float[] m = new float[100];
    private final float[] v = new float[100];
    private final int[] pooled = new int[25];
    private final Activation relu = Activation.relu();
    private final Activation leaky = Activation.leakyRelu();

    private WarmUp(Kernels k) {
        this.k = k;
        a = new float[2 * VectorGemm.NR * KC + 64];
        b = new float[2 * VectorGemm.NR * KC + 64];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) * 0.125f - 0.375f;
            b[i] = (i % 5) * 0.25f - 0.5f;
        }
    }

    /** Whether the warm-up has run (or is off): from then on the vector code runs, compiled. */
    static boolean finished() {
        return finished;
    }

    /** Starts the warm-up once per JVM (on a vector instance of its own: the provider's would run the twin). */
    static synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        if (!Boolean.parseBoolean(System.getProperty("soma.warmup", "true"))) {
            finished = true;
            return;
        }
        Thread t = new Thread(() -> {
            try {
                runTwin(TWIN_ROUNDS);
                run(new VectorKernels());
            } finally {
                finished = true;
            }
        }, "soma-kernel-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Runs rounds until they are fast; returns how many ran. */
    static int run(Kernels k) {
        WarmUp w = new WarmUp(k);
        boolean[] recent = new boolean[WINDOW];
        int fast = 0;
        int round = 0;
        while (round < MAX_ROUNDS && fast < FAST_IN_WINDOW) {
            long t0 = System.nanoTime();
            w.round();
            boolean isFast = System.nanoTime() - t0 < FAST_NANOS;
            int slot = round % WINDOW;
            fast += (isFast ? 1 : 0) - (recent[slot] ? 1 : 0);
            recent[slot] = isFast;
            round++;
        }
        return round;
    }

    /**
     * Runs the twin's code paths (through a twin-only instance): packed products of each layout, the small-product
     * paths, and every elementwise kernel.
     */
    static void runTwin(int rounds) {
        WarmUp w = new WarmUp(VectorKernels.twinOnly());
        float[] x = new float[64 * 300];
        float[] y = new float[300 * 64];
        float[] z = new float[64 * 64];
        for (int i = 0; i < rounds; i++) {
            w.k.gemm(false, true, 64, 64, 300, 1f, x, 0, 300, y, 0, 300, 0f, z, 0, 64);
            w.k.gemm(true, false, 64, 64, 300, 1f, x, 0, 64, y, 0, 64, 0f, z, 0, 64);
            w.k.gemm(false, false, 64, 64, 300, 1f, x, 0, 300, y, 0, 64, 0f, z, 0, 64);
            w.k.gemm(false, true, 16, 10, 64, 1f, x, 0, 64, y, 0, 64, 0f, z, 0, 10);
            w.k.gemm(true, false, 16, 64, 10, 1f, x, 0, 16, y, 0, 64, 0f, z, 0, 64);
            w.elementwise();
        }
    }

    /** Calls every vector code path once (packed, unpacked and edge tiles, dot and row kernels, elementwise). */
    private void round() {
        int nr = VectorGemm.NR;
        for (int it = 0; it < 4; it++) {
            MicroKernel.full(KC, a, 0, b, 0, c, 0, nr);
            MicroKernel.fullUnpackedA(KC, a, 0, KC, b, 0, c, 0, nr);
            MicroKernel.toTile(KC, a, 0, b, 0, tile);
            MicroKernel.storeTile(tile, c, 0, nr);
            VectorGemm.macro(VectorGemm.MR, nr, KC, a, 0, b, 0, c, 0, nr, tile, true);  // both ways, so that C2
            VectorGemm.macro(VectorGemm.MR, nr, KC, a, 0, b, 0, c, 0, nr, tile, false); // compiles both
            MicroKernel.toTileHalf(KC, a, 0, b, 0, tile);
            GemmPacking.packB(true, b, 0, KC, 0, KC, 0, nr, nr, packed, 0); // VectorTranspose's 16×16 blocks
            VectorNarrow.gemm(11, 5, 40, 1f, a, 0, 40, b, 0, 40, 0f, c, 0, 5);    // eight rows, one row, storing
            VectorNarrow.gemm(11, 5, 40, 1f, a, 0, 40, b, 0, 40, 1f, c, 0, 5);    // and adding
            VectorNarrow.gemm(8, VectorGemm.V, 40, 1f, a, 0, 40, b, 0, 40, 0f, c, 0, VectorGemm.V);  // whole vectors
            VectorGemv.gemm(false, true, 1, 5, 40, 1f, a, 0, 40, b, 0, 40, 0f, c, 0, 5);
            VectorGemv.gemm(false, true, 2, 5, 40, 1f, a, 0, 40, b, 0, 40, 0f, c, 0, 5);
            VectorGemv.gemm(false, false, 1, 13 * VectorGemm.V + 1, 8, 1f, a, 0, 8, b, 0, 13 * VectorGemm.V + 1,
                    0f, c, 0, 13 * VectorGemm.V + 1);  // row8, row4, row1 and the scalar tail, storing
            VectorGemv.gemm(false, false, 1, 13 * VectorGemm.V + 1, 8, 1f, a, 0, 8, b, 0, 13 * VectorGemm.V + 1,
                    1f, c, 0, 13 * VectorGemm.V + 1);  // and adding
        }
        elementwise();
    }

    /** Every kernel other than gemm once, through {@link #k}. */
    private void elementwise() {
        k.add(x, 0, y, 0, m, 0, 100);
        k.sub(x, 0, y, 0, m, 0, 100);
        k.mul(x, 0, y, 0, m, 0, 100);
        k.div(x, 0, v, 0, m, 0, 100);
        k.scale(0.5f, x, 0, m, 0, 100);
        k.sum(x, 0, 100);
        k.dot(x, 0, y, 0, 100);
        k.addRowVector(x, 0, 4, 25, y, 0, m, 0);
        k.activation(leaky, x, 0, m, 0, 100);
        k.activationBackward(leaky, x, 0, y, 0, m, 0, v, 0, 100);
        k.softmaxRows(x, 0, 5, 20, m, 0);
        k.logSoftmaxRows(x, 0, 5, 20, m, 0);
        k.softmaxRows(x, 0, 10, 10, m, 0);     // rows narrower than a vector (10 classes) too
        k.logSoftmaxRows(x, 0, 10, 10, m, 0);
        k.axpy(0.5f, x, 0, y, 0, 100);
        k.activation(relu, x, 0, y, 0, 100);
        k.activationBackward(relu, x, 0, y, 0, m, 0, v, 0, 100);
        k.columnSums(x, 0, 4, 25, y, 0, false);
        k.adamStep(x, y, m, v, 0, 100, 0.9f, 0.1f, 0.999f, 0.001f, 1e-2f, 0.03f, 1e-8f, 0f, 1f, null);
        k.adamStep(x, y, m, v, 0, 100, 0.9f, 0.1f, 0.999f, 0.001f, 1e-2f, 0.03f, 1e-8f, 0f, 1f, c);  // with the copy too
        k.unsignedBytesToFloat(PIXELS, 0, m, 0, 100, 255f);
        k.maxPool2x2(x, 0, 10, 10, y, pooled, 0, 100, 25);
        k.maxPool2x2(x, 0, 10, 10, y, null, 0, 100, 25);
        java.util.Arrays.fill(x, 0.5f);
        java.util.Arrays.fill(v, 1f);
    }
}

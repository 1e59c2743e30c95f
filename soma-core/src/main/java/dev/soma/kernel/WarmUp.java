package dev.soma.kernel;

/**
 * Gets the SIMD kernels compiled by C2 early. Until C2 compiles a method, its Vector API code runs in C1 code
 * where every vector operation allocates: hundreds of times slower (a 128×256×784 product takes about a second
 * instead of 0.5 ms), and on a busy machine the compiler may need seconds to get there. So, once per JVM, a daemon
 * thread runs every vector kernel on tiny operands a few thousand times (about 0.2 s of CPU), while the
 * application is still loading its data. {@code -Dsoma.warmup=false} turns it off.
 */
final class WarmUp {
    private static final byte[] PIXELS = new byte[100];

    private static boolean started;

    private WarmUp() {
    }

    static synchronized void start(Kernels k) {
        if (started || !Boolean.parseBoolean(System.getProperty("soma.warmup", "true"))) {
            return;
        }
        started = true;
        Thread t = new Thread(() -> run(k), "soma-kernel-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Calls every vector code path (packed tiles and edge tiles, dot and row kernels, elementwise). */
    static void run(Kernels k) {
        int nr = VectorGemm.NR;
        int kc = 48;
        float[] a = new float[2 * nr * kc + 64];
        float[] b = new float[2 * nr * kc + 64];
        float[] c = new float[4 * nr * 4];
        float[] tile = new float[VectorGemm.MR * nr];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) * 0.125f - 0.375f;
            b[i] = (i % 5) * 0.25f - 0.5f;
        }
        float[] x = new float[100];
        float[] y = new float[100];
        float[] m = new float[100];
        float[] v = new float[100];
        Activation relu = Activation.relu();
        Activation leaky = Activation.leakyRelu();
        for (int it = 0; it < 6000; it++) {
            MicroKernel.full(kc, a, 0, b, 0, c, 0, nr);
            MicroKernel.toTile(kc, a, 0, b, 0, tile);
            VectorGemv.gemm(false, true, 1, 5, 40, 1f, a, 0, 40, b, 0, 40, 0f, c, 0, 5);
            VectorGemv.gemm(false, true, 2, 5, 40, 1f, a, 0, 40, b, 0, 40, 0f, c, 0, 5);
            VectorGemv.gemm(false, false, 1, 5 * VectorGemm.V + 1, 8, 1f, a, 0, 8, b, 0, 5 * VectorGemm.V + 1,
                    0f, c, 0, 5 * VectorGemm.V + 1);
            if (it % 4 == 0) {
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
                k.adamStep(x, y, m, v, 0, 100, 0.9f, 0.1f, 0.999f, 0.001f, 1e-2f, 0.03f, 1e-8f, 0f, 1f);
                k.unsignedBytesToFloat(PIXELS, 0, m, 0, 100, 255f);
                java.util.Arrays.fill(x, 0.5f);
                java.util.Arrays.fill(v, 1f);
            }
        }
    }
}

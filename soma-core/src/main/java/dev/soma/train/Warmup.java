package dev.soma.train;

import dev.soma.kernel.Activation;
import dev.soma.kernel.KernelProvider;
import dev.soma.kernel.Kernels;

/**
 * Gets the kernels compiled before the first training batch needs them. The SIMD kernels run on the JDK Vector API,
 * which is only fast once C2 has compiled them: interpreted, a single 128×784×256 product takes seconds, so a
 * cold first batch of the standard benchmark costs about 4 s. {@link #start()} runs the training kernels (matrix
 * products in every transpose combination, bias, activations and their derivatives, log-softmax, column sums) on
 * small throwaway arrays in a background daemon thread, typically while the data is being decoded, so the JIT
 * compiles them off the critical path. It touches no model and no shared state, and stops by itself after a bounded
 * amount of work (about a second of one core once compiled); calling it again does nothing.
 */
public final class Warmup {
    private static final int ROUNDS = Integer.getInteger("soma.warmup.rounds", 4000);
    private static Thread thread;

    private Warmup() {
    }

    /** Starts the background warm-up once per JVM (disabled with -Dsoma.warmup.rounds=0). */
    public static synchronized void start() {
        if (thread != null || ROUNDS <= 0) {
            return;
        }
        thread = new Thread(Warmup::run, "soma-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Waits for a started warm-up to finish (tests and measurements); returns at once if none was started. */
    public static void await() throws InterruptedException {
        Thread t;
        synchronized (Warmup.class) {
            t = thread;
        }
        if (t != null) {
            t.join();
        }
    }

    /** The warm-up itself: {@code rounds} passes over the kernels a training step uses. */
    static void run() {
        run(ROUNDS);
    }

    static void run(int rounds) {
        Kernels k = KernelProvider.get();
        int m = 24;
        int n = 40;
        int d = 72; // above two vector lengths, with remainders, so the main loops and the tails both get compiled
        float[] a = fill(m * d, 0.01f);
        float[] b = fill(d * n, -0.02f);
        float[] c = new float[Math.max(m, d) * Math.max(n, d)];
        float[] bias = fill(n, 0.1f);
        float[] z = new float[m * n];
        float[] y = new float[m * n];
        float[] g = fill(m * n, 0.03f);
        float[] sums = new float[n];
        Activation relu = Activation.relu();
        for (int r = 0; r < rounds; r++) {
            k.gemm(false, true, m, n, d, 1f, a, 0, d, b, 0, d, 0f, c, 0, n);     // forward x·Wᵀ
            k.gemm(false, false, m, d, n, 1f, g, 0, n, b, 0, d, 0f, c, 0, d);    // dX = dZ·W
            k.gemm(true, false, n, d, m, 1f, g, 0, n, a, 0, d, 0f, c, 0, d);     // dW = dZᵀ·X
            k.gemm(false, false, m, n, d, 1f, a, 0, d, b, 0, n, 0f, c, 0, n);
            k.addRowVector(c, 0, m, n, bias, 0, z, 0);
            k.activation(relu, z, 0, y, 0, m * n);
            k.activationBackward(relu, z, 0, y, 0, g, 0, z, 0, m * n);
            k.columnSums(z, 0, m, n, sums, 0, false);
            k.logSoftmaxRows(y, 0, m, n, z, 0);
            k.exp(z, 0, y, 0, m * n);
            k.scale(0.5f, y, 0, y, 0, m * n);
            k.mul(y, 0, g, 0, z, 0, m * n);
        }
    }

    private static float[] fill(int n, float step) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i % 17 - 8) * step;
        }
        return x;
    }
}

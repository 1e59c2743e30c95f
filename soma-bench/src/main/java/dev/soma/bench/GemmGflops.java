package dev.soma.bench;

import dev.soma.kernel.KernelProvider;
import dev.soma.kernel.Kernels;
import dev.soma.kernel.Parallel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A quick side-by-side GEMM measurement with the same shapes, layouts and output format as
 * {@code scripts/bench_gemm.py} (numpy), so that both can be run alternately in one session on a noisy machine.
 * JMH ({@link GemmBenchmark}) is the careful tool; this one prints one line per shape in seconds.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp soma-bench/target/benchmarks.jar
 * dev.soma.bench.GemmGflops simd|scalar|native [seconds-per-shape] [shape …]}; shapes as in {@link GemmBenchmark}
 * ("128x256x784-nt"). Each shape is warmed up for 4 s (C2 must have compiled the vector kernels; a busy machine delays that), then timed in batches of about 2 ms for the given wall-clock time;
 * the line gives the median and the best batch in GFLOPS (2·M·N·K per product). "native" is the OpenBLAS provider
 * (JDK 22+, add {@code --enable-native-access=ALL-UNNAMED}).
 */
public final class GemmGflops {
    /** The shapes of the issue, as M x N x K and layout. */
    public static final String[] SHAPES = {"1024x1024x1024-nn", "128x256x784-nt", "256x784x128-tn", "128x784x256-nn",
        "128x128x256-nt", "128x10x128-nt", "1x256x784-nt"};

    /** Warm-up per shape: {@code -Dsoma.bench.warmSeconds} (default 4). */
    private static final long WARM_NANOS =
            (long) (Double.parseDouble(System.getProperty("soma.bench.warmSeconds", "4")) * 1e9);

    /**
     * {@code -Dsoma.bench.cpuTime=true}: rate per CPU second of the calling thread instead of per wall-clock second
     * (meaningful with one thread only; on a shared machine it leaves out the time the thread waited for a core).
     */
    private static final boolean CPU_TIME = Boolean.getBoolean("soma.bench.cpuTime");
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private GemmGflops() {
    }

    public static void main(String[] args) {
        String provider = args.length > 0 ? args[0] : "simd";
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        String[] shapes = args.length > 2 ? java.util.Arrays.copyOfRange(args, 2, args.length) : SHAPES;
        Kernels kernels;
        if (provider.equals("native")) {
            kernels = KernelProvider.nativeOrNull();
            if (kernels == null) {
                throw new IllegalStateException("native kernels unavailable: " + KernelProvider.nativeUnavailableReason());
            }
        } else {
            kernels = provider.equals("scalar") ? KernelProvider.scalar() : KernelProvider.simdOrNull();
            if (kernels == null) {
                throw new IllegalStateException("SIMD kernels unavailable: " + KernelProvider.simdUnavailableReason());
            }
        }
        String oob = System.getProperty("jdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK", "1");
        System.out.printf(Locale.ROOT, "# soma %s, java %s, threads %d, OOB check %s%n", kernels.name(),
                System.getProperty("java.version"), Parallel.threads(), oob);
        for (String shape : shapes) {
            double[] r = measure(kernels, shape, provider.equals("scalar") ? Math.max(seconds, 3) : seconds);
            System.out.printf(Locale.ROOT, "%-20s median %7.1f GFLOPS  best %7.1f GFLOPS%n", shape, r[0], r[1]);
        }
    }

    /** {median, best} GFLOPS. */
    static double[] measure(Kernels kernels, String shape, double seconds) {
        String[] parts = shape.split("-");
        String[] dims = parts[0].split("x");
        int m = Integer.parseInt(dims[0]);
        int n = Integer.parseInt(dims[1]);
        int k = Integer.parseInt(dims[2]);
        boolean ta = parts[1].charAt(0) == 't';
        boolean tb = parts[1].charAt(1) == 't';
        SplittableRandom rnd = new SplittableRandom(42);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextDouble() - 0.5);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (rnd.nextDouble() - 0.5);
        }
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        double flop = 2.0 * m * n * k;
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < WARM_NANOS) {
            kernels.gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        }
        List<Double> rates = new ArrayList<>();
        long start = System.nanoTime();
        while (System.nanoTime() - start < seconds * 1e9) {
            long t0 = System.nanoTime();
            long cpu0 = CPU_TIME ? THREADS.getCurrentThreadCpuTime() : 0;
            int calls = 0;
            long t;
            do {
                kernels.gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                calls++;
                t = System.nanoTime();
            } while (t - t0 < 2_000_000L);
            long spent = CPU_TIME ? THREADS.getCurrentThreadCpuTime() - cpu0 : t - t0;
            rates.add(flop * calls / spent);
        }
        Collections.sort(rates);
        return new double[] {rates.get(rates.size() / 2), rates.get(rates.size() - 1)};
    }
}

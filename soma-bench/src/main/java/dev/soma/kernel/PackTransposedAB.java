package dev.soma.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Packing a transposed A (the weight gradient's dYᵀ) with vectors against the plain loops, in one JVM, alternating
 * in 2 ms batches (CPU time of the thread): a 128-row block of op(A) with K = kc read from a stored [K, lda] matrix.
 * Prints ns per packed value for each and the median of the per-round ratios.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp soma-bench/target/benchmarks.jar
 * dev.soma.kernel.PackTransposedAB [seconds] [lda:kc …]} (default 256:128 784:256).
 */
public final class PackTransposedAB {
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static final int MC = 128;

    private PackTransposedAB() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 6;
        String[] cases = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"256:128", "784:256"};
        System.out.printf(Locale.ROOT, "# java %s, MR %d, %d rows per block%n", System.getProperty("java.version"),
                VectorGemm.MR, MC);
        for (String c : cases) {
            int lda = Integer.parseInt(c.split(":")[0]);
            int kc = Integer.parseInt(c.split(":")[1]);
            float[] a = new float[kc * lda];
            for (int i = 0; i < a.length; i++) {
                a[i] = i * 0.001f;
            }
            float[] dst = new float[MC * kc];
            List<Double> vec = new ArrayList<>();
            List<Double> sca = new ArrayList<>();
            List<Double> ratio = new ArrayList<>();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            int round = 0;
            while (System.nanoTime() < end) {
                double v = batch(true, a, lda, kc, dst);
                double s = batch(false, a, lda, kc, dst);
                if (round++ >= 300) {
                    vec.add(v);
                    sca.add(s);
                    ratio.add(v / s);
                }
            }
            Collections.sort(vec);
            Collections.sort(sca);
            Collections.sort(ratio);
            System.out.printf(Locale.ROOT, "lda %d kc %d: vector %.3f ns/value, plain loops %.3f ns/value, "
                    + "vector/plain per round median %.3f (quartiles %.3f-%.3f), %d rounds%n", lda, kc,
                    vec.get(vec.size() / 2), sca.get(sca.size() / 2), ratio.get(ratio.size() / 2),
                    ratio.get(ratio.size() / 4), ratio.get(3 * ratio.size() / 4), ratio.size());
        }
    }

    /** ns of CPU time per packed value. */
    private static double batch(boolean vector, float[] a, int lda, int kc, float[] dst) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long calls = 0;
        do {
            if (vector) {
                GemmPacking.packATransposed(a, 0, lda, 0, MC, 0, kc, 1f, VectorGemm.MR, dst, 0);
            } else {
                GemmPacking.packATransposedScalar(a, 0, lda, 0, MC, 0, kc, 1f, VectorGemm.MR, dst, 0);
            }
            calls++;
        } while (System.nanoTime() - t0 < 2_000_000L);
        return (double) (THREADS.getCurrentThreadCpuTime() - cpu0) / (calls * MC * kc);
    }
}

package dev.soma.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The 4-row and the 8-row GEMM micro-kernels side by side in one JVM, alternating in 2 ms batches, so that a shared,
 * loaded machine slows both alike: one MC×KC block of packed A (128×256) times NC/NR packed panels of B (256 columns),
 * as {@code VectorGemm.macro} runs them, C 128×256 (everything in L2). Prints the median and best GFLOPS of each
 * (per CPU second of the calling thread) and the median of the per-round ratios.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp soma-bench/target/benchmarks.jar
 * dev.soma.kernel.MicroKernelAB [seconds]}
 */
public final class MicroKernelAB {
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static final int MC = 128;
    private static final int KC = 256;
    private static final int NC = 256;

    private MicroKernelAB() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int nr = VectorGemm.NR;
        float[] ap = new float[MC * KC];
        float[] bp = new float[KC * NC];
        float[] c = new float[MC * NC];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int i = 0; i < ap.length; i++) {
            ap[i] = (float) (rnd.nextDouble() - 0.5);
        }
        for (int i = 0; i < bp.length; i++) {
            bp[i] = (float) (rnd.nextDouble() - 0.5);
        }
        double flop = 2.0 * MC * NC * KC;
        List<Double> r4 = new ArrayList<>();
        List<Double> r8 = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int round = 0;
        while (System.nanoTime() < end) {
            double g4 = batch(4, ap, bp, c, nr, flop);
            double g8 = batch(8, ap, bp, c, nr, flop);
            if (round++ >= 500) {   // the first rounds are the compiler's
                r4.add(g4);
                r8.add(g8);
                ratio.add(g8 / g4);
            }
        }
        Collections.sort(r4);
        Collections.sort(r8);
        Collections.sort(ratio);
        System.out.printf(Locale.ROOT, "# java %s, %d rounds after 500 warm-up rounds, kc %d, NR %d%n",
                System.getProperty("java.version"), r4.size(), KC, nr);
        System.out.printf(Locale.ROOT, "4x2 vectors: median %6.1f GFLOPS  best %6.1f%n", r4.get(r4.size() / 2),
                r4.get(r4.size() - 1));
        System.out.printf(Locale.ROOT, "8x2 vectors: median %6.1f GFLOPS  best %6.1f%n", r8.get(r8.size() / 2),
                r8.get(r8.size() - 1));
        System.out.printf(Locale.ROOT, "8x2 / 4x2 per round: median %.3f (quartiles %.3f-%.3f)%n",
                ratio.get(ratio.size() / 2), ratio.get(ratio.size() / 4), ratio.get(3 * ratio.size() / 4));
    }

    private static double batch(int mr, float[] ap, float[] bp, float[] c, int nr, double flop) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        int calls = 0;
        do {
            block(mr, ap, bp, c, nr);
            calls++;
        } while (System.nanoTime() - t0 < 2_000_000L);
        return flop * calls / (THREADS.getCurrentThreadCpuTime() - cpu0);
    }

    private static void block(int mr, float[] ap, float[] bp, float[] c, int nr) {
        for (int jr = 0; jr < NC; jr += nr) {
            int bo = jr * KC;
            for (int ir = 0; ir < MC; ir += mr) {
                if (mr == 8) {
                    MicroKernel8.full(KC, ap, ir * KC, bp, bo, c, ir * NC + jr, NC);
                } else {
                    MicroKernel.full4(KC, ap, ir * KC, bp, bo, c, ir * NC + jr, NC);
                }
            }
        }
    }
}

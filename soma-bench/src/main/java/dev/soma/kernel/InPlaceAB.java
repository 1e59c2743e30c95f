package dev.soma.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One MC×KC block of a row-major A read in place ({@code VectorGemm.macroUnpackedA}) against packing it first
 * ({@code GemmPacking.packA} + {@code VectorGemm.macro}), times a packed KC×nc block of B, in one JVM, alternating
 * in 2 ms batches (CPU time of the thread; the first 40 % of the time is warm-up), for several leading dimensions of A. Prints GFLOPS of each (packing
 * included) and the median of the per-round ratios.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp soma-bench/target/benchmarks.jar
 * dev.soma.kernel.InPlaceAB [seconds] [lda:nc …]} (default 2048:1024 784:1024 256:256).
 */
public final class InPlaceAB {
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private InPlaceAB() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 6;
        String[] cases = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"2048:1024", "784:1024", "256:256"};
        int mc = VectorGemm.MC;
        int kc = 256;
        System.out.printf(Locale.ROOT, "# java %s, MR %d, mc %d, kc %d%n", System.getProperty("java.version"),
                VectorGemm.MR, mc, kc);
        for (String cs : cases) {
            int lda = Integer.parseInt(cs.split(":")[0]);
            int nc = Integer.parseInt(cs.split(":")[1]);
            float[] a = new float[mc * lda];
            float[] bp = new float[kc * ((nc + VectorGemm.NR - 1) / VectorGemm.NR * VectorGemm.NR)];
            float[] c = new float[mc * nc];
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (rnd.nextDouble() - 0.5);
            }
            for (int i = 0; i < bp.length; i++) {
                bp[i] = (float) (rnd.nextDouble() - 0.5);
            }
            VectorGemm.Workspace w = VectorGemm.workspace();
            double flop = 2.0 * mc * nc * kc;
            List<Double> in = new ArrayList<>();
            List<Double> packed = new ArrayList<>();
            List<Double> ratio = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long warm = start + (long) (seconds * 0.4e9);   // the first 40 % are the compiler's
            while (System.nanoTime() < end) {
                double g1 = batch(true, a, lda, bp, c, nc, kc, mc, w, flop);
                double g2 = batch(false, a, lda, bp, c, nc, kc, mc, w, flop);
                if (System.nanoTime() > warm) {
                    in.add(g1);
                    packed.add(g2);
                    ratio.add(g1 / g2);
                }
            }
            Collections.sort(in);
            Collections.sort(packed);
            Collections.sort(ratio);
            System.out.printf(Locale.ROOT, "lda %d nc %d: in place %.1f GFLOPS, packed %.1f GFLOPS, in place / packed "
                    + "per round median %.3f (quartiles %.3f-%.3f), %d rounds%n", lda, nc, in.get(in.size() / 2),
                    packed.get(packed.size() / 2), ratio.get(ratio.size() / 2), ratio.get(ratio.size() / 4),
                    ratio.get(3 * ratio.size() / 4), ratio.size());
        }
    }

    private static double batch(boolean inPlace, float[] a, int lda, float[] bp, float[] c, int nc, int kc, int mc,
                                VectorGemm.Workspace w, double flop) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        int calls = 0;
        do {
            if (inPlace) {
                VectorGemm.macroUnpackedA(mc, nc, kc, a, 0, lda, bp, 0, c, 0, nc, w.tile, w.a);
            } else {
                GemmPacking.packA(false, a, 0, lda, 0, mc, 0, kc, 1f, VectorGemm.MR, w.a, 0);
                VectorGemm.macro(mc, nc, kc, w.a, 0, bp, 0, c, 0, nc, w.tile, true);
            }
            calls++;
        } while (System.nanoTime() - t0 < 2_000_000L);
        return flop * calls / (THREADS.getCurrentThreadCpuTime() - cpu0);
    }
}

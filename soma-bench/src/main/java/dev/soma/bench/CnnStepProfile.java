package dev.soma.bench;

import dev.soma.nn.Sequential;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a training step of benchmark C1 (shared/bench/pytorch_cnn.py's small CNN) spends its time: every layer's
 * compiled training stage timed on its own, forward and backward apart, on random inputs of the layer's shape in C1.
 * The first layer is compiled without an input gradient, as in the network.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp soma-bench/target/benchmarks.jar
 * dev.soma.bench.CnnStepProfile [seconds per layer] [batch]} (defaults 3 and 128). Each layer is warmed up for
 * 2 s (after a first round over all layers); the lines give the median and best forward and backward in ms, and the median's share of the step.
 */
public final class CnnStepProfile {
    static final String[] LAYERS = {
        "conv:1:32:3:pad=1@1x28x28", "relu@32x28x28", "maxpool:2@32x28x28",
        "conv:32:64:3:pad=1@32x14x14", "relu@64x14x14", "maxpool:2@64x14x14",
        "linear:3136:128@3136", "relu@128", "linear:128:10@128"};

    private CnnStepProfile() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        String[] cases = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length) : LAYERS;
        System.out.printf(Locale.ROOT, "# java %s, batch %d, C1 training stages (ms)%n",
                System.getProperty("java.version"), batch);
        double[][] r = new double[cases.length][];
        double total = 0;
        // two rounds, the first one only to have every kernel compiled (on a busy machine C2 may take seconds)
        for (int round = 0; round < 2; round++) {
            total = 0;
            for (int i = 0; i < cases.length; i++) {
                String c = cases[i];
                int at = c.lastIndexOf('@');
                int[] shape = Arrays.stream(c.substring(at + 1).split("x")).mapToInt(Integer::parseInt).toArray();
                r[i] = LayerStageTimes.measure(Sequential.fromSpec(c.substring(0, at), null, 1, shape), shape, batch,
                        round == 0 ? 0.1 : seconds, i > 0);
                total += r[i][0] + r[i][2];
            }
        }
        for (int i = 0; i < cases.length; i++) {
            System.out.printf(Locale.ROOT, "%-32s forward %8.3f (best %8.3f)  backward %8.3f (best %8.3f)  %5.1f %%%n",
                    cases[i], r[i][0], r[i][1], r[i][2], r[i][3], 100 * (r[i][0] + r[i][2]) / total);
        }
        System.out.printf(Locale.ROOT, "%-32s %8.3f ms per step of medians%n", "total", total);
    }
}

package dev.soma.bench;

import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import dev.soma.nn.Stage;
import dev.soma.nn.StageSpec;
import dev.soma.tensor.Shapes;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

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
                r[i] = measure(Sequential.fromSpec(c.substring(0, at), null, 1, shape), shape, batch,
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

    /** {forward median, forward best, backward median, backward best} in ms. */
    static double[] measure(Module m, int[] shape, int batch, double seconds, boolean inputGrad) {
        Stage s = m.compile(StageSpec.training(shape, batch, inputGrad));
        int in = Shapes.numel(shape);
        int out = Shapes.numel(m.outputShape(shape));
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[batch * in];
        float[] g = new float[batch * out];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) rng.nextGaussian();
        }
        long warm = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < warm) {
            s.forward(x, batch);
            s.backward(x, g, batch);
        }
        double[] f = new double[1 << 16];
        double[] b = new double[1 << 16];
        int n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end && n < f.length) {
            long t0 = System.nanoTime();
            s.forward(x, batch);
            long t1 = System.nanoTime();
            s.backward(x, g, batch);
            long t2 = System.nanoTime();
            f[n] = (t1 - t0) / 1e6;
            b[n++] = (t2 - t1) / 1e6;
        }
        f = Arrays.copyOf(f, n);
        b = Arrays.copyOf(b, n);
        Arrays.sort(f);
        Arrays.sort(b);
        return new double[] {f[n / 2], f[0], b[n / 2], b[0]};
    }
}

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
 * Times one layer's compiled training stage (forward + backward with the input gradient) on a batch, to see what a
 * layer costs next to the others in the same session.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp soma-bench/target/benchmarks.jar
 * dev.soma.bench.LayerStageTimes [seconds] [batch] [spec@CxHxW …]}, e.g. {@code batchnorm2d:16@16x28x28}
 * {@code conv:16:16:3:pad=1@16x28x28}; without specs it runs the built-in list. Each layer is warmed up for 2 s,
 * then timed in single steps for the given wall-clock time; the line gives the median and the best step in ms.
 */
public final class LayerStageTimes {
    static final String[] DEFAULT = {
        "conv:16:16:3:pad=1@16x28x28", "batchnorm2d:16@16x28x28", "dropout2d:0.1@16x28x28", "relu@16x28x28",
        "linear:128:128@128", "batchnorm1d:128@128", "layernorm:128@128", "relu@128",
        "residual(linear:128:128,relu,linear:128:128)@128", "embedding:10:16@8"};

    private LayerStageTimes() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        String[] cases = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length) : DEFAULT;
        System.out.printf(Locale.ROOT, "# java %s, batch %d, training stage forward + backward%n",
                System.getProperty("java.version"), batch);
        for (String c : cases) {
            int at = c.lastIndexOf('@');
            int[] shape = Arrays.stream(c.substring(at + 1).split("x")).mapToInt(Integer::parseInt).toArray();
            double[] r = measure(Sequential.fromSpec(c.substring(0, at), null, 1, shape), shape, batch, seconds, true);
            System.out.printf(Locale.ROOT, "%-50s median %8.3f ms  best %8.3f ms%n", c, r[4], r[5]);
        }
    }

    /**
     * Milliseconds of single training steps of {@code m}'s stage (with the input gradient when {@code inputGrad}):
     * {forward median, forward best, backward median, backward best, step median, step best}.
     */
    static double[] measure(Module m, int[] shape, int batch, double seconds, boolean inputGrad) {
        Stage s = m.compile(StageSpec.training(shape, batch, inputGrad));
        int in = Shapes.numel(shape);
        int out = Shapes.numel(m.outputShape(shape));
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[batch * in];
        float[] g = new float[batch * out];
        boolean indices = m.spec().startsWith("embedding");
        for (int i = 0; i < x.length; i++) {
            x[i] = indices ? rng.nextInt(10) : (float) rng.nextGaussian();
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
        double[] t = new double[1 << 16];
        int n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end && n < f.length) {
            long t0 = System.nanoTime();
            s.forward(x, batch);
            long t1 = System.nanoTime();
            s.backward(x, g, batch);
            long t2 = System.nanoTime();
            f[n] = (t1 - t0) / 1e6;
            b[n] = (t2 - t1) / 1e6;
            t[n++] = (t2 - t0) / 1e6;
        }
        double[] r = new double[6];
        double[][] all = {f, b, t};
        for (int k = 0; k < 3; k++) {
            double[] v = Arrays.copyOf(all[k], n);
            Arrays.sort(v);
            r[2 * k] = v[n / 2];
            r[2 * k + 1] = v[0];
        }
        return r;
    }
}

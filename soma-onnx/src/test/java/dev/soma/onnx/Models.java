package dev.soma.onnx;

import dev.soma.nn.Sequential;
import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded models and inputs for the tests. */
final class Models {
    private Models() {
    }

    /**
     * The network of {@code spec} with every parameter and buffer drawn at random: weights uniform in ±1/√fan-in
     * (torch's default scale, so outputs stay of order 1 and float32 rounding is comparable between runtimes), vectors
     * (biases, batch-norm affine and running statistics) uniform in ±0.5, variances in [0.5, 1.5).
     */
    static Sequential random(String spec, int[] inputShape, long seed) {
        Sequential net = Sequential.fromSpec(spec, null, seed, inputShape);
        SplittableRandom rng = new SplittableRandom(seed);
        for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) {
            Tensor t = e.getValue();
            if (e.getKey().endsWith("num_batches_tracked")) {
                continue;
            }
            boolean positive = e.getKey().endsWith("running_var");
            int[] s = t.shape();
            double scale = s.length >= 2 ? 2 / Math.sqrt((double) t.numel() / s[0]) : 1;
            float[] v = new float[t.numel()];
            for (int i = 0; i < v.length; i++) {
                v[i] = positive ? (float) (0.5 + rng.nextDouble()) : (float) ((rng.nextDouble() - 0.5) * scale);
            }
            t.copyFrom(Tensor.of(v, t.shape()));
        }
        net.eval();
        return net;
    }

    /** {@code rows} examples of {@code shape} with values uniform in [-scale, scale]. */
    static float[] inputs(int rows, int[] shape, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[rows * Shapes.numel(shape)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((2 * rng.nextDouble() - 1) * scale);
        }
        return x;
    }

    static long[] batchShape(int rows, int[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = rows;
        for (int i = 0; i < shape.length; i++) {
            s[i + 1] = shape[i];
        }
        return s;
    }

    /** Soma's predictions for the flat batch {@code x}. */
    static float[] predict(dev.soma.nn.Module net, float[] x, int rows, int[] shape) {
        return net.predict(Tensor.of(x.clone(), dev.soma.nn.Module.prepend(rows, shape))).toFloatArray();
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}

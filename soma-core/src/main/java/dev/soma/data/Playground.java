package dev.soma.data;

import dev.soma.SomaException;
import dev.soma.tensor.Rng;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The 2-D classification sets of TensorFlow's "neural network playground", generated the way its dataset.ts does
 * (two classes; the playground's label +1 is class "1", −1 is class "0"; noise in [0, 0.5] as on its slider):
 * <ul>
 *   <li>circles: class 1 uniform in radius [0, 2.5], class 0 in radius [3.5, 5]; the label is that of the point
 *       moved by uniform(−5, 5)·noise per coordinate (noise flips labels near the boundary);</li>
 *   <li>xor: x, y uniform in ±[0.3, 5.3]; class 1 where x·y ≥ 0 after the same label noise;</li>
 *   <li>gaussians: class 1 around (2, 2), class 0 around (−2, −2), variance 0.5 + 7·noise (0.5..4 on [0, 0.5]);</li>
 *   <li>spiral: two interleaved arms r = 5i/n, θ = 3.5πi/n (+π for class 0), each coordinate + uniform(−1, 1)·noise.</li>
 * </ul>
 * And a synthetic house-price regression set (see {@link #houses}).
 */
public final class Playground {
    /** Names of the 2-D classification sets. */
    public static final List<String> NAMES = List.of("circles", "xor", "gaussians", "spiral");

    private Playground() {
    }

    /** Generates the named 2-D set of {@code n} points (classes "0" and "1"). */
    public static ArrayDataset generate(String name, int n, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        int half = n / 2;
        for (int i = 0; i < n; i++) {
            double px;
            double py;
            boolean positive;
            switch (name) {
                case "circles": {
                    boolean inside = i < half;
                    double r = inside ? uniform(rng, 0, 2.5) : uniform(rng, 3.5, 5);
                    double a = uniform(rng, 0, 2 * Math.PI);
                    px = r * Math.sin(a);
                    py = r * Math.cos(a);
                    double nx = px + uniform(rng, -5, 5) * noise;
                    double ny = py + uniform(rng, -5, 5) * noise;
                    positive = Math.hypot(nx, ny) < 2.5;
                    break;
                }
                case "xor": {
                    px = uniform(rng, -5, 5);
                    px += px > 0 ? 0.3 : -0.3;
                    py = uniform(rng, -5, 5);
                    py += py > 0 ? 0.3 : -0.3;
                    double nx = px + uniform(rng, -5, 5) * noise;
                    double ny = py + uniform(rng, -5, 5) * noise;
                    positive = nx * ny >= 0;
                    break;
                }
                case "gaussians": {
                    positive = i < half;
                    double sd = Math.sqrt(0.5 + 7 * Math.min(noise, 0.5));
                    double c = positive ? 2 : -2;
                    px = c + sd * Rng.gaussian(rng);
                    py = c + sd * Rng.gaussian(rng);
                    break;
                }
                case "spiral": {
                    positive = i < half;
                    int arm = positive ? half : n - half;
                    int k = positive ? i : i - half;
                    double r = (double) k / arm * 5;
                    double t = 1.75 * k / arm * 2 * Math.PI + (positive ? 0 : Math.PI);
                    px = r * Math.sin(t) + uniform(rng, -1, 1) * noise;
                    py = r * Math.cos(t) + uniform(rng, -1, 1) * noise;
                    break;
                }
                default:
                    throw new SomaException("unknown playground data set '" + name + "', expected one of " + NAMES);
            }
            x[2 * i] = (float) px;
            x[2 * i + 1] = (float) py;
            y[i] = positive ? 1 : 0;
        }
        return ArrayDataset.classification("builtin:" + name, x, 2, y, 2, List.of("0", "1"));
    }

    /**
     * Synthetic house prices: size uniform in [40, 250] m², rooms = clamp(round(size/35 + N(0, 0.8²)), 1, 8), price
     * in thousands = 50 + 2·size + 25·rooms + N(0, (200·noise)²). Features [size_m2, rooms], target [price_k].
     */
    public static ArrayDataset houses(int n, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double size = uniform(rng, 40, 250);
            long rooms = Math.max(1, Math.min(8, Math.round(size / 35 + 0.8 * Rng.gaussian(rng))));
            double price = 50 + 2 * size + 25 * rooms + 200 * noise * Rng.gaussian(rng);
            x[2 * i] = (float) size;
            x[2 * i + 1] = rooms;
            y[i] = (float) price;
        }
        return ArrayDataset.regression("builtin:houses", x, 2, y, 1);
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}

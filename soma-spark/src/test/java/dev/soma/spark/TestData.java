package dev.soma.spark;

import dev.soma.data.ArrayDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small deterministic data sets for the tests. */
public final class TestData {
    private TestData() {
    }

    /** {@code n} examples of {@code features} values in {@code classes} Gaussian blobs (centers ±2 per class). */
    public static ArrayDataset blobs(int n, int features, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] centers = new float[classes][features];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < features; j++) {
                centers[c][j] = rng.nextBoolean() ? 2f : -2f;
            }
        }
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(classes);
            y[i] = c;
            for (int j = 0; j < features; j++) {
                x[i * features + j] = centers[c][j] + (float) gaussian(rng);
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        return ArrayDataset.classification("blobs", x, features, y, classes, names);
    }

    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble(1e-12, 1.0);
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}

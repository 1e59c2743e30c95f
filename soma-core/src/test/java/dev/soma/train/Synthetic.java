package dev.soma.train;

import dev.soma.data.ArrayDataset;
import dev.soma.tensor.Rng;
import java.util.SplittableRandom;

/** Small seeded synthetic data sets for the training tests. */
final class Synthetic {
    private Synthetic() {
    }

    /** Two Gaussian blobs; label 1 when 1.5·x0 − x1 + 0.3 + noise > 0. */
    static ArrayDataset logistic(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) Rng.gaussian(r);
            x[2 * i + 1] = (float) Rng.gaussian(r);
            y[i] = 1.5 * x[2 * i] - x[2 * i + 1] + 0.3 + 0.1 * Rng.gaussian(r) > 0 ? 1 : 0;
        }
        return ArrayDataset.classification("logistic", x, 2, y, 2, null);
    }

    /** y = 3·x0 − 2·x1 + 0.5 + N(0, 0.01²). */
    static ArrayDataset linear(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) Rng.gaussian(r);
            x[2 * i + 1] = (float) Rng.gaussian(r);
            y[i] = (float) (3 * x[2 * i] - 2 * x[2 * i + 1] + 0.5 + 0.01 * Rng.gaussian(r));
        }
        return ArrayDataset.regression("linear", x, 2, y, 1);
    }

    /** Three classes in 4 dimensions: the class is the index of the largest of the first three coordinates. */
    static ArrayDataset threeClasses(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[4 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                x[4 * i + k] = (float) Rng.gaussian(r);
            }
            int best = 0;
            for (int k = 1; k < 3; k++) {
                if (x[4 * i + k] > x[4 * i + best]) {
                    best = k;
                }
            }
            y[i] = best;
        }
        return ArrayDataset.classification("three", x, 4, y, 3, java.util.List.of("a", "b", "c"));
    }
}

package dev.soma.web;

import dev.soma.data.ArrayDataset;
import dev.soma.data.Playground;
import dev.soma.tensor.Rng;
import java.util.SplittableRandom;

/**
 * The playground's data sets over the square [−6, 6]²: Soma's built-in {@code circles}, {@code xor}, {@code gaussians}
 * and {@code spiral} ({@link Playground}) for two classes; for 3 to 6 classes, {@code gaussians} puts one blob per
 * class on a circle of radius 3.5 and {@code spiral} winds one arm per class. The regression sets: {@code plane}
 * (target (x1 + x2)/10 in [−1.2, 1.2]) and {@code multigauss} (six signed bumps, target in [−1, 1]); their noise moves
 * each point by uniform(−6, 6)·noise per coordinate before the target is read. The points are shuffled from the seed,
 * then the first trainRatio % are the training part.
 */
final class DataSets {
    private static final double[][] BUMPS = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1},
            {4, -2.5, -1}};

    private DataSets() {
    }

    static Points generate(PlaygroundSettings s) {
        int n = s.points;
        double noise = s.noise / 100.0;
        int train = trainCount(n, s.trainRatio);
        switch (s.dataset) {
            case "plane":
            case "multigauss":
                return shuffleRegression(regression(s.dataset, n, noise, s.seed), s.seed, train);
            case "gaussians":
            case "spiral":
                if (s.classes > 2) {
                    return shuffle(multiClass(s.dataset, n, s.classes, noise, s.seed), s.classes, s.seed, train);
                }
                // fall through: the two-class sets of soma-core
            default:
                ArrayDataset d = Playground.generate(s.dataset, n, noise, s.seed);
                int[] all = new int[n];
                int[] y = new int[n];
                for (int i = 0; i < n; i++) {
                    all[i] = i;
                    y[i] = d.label(i);
                }
                float[] xy = new float[2 * n];
                d.inputs(all, 0, n, xy);
                return shuffle(new Object[] {xy, y}, 2, s.seed, train);
        }
    }

    static int trainCount(int n, int ratio) {
        return Math.max(1, Math.min(n - 1, (int) Math.round(n * ratio / 100.0)));
    }

    private static Object[] multiClass(String name, int n, int k, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] xy = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % k;
            int j = i / k;
            int perArm = (n + k - 1) / k;
            double px;
            double py;
            if (name.equals("gaussians")) {
                double a = 2 * Math.PI * c / k;
                double sd = Math.sqrt(0.3 + 3 * noise);
                px = 3.5 * Math.cos(a) + sd * Rng.gaussian(rng);
                py = 3.5 * Math.sin(a) + sd * Rng.gaussian(rng);
            } else {
                double r = 5.0 * j / perArm;
                double t = 1.75 * j / perArm * 2 * Math.PI + 2 * Math.PI * c / k;
                px = r * Math.sin(t) + (rng.nextDouble() * 2 - 1) * noise;
                py = r * Math.cos(t) + (rng.nextDouble() * 2 - 1) * noise;
            }
            xy[2 * i] = (float) px;
            xy[2 * i + 1] = (float) py;
            y[i] = c;
        }
        return new Object[] {xy, y};
    }

    private static Object[] regression(String name, int n, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] xy = new float[2 * n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            double x = rng.nextDouble() * 12 - 6;
            double y = rng.nextDouble() * 12 - 6;
            double nx = x + (rng.nextDouble() * 12 - 6) * noise;
            double ny = y + (rng.nextDouble() * 12 - 6) * noise;
            xy[2 * i] = (float) x;
            xy[2 * i + 1] = (float) y;
            t[i] = (float) (name.equals("plane") ? (nx + ny) / 10 : bumps(nx, ny));
        }
        return new Object[] {xy, t};
    }

    private static double bumps(double x, double y) {
        double v = 0;
        for (double[] b : BUMPS) {
            double d2 = (x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1]);
            v += b[2] * Math.exp(-d2 / 2.5);
        }
        return Math.max(-1, Math.min(1, v));
    }

    static int[] permutation(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static Points shuffle(Object[] xyAndLabels, int classes, long seed, int train) {
        float[] xy = (float[]) xyAndLabels[0];
        int[] y = (int[]) xyAndLabels[1];
        int n = y.length;
        int[] p = permutation(n, seed);
        float[] sx = new float[2 * n];
        int[] sy = new int[n];
        for (int i = 0; i < n; i++) {
            sx[2 * i] = xy[2 * p[i]];
            sx[2 * i + 1] = xy[2 * p[i] + 1];
            sy[i] = y[p[i]];
        }
        return Points.classification(sx, sy, classes, train);
    }

    private static Points shuffleRegression(Object[] xyAndTargets, long seed, int train) {
        float[] xy = (float[]) xyAndTargets[0];
        float[] t = (float[]) xyAndTargets[1];
        int n = t.length;
        int[] p = permutation(n, seed);
        float[] sx = new float[2 * n];
        float[] st = new float[n];
        for (int i = 0; i < n; i++) {
            sx[2 * i] = xy[2 * p[i]];
            sx[2 * i + 1] = xy[2 * p[i] + 1];
            st[i] = t[p[i]];
        }
        return Points.regression(sx, st, train);
    }
}

package dev.soma.tensor;

import java.util.SplittableRandom;

/**
 * Seeded random numbers whose sequence is fixed by Soma, not by the JDK: {@link SplittableRandom}'s algorithm is
 * specified, and the normal deviates here use the Box-Muller transform on it, so a seed gives the same numbers on
 * every JDK version.
 */
public final class Rng {
    private Rng() {
    }

    /** A standard-normal deviate (Box-Muller; one of the pair is discarded to stay stateless). */
    public static double gaussian(SplittableRandom rng) {
        double u1;
        do {
            u1 = rng.nextDouble();
        } while (u1 <= Double.MIN_NORMAL);
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A normal deviate truncated to [-2σ, 2σ] by redrawing, as Keras's truncated normal does. */
    public static double truncatedGaussian(SplittableRandom rng) {
        double g;
        do {
            g = gaussian(rng);
        } while (g < -2.0 || g > 2.0);
        return g;
    }

    /** Fisher-Yates shuffle of {@code a} in place. */
    public static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

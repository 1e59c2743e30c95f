package dev.soma.spark.train;

import java.util.List;

/**
 * The average of the workers' vectors weighted by the examples each used, as every synchronization strategy computes
 * it: in double precision, summed in partition order, rounded to float once. One place, so that the collect and the
 * barrier strategies give the same bits.
 */
final class WeightedMean {
    private WeightedMean() {
    }

    /**
     * Args: values: one vector per partition, in partition order (null where that partition used no examples);
     * examples: the examples behind each; size: the vector length.
     * Returns Σ_p (examples_p / Σ examples) · values_p over the partitions with examples, as floats.
     */
    static float[] of(List<float[]> values, long[] examples, int size) {
        float[] out = new float[size];
        into(values, examples, size, new double[size], out);
        return out;
    }

    /** {@link #of} into {@code out}, with {@code acc} (at least {@code size} long) as the accumulator. */
    static void into(List<float[]> values, long[] examples, int size, double[] acc, float[] out) {
        long total = 0;
        for (long e : examples) {
            total += e;
        }
        java.util.Arrays.fill(acc, 0, size, 0.0);
        for (int p = 0; p < examples.length; p++) {
            if (examples[p] > 0) {
                double share = (double) examples[p] / total;
                float[] v = values.get(p);
                if (v == null || v.length < size) {
                    throw new dev.soma.SomaException("averaging: partition " + p + " sent "
                            + (v == null ? 0 : v.length) + " values, expected " + size);
                }
                for (int i = 0; i < size; i++) {
                    acc[i] += share * v[i];
                }
            }
        }
        for (int i = 0; i < size; i++) {
            out[i] = (float) acc[i];
        }
    }
}

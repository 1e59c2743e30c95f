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
        long total = 0;
        for (long e : examples) {
            total += e;
        }
        double[] acc = new double[size];
        for (int p = 0; p < examples.length; p++) {
            if (examples[p] > 0) {
                double share = (double) examples[p] / total;
                float[] v = values.get(p);
                for (int i = 0; i < size; i++) {
                    acc[i] += share * v[i];
                }
            }
        }
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) acc[i];
        }
        return out;
    }
}
